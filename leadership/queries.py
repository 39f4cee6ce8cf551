"""Reading the leadership groups' study and life meetings: the yearly figures per department
(`study_summary`, a public contract the `orglife` command prints), the supervision table
against the local rules, a member's own part (双重组织生活), and what is overdue (read by
`work.services`, the only writer of work items)."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from leadership import rules
from leadership.models import (
    LifeMeeting,
    LifeMeetingAttendance,
    Rectification,
    SeatAttendance,
    SpotCheck,
    StudyAttendance,
    StudySession,
)
from orgs.models import GroupMember, LeadershipGroup, PartyOrganization, Unit


def _year_span(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def study_summary(year: int, units=None) -> list[dict]:
    """Per unit with a leadership group during `year` (or each of `units`, Units or pks): its
    central-group study that year — `unit` (name), `unit_id`, `sessions`, `days` (half-days
    count half; a float), `attendance` (present seat-sessions over expected ones, 0–1, rounded
    to 3; 0 with none expected). Public contract (the `orglife` command prints it): keep the name
    and the keys. Three queries, whatever the number of units."""
    first, last = _year_span(year)
    groups = LeadershipGroup.objects.overlapping(first, last + dt.timedelta(days=1))
    if units is not None:
        groups = groups.filter(unit_id__in=[getattr(u, "pk", u) for u in units])
    unit_rows = dict(Unit.objects.filter(pk__in=groups.values("unit_id")).order_by("code").values_list("pk", "name"))
    sessions = (
        StudySession.objects.filter(group__unit_id__in=list(unit_rows), date__range=(first, last))
        .values("group__unit_id")
        .annotate(n=Count("pk"), halves=Sum("half_days"))
    )
    per_unit = {row["group__unit_id"]: (row["n"], row["halves"] or 0) for row in sessions}
    marks = (
        StudyAttendance.objects.filter(session__group__unit_id__in=list(unit_rows), session__date__range=(first, last))
        .values("session__group__unit_id")
        .annotate(total=Count("pk"), present=Count("pk", filter=Q(status=SeatAttendance.PRESENT)))
    )
    rate = {
        row["session__group__unit_id"]: round(row["present"] / row["total"], 3) if row["total"] else 0.0
        for row in marks
    }
    result = []
    for unit_id, name in unit_rows.items():
        n, halves = per_unit.get(unit_id, (0, 0))
        result.append(
            {
                "unit": name,
                "unit_id": unit_id,
                "sessions": n,
                "days": float(Decimal(halves) / 2),
                "attendance": rate.get(unit_id, 0.0),
            }
        )
    return result


@dataclass(frozen=True)
class StudyRow:
    """One department's year of central-group study against the local rules."""

    unit: str
    unit_id: int
    sessions: int
    days: float
    attendance: float
    sessions_short: bool
    days_short: bool
    attendance_short: bool

    @property
    def behind(self) -> bool:
        return self.sessions_short or self.days_short or self.attendance_short

    @property
    def attendance_percent(self) -> str:
        return f"{self.attendance * 100:.1f}%"


def study_minimums() -> dict[str, int]:
    return {
        "sessions": int(rules.STUDY_MIN_SESSIONS.current()),
        "days": int(rules.STUDY_MIN_DAYS.current()),
        "attendance": int(rules.STUDY_MIN_ATTENDANCE_PERCENT.current()),
    }


def study_rows(year: int, units: QuerySet[Unit]) -> list[StudyRow]:
    """The supervision table: each unit's figures and which minimum it falls short of. A year
    still running is measured against the whole year's minimums (the table says so)."""
    minimum = study_minimums()
    return [
        StudyRow(
            **row,
            sessions_short=row["sessions"] < minimum["sessions"],
            days_short=row["days"] < minimum["days"],
            attendance_short=row["attendance"] * 100 < minimum["attendance"],
        )
        for row in study_summary(year, units=list(units.values_list("pk", flat=True)))
    ]


def unit_sessions(unit: Unit, year: int) -> QuerySet[StudySession]:
    first, last = _year_span(year)
    return (
        StudySession.objects.filter(group__unit=unit, date__range=(first, last))
        .annotate(
            expected=Count("attendance"),
            present=Count("attendance", filter=Q(attendance__status=SeatAttendance.PRESENT)),
        )
        .order_by("-date", "-pk")
    )


def seats_on(group: LeadershipGroup, day: dt.date) -> list[GroupMember]:
    """The group's seats valid on `day`, secretary first (the roll of a session or a meeting)."""
    rank = {code: i for i, code in enumerate(["secretary", "deputy_secretary", "committee_member", "member"])}
    seats = list(group.seats.as_of(day).select_related("member"))
    seats.sort(key=lambda s: (rank.get(s.post, 9), s.valid_from, s.pk))
    return seats


def member_sessions(member, year: int) -> dict[str, list]:
    """The central-group study sessions and democratic life meetings of `year` that `member`
    attended through a leadership-group seat linked to their record (a leading cadre's 双重组织
    生活): {"study": [StudySession…], "life": [LifeMeeting…]}, by date. Public: the member's own
    page lists them."""
    first, last = _year_span(year)
    member_id = getattr(member, "pk", member)
    study = (
        StudySession.objects.filter(
            date__range=(first, last),
            attendance__seat__member_id=member_id,
            attendance__status=SeatAttendance.PRESENT,
        )
        .select_related("group")
        .order_by("date", "pk")
    )
    life = (
        LifeMeeting.objects.filter(
            held_on__range=(first, last),
            attendance__seat__member_id=member_id,
            attendance__status=SeatAttendance.PRESENT,
        )
        .select_related("group")
        .order_by("held_on", "pk")
    )
    return {"study": list(study), "life": list(life)}


