"""The year plan generated from the rules, its items, and the party groups of a branch."""

import datetime as dt
from collections import Counter

import pytest

from core.errors import DomainError
from orglife import queries, services
from orglife.models import MeetingKind, PartyGroupMember, PlanItem
from orgs.models import OrgKind, Post, PostRole
from orgs.services import do_appoint_post


@pytest.fixture(autouse=True)
def clock(settings):
    settings.DANGJIAN_TODAY = "2026-06-15"


def kinds(items) -> Counter:
    return Counter(i.kind for i in items)


def test_the_plan_of_a_year_in_progress_starts_this_month_and_holds_what_applies(registry):
    items = services.do_generate_plan(registry.branch_a, 2026, acting_user=None)
    # no committee in the registry (no post beside the secretary), no party group: no group meeting
    assert kinds(items) == {
        MeetingKind.THEME_DAY: 7,  # June to December
        MeetingKind.BRANCH_ASSEMBLY: 3,  # the last month of Q2, Q3, Q4
        MeetingKind.LECTURE: 1,
        MeetingKind.TALK: 1,
        MeetingKind.LIFE_MEETING: 1,
    }
    assert min(i.month for i in items) == 6
    months = {i.kind: i.month for i in items if i.kind in {"lecture", "talk", "life_meeting"}}
    assert months == {"lecture": 7, "talk": 11, "life_meeting": 12}


def test_generating_the_plan_again_adds_nothing(registry):
    first = services.do_generate_plan(registry.branch_a, 2026, acting_user=None)
    again = services.do_generate_plan(registry.branch_a, 2026, acting_user=None)
    assert first and again == []
    assert PlanItem.objects.filter(organization=registry.branch_a).count() == len(first)


def test_an_item_moved_within_its_quarter_is_not_planned_twice(registry):
    services.do_generate_plan(registry.branch_a, 2026, acting_user=None)
    item = PlanItem.objects.get(organization=registry.branch_a, kind="branch_assembly", month=9)
    services.do_update_plan_item(item, planned_date=dt.date(2026, 8, 20), acting_user=None)
    assert services.do_generate_plan(registry.branch_a, 2026, acting_user=None) == []
    item.refresh_from_db()
    assert item.month == 8


def test_a_next_year_plan_covers_every_month(registry):
    items = services.do_generate_plan(registry.branch_a, 2027, acting_user=None)
    assert kinds(items)[MeetingKind.THEME_DAY] == 12 and kinds(items)[MeetingKind.BRANCH_ASSEMBLY] == 4


def test_a_branch_with_a_committee_and_groups_plans_their_meetings(registry):
    r = registry
    # a branch committee, as the registry holds it: a deputy secretary beside the secretary
    for member, role in [(r.zhang_san, PostRole.SECRETARY), (r.li_si, PostRole.DEPUTY_SECRETARY)]:
        do_appoint_post(
            Post(member=member, organization=r.branch_a, role=role, valid_from=dt.date(2025, 1, 1)), acting_user=None
        )
    group = services.do_create_party_group(r.branch_a, name="第一党小组", day=dt.date(2026, 1, 5), acting_user=None)
    assert group
    items = services.do_generate_plan(r.branch_a, 2027, acting_user=None)
    assert kinds(items)[MeetingKind.COMMITTEE] == 12 and kinds(items)[MeetingKind.GROUP] == 12


def test_an_organ_party_committee_gets_no_plan_from_the_branch_rules(registry):
    # 三会一课 and the rest are a branch's; an organ party committee adds its own items by hand
    assert services.do_generate_plan(registry.opc, 2027, acting_user=None) == []
    assert registry.opc.kind == OrgKind.ORGAN_PARTY_COMMITTEE


def test_a_past_year_is_not_planned(registry):
    with pytest.raises(DomainError):
        services.do_generate_plan(registry.branch_a, 2025, acting_user=None)


def test_the_calendar_shows_planned_held_and_missed(registry, settings):
    org = registry.branch_a
    may = PlanItem.objects.create(organization=org, year=2026, month=5, kind="theme_day")
    june = PlanItem.objects.create(organization=org, year=2026, month=6, kind="theme_day")
    july = PlanItem.objects.create(organization=org, year=2026, month=7, kind="theme_day")
    meeting, _v = services.do_record_meeting(
        org, kind="theme_day", date=dt.date(2026, 6, 3), topic="主题党日", attendance={}, acting_user=None
    )
    months = queries.calendar(org, 2026)
    cell = {m.number: {c.kind: c for c in m.cells} for m in months}
    assert cell[5]["theme_day"].missed == [may]
    assert cell[6]["theme_day"].held == [meeting] and cell[6]["theme_day"].open == []
    assert cell[7]["theme_day"].open == [july]
    june.refresh_from_db()
    assert june.meeting == meeting


