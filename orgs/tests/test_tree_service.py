import datetime as dt

import pytest

from audit.models import AuditEvent
from core.errors import DomainError
from orgs.models import OrgKind, PartyOrganization, SuperiorFact
from orgs.services import do_create_organization, do_update_organization


def new_org(kind=OrgKind.BRANCH, name="新支部", founded=dt.date(2020, 1, 1)):
    return PartyOrganization(name=name, code=name, kind=kind, founded=founded, term_years=3)


def test_creating_an_organization_opens_its_superior_fact_and_is_audited(registry, clerk):
    org = do_create_organization(new_org(), superior=registry.opc, acting_user=clerk)
    assert PartyOrganization.objects.get_parent(org) == registry.opc
    fact = SuperiorFact.objects.get(organization=org)
    assert (fact.superior, fact.valid_from, fact.valid_to) == (registry.opc, dt.date(2020, 1, 1), None)
    event = AuditEvent.objects.get(action="orgs.organization.created", target_id=str(org.pk))
    assert event.actor == clerk and event.new["name"] == "新支部"


def test_a_branch_cannot_lead_a_party_committee(registry, clerk):
    with pytest.raises(DomainError, match="党支部不能领导党委"):
        do_create_organization(new_org(OrgKind.PARTY_COMMITTEE), superior=registry.branch_a, acting_user=clerk)
    assert not PartyOrganization.objects.filter(name="新支部").exists()


def test_moving_under_its_own_subtree_is_refused_and_changes_nothing(registry, clerk):
    registry.opc.refresh_from_db()
    before = list(PartyOrganization.objects.values_list("pk", "path"))
    with pytest.raises(DomainError, match="自己或它的下级"):
        do_update_organization(registry.opc, superior=registry.branch_a, acting_user=clerk)
    assert list(PartyOrganization.objects.values_list("pk", "path")) == before


def test_moving_a_subtree_closes_one_fact_and_opens_the_next(registry, clerk):
    day = dt.date(2024, 6, 30)
    do_update_organization(registry.branch_b, superior=registry.pc, effective=day, acting_user=clerk)
    registry.branch_b.refresh_from_db()
    assert PartyOrganization.objects.get_parent(registry.branch_b) == registry.pc
    facts = list(SuperiorFact.objects.filter(organization=registry.branch_b).order_by("valid_from"))
    assert [(f.superior, f.valid_from, f.valid_to) for f in facts] == [
        (registry.opc, dt.date(2000, 1, 1), day),
        (registry.pc, day, None),
    ]
    event = AuditEvent.objects.get(action="orgs.organization.updated", target_id=str(registry.branch_b.pk))
    assert event.old["superior"] == registry.opc.pk and event.new["superior"] == registry.pc.pk


def test_a_kind_change_that_would_orphan_children_is_refused(registry, clerk):
    registry.opc.kind = OrgKind.BRANCH
    with pytest.raises(DomainError, match="无法领导"):
        do_update_organization(registry.opc, superior=registry.working, acting_user=clerk)
    registry.opc.refresh_from_db()
    assert registry.opc.kind == OrgKind.ORGAN_PARTY_COMMITTEE


def test_a_founding_date_in_the_future_is_refused(registry, clerk):
    with pytest.raises(DomainError, match="成立日期不能晚于今天"):
        do_create_organization(new_org(founded=dt.date(2999, 1, 1)), superior=registry.opc, acting_user=clerk)


def test_the_committee_leads_directly_what_its_superior_facts_say_on_the_day(registry, clerk):
    from orgs.queries import led_by_committee

    day = dt.date(2024, 6, 30)
    # 财政局机关党委 is led by the committee; its branch is not, until it moves up
    assert registry.opc in led_by_committee(day) and registry.branch_b not in led_by_committee(day)
    do_update_organization(registry.branch_b, superior=registry.working, effective=day, acting_user=clerk)
    assert registry.branch_b not in led_by_committee(day - dt.timedelta(days=1))
    assert registry.branch_b in led_by_committee(day)
    # a dissolved organization is led no longer
    registry.opc.dissolved = dt.date(2025, 1, 1)
    registry.opc.save()
    assert registry.opc in led_by_committee(dt.date(2024, 12, 31))
    assert registry.opc not in led_by_committee(dt.date(2025, 1, 1))
