"""The one registry of figures computed from the records (issue 21): for each organization asked
(with the organizations under it) and a year, what the records say — meetings held against
expected, reviews held, the leadership's democratic life meeting and study, terms overdue,
development votes on the rules, dues paid up, staffing, talks with new leaders.

The assessment's computed items and the campaigns' computed criteria read these figures; nothing
here is typed in by anyone, and each figure links to the records it counts.

**A source** is a function `(year, organizations) -> {org_id: Figure}` registered with
`@indicator(key, label=…, unit=…, description=…)`. It answers every organization asked in a
bounded number of queries, whatever their number (never one query per organization: the tests
count them), by calling the query its app already offers (`orglife.compliance.build`,
`evaluation.queries.rounds_held`, `leadership.queries.study_summary` …) over the union of the
subtrees and adding the rows up per organization asked (`Subtrees`). Adding a source is a
function of a few lines and its decorator.

**A figure** is a number (a percentage, a count) with what it was counted from (`count` of
`of`) and the URL of the records; `value` None means nothing was there to count (an organization
with no branch has no organizational life of its own; no new leader, no talk due) — the scoring
rules decide what that is worth.

**A year under way** is judged as `orglife.compliance` judges it: what falls due at the year's end
(the review of members, the leadership's life meeting) or at a month's end (dues) is expected
once that end has passed, or as soon as it is met — nobody is behind for what may still be done.

A past year is read as the records stand now: a term renewed since is no longer overdue.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q, QuerySet
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from commendations.queries import honours, member_honours
from core import clock
from development.models import Step, StepKind
from discipline.models import Talk, TalkKind
from dues.models import MonthlyDues, month_of
from elections.queries import OVERDUE, terms_by_status
from evaluation.queries import rounds_held
from leadership import rules as leadership_rules
from leadership.queries import life_rows, study_summary
from members.models import Member
from orglife import compliance
from orgs.models import MEMBER_HOLDING_KINDS, OrgKind, PartyOrganization, Post, PostRole, Unit
from reports import staffing
from supervision.models import ReportStatus
from supervision.queries import rectification_counts, report_states

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Figure:
    """One organization's figure for a year: `value` in the source's unit (None: nothing to
    count), `count` of `of` when it is a share, and `url`, the records it counts."""

    value: Decimal | None
    url: str = ""
    count: int | None = None
    of: int | None = None

    @property
    def text(self) -> str:
        if self.value is None:
            return "—"
        shown = self.value.quantize(Decimal("0.1"), ROUND_HALF_UP).normalize()
        return f"{shown:f}"

    def as_json(self) -> dict:
        return {
            "value": None if self.value is None else str(self.value),
            "count": self.count,
            "of": self.of,
            "url": self.url,
        }


Compute = Callable[[int, Sequence[PartyOrganization]], dict[int, Figure]]


@dataclass(frozen=True)
class Source:
    key: str  # stable: stored on indicator tables and frozen results
    label: Promise
    unit: Promise
    description: Promise  # where the figure comes from, one line
    compute: Compute

    def figures(self, year: int, organizations: Iterable[PartyOrganization]) -> dict[int, Figure]:
        """Every organization asked has a figure (a source that finds nothing says None)."""
        orgs = list(organizations)
        found = self.compute(year, orgs) if orgs else {}
        return {org.pk: found.get(org.pk, Figure(None)) for org in orgs}


SOURCES: dict[str, Source] = {}


def indicator(key: str, *, label: Promise, unit: Promise, description: Promise) -> Callable[[Compute], Compute]:
    """Register a source under `key` (unique, never renamed: tables store it)."""

    def register(compute: Compute) -> Compute:
        if key in SOURCES:
            raise ValueError(f"indicator {key} registered twice")
        SOURCES[key] = Source(key=key, label=label, unit=unit, description=description, compute=compute)
        return compute

    return register


def source(key: str) -> Source:
    return SOURCES[key]


def choices() -> list[tuple[str, str]]:
    """(key, label) of every source, for a form's select."""
    return [(s.key, f"{s.label}（{s.unit}）") for s in SOURCES.values()]


