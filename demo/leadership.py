"""The departments' leadership groups at study and at their democratic life meetings, for the
demo: 2026 central-group study for every group of the first copy (most meeting the local rule,
some short of sessions, days or attendance), a few spot checks by the committee's 宣教科 (one
with its rectification overdue), the 2025 life meetings held and reported, and the 2026 ones at
every stage (plans reported, one plan not reported in time, one report overdue, one 2025
rectification past its deadline).

Written through `leadership.services` (each record audited, as a clerk's would be): a few
hundred sessions. Its own random generator, so the rest of the demo is the same without it."""

import datetime as dt
import random

from leadership.models import LifeMeeting, Rectification, SeatAttendance, SpotCheck, StudySession
from leadership.queries import seats_on
from leadership.services import (
    do_add_rectification,
    do_complete_rectification,
    do_mark_spot_check_rectified,
    do_plan_life_meeting,
    do_record_life_meeting,
    do_record_spot_check,
    do_record_study_session,
    do_update_life_meeting_plan,
    supervisors_on,
)
from orgs.models import LeadershipGroup
from work.services import do_create_reminders

TOPICS = [
    "深入学习贯彻习近平新时代中国特色社会主义思想",
    "学习党的二十届四中全会精神",
    "学习《中国共产党党和国家机关基层组织工作条例》",
    "学习贯彻中央八项规定精神",
    "专题学习习近平总书记关于党的建设的重要思想",
    "学习《中国共产党纪律处分条例》",
    "学习习近平总书记视察重庆重要讲话精神",
    "学习意识形态工作责任制有关规定",
    "学习《中国共产党党员教育管理工作条例》",
    "专题学习全面从严治党新要求",
    "学习党史：新时代的伟大成就",
    "学习贯彻市委、区委全会精神",
]
LECTURERS = ["", "区委党校教授", "区委宣讲团成员", "市委党校副教授"]
EXCUSES = ["因公出差", "参加市级会议", "病假", "参加上级调研", "外出学习培训"]
LIFE_TOPICS = {
    2025: "深入学习贯彻习近平新时代中国特色社会主义思想，以学铸魂、以学增智、以学正风、以学促干",
    2026: "深入学习贯彻中央八项规定精神，锤炼党性、担当作为",
}
RECTIFICATIONS = [
    "理论学习的系统性不够，制定年度学习计划并按月落实",
    "调查研究不够深入，班子成员每人领办一项调研课题",
    "落实意识形态工作责任制不够到位，每半年专题研判一次",
    "联系服务群众不够经常，建立班子成员基层联系点",
]


def build(anchor: dt.date, seed: int) -> None:
    rng = random.Random(seed)
    # the first copy's units (copies of the demo at scale carry "（n）" after the name)
    groups = [
        g
        for g in LeadershipGroup.objects.as_of(anchor).select_related("unit").order_by("unit__code")
        if not g.unit.name.endswith("）")
    ]
    for i, group in enumerate(groups):
        _study(rng, group, anchor, behind=i % 6 == 5)
    _spot_checks(groups, anchor)
    _life_meetings(rng, groups, anchor)
    do_create_reminders(anchor)  # the overdue steps reach 区纪委 and the 宣教科 (once: keyed)


def _study(rng: random.Random, group: LeadershipGroup, anchor: dt.date, *, behind: bool) -> None:
    """A year of sessions: about one a month to the anchor, of one or two days; a group behind
    the rule holds fewer or shorter sessions, or has its members away."""
    months = list(range(1, anchor.month + (1 if anchor.day >= 10 else 0)))
    if behind:
        kind = rng.choice(["sessions", "days", "attendance"])
        count = rng.randint(3, 5) if kind == "sessions" else len(months)
        halves = [1] * count if kind == "days" else [rng.choice([2, 3, 4]) for _ in range(count)]
        away = 0.35 if kind == "attendance" else 0.05
    else:
        count = min(len(months), rng.randint(7, 10))
        halves = [rng.choice([2, 3, 4, 4]) for _ in range(count)]
        while sum(halves) < 26:
            halves[rng.randrange(count)] += 1
        halves = [min(h, 6) for h in halves]
        away = 0.05
    for month, half_days in zip(sorted(rng.sample(months, count)), halves, strict=False):
        day = dt.date(2026, month, rng.randint(5, 26))
        if day > anchor or day < group.valid_from:
            continue
        seats = seats_on(group, day)
        marks = {}
        for seat in seats:
            if rng.random() < away:
                excused = rng.random() < 0.8
                marks[seat.pk] = (
                    (SeatAttendance.EXCUSED, rng.choice(EXCUSES)) if excused else (SeatAttendance.ABSENT, "")
                )
            else:
                marks[seat.pk] = (SeatAttendance.PRESENT, "")
        lecturer = rng.choice(LECTURERS) or (seats[0].name if seats else "")
        do_record_study_session(
            group.unit,
            StudySession(
                date=day,
                topic=rng.choice(TOPICS),
                half_days=half_days,
                lecturer=lecturer,
                content="集体学习原文，班子成员结合分管工作交流发言。",
            ),
            marks,
            acting_user=None,
        )


