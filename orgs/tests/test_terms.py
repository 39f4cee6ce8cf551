"""Term lengths (换届) follow the rules in force on the day the term starts (orgs.rules)."""

import datetime as dt

import pytest

from adjustments.models import AdjustmentPlan, PlanOperation
from adjustments.services import do_add_operation, do_approve_plan, do_execute_plan, do_save_plan
from core.errors import DomainError
from core.rules import all_rule_sets, in_force
from orgs import rules
from orgs.models import OrgKind, PartyOrganization
from orgs.services import do_create_organization, do_update_organization


def new_org(registry, kind, superior, *, term_start=None, term_end=None, unit=None):
    org = PartyOrganization(
        name=f"新{kind}",
        code=f"T-{kind[:6]}-{term_start}",  # unique per test, ≤ 30 characters
        kind=kind,
        unit=unit or registry.finance,
        founded=dt.date(2001, 1, 1),
        term_start=term_start,
        term_end=term_end,
    )
    return do_create_organization(org, superior=superior, acting_user=None)


def test_an_organ_party_committee_elected_in_2004_has_three_years_and_one_elected_in_2020_five(registry):
    old = new_org(registry, OrgKind.ORGAN_PARTY_COMMITTEE, registry.working, term_start=dt.date(2004, 3, 1))
    new = new_org(registry, OrgKind.ORGAN_PARTY_COMMITTEE, registry.working, term_start=dt.date(2020, 3, 1))
    assert (old.term_years, old.term_end) == (3, dt.date(2007, 3, 1))
    assert (new.term_years, new.term_end) == (5, dt.date(2025, 3, 1))


def test_general_branches_have_three_years_and_branches_two_then_three(registry):
    assert rules.term_years(OrgKind.GENERAL_BRANCH, dt.date(2004, 1, 1)) == 3
    assert rules.term_years(OrgKind.GENERAL_BRANCH, dt.date(2021, 1, 1)) == 3
    assert rules.term_years(OrgKind.BRANCH, dt.date(2004, 1, 1)) == 2  # 1998 条例 第七条
    assert rules.term_years(OrgKind.BRANCH, dt.date(2012, 1, 1)) == 2  # 2010 revision, same number
    assert rules.term_years(OrgKind.BRANCH, dt.date(2019, 1, 1)) == 3  # 2018 opinion on terms
    assert rules.term_years(OrgKind.BRANCH, dt.date(2021, 1, 1)) == 3  # 2019 条例 第七条


def test_the_set_is_chosen_by_the_day_the_term_starts_not_by_today(registry):
    assert rules.term_years(OrgKind.ORGAN_PARTY_COMMITTEE, dt.date(2018, 7, 11)) == 3
    assert rules.term_years(OrgKind.ORGAN_PARTY_COMMITTEE, dt.date(2018, 7, 12)) == 5
    # a 29 February start ends on 28 February (民法典 第二百零二条)
    org = new_org(registry, OrgKind.GENERAL_BRANCH, registry.opc, term_start=dt.date(2004, 2, 29))
    assert org.term_end == dt.date(2007, 2, 28)


def test_a_prefecture_level_locality_gives_its_1998_committees_four_years(settings):
    settings.DANGJIAN_RULES = {"organ_level": "prefecture"}
    assert rules.term_years(OrgKind.ORGAN_PARTY_COMMITTEE, dt.date(2004, 1, 1)) == 4
    assert rules.term_years(OrgKind.ORGAN_PARTY_COMMITTEE, dt.date(2020, 1, 1)) == 5


def test_the_working_committee_and_a_temporary_branch_have_no_term(registry):
    assert PartyOrganization.objects.get(pk=registry.working.pk).term_years is None
    temporary = new_org(registry, OrgKind.TEMPORARY_BRANCH, registry.opc)
    assert (temporary.term_years, temporary.term_start, temporary.term_end) == (None, None, None)
    with pytest.raises(DomainError, match="临时党支部不实行任期制"):
        new_org(registry, OrgKind.TEMPORARY_BRANCH, registry.opc, term_start=dt.date(2020, 1, 1))
    working = PartyOrganization.objects.get(pk=registry.working.pk)
    working.term_start = dt.date(2022, 3, 1)
    with pytest.raises(DomainError, match="党工委不实行任期制"):
        do_update_organization(working, superior=registry.district, acting_user=None)