def compute_all(
    year: int, organizations: Iterable[PartyOrganization], keys: Iterable[str] | None = None
) -> dict[str, dict[int, Figure]]:
    """key → org id → figure, for `keys` (every source by default)."""
    orgs = list(organizations)
    wanted = list(SOURCES) if keys is None else [k for k in dict.fromkeys(keys) if k in SOURCES]
    return {key: SOURCES[key].figures(year, orgs) for key in wanted}


def year_day(year: int) -> dt.date:
    """The day a year is read on: today while it runs, its last day once it is over."""
    return min(clock.today(), dt.date(year, 12, 31))


def running(year: int) -> bool:
    """Whether `year` is still under way: what falls due at its end is not yet expected."""
    return year_day(year) < dt.date(year, 12, 31)


def share(count: int, of: int) -> Decimal | None:
    """`count` of `of` in per cent (None when there was nothing to count)."""
    return None if not of else Decimal(count) * HUNDRED / Decimal(of)


class Subtrees:
    """The organizations asked and everything under them: `queryset()` for the apps' queries
    (one path-prefix filter), `owners(path)` for adding a row up to each organization asked
    whose subtree holds it (subtrees may nest)."""

    def __init__(self, organizations: Sequence[PartyOrganization]):
        self.roots = {org.path: org.pk for org in organizations}

    def queryset(self) -> QuerySet[PartyOrganization]:
        q = Q()
        for path in self.roots:
            q |= Q(path__startswith=path)
        return PartyOrganization.objects.filter(q)

    def owners(self, path: str) -> list[int]:
        step = PartyOrganization.steplen
        return [self.roots[path[:i]] for i in range(step, len(path) + 1, step) if path[:i] in self.roots]


def _url(name: str, *args, **query) -> str:
    url = reverse(name, args=args)
    return f"{url}?{urlencode(query)}" if query else url


# -- organizational life ------------------------------------------------------------------------


def _life_url(org: PartyOrganization, year: int) -> str:
    if org.kind in MEMBER_HOLDING_KINDS:
        return _url("orglife:organization", org.pk, year=year)
    return _url("orglife:compliance", year=year, superior=org.pk)


@indicator(
    "orglife.held",
    label=_("Organizational life held as expected"),
    unit=pgettext_lazy("unit", "per cent"),
    description=_(
        "Periods of 三会一课, theme party days, organizational life meetings and reviews held, of those the rules "
        "expected of the branches (orglife compliance)"
    ),
)
def orglife_held(year: int, organizations: Sequence[PartyOrganization]) -> dict[int, Figure]:
    trees = Subtrees(organizations)
    met: dict[int, int] = defaultdict(int)
    expected: dict[int, int] = defaultdict(int)
    for row in compliance.build(trees.queryset(), year).rows:
        for owner in trees.owners(row.path):
            met[owner] += row.met_total
            expected[owner] += row.expected_total
    return {
        org.pk: Figure(share(met[org.pk], expected[org.pk]), _life_url(org, year), met[org.pk], expected[org.pk])
        for org in organizations
    }


@indicator(
    "evaluation.held",
    label=_("Democratic evaluation of members held"),
    unit=pgettext_lazy("unit", "per cent"),
    description=_("Branches that concluded the year's 民主评议党员, of the branches (evaluation rounds)"),
)
def evaluation_held(year: int, organizations: Sequence[PartyOrganization]) -> dict[int, Figure]:
    trees = Subtrees(organizations)
    day = year_day(year)
    branches = list(
        trees.queryset()
        .filter(kind__in=MEMBER_HOLDING_KINDS, founded__lte=day)
        .exclude(dissolved__lt=dt.date(year, 1, 1))
        .values_list("pk", "path")
    )
    held = rounds_held([pk for pk, _path in branches], year)
    done: dict[int, int] = defaultdict(int)
    total: dict[int, int] = defaultdict(int)
    # the review is of the whole year: while it runs, a branch is expected only once it held it
    expect_all = not running(year)
    for pk, path in branches:
        for owner in trees.owners(path):
            total[owner] += 1 if expect_all or held.get(pk) else 0
            done[owner] += 1 if held.get(pk) else 0
    return {
        org.pk: Figure(
            share(done[org.pk], total[org.pk]), _url("evaluation:organization", org.pk), done[org.pk], total[org.pk]
        )
        for org in organizations
    }