def _spot_checks(groups: list[LeadershipGroup], anchor: dt.date) -> None:
    """Four checks: one fine, one rectified, one still within its deadline, one overdue."""
    specs = [
        (dt.date(2026, 3, 18), "2026年学习计划和第一季度学习记录", "学习计划完备，记录规范。", None, False),
        (dt.date(2026, 5, 20), "中心组学习记录和研讨材料", "部分研讨发言材料未归档。", dt.date(2026, 6, 30), True),
        (dt.date(2026, 7, 15), "上半年学习情况", "学习次数偏少，个别成员多次请假。", dt.date(2026, 9, 30), False),
        (dt.date(2026, 10, 20), "第三季度学习记录", "学习内容与本单位实际结合不够。", dt.date(2026, 12, 31), False),
    ]
    for group, (day, subject, findings, by, rectified) in zip(groups[1:], specs, strict=False):
        if day > anchor:
            continue
        check = do_record_spot_check(
            SpotCheck(
                unit=group.unit,
                date=day,
                subject=subject,
                findings=findings,
                rectification_needed=by is not None,
                rectify_by=by,
            ),
            acting_user=None,
        )
        if rectified and by is not None:
            do_mark_spot_check_rectified(check, day=by - dt.timedelta(days=5), acting_user=None)


def _life_meetings(rng: random.Random, groups: list[LeadershipGroup], anchor: dt.date) -> None:
    for i, group in enumerate(groups):
        _held_2025(rng, group, overdue_rectification=i == 2)
        case = {3: "report_overdue", 4: "plan_late"}.get(
            i, ["reported", "reported", "plan_reported", "planned", ""][i % 5]
        )
        _meeting_2026(rng, group, anchor, case=case)


def _held_2025(rng: random.Random, group: LeadershipGroup, *, overdue_rectification: bool) -> None:
    held = dt.date(2025, 12, rng.randint(8, 26))
    if held < group.valid_from:
        return
    meeting = do_plan_life_meeting(
        group.unit,
        LifeMeeting(
            year=2025, topic=LIFE_TOPICS[2025], planned_date=held, plan_reported_on=held - dt.timedelta(days=20)
        ),
        acting_user=None,
    )
    _hold(rng, meeting, held)
    meeting.report_submitted_on = held + dt.timedelta(days=rng.randint(5, 14))
    do_update_life_meeting_plan(meeting, old_date=meeting.planned_date, acting_user=None)
    seats = seats_on(group, held)
    for n, item in enumerate(rng.sample(RECTIFICATIONS, 2)):
        rect = do_add_rectification(
            Rectification(
                meeting=meeting,
                item=item,
                owner_seat=seats[n % len(seats)] if seats else None,
                owner_name="" if seats else "班子",
                deadline=dt.date(2026, 6, 30),
            ),
            acting_user=None,
        )
        if not (overdue_rectification and n == 0):
            do_complete_rectification(rect, day=dt.date(2026, rng.randint(3, 6), 15), acting_user=None)


def _hold(rng: random.Random, meeting: LifeMeeting, day: dt.date) -> None:
    seats = seats_on(meeting.group, day)
    marks = {s.pk: (SeatAttendance.PRESENT, "") for s in seats}
    if len(seats) > 3 and rng.random() < 0.3:
        marks[seats[-1].pk] = (SeatAttendance.EXCUSED, rng.choice(EXCUSES))
    supervisors = [b.pk for b in supervisors_on(day)]  # lead first: the lead attends, and one more
    do_record_life_meeting(
        meeting,
        held_on=day,
        record_text="会前广泛征求意见、开展谈心谈话；会上班子主要负责同志代表班子作对照检查，"
        "班子成员逐一开展批评和自我批评。",
        marks=marks,
        attended_bodies=set(supervisors[:2]),
        acting_user=None,
    )


def _meeting_2026(rng: random.Random, group: LeadershipGroup, anchor: dt.date, *, case: str) -> None:
    """The 2026 meeting at one of its stages: held and reported; held with the report overdue;
    planned with the plan not reported in time; planned with the plan reported; planned (the
    plan not yet due); or not planned yet ("")."""
    if not case:
        return
    if case in ("reported", "report_overdue"):
        held = anchor - dt.timedelta(days=rng.randint(20, 30) if case == "report_overdue" else rng.randint(25, 60))
        meeting = do_plan_life_meeting(
            group.unit,
            LifeMeeting(
                year=2026, topic=LIFE_TOPICS[2026], planned_date=held, plan_reported_on=held - dt.timedelta(days=18)
            ),
            acting_user=None,
        )
        _hold(rng, meeting, held)
        if case == "reported":
            meeting.report_submitted_on = min(anchor, held + dt.timedelta(days=10))
            do_update_life_meeting_plan(meeting, old_date=meeting.planned_date, acting_user=None)
        return
    planned = {
        "plan_late": anchor + dt.timedelta(days=10),
        "plan_reported": dt.date(2026, 12, rng.randint(5, 20)),
        "planned": dt.date(2026, 12, 28),
    }[case]
    reported = anchor - dt.timedelta(days=rng.randint(1, 10)) if case == "plan_reported" else None
    do_plan_life_meeting(
        group.unit,
        LifeMeeting(year=2026, topic=LIFE_TOPICS[2026], planned_date=planned, plan_reported_on=reported),
        acting_user=None,
    )
