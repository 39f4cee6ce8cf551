import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from orglife import compliance
from orglife.models import Attendance, AttendanceStatus, Meeting, MeetingKind, PartyGroup
from orgs.models import OrgKind, PartyOrganization, Post, PostRole
from orgs.services import do_appoint_post

TODAY = dt.date(2026, 11, 30)


@pytest.fixture(autouse=True)
def clock(settings):
    settings.DANGJIAN_TODAY = TODAY.isoformat()


def meeting(org, kind, day, *, quorate=None, present=()):
    m = Meeting.objects.create(
        organization=org, kind=kind, date=day, topic="学习贯彻党的二十届四中全会精神", quorate=quorate
    )
    for member in present:
        Attendance.objects.create(meeting=m, member=member, status=AttendanceStatus.PRESENT)
    return m


def row_of(report, org):
    return next(r for r in report.rows if r.id == org.pk)


def report_for(registry, year=2026):
    return compliance.build(PartyOrganization.objects.all(), year)


def test_a_branch_founded_in_may_is_expected_from_may_and_not_for_the_month_still_running(registry):
    new = registry.org("财政局第三支部", OrgKind.BRANCH, registry.opc, registry.finance, dt.date(2026, 5, 10))
    row = row_of(report_for(registry), new)
    # May to October have ended: six months; November is still running and not yet met
    assert row.expected[MeetingKind.THEME_DAY] == 6
    # quarters Apr–Jun and Jul–Sep; Oct–Dec is running
    assert row.expected[MeetingKind.BRANCH_ASSEMBLY] == 2
    assert row.expected[MeetingKind.LIFE_MEETING] == 0
    assert row.held[MeetingKind.THEME_DAY] == 0


def test_a_running_period_counts_once_it_is_met(registry):
    meeting(registry.branch_b, MeetingKind.THEME_DAY, dt.date(2026, 11, 5))
    meeting(registry.branch_b, MeetingKind.LIFE_MEETING, dt.date(2026, 11, 20))
    row = row_of(report_for(registry), registry.branch_b)
    assert (row.held[MeetingKind.THEME_DAY], row.expected[MeetingKind.THEME_DAY]) == (1, 11)
    assert (row.held[MeetingKind.LIFE_MEETING], row.expected[MeetingKind.LIFE_MEETING]) == (1, 1)


def test_a_quarterly_rule_counts_quarters_not_meetings(registry):
    for day in (dt.date(2026, 2, 10), dt.date(2026, 3, 20), dt.date(2026, 8, 1)):
        meeting(registry.branch_a, MeetingKind.BRANCH_ASSEMBLY, day)
    row = row_of(report_for(registry), registry.branch_a)
    assert (row.held[MeetingKind.BRANCH_ASSEMBLY], row.expected[MeetingKind.BRANCH_ASSEMBLY]) == (2, 3)
    assert row.behind
    past = row_of(report_for(registry, 2025), registry.branch_a)
    assert past.expected[MeetingKind.BRANCH_ASSEMBLY] == 4
    assert past.expected[MeetingKind.LIFE_MEETING] == 1


def test_a_committee_meeting_without_quorum_does_not_count(registry):
    # a branch committee: a deputy secretary beside the secretary
    do_appoint_post(
        Post(
            member=registry.zhang_san,
            organization=registry.branch_a,
            role=PostRole.SECRETARY,
            valid_from=dt.date(2025, 1, 1),
        ),
        acting_user=None,
    )
    do_appoint_post(
        Post(
            member=registry.li_si,
            organization=registry.branch_a,
            role=PostRole.DEPUTY_SECRETARY,
            valid_from=dt.date(2025, 1, 1),
        ),
        acting_user=None,
    )
    meeting(registry.branch_a, MeetingKind.COMMITTEE, dt.date(2026, 1, 15), quorate=False)
    meeting(registry.branch_a, MeetingKind.COMMITTEE, dt.date(2026, 2, 15), quorate=True)
    row = row_of(report_for(registry), registry.branch_a)
    assert MeetingKind.COMMITTEE in row.kinds
    assert (row.held[MeetingKind.COMMITTEE], row.expected[MeetingKind.COMMITTEE]) == (1, 10)


def test_applicable_kinds_follow_the_branch_committee_and_its_party_groups(registry):
    small = compliance.applicable_kinds(registry.branch_b, TODAY)
    assert MeetingKind.COMMITTEE not in small and MeetingKind.GROUP not in small
    assert {MeetingKind.BRANCH_ASSEMBLY, MeetingKind.THEME_DAY, MeetingKind.LECTURE, "review"} <= small
    PartyGroup.objects.create(branch=registry.branch_b, name="第一党小组", valid_from=dt.date(2026, 7, 1))
    assert MeetingKind.GROUP in compliance.applicable_kinds(registry.branch_b, TODAY)
    # a party group since July: group meetings are expected from July (July–October have ended)
    row = row_of(report_for(registry), registry.branch_b)
    assert row.expected[MeetingKind.GROUP] == 4
    assert compliance.applicable_kinds(registry.opc, TODAY) == frozenset()
    assert registry.opc.pk not in {r.id for r in report_for(registry).rows}