# -- the leadership group of the organization's unit --------------------------------------------


@indicator(
    "leadership.life_meeting",
    label=_("Leadership democratic life meeting held"),
    unit=pgettext_lazy("unit", "times"),
    description=_("The unit leadership group's 民主生活会 of the year, held (leadership records)"),
)
def life_meeting_held(year: int, organizations: Sequence[PartyOrganization]) -> dict[int, Figure]:
    units = {org.unit_id for org in organizations if org.unit_id}
    rows = {row.unit.pk: row for row in life_rows(year, Unit.objects.filter(pk__in=units), year_day(year))}
    found = {}
    for org in organizations:
        row = rows.get(org.unit_id)
        if row is None:
            continue  # no leadership group that year: nothing to count
        held = int(bool(row.meeting and row.meeting.held_on))
        if not held and running(year):
            continue  # the year's meeting may still be held (often early the next year)
        found[org.pk] = Figure(Decimal(held), _url("leadership:unit", org.unit_id, year=year), held, 1)
    return found


@indicator(
    "leadership.study_sessions",
    label=_("Central-group study sessions"),
    unit=pgettext_lazy("unit", "times"),
    description=_("Sessions of the unit leadership group's 中心组学习 in the year (leadership records)"),
)
def study_sessions(year: int, organizations: Sequence[PartyOrganization]) -> dict[int, Figure]:
    units = {org.unit_id for org in organizations if org.unit_id}
    sessions = {row["unit_id"]: row["sessions"] for row in study_summary(year, units=list(units))}
    minimum = int(leadership_rules.STUDY_MIN_SESSIONS.current())
    return {
        org.pk: Figure(
            Decimal(sessions[org.unit_id]),
            _url("leadership:unit", org.unit_id, year=year),
            sessions[org.unit_id],
            minimum,
        )
        for org in organizations
        if org.unit_id in sessions
    }


# -- terms, development, dues, staffing, talks --------------------------------------------------


@indicator(
    "elections.overdue",
    label=_("Terms overdue"),
    unit=pgettext_lazy("unit", "organizations"),
    description=_("Organizations in the subtree whose term has ended without an election (换届 oversight)"),
)
def terms_overdue(year: int, organizations: Sequence[PartyOrganization]) -> dict[int, Figure]:
    trees = Subtrees(organizations)
    overdue: dict[int, int] = defaultdict(int)
    for org in terms_by_status(year_day(year), within=trees.queryset())[OVERDUE]:
        for owner in trees.owners(org.path):
            overdue[owner] += 1
    url = reverse("elections:oversight")
    return {org.pk: Figure(Decimal(overdue[org.pk]), url, overdue[org.pk]) for org in organizations}


@indicator(
    "development.votes_on_rules",
    label=_("Development votes held on the rules"),
    unit=pgettext_lazy("unit", "per cent"),
    description=_(
        "Admission and conversion votes of the year recorded without a warning (late, or against the rules), "
        "of all such votes (development records)"
    ),
)
def votes_on_rules(year: int, organizations: Sequence[PartyOrganization]) -> dict[int, Figure]:
    trees = Subtrees(organizations)
    rows = (
        Step.objects.filter(
            kind__in=(StepKind.VOTE, StepKind.CONVERSION_VOTE),
            date__year=year,
            organization__in=trees.queryset(),
        )
        .values("organization__path")
        .annotate(n=Count("pk"), clean=Count("pk", filter=Q(warning="")))
        .values_list("organization__path", "n", "clean")
    )
    total: dict[int, int] = defaultdict(int)
    clean: dict[int, int] = defaultdict(int)
    for path, n, ok in rows:
        for owner in trees.owners(path):
            total[owner] += n
            clean[owner] += ok
    return {
        org.pk: Figure(
            share(clean[org.pk], total[org.pk]), _url("development:board", org.pk), clean[org.pk], total[org.pk]
        )
        for org in organizations
    }


