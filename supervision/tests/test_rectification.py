"""Inspections, findings and rectification items: every transition, refusals that write
nothing, the counts the assessment reads, and the overdue to-dos routed by the matter."""

import datetime as dt

import pytest

from accounts.models import RoleAssignment
from audit.models import AuditEvent
from conftest import make_user
from core.errors import DomainError
from supervision import queries, services
from supervision.models import Inspection, ItemEvent, ItemState
from work.access import items_for
from work.models import ItemKind, ItemStatus, WorkItem
from work.supervision import supervision_reminders


def test_an_inspection_covers_led_organizations_and_their_subtrees(inspection, registry):
    assert set(inspection.organizations.all()) == {registry.opc, registry.branch_a}
    assert inspection.matter_code == "DIS-02"
    with pytest.raises(DomainError) as e:
        services.do_create_inspection(
            topic="督查",
            year=2026,
            organizations=[registry.working],  # the committee itself is not inspected
            starts_on=dt.date(2026, 3, 1),
            ends_on=dt.date(2026, 3, 5),
            acting_user=None,
        )
    assert e.value.field == "organizations"
    with pytest.raises(DomainError, match="结束"):
        services.do_create_inspection(
            topic="督查",
            year=2026,
            organizations=[registry.pc],
            starts_on=dt.date(2026, 3, 5),
            ends_on=dt.date(2026, 3, 1),
            acting_user=None,
        )
    assert Inspection.objects.count() == 1


def test_a_finding_is_about_an_organization_inspected(inspection, registry):
    with pytest.raises(DomainError) as e:
        services.do_add_finding(inspection, organization=registry.branch_c, text="问题", acting_user=None)
    assert e.value.field == "organization"


def test_report_then_accept_closes_the_item(item):
    item = services.do_report_item(item, note="已制定计划，3月已讲党课", day=dt.date(2026, 3, 1), acting_user=None)
    assert item.state == ItemState.REPORTED and item.reported_on == dt.date(2026, 3, 1)
    item = services.do_accept_item(item, day=dt.date(2026, 3, 2), acting_user=None)
    assert item.state == ItemState.CLOSED and item.closed_on == dt.date(2026, 3, 2)
    assert list(item.events.values_list("step", flat=True)) == ["reported", "accepted"]
    assert AuditEvent.objects.filter(action="supervision.item.accepted").count() == 1


def test_reopen_returns_the_item_to_open_with_the_reason(item):
    services.do_report_item(item, note="已整改", acting_user=None)
    with pytest.raises(DomainError, match="原因"):
        services.do_reopen_item(item, reason="", acting_user=None)
    item = services.do_reopen_item(item, reason="未见党课记录", deadline=dt.date(2026, 4, 30), acting_user=None)
    assert item.state == ItemState.OPEN and item.deadline == dt.date(2026, 4, 30)
    assert item.events.last().note == "未见党课记录"


def test_refused_transitions_write_nothing(item):
    with pytest.raises(DomainError, match="待整改"):
        services.do_accept_item(item, acting_user=None)
    with pytest.raises(DomainError, match="待整改"):
        services.do_reopen_item(item, reason="x", acting_user=None)
    with pytest.raises(DomainError, match="整改"):
        services.do_report_item(item, note=" ", acting_user=None)
    services.do_report_item(item, note="已整改", acting_user=None)
    with pytest.raises(DomainError):
        services.do_report_item(item, note="再报", acting_user=None)
    assert ItemEvent.objects.count() == 1


def test_counts(item, inspection, registry):
    finding = item.finding
    second = services.do_add_item(finding, text="补齐会议记录", deadline=dt.date(2026, 6, 30), acting_user=None)
    services.do_accept_item(services.do_report_item(second, note="已补齐", acting_user=None), acting_user=None)
    # today 2026-03-02: the first item (due 02-28) is overdue
    assert queries.rectification_counts(2026) == {registry.branch_a.pk: {"open": 1, "closed": 1, "overdue": 1}}
    assert queries.rectification_counts(2026, organization_ids=[registry.opc.pk]) == {}
    assert queries.rectification_totals(2026) == {"open": 1, "closed": 1, "overdue": 1}
    services.do_report_item(item, note="已整改", acting_user=None)  # reported: not overdue, not closed
    assert queries.rectification_totals(2026) == {"open": 1, "closed": 1, "overdue": 0}
    assert queries.rectification_totals(2025) == {"open": 0, "closed": 0, "overdue": 0}


def test_an_overdue_item_is_a_to_do_for_its_organization_seen_by_the_matters_bodies(item, registry, division):
    _list, bodies = division
    inspection = item.finding.inspection
    Inspection.objects.filter(pk=inspection.pk).update(matter_code="PRO-01")  # led by 宣传部 in `division`
    assert supervision_reminders(dt.date(2026, 2, 28))["rectification_late"] == 0
    assert supervision_reminders(dt.date(2026, 3, 1))["rectification_late"] == 1
    assert supervision_reminders(dt.date(2026, 3, 2))["rectification_late"] == 0  # once
    todo = WorkItem.objects.get(kind=ItemKind.RECTIFICATION_OVERDUE)
    assert todo.organization == registry.branch_a and todo.matter_code == "PRO-01" and todo.lead_body is None
    secretary = make_user("sec", "org_admin", registry.branch_a)
    xcb = make_user("xcb", "body_staff", registry.working)
    RoleAssignment.objects.filter(user=xcb).update(authority_body=bodies["XCB"])
    assert todo in items_for(secretary) and todo in items_for(xcb)
    from work.services import do_reroute_items

    do_reroute_items(dt.date(2026, 3, 2))
    todo.refresh_from_db()
    assert todo.lead_body is None  # stays addressed to the organization
    services.do_report_item(item, note="已整改", acting_user=None)
    assert supervision_reminders(dt.date(2026, 3, 3))["rectifications_closed"] == 1
    todo.refresh_from_db()
    assert todo.status == ItemStatus.DONE
    # reopened with the same deadline: overdue again, a new to-do
    services.do_reopen_item(item, reason="未落实", acting_user=None)
    assert supervision_reminders(dt.date(2026, 3, 4))["rectification_late"] == 1


def test_who_reported_an_item_done_does_not_accept_it(item, clerk, secretary):
    services.do_report_item(item, note="已整改", acting_user=clerk)
    with pytest.raises(DomainError, match="另一位督查人员"):
        services.do_accept_item(item, acting_user=clerk)
    item.refresh_from_db()
    assert item.state == "reported"
    assert services.do_accept_item(item, acting_user=secretary).state == "closed"