def test_silent_days_run_from_the_last_meeting_or_the_start_of_records(registry):
    meeting(registry.branch_a, MeetingKind.THEME_DAY, dt.date(2026, 1, 5))
    meeting(registry.pc, MeetingKind.COMMITTEE, dt.date(2025, 10, 5))  # records began then
    meeting(registry.branch_b, MeetingKind.TALK, dt.date(2026, 11, 10))
    report = report_for(registry)
    assert row_of(report, registry.branch_b).silent_days == 20
    assert not row_of(report, registry.branch_b).silent
    # 财政局第一支部 last met on 5 January; 教委第一支部 never, since records began in October 2025
    assert row_of(report, registry.branch_a).silent_days == (TODAY - dt.date(2026, 1, 5)).days
    assert row_of(report, registry.branch_c).silent_days == (TODAY - dt.date(2025, 10, 5)).days
    meeting(registry.branch_c, MeetingKind.THEME_DAY, dt.date(2025, 12, 5))  # last met before the year
    assert row_of(report_for(registry), registry.branch_c).last_meeting == dt.date(2025, 12, 5)
    assert {r.id for r in report.silent} == {registry.branch_a.pk, registry.branch_c.pk}
    assert [o.pk for o, _since in compliance.silent_organizations(TODAY)] == [
        registry.branch_a.pk,
        registry.branch_c.pk,
    ]


def test_nothing_is_silent_before_any_meeting_is_recorded(registry):
    report = report_for(registry)
    assert all(r.silent_days is None and not r.silent for r in report.rows)
    assert compliance.silent_organizations(TODAY) == []


def test_the_table_takes_the_same_queries_for_three_branches_or_thirty(registry):
    meeting(registry.branch_a, MeetingKind.THEME_DAY, dt.date(2026, 3, 5))
    with CaptureQueriesContext(connection) as few:
        assert len(report_for(registry).rows) == 3
    for i in range(27):
        branch = registry.org(
            f"财政局第{i + 4}支部", OrgKind.BRANCH, registry.opc, registry.finance, dt.date(2020, 1, 1)
        )
        meeting(branch, MeetingKind.THEME_DAY, dt.date(2026, 4, 5))
        PartyGroup.objects.create(branch=branch, name="第一党小组", valid_from=dt.date(2026, 1, 1))
    with CaptureQueriesContext(connection) as many:
        assert len(report_for(registry).rows) == 30
    assert len(many) == len(few) <= 7


def test_members_without_organizational_life_for_six_months_are_listed_with_their_last_attendance(registry):
    meeting(registry.branch_a, MeetingKind.THEME_DAY, dt.date(2026, 1, 10), present=[registry.wang_wu])
    meeting(registry.branch_a, MeetingKind.THEME_DAY, dt.date(2026, 10, 10), present=[registry.zhang_san])
    newcomer = registry.member("钱二", registry.branch_a, probationary=True)
    newcomer.join_date = dt.date(2026, 9, 1)
    newcomer.save(update_fields=["join_date"])
    # 张三 attended in October; 钱二 joined in September (not on the roll for six months)
    assert [(i.member.name, i.last_present) for i in compliance.inactive_members(registry.branch_a, TODAY)] == [
        ("李四", None),
        ("王五", dt.date(2026, 1, 10)),
        ("赵六", None),
    ]


def test_no_member_is_listed_while_the_records_do_not_cover_six_months(registry):
    meeting(registry.branch_a, MeetingKind.THEME_DAY, dt.date(2026, 9, 10))
    assert compliance.inactive_members(registry.branch_a, TODAY) == []


def test_a_local_frequency_that_does_not_divide_the_year_stops_start_up(settings):
    from django.core.exceptions import ImproperlyConfigured

    from orglife.rules import check_configured_frequencies

    settings.DANGJIAN_RULES = {"lecture_every_months": 0}
    with pytest.raises(ImproperlyConfigured, match="lecture_every_months"):
        check_configured_frequencies()
    settings.DANGJIAN_RULES = {"lecture_every_months": 3}
    check_configured_frequencies()


def test_a_dissolved_organization_is_gone_not_silent(registry):
    meeting(registry.branch_a, MeetingKind.THEME_DAY, dt.date(2026, 1, 5))
    PartyOrganization.objects.filter(pk=registry.branch_b.pk).update(dissolved=dt.date(2026, 3, 1))
    report = report_for(registry)
    assert row_of(report, registry.branch_b).silent_days is None
    assert registry.branch_b.pk not in {r.id for r in report.silent}
