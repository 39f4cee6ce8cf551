"""Who is expected at a meeting, and the scoped lists the organizational-life pages show: an
organization's meetings, its party groups, its year plan laid out as a calendar."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import QuerySet

from accounts.scope import scope_queryset
from core import clock
from members.models import Member
from orglife.models import Meeting, MeetingKind, PartyGroup, PartyGroupMember, PlanItem
from orgs.models import PartyOrganization, Post, PostRole

# The posts that sit on a committee (支部委员会, 总支委员会, 党委): the party affairs staff do not.
COMMITTEE_ROLES = frozenset(
    {PostRole.SECRETARY, PostRole.DEPUTY_SECRETARY, PostRole.COMMITTEE_MEMBER, PostRole.DISCIPLINE_MEMBER}
)


def members_on(organization: PartyOrganization, day: dt.date) -> QuerySet[Member]:
    """The members of `organization` on `day` by the membership facts, leading cadres included
    (双重组织生活: they attend their branch like everyone)."""
    return Member.objects.of(organization, day).order_by("name_pinyin", "pk")


def committee_on(organization: PartyOrganization, day: dt.date) -> QuerySet[Member]:
    """The members of `organization`'s committee on `day`: its posts in committee roles."""
    seats = Post.objects.as_of(day).filter(organization=organization, role__in=COMMITTEE_ROLES).values("member_id")
    return Member.objects.filter(pk__in=seats).order_by("name_pinyin", "pk")


def group_members_on(group: PartyGroup, day: dt.date) -> QuerySet[Member]:
    """The group's members on `day` who are on its branch's roll that day: a seat left open by a
    member who transferred out, left or died does not put them on the group's roll."""
    seats = PartyGroupMember.objects.as_of(day).filter(group=group).values("member_id")
    return members_on(group.branch, day).filter(pk__in=seats)


def expected_attendees(
    organization: PartyOrganization,
    kind: str,
    day: dt.date,
    party_group: PartyGroup | None = None,
    pair: Iterable[Member] = (),
) -> list[Member]:
    """The roll proposed for a meeting of `kind` on `day`: the organization's members that day;
    the committee for a 支委会; the group's members for a 党小组会 (none without a group); the
    two people of a 谈心谈话 (`pair`, those of them on the roll that day)."""
    if kind == MeetingKind.COMMITTEE:
        return list(committee_on(organization, day))
    if kind == MeetingKind.GROUP:
        return list(group_members_on(party_group, day)) if party_group is not None else []
    if kind == MeetingKind.TALK:
        ids = [m.pk for m in pair]
        return list(members_on(organization, day).filter(pk__in=ids))
    return list(members_on(organization, day))


def meetings_of(user, organization: PartyOrganization) -> QuerySet[Meeting]:
    """The organization's meetings the user sees, latest first."""
    return scope_queryset(user, Meeting.objects.filter(organization=organization)).select_related("party_group")


def attendance_counts(meeting: Meeting) -> dict[str, int]:
    """{status: count} of a meeting's attendance, every status present."""
    counts = {"present": 0, "excused": 0, "absent": 0}
    for status in meeting.attendance.values_list("status", flat=True):
        counts[status] += 1
    counts["total"] = sum(counts.values())
    return counts


def current_groups(organization: PartyOrganization) -> list[PartyGroup]:
    return list(PartyGroup.objects.open().filter(branch=organization).order_by("name"))


@dataclass
class GroupRow:
    group: PartyGroup
    seats: list[PartyGroupMember] = field(default_factory=list)


def groups_page(organization: PartyOrganization) -> tuple[list[GroupRow], list[Member], list[PartyGroup]]:
    """The branch's current groups with their current seats, the members on its roll today in no
    group, and its closed groups (latest first)."""
    rows = [GroupRow(g) for g in current_groups(organization)]
    by_group = {r.group.pk: r for r in rows}
    seats = PartyGroupMember.objects.open().filter(group__in=list(by_group)).select_related("member")
    seated = set()
    for seat in seats.order_by("-is_leader", "member__name_pinyin"):
        by_group[seat.group_id].seats.append(seat)
        seated.add(seat.member_id)
    loose = [m for m in members_on(organization, clock.today()) if m.pk not in seated]
    closed = list(PartyGroup.objects.filter(branch=organization, valid_to__isnull=False).order_by("-valid_to")[:20])
    return rows, loose, closed


@dataclass
class Cell:
    """One kind in one month of the calendar: what was planned and what was held."""

    kind: str
    label: str
    planned: list[PlanItem] = field(default_factory=list)
    held: list[Meeting] = field(default_factory=list)
    missed: list[PlanItem] = field(default_factory=list)
    open: list[PlanItem] = field(default_factory=list)  # planned, not yet held, month not over


@dataclass
class Month:
    number: int
    first: dt.date
    past: bool
    current: bool
    cells: list[Cell]

    @property
    def empty(self) -> bool:
        return not self.cells


def calendar(organization: PartyOrganization, year: int) -> list[Month]:
    """The year's twelve months: per kind, the plan items and the meetings held, and which
    items were missed (a month that is over with the item unfulfilled). Two queries."""
    today = clock.today()
    items = list(PlanItem.objects.filter(organization=organization, year=year).select_related("meeting"))
    meetings = list(Meeting.objects.filter(organization=organization, date__year=year).order_by("date", "pk"))
    cells: dict[tuple[int, str], Cell] = {}
    labels = dict(MeetingKind.choices)

    def cell(month: int, kind: str) -> Cell:
        key = (month, kind)
        if key not in cells:
            cells[key] = Cell(kind, str(labels.get(kind, kind)))
        return cells[key]

    for meeting in meetings:
        cell(meeting.date.month, meeting.kind).held.append(meeting)
    months = []
    for number in range(1, 13):
        first = dt.date(year, number, 1)
        past = (year, number) < (today.year, today.month)
        months.append(Month(number, first, past, (year, number) == (today.year, today.month), []))
    for item in sorted(items, key=lambda i: (i.planned_date or dt.date(year, i.month, 1), i.pk)):
        c = cell(item.month, item.kind)
        c.planned.append(item)
        if item.meeting_id is None:
            (c.missed if months[item.month - 1].past else c.open).append(item)
    order = {k: i for i, k in enumerate(MeetingKind.values)}
    by_month: dict[int, list[Cell]] = defaultdict(list)
    for (month, _kind), c in cells.items():
        by_month[month].append(c)
    for m in months:
        m.cells = sorted(by_month[m.number], key=lambda c: order.get(c.kind, 99))
    return months
