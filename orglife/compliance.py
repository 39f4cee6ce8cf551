"""What the rules expect of each organization in a year against what it held — the one place
that computes it (the compliance pages, their .xlsx, `manage.py orglife`, the silent
organizations' reminders and the branch's list of members without organizational life).

**Periods.** Each kind has a frequency in months (`orglife.rules.expected_every`, read on the
first day of each month, so a new version of a rule takes effect from the month it is in force);
periods are calendar-aligned: months, quarters (Jan–Mar…), the year.

**Expected** (the fair rule chosen): a period is expected of an organization when it has **ended**
(its last day is before the cut: today for the year in progress, 31 December otherwise), the
organization existed on at least one of its days and the kind applied to it. A period still
running is expected only once it has been met, so a branch is never shown behind for the month
it is still in, and is credited as soon as it holds the meeting.

**Held**: periods with at least one meeting that counts — quorate, or of a kind without a quorum
rule (`Meeting.quorate` None). A non-quorate 支委会 happened (it is kept) but does not count.

**Which kinds apply** (`applicable_kinds`): the kinds of organizational life are a branch's
(支部工作条例, 党员教育管理工作条例: 三会一课, 主题党日, 组织生活会, 民主评议, 谈心谈话), so only
member-holding organizations (branches, temporary branches) have obligations here. A 支委会 is
expected of a branch that has a committee on the cut day, read from the registry's posts: a
deputy secretary, committee member or discipline member beside the secretary. A branch below
`core.rules.BRANCH_COMMITTEE_MIN_MEMBERS` full members cannot set one up (机关基层组织工作条例
第七条) and so has none; one that has the members but elected no committee is the registry's
matter (its term), not a meeting missed — and the posts are read in one small query where
counting a million members' facts per branch cost most of the table's time. A 党小组会 is
expected in the periods in which the branch had a party group. Concentrated training is counted
in class hours per member, not meetings.

**Silent days**: days from the last meeting of any kind (quorate or not: the organization met)
to the cut, or, with no meeting, from the organization's founding or the start of records (the
date of the first meeting recorded in the system), whichever is later. Before any meeting is
recorded anywhere there are no records to be silent in: None.

Fast by construction: a handful of aggregate queries, whatever the number of organizations
(GROUP BY organization over the year's meetings, one month mask per kind; the committees'
posts; the party groups; the organizations; the last meeting before the year of those silent
all year; the first meeting on record), then arithmetic in Python (docs/performance.md).
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from django.contrib.postgres.aggregates import BitOr
from django.db import connection
from django.db.models import IntegerField, Max, Min, Q, QuerySet, Sum, Value
from django.db.models.functions import Cast, ExtractMonth
from django.utils.translation import gettext

from core import clock
from core.periods import add_months
from core.rules import SILENT_BRANCH_DAYS
from evaluation.queries import rounds_held
from members.models import Member, Status
from orglife.models import AttendanceStatus, Meeting, MeetingKind, PartyGroup
from orglife.rules import INACTIVE_MONTHS, REVIEW, expected_every
from orgs.models import MEMBER_HOLDING_KINDS, PartyOrganization, Post, PostRole

# The keys of `manage.py orglife --json` (issue 17), in its order.
REPORTED_KINDS: tuple[str, ...] = (
    MeetingKind.BRANCH_ASSEMBLY,
    MeetingKind.COMMITTEE,
    MeetingKind.GROUP,
    MeetingKind.LECTURE,
    MeetingKind.THEME_DAY,
    MeetingKind.LIFE_MEETING,
    REVIEW,
)
# The table's columns: the reported kinds and heart-to-heart talks.
KINDS: tuple[str, ...] = (*REPORTED_KINDS, MeetingKind.TALK)
# Kinds counted from meetings (the review comes from the evaluation app).
MEETING_KINDS: tuple[str, ...] = tuple(k for k in KINDS if k != REVIEW)

# A meeting that counts towards its rule: quorate, or of a kind without a quorum rule.
COUNTS = Q(quorate__isnull=True) | Q(quorate=True)


def kind_label(kind: str) -> str:
    return gettext("Democratic evaluation") if kind == REVIEW else str(MeetingKind(kind).label)


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # exclusive


def year_cut(year: int, today: dt.date | None = None) -> dt.date:
    """The last day counted of `year`: today while it runs, 31 December once it has ended (a
    year not begun yet is cut before its first day)."""
    today = today or clock.today()
    last = dt.date(year, 12, 31)
    return min(last, today) if today.year >= year else dt.date(year, 1, 1) - dt.timedelta(days=1)


def periods(kind: str, year: int) -> list[Period]:
    """The calendar-aligned periods of `kind` in `year` under the rules in force on each
    month's first day (none for months without a rule)."""
    found: list[Period] = []
    month = 1
    while month <= 12:
        start = dt.date(year, month, 1)
        every = expected_every(kind, start)
        if every is None:
            month += 1
            continue
        months = every[0]
        # the period that holds this month: aligned on the year (quarters start Jan, Apr, Jul, Oct)
        first = month - (month - 1) % months
        end_month = min(first + months, 13)
        found.append(Period(start, add_months(dt.date(year, first, 1), end_month - first)))
        month = end_month
    return found