def test_a_plan_item_date_must_fall_in_its_year(registry):
    item = services.do_add_plan_item(registry.branch_a, kind="lecture", year=2026, month=9, acting_user=None)
    with pytest.raises(DomainError):
        services.do_update_plan_item(item, planned_date=dt.date(2027, 1, 5), acting_user=None)
    services.do_remove_plan_item(item, acting_user=None)
    assert not PlanItem.objects.exists()


# -- party groups -----------------------------------------------------------------------------


def test_a_member_is_in_one_party_group_at_a_time(registry):
    r = registry
    one = services.do_create_party_group(r.branch_a, name="第一党小组", day=dt.date(2026, 1, 5), acting_user=None)
    two = services.do_create_party_group(r.branch_a, name="第二党小组", day=dt.date(2026, 1, 5), acting_user=None)
    services.do_assign_to_party_group(one, r.li_si, day=dt.date(2026, 1, 5), acting_user=None)
    services.do_assign_to_party_group(two, r.li_si, day=dt.date(2026, 3, 1), is_leader=True, acting_user=None)
    seats = list(PartyGroupMember.objects.filter(member=r.li_si).order_by("valid_from"))
    assert [(s.group.name, s.valid_from, s.valid_to) for s in seats] == [
        ("第一党小组", dt.date(2026, 1, 5), dt.date(2026, 3, 1)),
        ("第二党小组", dt.date(2026, 3, 1), None),
    ]
    assert seats[1].is_leader
    assert queries.group_members_on(one, dt.date(2026, 2, 1)).get() == r.li_si
    assert not queries.group_members_on(one, dt.date(2026, 3, 1)).exists()


def test_only_a_member_of_the_branch_joins_its_group(registry):
    r = registry
    group = services.do_create_party_group(r.branch_a, name="第一党小组", day=dt.date(2026, 1, 5), acting_user=None)
    with pytest.raises(DomainError):
        services.do_assign_to_party_group(group, r.sun_qi, day=dt.date(2026, 1, 5), acting_user=None)


def test_party_groups_are_set_up_in_a_branch_only(registry):
    with pytest.raises(DomainError):
        services.do_create_party_group(registry.opc, name="小组", day=dt.date(2026, 1, 5), acting_user=None)


def test_closing_a_group_takes_its_members_out_and_a_new_leader_replaces_the_old(registry):
    r = registry
    group = services.do_create_party_group(r.branch_a, name="第一党小组", day=dt.date(2026, 1, 5), acting_user=None)
    a = services.do_assign_to_party_group(group, r.li_si, day=dt.date(2026, 1, 5), is_leader=True, acting_user=None)
    b = services.do_assign_to_party_group(group, r.wang_wu, day=dt.date(2026, 1, 5), acting_user=None)
    services.do_set_party_group_leader(b, acting_user=None)
    a.refresh_from_db()
    assert not a.is_leader
    services.do_rename_party_group(group, name="机关第一党小组", acting_user=None)
    services.do_end_party_group(group, day=dt.date(2026, 6, 1), acting_user=None)
    assert not PartyGroupMember.objects.open().filter(group=group).exists()
    rows, loose, closed = queries.groups_page(r.branch_a)
    assert rows == [] and closed == [group] and r.li_si in loose


def test_a_member_who_transferred_out_is_no_longer_on_the_groups_roll(registry):
    from django.db import transaction

    from members.services import move_membership

    r = registry
    group = services.do_create_party_group(r.branch_a, name="第一党小组", day=dt.date(2026, 1, 5), acting_user=None)
    services.do_assign_to_party_group(group, r.li_si, day=dt.date(2026, 1, 5), acting_user=None)
    with transaction.atomic():
        move_membership(r.li_si, r.branch_b, dt.date(2026, 4, 1), reason="调动", acting_user=None)
    assert r.li_si in queries.expected_attendees(r.branch_a, MeetingKind.GROUP, dt.date(2026, 3, 10), group)
    assert r.li_si not in queries.expected_attendees(r.branch_a, MeetingKind.GROUP, dt.date(2026, 4, 10), group)