@indicator(
    "dues.paid",
    label=_("Dues paid up"),
    unit=pgettext_lazy("unit", "per cent"),
    description=_("Member-months of the year settled (paid at least the due), of those computed (dues records)"),
)
def dues_paid(year: int, organizations: Sequence[PartyOrganization]) -> dict[int, Figure]:
    trees = Subtrees(organizations)
    day = year_day(year)
    # a month is counted once it has ended, or as soon as it is settled (the month under way)
    under_way = month_of(day) if running(year) else None
    months = Q(month__lte=day) if under_way is None else Q(month__lt=under_way) | Q(month=under_way, paid__gte=F("due"))
    rows = (
        MonthlyDues.objects.filter(months, month__year=year, organization__in=trees.queryset())
        .values("organization__path")
        .annotate(n=Count("pk"), settled=Count("pk", filter=Q(paid__gte=F("due"))))
        .values_list("organization__path", "n", "settled")
    )
    total: dict[int, int] = defaultdict(int)
    settled: dict[int, int] = defaultdict(int)
    for path, n, ok in rows:
        for owner in trees.owners(path):
            total[owner] += n
            settled[owner] += ok
    return {
        org.pk: Figure(
            share(settled[org.pk], total[org.pk]), _url("dues:organization", org.pk), settled[org.pk], total[org.pk]
        )
        for org in organizations
    }


@indicator(
    "reports.staffing",
    label=_("Organ party committees staffed as required"),
    unit=pgettext_lazy("unit", "per cent"),
    description=_(
        "Organ party committees with the secretary, deputy and full-time staff the notice requires (staffing report)"
    ),
)
def staffing_compliant(year: int, organizations: Sequence[PartyOrganization]) -> dict[int, Figure]:
    trees = Subtrees(organizations)
    day = year_day(year)
    report = staffing.check(trees.queryset(), day)
    short = {s.organization.pk for s in report.shortfalls}
    live = Q(founded__lte=day) & (Q(dissolved__isnull=True) | Q(dissolved__gt=day))
    total: dict[int, int] = defaultdict(int)
    fine: dict[int, int] = defaultdict(int)
    for pk, path in trees.queryset().filter(live, kind=OrgKind.ORGAN_PARTY_COMMITTEE).values_list("pk", "path"):
        for owner in trees.owners(path):
            total[owner] += 1
            fine[owner] += 0 if pk in short else 1
    url = _url("reports:staffing", day=day.isoformat())
    return {
        org.pk: Figure(share(fine[org.pk], total[org.pk]), url, fine[org.pk], total[org.pk]) for org in organizations
    }


@indicator(
    "discipline.new_leader_talks",
    label=_("Talks with newly appointed leaders held"),
    unit=pgettext_lazy("unit", "per cent"),
    description=_(
        "Secretaries and deputy secretaries who took up their post in the year and had the talk with a newly "
        "appointed leader (discipline talks)"
    ),
)
def new_leader_talks(year: int, organizations: Sequence[PartyOrganization]) -> dict[int, Figure]:
    trees = Subtrees(organizations)
    posts = list(
        Post.objects.filter(
            role__in=(PostRole.SECRETARY, PostRole.DEPUTY_SECRETARY),
            valid_from__year=year,
            organization__in=trees.queryset(),
        ).values_list("pk", "member_id", "valid_from", "organization__path")
    )
    talks = Talk.objects.filter(kind=TalkKind.APPOINTMENT, member_id__in={p[1] for p in posts}).values_list(
        "post_id", "member_id", "date"
    )
    by_post = set()
    by_member: dict[int, list[dt.date]] = defaultdict(list)
    for post_id, member_id, day in talks:
        if post_id:
            by_post.add(post_id)
        by_member[member_id].append(day)
    total: dict[int, int] = defaultdict(int)
    held: dict[int, int] = defaultdict(int)
    for pk, member_id, valid_from, path in posts:
        done = pk in by_post or any(day >= valid_from for day in by_member[member_id])
        for owner in trees.owners(path):
            total[owner] += 1
            held[owner] += int(done)
    url = _url("discipline:talks", kind=TalkKind.APPOINTMENT.value, year=year)
    return {
        org.pk: Figure(share(held[org.pk], total[org.pk]), url, held[org.pk], total[org.pk]) for org in organizations
    }