@lru_cache(maxsize=64)
def kinds_for(org_kind: str, has_committee: bool, has_group: bool) -> frozenset[str]:
    """The kinds expected of an organization of `org_kind`, with or without a branch committee
    and a party group."""
    if org_kind not in MEMBER_HOLDING_KINDS:
        return frozenset()
    kinds = set(KINDS)
    if not has_committee:
        kinds.discard(MeetingKind.COMMITTEE)
    if not has_group:
        kinds.discard(MeetingKind.GROUP)
    return frozenset(kinds)


# Posts that make a branch committee beside the secretary (a branch without one has only a secretary).
COMMITTEE_POSTS = (PostRole.DEPUTY_SECRETARY, PostRole.COMMITTEE_MEMBER, PostRole.DISCIPLINE_MEMBER)


def _with_committee(organization_ids, day: dt.date) -> set[int]:
    """Which organizations have a committee on `day`, by the posts (one query)."""
    return set(
        Post.objects.as_of(day)
        .filter(organization__in=organization_ids, role__in=COMMITTEE_POSTS)
        .order_by()
        .values_list("organization_id", flat=True)
        .distinct()
    )


def applicable_kinds(org: PartyOrganization, day: dt.date) -> frozenset[str]:
    """The kinds of organizational life expected of `org` on `day` (the plan generator's
    choice too): see the module's docstring."""
    if org.kind not in MEMBER_HOLDING_KINDS:
        return frozenset()
    has_committee = bool(_with_committee([org.pk], day))
    has_group = PartyGroup.objects.as_of(day).filter(branch=org).exists()
    return kinds_for(org.kind, has_committee, has_group)


def records_start() -> dt.date | None:
    """The date of the first meeting on record (the index on date answers it)."""
    return Meeting.objects.aggregate(first=Min("date"))["first"]


def _reviews_held(organization_ids, year: int) -> dict[int, int]:
    """Democratic evaluations (民主评议) held in `year` per organization: 1 when the year's
    round is concluded (the evaluation app's record, read, never asked again)."""
    return rounds_held(organization_ids, year)


@dataclass
class Row:
    id: int
    name: str
    code: str
    path: str
    founded: dt.date
    kinds: frozenset[str]
    expected: dict[str, int]
    held: dict[str, int]
    last_meeting: dt.date | None
    silent_days: int | None
    silent: bool
    expected_total: int = 0  # periods expected, all kinds
    met_total: int = 0  # of them met (a kind held more than expected counts what was expected)

    @property
    def rate(self) -> float | None:
        """Share of the expected periods met (None when nothing was expected yet)."""
        total = self.expected_total
        return self.met_total / total if total else None

    @property
    def behind(self) -> bool:
        return self.met_total < self.expected_total

    @property
    def cells(self) -> list[tuple[str, int, int, bool]]:
        """(label, held, expected, applies) per kind, in the table's order."""
        return [(kind_label(k), self.held[k], self.expected[k], k in self.kinds) for k in KINDS]

    @property
    def rate_text(self) -> str:
        return "—" if self.rate is None else f"{self.rate:.0%}"


@dataclass
class Report:
    year: int
    cut: dt.date
    silent_after: int
    rows: list[Row] = field(default_factory=list)

    @property
    def silent(self) -> list[Row]:
        return [r for r in self.rows if r.silent]

    @property
    def behind(self) -> list[Row]:
        return [r for r in self.rows if r.behind]

    def as_json(self) -> dict:
        """The shape of `manage.py orglife --json` (issue 17), without the study groups."""
        return {
            "year": self.year,
            "organizations": [
                {
                    "id": r.id,
                    "name": r.name,
                    "held": {k: r.held[k] for k in REPORTED_KINDS},
                    "expected": {k: r.expected[k] for k in REPORTED_KINDS},
                    "silent_days": r.silent_days,
                }
                for r in self.rows
            ],
            "silent": [r.id for r in self.silent],
        }


