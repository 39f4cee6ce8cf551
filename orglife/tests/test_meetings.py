"""Recording a meeting: the roll proposed from the membership facts, attendance, the committee's
quorum, refusals, and the plan item it fulfils."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import AuditEvent
from core.errors import DomainError
from orglife import queries, services
from orglife.models import Attendance, Meeting, MeetingKind, PlanItem
from orgs.models import Post

DAY = dt.date(2026, 6, 10)


@pytest.fixture(autouse=True)
def clock(settings):
    settings.DANGJIAN_TODAY = "2026-06-30"


def record(org, kind=MeetingKind.THEME_DAY, day=DAY, attendance=None, **kwargs):
    return services.do_record_meeting(
        org, kind=kind, date=day, topic="学习党章", attendance=attendance or {}, acting_user=None, **kwargs
    )


def committee(registry, size):
    """A committee of `size` members on branch A (more members join the branch as needed)."""
    r = registry
    people = [r.zhang_san, r.li_si, r.wang_wu] + [r.member(f"委员{n}", r.branch_a) for n in range(max(0, size - 3))]
    roles = ["secretary", "deputy_secretary"] + ["committee_member"] * size
    for member, role in zip(people[:size], roles, strict=False):
        Post.objects.create(member=member, organization=r.branch_a, role=role, valid_from=dt.date(2020, 1, 1))
    return people[:size]


def test_a_theme_day_is_recorded_with_everyone_on_the_roll_present_unless_marked(registry):
    r = registry
    meeting, verdict = record(
        r.branch_a, attendance={r.li_si.pk: ("excused", "出差"), r.wang_wu.pk: ("absent", "")}, place="会议室"
    )
    statuses = dict(Attendance.objects.filter(meeting=meeting).values_list("member__name", "status"))
    assert statuses == {"张三": "present", "李四": "excused", "王五": "absent", "赵六": "present"}
    assert Attendance.objects.get(meeting=meeting, member=r.li_si).reason == "出差"
    assert verdict is None and meeting.quorate is None
    event = AuditEvent.objects.get(action="orglife.meeting.recorded")
    assert event.new["attendance"] == {"present": 2, "excused": 1, "absent": 1}


def test_the_roll_follows_the_membership_facts_on_the_meeting_date(registry):
    r = registry
    assert {m.name for m in queries.expected_attendees(r.branch_a, MeetingKind.THEME_DAY, DAY)} == {
        "张三",
        "李四",
        "王五",
        "赵六",
    }
    # 赵六 joined on 2025-12-01: not on the roll of a meeting before
    early = dt.date(2025, 11, 20)
    assert "赵六" not in {m.name for m in queries.expected_attendees(r.branch_a, MeetingKind.THEME_DAY, early)}


def test_a_leading_cadre_is_on_the_roll_of_their_branch(registry):
    r = registry
    r.wang_wu.is_leading_cadre = True
    r.wang_wu.save(update_fields=["is_leading_cadre"])
    assert r.wang_wu in queries.expected_attendees(r.branch_a, MeetingKind.BRANCH_ASSEMBLY, DAY)


def test_an_excused_absence_without_a_reason_is_refused(registry):
    with pytest.raises(DomainError, match="李四请假，请填写请假事由"):
        record(registry.branch_a, attendance={registry.li_si.pk: ("excused", " ")})
    assert not Meeting.objects.exists()


def test_someone_not_on_the_roll_is_refused(registry):
    with pytest.raises(DomainError):
        record(registry.branch_a, attendance={registry.sun_qi.pk: ("present", "")})


def test_a_meeting_in_the_future_is_refused(registry):
    with pytest.raises(DomainError, match="日期不能晚于今天"):
        record(registry.branch_a, day=dt.date(2026, 7, 1))


def test_a_meeting_before_the_founding_or_after_the_dissolution_is_refused(registry):
    org = registry.branch_a
    with pytest.raises(DomainError, match="成立于2000-01-01"):
        record(org, day=dt.date(1999, 12, 31))
    org.dissolved = dt.date(2026, 5, 1)
    org.save(update_fields=["dissolved"])
    with pytest.raises(DomainError, match="已于2026-05-01撤销"):
        record(org, day=dt.date(2026, 5, 1))


@pytest.mark.parametrize(("size", "present", "quorate"), [(5, 2, False), (5, 3, True), (4, 2, True), (4, 1, False)])
def test_a_committee_meeting_is_quorate_with_half_its_members_or_more(registry, size, present, quorate):
    members = committee(registry, size)
    absent = {m.pk: ("absent", "") for m in members[present:]}
    meeting, verdict = record(registry.branch_a, kind=MeetingKind.COMMITTEE, attendance=absent)
    assert meeting.attendance.count() == size  # the committee's roll, not the branch's
    assert (meeting.quorate, verdict.quorate) == (quorate, quorate)
    assert Meeting.objects.filter(pk=meeting.pk).exists()  # recorded either way


def test_the_warning_of_a_meeting_without_quorum_cites_the_rule(registry):
    members = committee(registry, 5)
    _meeting, verdict = record(
        registry.branch_a, kind=MeetingKind.COMMITTEE, attendance={m.pk: ("absent", "") for m in members[2:]}
    )
    assert "2" in verdict.message and "5" in verdict.message
    assert "Article 12" in verdict.message or "第十二条" in verdict.message


def test_a_party_group_meeting_needs_its_group_and_its_roll_is_the_group(registry):
    r = registry
    group = services.do_create_party_group(r.branch_a, name="第一党小组", day=dt.date(2026, 1, 5), acting_user=None)
    services.do_assign_to_party_group(group, r.li_si, day=dt.date(2026, 1, 5), is_leader=True, acting_user=None)
    services.do_assign_to_party_group(group, r.wang_wu, day=dt.date(2026, 1, 5), acting_user=None)
    with pytest.raises(DomainError):
        record(r.branch_a, kind=MeetingKind.GROUP)
    meeting, _v = record(r.branch_a, kind=MeetingKind.GROUP, party_group=group)
    assert {a.member.name for a in meeting.attendance.all()} == {"李四", "王五"}


def test_a_talk_is_between_exactly_two_members_of_the_organization(registry):
    r = registry
    meeting, _v = record(r.branch_a, kind=MeetingKind.TALK, pair=[r.zhang_san, r.li_si])
    assert meeting.attendance.count() == 2
    with pytest.raises(DomainError):
        record(r.branch_a, kind=MeetingKind.TALK, pair=[r.zhang_san])
    with pytest.raises(DomainError):
        record(r.branch_a, kind=MeetingKind.TALK, pair=[r.zhang_san, r.sun_qi])  # 孙七 is of branch B


def test_a_lecture_counts_its_class_hours_unless_told_otherwise(registry):
    meeting, _v = record(registry.branch_a, kind=MeetingKind.LECTURE, lecturer="党校王老师")
    assert meeting.hours == 2
    meeting, _v = record(registry.branch_a, kind=MeetingKind.LECTURE, hours=4)
    assert meeting.hours == 4


def test_recording_fulfils_the_plan_item_of_its_kind_in_its_month(registry):
    org = registry.branch_a
    june = PlanItem.objects.create(organization=org, year=2026, month=6, kind=MeetingKind.THEME_DAY)
    other = PlanItem.objects.create(organization=org, year=2026, month=6, kind=MeetingKind.LECTURE)
    meeting, _v = record(org)
    june.refresh_from_db()
    other.refresh_from_db()
    assert june.meeting == meeting and other.meeting is None
    second, _v = record(org)  # a second theme day that month fulfils nothing more
    assert not PlanItem.objects.filter(meeting=second).exists()


def test_correcting_a_meeting_replaces_its_attendance(registry):
    r = registry
    meeting, _v = record(r.branch_a)
    services.do_update_meeting(
        meeting, date=DAY, topic="学习党章（更正）", attendance={r.zhang_san.pk: ("absent", "")}, acting_user=None
    )
    meeting.refresh_from_db()
    assert meeting.topic == "学习党章（更正）"
    assert meeting.attendance.get(member=r.zhang_san).status == "absent"
    assert meeting.attendance.count() == 4
    # the trail says whose mark changed, by name
    event = AuditEvent.objects.filter(action="orglife.meeting.updated").get()
    assert event.new["attendance_changed"] == {"张三": "出席→缺席"}


def test_recording_fifty_attendees_takes_as_many_queries_as_two(registry):
    r = registry
    small = r.branch_b
    big = r.branch_c
    for n in range(47):
        r.member(f"党员{n}", big)

    def count(org):
        with CaptureQueriesContext(connection) as queries_run:
            record(org)
        return len(queries_run.captured_queries)

    assert Meeting.objects.count() == 0
    few, many = count(small), count(big)
    assert Meeting.objects.get(organization=big).attendance.count() == 50
    assert many == few
    assert many <= 12