def life_attendance(meeting: LifeMeeting) -> list[LifeMeetingAttendance]:
    return list(meeting.attendance.select_related("seat"))


# -- what is overdue -------------------------------------------------------------------------


def overdue_spot_checks(day: dt.date) -> list[SpotCheck]:
    """Spot checks whose rectification is past its deadline on `day` and not recorded as done.
    A reminder is keyed by the check and its deadline (a new deadline is reminded afresh)."""
    return list(
        SpotCheck.objects.filter(rectification_needed=True, rectified_on__isnull=True, rectify_by__lt=day)
        .select_related("unit")
        .order_by("rectify_by", "pk")
    )


class LifeStep:
    """Codes of the steps of a democratic life meeting that can fall overdue (the keys of
    reminders: codes, never labels)."""

    PLAN = "plan_report"
    REPORT = "report"
    RECTIFICATION = "rectification"

    LABELS = {
        PLAN: _("topic and plan not reported"),
        REPORT: _("report not submitted"),
        RECTIFICATION: _("rectification past its deadline"),
    }


@dataclass(frozen=True)
class OverdueStep:
    meeting: LifeMeeting
    step: str  # a LifeStep code
    due: dt.date
    rectification: Rectification | None = None

    @property
    def label(self):
        return LifeStep.LABELS[self.step]

    @property
    def key(self) -> str:
        """Names the event by codes and dates: each step is reminded once, a moved date afresh."""
        parts = ["life_meeting", str(self.meeting.pk), self.step]
        if self.rectification is not None:
            parts.append(str(self.rectification.pk))
        return ":".join([*parts, self.due.isoformat()])


def life_steps_overdue(meeting: LifeMeeting, day: dt.date) -> list[OverdueStep]:
    """The steps of one meeting overdue on `day` (its rectifications must be prefetched or are
    read here)."""
    found = []
    if meeting.held_on is None and meeting.plan_reported_on is None:
        due = rules.plan_due(meeting.planned_date)
        if due < day:
            found.append(OverdueStep(meeting, LifeStep.PLAN, due))
    if meeting.held_on is not None and meeting.report_submitted_on is None:
        due = rules.report_due(meeting.held_on)
        if due < day:
            found.append(OverdueStep(meeting, LifeStep.REPORT, due))
    for rect in meeting.rectifications.all():
        if rect.done_on is None and rect.deadline < day:
            found.append(OverdueStep(meeting, LifeStep.RECTIFICATION, rect.deadline, rect))
    return found


def overdue_life_meeting_steps(day: dt.date) -> list[OverdueStep]:
    """Every step of a democratic life meeting overdue on `day`: the topic and plan not reported
    by the local number of days before the planned date, the report not submitted within the
    local number of days after the meeting, a rectification past its deadline."""
    open_meetings = LifeMeeting.objects.filter(
        Q(held_on__isnull=True, plan_reported_on__isnull=True)
        | Q(held_on__isnull=False, report_submitted_on__isnull=True)
        | Q(rectifications__done_on__isnull=True)
    ).distinct()
    meetings = (
        LifeMeeting.objects.filter(pk__in=open_meetings.values("pk"))
        .select_related("group__unit")
        .prefetch_related("rectifications")
        .order_by("planned_date", "pk")
    )
    return [step for meeting in meetings for step in life_steps_overdue(meeting, day)]


@dataclass(frozen=True)
class LifeRow:
    unit: Unit
    group: LeadershipGroup | None
    meeting: LifeMeeting | None
    overdue: list[OverdueStep]


def life_rows(year: int, units: QuerySet[Unit], day: dt.date) -> list[LifeRow]:
    """The overview of a year: every unit with a leadership group in it, its meeting (or none
    yet) with its stage, dates and overdue steps."""
    first, last = _year_span(year)
    groups = (
        LeadershipGroup.objects.overlapping(first, last + dt.timedelta(days=1))
        .filter(unit__in=units)
        .select_related("unit")
        .order_by("unit__code", "-valid_from")
    )
    latest: dict[int, LeadershipGroup] = {}
    for g in groups:
        latest.setdefault(g.unit_id, g)
    meetings = {
        m.group.unit_id: m
        for m in LifeMeeting.objects.filter(year=year, group__unit__in=units)
        .select_related("group")
        .prefetch_related("rectifications")
    }
    return [
        LifeRow(
            unit=g.unit,
            group=g,
            meeting=meetings.get(unit_id),
            overdue=life_steps_overdue(meetings[unit_id], day) if unit_id in meetings else [],
        )
        for unit_id, g in latest.items()
    ]


def organization_of(unit: Unit) -> PartyOrganization | None:
    """The unit's highest organization in the tree (its organ party committee or party
    committee): the organization audit events and work items about the unit's group name."""
    return unit.organizations.filter(dissolved__isnull=True).order_by("depth", "path").first()