def test_an_entered_end_stands_for_an_approved_delay(registry):
    org = new_org(
        registry,
        OrgKind.ORGAN_PARTY_COMMITTEE,
        registry.working,
        term_start=dt.date(2020, 3, 1),
        term_end=dt.date(2025, 9, 1),
    )
    assert (org.term_years, org.term_end) == (5, dt.date(2025, 9, 1))


def test_an_organization_created_by_a_2005_plan_gets_the_1998_term(registry, secretary):
    day = dt.date(2005, 9, 30)
    plan = do_save_plan(AdjustmentPlan(name="2005年方案", effective=day, committee=registry.working), acting_user=None)
    do_add_operation(
        PlanOperation(
            plan=plan,
            kind="create",
            target=registry.working,
            new_name="财政局第二机关党委",
            new_kind=OrgKind.ORGAN_PARTY_COMMITTEE,
            unit=registry.finance,
        ),
        acting_user=None,
    )
    do_add_operation(
        PlanOperation(
            plan=plan, kind="create", target=registry.opc, new_name="财政局临时支部", new_kind="temporary_branch"
        ),
        acting_user=None,
    )
    do_approve_plan(plan, acting_user=secretary)
    do_execute_plan(plan, acting_user=secretary)
    committee = PartyOrganization.objects.get(name="财政局第二机关党委")
    assert (committee.term_years, committee.term_start, committee.term_end) == (3, day, dt.date(2008, 9, 30))
    temporary = PartyOrganization.objects.get(name="财政局临时支部")
    assert (temporary.term_years, temporary.term_start, temporary.term_end) == (None, None, None)


def test_the_term_sets_say_where_each_number_comes_from_and_only_2019_is_verified():
    terms = [s for s in all_rule_sets() if s.family == "terms"]
    assert [s.effective for s in terms] == [
        dt.date(1998, 3, 30),
        dt.date(2010, 6, 4),
        dt.date(2018, 7, 12),
        dt.date(2019, 12, 20),
    ]
    (in_2004,) = [s for s in in_force(terms, dt.date(2004, 6, 1))]
    assert in_2004.name == rules.ORGANS_1998
    committee = rules.term_rule(OrgKind.ORGAN_PARTY_COMMITTEE, dt.date(2004, 6, 1))
    assert committee.citation == "《中国共产党党和国家机关基层组织工作条例（1998）》第五条（条文未经核对）"
    current = rules.term_rule(OrgKind.ORGAN_PARTY_COMMITTEE, dt.date(2021, 6, 1))
    assert current.citation == "《中国共产党党和国家机关基层组织工作条例（2019）》第五条"
    for s in terms:
        numbers = [r for r in s.rules if r.code.endswith("term_years")]
        assert all(r.verified == (s.effective.year == 2019) for r in numbers), s.name
    assert rules.reminder_months(dt.date(2026, 1, 1)) == (6, 3)


def test_the_organization_page_shows_the_term_and_its_source(registry, client_for, clerk):
    client = client_for(clerk)
    response = client.post(
        "/orgs/new/",
        {
            "name": "财政局老机关党委",
            "code": "OLD1",
            "kind": "organ_party_committee",
            "unit": registry.finance.pk,
            "founded": "2001-01-01",
            "term_start": "2004-03-01",
            "superior": registry.working.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()
    page = client.get(response["Location"]).content.decode()
    assert "3年" in page and "2007-03-01" in page
    assert "中国共产党党和国家机关基层组织工作条例（1998）》第五条（条文未经核对）" in page
    page = client.get(f"/orgs/{registry.working.pk}/").content.decode()
    assert "不实行任期制" in page
