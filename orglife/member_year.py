"""A member's own year of organizational life (我的组织生活): the meetings of the organizations
they belonged to that year (by the membership facts: a member who moved in June sees the old
branch's meetings until June and the new one's after) that every member is expected at, and
any meeting whose roll names them, with their own attendance, the class hours earned against
the yearly minimum and the counts per kind. Only the member's own rows are read: nobody else's
attendance, and no roll."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core import clock
from members.models import Member, Membership
from orglife.documents import training_hours_on, year_bounds
from orglife.models import Attendance, AttendanceStatus, Meeting, MeetingKind


@dataclass(frozen=True)
class OwnRow:
    """One session of the member's year: a meeting of their organization, or (wired at merge)
    a study session of their leadership group. `status` is an `AttendanceStatus` code, or ""
    when the member was not on the meeting's roll."""

    date: dt.date
    where: str
    kind: str
    kind_label: str | Promise
    topic: str
    status: str
    reason: str = ""
    hours: Decimal | None = None

    @property
    def status_label(self) -> str | Promise:
        if not self.status:
            return _("Not on the roll")
        return AttendanceStatus(self.status).label

    @property
    def earned(self) -> Decimal:
        return (self.hours or Decimal(0)) if self.status == AttendanceStatus.PRESENT else Decimal(0)


@dataclass
class KindCount:
    kind: str
    label: str | Promise
    held: int = 0
    attended: int = 0


@dataclass
class OwnYear:
    year: int
    rows: list[OwnRow]
    training_hours: int
    counts: list[KindCount] = field(default_factory=list)

    @property
    def hours(self) -> Decimal:
        return sum((row.earned for row in self.rows), Decimal(0))

    @property
    def hours_percent(self) -> int:
        return min(100, int(self.hours * 100 / self.training_hours)) if self.training_hours else 100

    @property
    def attended(self) -> int:
        return sum(1 for row in self.rows if row.status == AttendanceStatus.PRESENT)


# Meetings every member of the organization is expected at. A committee meeting, a party
# group's meeting or a talk is shown to a member only when its roll names them: its topic may
# concern someone else (a candidate, a case).
FOR_EVERY_MEMBER = (
    MeetingKind.BRANCH_ASSEMBLY,
    MeetingKind.LECTURE,
    MeetingKind.THEME_DAY,
    MeetingKind.LIFE_MEETING,
    MeetingKind.TRAINING,
)


def _meetings_q(member: Member, start: dt.date, end: dt.date) -> Q:
    """The meetings whose roll names the member, and the meetings for every member of each
    organization the member belonged to, while they did."""
    q = Q(attendance__member=member, date__gte=start, date__lt=end)
    for fact in Membership.objects.filter(member=member).overlapping(start, end):
        q |= Q(
            kind__in=FOR_EVERY_MEMBER,
            organization_id=fact.organization_id,
            date__gte=max(start, fact.valid_from),
            date__lt=min(end, fact.valid_to or end),
        )
    return q


def own_year(member: Member, year: int, *, extra: list[OwnRow] | None = None) -> OwnYear:
    """`member`'s year; `extra`: sessions of other bodies they attend (the leadership group's
    study), which count towards the hours too."""
    start, end = year_bounds(year)
    meetings = (
        Meeting.objects.filter(_meetings_q(member, start, end))
        .distinct()
        .select_related("organization")
        .order_by("date", "start_time", "pk")
    )
    mine = {
        a.meeting_id: a
        for a in Attendance.objects.filter(member=member, meeting__date__gte=start, meeting__date__lt=end)
    }
    rows = []
    for m in meetings:
        a = mine.get(m.pk)
        rows.append(
            OwnRow(
                date=m.date,
                where=m.organization.name,
                kind=m.kind,
                kind_label=m.get_kind_display(),
                topic=m.topic,
                status=a.status if a else "",
                reason=a.reason if a else "",
                hours=m.hours,
            )
        )
    rows = sorted([*rows, *(extra or [])], key=lambda r: r.date)
    last_day = min(end - dt.timedelta(days=1), max(start, clock.today()))
    result = OwnYear(year, rows, training_hours_on(last_day))
    held, attended = (
        Counter(r.kind for r in rows),
        Counter(r.kind for r in rows if r.status == AttendanceStatus.PRESENT),
    )
    labels = dict(MeetingKind.choices) | {r.kind: r.kind_label for r in extra or []}
    result.counts = [KindCount(kind, labels[kind], held[kind], attended[kind]) for kind in labels if held[kind]]
    return result