def _month_mask(kind: str, start: dt.date, cut: dt.date):
    """An aggregate column for `kind`: the months of the year (bit `month`) in which it held a
    meeting that counts. Periods are then read from the mask in Python, so the database does no
    DISTINCT per organization and kind (bit_or on PostgreSQL; a sum of distinct powers of two,
    the same number, where there is no bit_or)."""
    bit = Value(1).bitleftshift(Cast(ExtractMonth("date"), IntegerField()))
    only = Q(kind=kind) & COUNTS & Q(date__gte=start, date__lte=cut)
    if connection.vendor == "postgresql":
        return BitOr(bit, filter=only)
    return Sum(bit, distinct=True, filter=only)


def _bits(p: Period) -> int:
    """The months of `p` as a mask (bit `month`), within its year."""
    bits, day = 0, p.start
    while day < p.end:
        bits |= 1 << day.month
        day = add_months(day, 1)
    return bits


def _overlaps(p: Period, founded: dt.date, dissolved: dt.date | None) -> bool:
    return founded < p.end and (dissolved is None or dissolved > p.start)


def build(organizations: QuerySet[PartyOrganization], year: int, *, today: dt.date | None = None) -> Report:
    """Expected and held per kind, and silent days, for the member-holding organizations among
    `organizations` that existed in `year` (ordered by path). A fixed number of queries."""
    cut = year_cut(year, today)
    start = dt.date(year, 1, 1)
    report = Report(year=year, cut=cut, silent_after=int(SILENT_BRANCH_DAYS.current()))
    if cut < start:
        return report
    orgs = organizations.filter(kind__in=MEMBER_HOLDING_KINDS, founded__lte=cut).exclude(dissolved__lte=start)
    ids = orgs.values("pk")
    by_kind: dict[str, tuple[list[Period], Period | None]] = {}
    columns: dict = {}
    # the first day not yet over: today while the year runs (today is not over), else 1 January next
    open_from = cut if cut == (today or clock.today()) else cut + dt.timedelta(days=1)
    for kind in KINDS:
        all_periods = periods(kind, year)
        ended = [p for p in all_periods if p.end <= open_from]
        running = next((p for p in all_periods if p.start <= open_from < p.end), None)
        by_kind[kind] = (ended, running)
        if kind != REVIEW:
            columns[f"m_{kind}"] = _month_mask(kind, start, cut)
    # Per kind: its ended periods' month masks, its running period's, and a memo of what each
    # month mask of held meetings reads as (ended periods held, running period met): masks
    # repeat across organizations, so each is read once.
    specs = [
        (
            kind,
            by_kind[kind][0],
            [_bits(p) for p in by_kind[kind][0]],
            _bits(by_kind[kind][1]) if by_kind[kind][1] else 0,
            {},
        )
        for kind in MEETING_KINDS
    ]
    meetings = {
        row[0]: row[1:]
        for row in Meeting.objects.filter(organization__in=ids, date__gte=start, date__lte=cut)
        .values("organization_id")
        .annotate(last=Max("date"), **columns)
        .values_list("organization_id", "last", *columns)
    }
    nothing = (None,) + (0,) * len(MEETING_KINDS)
    organizations_found = list(
        orgs.order_by("path").values_list("pk", "name", "code", "path", "kind", "founded", "dissolved")
    )
    # The last meeting before the year, only for organizations silent all year: the years of
    # history are not read for the others (in chunks, as SQLite bounds a query's parameters).
    quiet = [row[0] for row in organizations_found if row[0] not in meetings]
    before: dict[int, dt.date] = {}
    for i in range(0, len(quiet), 5000):
        before.update(
            Meeting.objects.filter(date__lt=start, organization__in=quiet[i : i + 5000])
            .values("organization_id")
            .annotate(last=Max("date"))
            .values_list("organization_id", "last")
        )
    committees = _with_committee(ids, cut)
    groups: dict[int, list[tuple[dt.date, dt.date | None]]] = defaultdict(list)
    for branch_id, valid_from, valid_to in (
        PartyGroup.objects.overlapping(start, cut + dt.timedelta(days=1))
        .filter(branch__in=ids)
        .values_list("branch_id", "valid_from", "valid_to")
    ):
        groups[branch_id].append((valid_from, valid_to))
    reviews = _reviews_held([row[0] for row in organizations_found], year)
    review_ended, review_running = by_kind[REVIEW]
    first = records_start()
    for pk, name, code, path, org_kind, founded, dissolved in organizations_found:
        found = meetings.get(pk, nothing)
        kinds = kinds_for(org_kind, pk in committees, pk in groups)
        whole = founded <= start and (dissolved is None or dissolved >= open_from)
        expected: dict[str, int] = {}
        held: dict[str, int] = {}
        for i, (kind, ended, ended_bits, running_bits, memo) in enumerate(specs, start=1):
            mask = found[i] or 0
            read = memo.get(mask)
            if read is None:
                read = memo[mask] = (sum(1 for b in ended_bits if mask & b), int(bool(mask & running_bits)))
            ended_held, running_met = read
            held[kind] = ended_held + running_met
            if kind not in kinds:
                expected[kind] = 0
            elif whole and kind != MeetingKind.GROUP:  # existed all year: every ended period
                expected[kind] = len(ended) + running_met
            else:
                expected[kind] = (
                    sum(
                        1
                        for p in ended
                        if _overlaps(p, founded, dissolved)
                        and (kind != MeetingKind.GROUP or any(_overlaps(p, f, t) for f, t in groups[pk]))
                    )
                    + running_met
                )
        done = reviews.get(pk, 0)
        running_met = int(bool(done) and review_running is not None)
        held[REVIEW] = min(done, len(review_ended)) + running_met
        expected[REVIEW] = (
            sum(1 for p in review_ended if _overlaps(p, founded, dissolved)) + running_met if REVIEW in kinds else 0
        )
        expected_total = sum(expected.values())
        met_total = sum(min(h, expected[k]) for k, h in held.items())
        last = found[0] or before.get(pk)
        since = last or (max(founded, first) if first else None)
        # a dissolved organization's silence ends with it: it is not silent, only gone
        gone = dissolved is not None and dissolved <= cut
        silent_days = (cut - since).days if since and since <= cut and not gone else None
        report.rows.append(
            Row(
                id=pk,
                name=name,
                code=code,
                path=path,
                founded=founded,
                kinds=kinds,
                expected=expected,
                held=held,
                last_meeting=last,
                silent_days=silent_days,
                silent=silent_days is not None and silent_days >= report.silent_after,
                expected_total=expected_total,
                met_total=met_total,
            )
        )
    return report