# -- the committee's oversight and its honours ----------------------------------------------------


def _paths(model, ids) -> dict[int, str]:
    """id → the path of its organization (an organization's own path for organizations)."""
    field = "path" if model is PartyOrganization else "organization__path"
    return dict(model.objects.filter(pk__in=set(ids)).values_list("pk", field))


@indicator(
    "supervision.reports_on_time",
    label=_("Annual work report submitted on time"),
    unit=pgettext_lazy("unit", "per cent"),
    description=_(
        "Annual work reports to the committee submitted by the deadline and not returned, of the reports due "
        "(annual reports; a report not yet due is not counted)"
    ),
)
def reports_on_time(year: int, organizations: Sequence[PartyOrganization]) -> dict[int, Figure]:
    trees = Subtrees(organizations)
    states = report_states(year)
    paths = _paths(PartyOrganization, states)
    due: dict[int, int] = defaultdict(int)
    on_time: dict[int, int] = defaultdict(int)
    for org_id, state in states.items():
        if state.status == ReportStatus.MISSING and not state.late:
            continue  # the deadline has not passed: nobody is behind yet
        done = state.status in (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED) and not state.late
        for owner in trees.owners(paths.get(org_id, "")):
            due[owner] += 1
            on_time[owner] += int(done)
    url = _url("supervision:reports", year=year)
    return {
        org.pk: Figure(share(on_time[org.pk], due[org.pk]), url, on_time[org.pk], due[org.pk]) for org in organizations
    }


@indicator(
    "supervision.rectified",
    label=_("Rectification items closed in time"),
    unit=pgettext_lazy("unit", "per cent"),
    description=_(
        "Rectification items of the year's inspections closed, of those closed or past their deadline "
        "(inspections; an item still within its deadline is not counted)"
    ),
)
def rectified(year: int, organizations: Sequence[PartyOrganization]) -> dict[int, Figure]:
    trees = Subtrees(organizations)
    counts = rectification_counts(year, trees.queryset().values_list("pk", flat=True), day=year_day(year))
    paths = _paths(PartyOrganization, counts)
    closed: dict[int, int] = defaultdict(int)
    counted: dict[int, int] = defaultdict(int)
    for org_id, c in counts.items():
        for owner in trees.owners(paths[org_id]):
            closed[owner] += c["closed"]
            counted[owner] += c["closed"] + c["overdue"]
    return {
        org.pk: Figure(
            share(closed[org.pk], counted[org.pk]),
            _url("supervision:organization", org.pk),
            closed[org.pk],
            counted[org.pk],
        )
        for org in organizations
    }


@indicator(
    "commendations.honours",
    label=_("Honours from commendations"),
    unit=pgettext_lazy("unit", "honours"),
    description=_(
        "Honours decided in the year for the organizations of the subtree and for its members (by their present "
        "organization) (commendation rounds)"
    ),
)
def honours_won(year: int, organizations: Sequence[PartyOrganization]) -> dict[int, Figure]:
    trees = Subtrees(organizations)
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    found: dict[int, int] = defaultdict(int)
    for model, honoured in ((PartyOrganization, honours(start, end)), (Member, member_honours(start, end))):
        paths = _paths(model, honoured)
        for pk, listed in honoured.items():
            for owner in trees.owners(paths.get(pk) or ""):
                found[owner] += len(listed)
    url = reverse("commendations:rounds")
    return {org.pk: Figure(Decimal(found[org.pk]), url, found[org.pk]) for org in organizations}
