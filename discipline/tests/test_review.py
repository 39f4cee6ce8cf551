"""What the review of the merged discipline work found, held: a change on appeal keeps the posts
ended, records are made only within the discipline scope, an admonishment is named only to the
discipline capability, a clue goes only to a body that handles discipline, one sanction per
decided case, an extension only before the time limit."""

import datetime as dt

import pytest
from django.urls import reverse

from accounts.models import RoleAssignment
from accounts.roles import Role
from authority.models import Body
from conftest import make_user
from core.errors import DomainError
from discipline import cases, talks
from discipline.models import Case, Clue, SanctionKind, SanctionStatus, TalkKind
from discipline.sanctions import do_change_sanction, do_impose_sanction
from discipline.tests.helpers import adopt_division
from members.rights import has_voting_rights
from orgs.models import Post


@pytest.fixture(autouse=True)
def clock(settings):
    settings.DANGJIAN_TODAY = "2026-06-30"


def impose(member, kind, day, years=None, **kwargs):
    return do_impose_sanction(
        member=member,
        kind=kind,
        decided_on=day,
        decided_by="区纪委",
        narrative="事实",
        probation_years=years,
        acting_user=None,
        **kwargs,
    )


def test_a_probation_changed_on_appeal_keeps_the_posts_ended_and_the_vote_taken(registry):
    r = registry
    Post.objects.create(member=r.wang_wu, organization=r.branch_a, role="secretary", valid_from=dt.date(2020, 1, 1))
    old = impose(r.wang_wu, SanctionKind.PROBATION, dt.date(2026, 1, 5), years=2)
    new = do_change_sanction(
        old,
        day=dt.date(2026, 6, 1),
        reason="复查改为一年",
        kind=SanctionKind.PROBATION,
        decided_by="区纪委",
        narrative="事实",
        probation_years=1,
        acting_user=None,
    )
    old.refresh_from_db()
    assert old.status == SanctionStatus.CHANGED and old.replaced_by == new
    assert not Post.objects.filter(member=r.wang_wu, valid_to__isnull=True).exists()
    assert new.ended_posts and set(old.ended_posts) <= set(new.ended_posts)
    assert not has_voting_rights(r.wang_wu, dt.date(2026, 6, 15))
    assert has_voting_rights(r.wang_wu, dt.date(2027, 6, 1))  # one year from the change


def test_a_warning_changed_from_a_removal_gives_the_posts_back(registry):
    r = registry
    Post.objects.create(member=r.wang_wu, organization=r.branch_a, role="secretary", valid_from=dt.date(2020, 1, 1))
    old = impose(r.wang_wu, SanctionKind.REMOVAL, dt.date(2026, 1, 5))
    do_change_sanction(
        old,
        day=dt.date(2026, 6, 1),
        reason="改为警告",
        kind=SanctionKind.WARNING,
        decided_by="区纪委",
        narrative="事实",
        acting_user=None,
    )
    assert Post.objects.filter(member=r.wang_wu, valid_to__isnull=True, valid_from=dt.date(2026, 6, 1)).exists()


def test_one_sanction_per_decided_case_and_none_twice(registry):
    r = registry
    adopt_division(dt.date(2026, 1, 1))
    case = cases.do_open_case(member=r.wang_wu, opened_on=dt.date(2026, 2, 1), acting_user=None)
    with pytest.raises(DomainError, match="仍在办理|still open"):
        impose(r.wang_wu, SanctionKind.WARNING, dt.date(2026, 3, 1), case=case)
    cases.do_close_case(case, day=dt.date(2026, 3, 1), decision="警告", acting_user=None)
    impose(r.wang_wu, SanctionKind.WARNING, dt.date(2026, 3, 1), case=Case.objects.get(pk=case.pk))
    with pytest.raises(DomainError):
        impose(r.wang_wu, SanctionKind.SERIOUS_WARNING, dt.date(2026, 3, 2), case=Case.objects.get(pk=case.pk))
    with pytest.raises(DomainError):
        impose(r.wang_wu, SanctionKind.WARNING, dt.date(2026, 3, 1))  # the same decision again


def test_an_extension_comes_before_the_time_limit(registry):
    adopt_division(dt.date(2026, 1, 1))
    case = cases.do_open_case(member=registry.wang_wu, opened_on=dt.date(2026, 1, 2), acting_user=None)
    with pytest.raises(DomainError):
        cases.do_extend_case(case, day=dt.date(2026, 6, 30), reason="情况复杂", acting_user=None)
    cases.do_extend_case(case, day=case.due_on, reason="情况复杂", acting_user=None)


def test_a_clue_goes_only_to_a_body_that_handles_discipline(registry):
    adopt_division(dt.date(2026, 1, 1))
    clue = cases.do_register_clue(
        member=registry.li_si, received_on=dt.date(2026, 3, 2), source="report", summary="甲", acting_user=None
    )
    section = Body.objects.create(code="GW-ZZK", name="组织科", kind="section")
    with pytest.raises(DomainError):
        cases.do_override_routing(clue, body=section, reason="错分", acting_user=None)
    cases.do_override_routing(clue, body=Body.objects.get(code="JW"), reason="涉及区管干部", acting_user=None)


def test_clues_and_cases_are_made_only_within_the_discipline_scope(registry, client_for):
    r = registry
    adopt_division(dt.date(2026, 1, 1))
    user = make_user("both", Role.COMMITTEE_STAFF, r.working)
    RoleAssignment.objects.create(user=user, role=Role.DISCIPLINE_STAFF, organization=r.pc)
    client = client_for(user)
    client.post(
        reverse("discipline:clue_create"),
        {"received_on": "2026-06-01", "source": "report", "member": r.zhang_san.pk, "summary": "s"},
    )
    client.post(reverse("discipline:case_create"), {"opened_on": "2026-06-01", "member": r.zhang_san.pk})
    assert not Clue.objects.exists() and not Case.objects.exists()


def test_an_admonishment_is_named_only_to_the_discipline_capability(registry, client_for):
    r = registry
    talks.do_record_talk(
        kind=TalkKind.ADMONITION,
        member=r.zhang_san,
        date=dt.date(2026, 6, 1),
        talker="纪工委",
        gist="要点",
        follow_up="",
        acting_user=None,
    )
    secretary = make_user("sec", Role.ORG_ADMIN, r.branch_a)
    page = client_for(secretary).post(
        reverse("orgs:post_create", args=[r.branch_a.pk]),
        {"member": r.zhang_san.pk, "role": "committee_member", "valid_from": "2026-06-20"},
    )
    text = page.content.decode()
    # the warning names neither the kind nor the end of the admonishment's period
    assert page.status_code == 200 and "诫勉谈话" not in text and "2026-12-01" not in text
    assert "纪检" in text  # asked to consult the discipline office
    officer = make_user("jw", Role.DISCIPLINE_STAFF, r.working)
    RoleAssignment.objects.create(user=officer, role=Role.ORG_ADMIN, organization=r.branch_a)
    text = (
        client_for(officer)
        .post(
            reverse("orgs:post_create", args=[r.branch_a.pk]),
            {"member": r.zhang_san.pk, "role": "committee_member", "valid_from": "2026-06-20"},
        )
        .content.decode()
    )
    assert "诫勉谈话" in text and "2026-12-01" in text