def silent_organizations(day: dt.date) -> list[tuple[PartyOrganization, dt.date]]:
    """Live member-holding organizations with no meeting for `SILENT_BRANCH_DAYS` days on
    `day`, each with the day its silence began (its last meeting, or its founding or the start
    of records). Two queries."""
    first = records_start()
    if first is None:
        return []
    after = int(SILENT_BRANCH_DAYS.current())
    last = dict(
        Meeting.objects.filter(date__lte=day)
        .values("organization_id")
        .annotate(last=Max("date"))
        .values_list("organization_id", "last")
    )
    found = []
    orgs = PartyOrganization.objects.filter(kind__in=MEMBER_HOLDING_KINDS, founded__lte=day).exclude(dissolved__lte=day)
    for org in orgs.only("pk", "name", "path", "kind", "founded").order_by("path"):
        since = last.get(org.pk) or max(org.founded, first)
        if (day - since).days >= after:
            found.append((org, since))
    return found


def last_meetings(organization_ids: Iterable[int], day: dt.date) -> dict[int, dt.date]:
    """The last meeting on or before `day` of each of `organization_ids` that has one."""
    return dict(
        Meeting.objects.filter(organization__in=list(organization_ids), date__lte=day)
        .values("organization_id")
        .annotate(last=Max("date"))
        .values_list("organization_id", "last")
    )


@dataclass(frozen=True)
class Inactive:
    member: Member
    last_present: dt.date | None


def inactive_window(day: dt.date) -> dt.date:
    """The first day of the months read for organizational life (党章 第九条)."""
    return add_months(day, -int(INACTIVE_MONTHS.current()))


def inactive_members(organization: PartyOrganization, day: dt.date) -> list[Inactive]:
    """Members of `organization` on `day` who have been on the roll (joined the party) since
    the window began and were marked present at no meeting in it, with the date they last were.
    Empty while the records do not cover the window (nothing is known of the months before the
    first meeting recorded). One query after the start of records."""
    window = inactive_window(day)
    first = records_start()
    if first is None or first > window:
        return []
    present = Q(attendance__status=AttendanceStatus.PRESENT, attendance__meeting__date__lte=day)
    members = (
        Member.objects.of(organization, day)
        .filter(status=Status.ACTIVE, join_date__lte=window)
        .annotate(last_present=Max("attendance__meeting__date", filter=present))
        .filter(Q(last_present__isnull=True) | Q(last_present__lt=window))
        .order_by("name_pinyin", "pk")
    )
    return [Inactive(m, m.last_present) for m in members]
