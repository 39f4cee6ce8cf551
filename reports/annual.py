"""党内统计年报: the annual statistics report of a scope (the committee, or an organization with
those under it) as of December 31, computed from the records every time — the registry, the 党籍
events, development, organizational life, evaluation, commendations and discipline. Nobody types
a figure in; the clerk writes only the explanations of figures that changed beyond the
thresholds (`reports.models.Explanation`).

**The scope of a year** is the subtree on its last day (`T`, walked through the superior facts of
that day), with the organizations under it dissolved during the year (a branch merged into
another of the scope: its members did not leave the scope, its records of the year are the
year's; `Scope.organizations_of_year`). The members on December 31 of the year before are last
year's end in last year's
subtree; an organization that came into or left the subtree during the year brings its members
as "moved with their organization". Within the year every membership fact that begins in `T`
without following one in `T` is an increase, every one that ends in `T` without being followed in
`T` a decrease, so that, member by member,

    start + moved in − moved out + increases − decreases = end

holds by construction (`changes.reconciles` checks it, and names the members whose facts overlap
if it ever does not). Each increase or decrease is told by what the records say happened on its
day: a 党籍 event of that day (death, the kinds of leaving the party, suspension, restoration), a
membership elsewhere just before or after (a transfer, within the system), the first membership
starting on the joining day (发展), or else a transfer from or to outside the system.

**A figure** is an integer under a flat key ("members.women", "changes.increase.developed") or
None where its module holds no record of the year anywhere ("no data", not zero). `TABLES` lays the
figures out for the page and the workbook in the usual order of the standard tables; each member
figure is a filter (`member_filters`) so that the drill-down lists exactly the members counted.
"""

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.db.models import (
    BigIntegerField,
    Case,
    CharField,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from commendations.models import Nomination, NominationStatus
from commendations.models import Status as RoundStatus
from core.i18n import format_lazy
from core.lookups import IdArray
from core.periods import add_months, latest_birth_for_age
from core.rules import probation_ends
from development import rules as development_rules
from development.models import Candidate, Step, StepKind
from development.services import SYSTEM_STEPS
from discipline.models import Sanction, SanctionKind, SanctionStatus
from elections.queries import term_counts
from evaluation.models import EvaluationRound, Grade, Participant
from members.codes import FOREIGN_ORIGIN, MINORITIES, UNIDENTIFIED
from members.models import COLLEGE_OR_ABOVE, Education, EventKind, Gender, Member, MemberEvent, Membership, Occupation
from orglife.models import Attendance, AttendanceStatus, Meeting, MeetingKind
from orgs.models import OrgKind, PartyOrganization, Unit, UnitType, WorkingCommittee
from reports import rules
from reports.models import Explanation, Filing
from reports.stats import subtree_rows

# -- member composition -------------------------------------------------------------------------

AGE_BANDS: list[tuple[str, int | None, int | None]] = [
    ("<=30", None, 30),
    ("31-35", 31, 35),
    ("36-40", 36, 40),
    ("41-45", 41, 45),
    ("46-50", 46, 50),
    ("51-55", 51, 55),
    ("56-60", 56, 60),
    (">=61", 61, None),
]
# The joining eras of 党内统计公报, by the days that open them: 中华人民共和国成立 (1949-10-01),
# the opening of the 十一届三中全会 (1978-12-18) and of the 十八大 (2012-11-08).
ERAS: list[tuple[str, dt.date | None, dt.date | None, Promise]] = [
    ("before_1949", None, dt.date(1949, 10, 1), _("Before the founding of the People's Republic")),
    ("1949_1978", dt.date(1949, 10, 1), dt.date(1978, 12, 18), _("From the founding to the Third Plenum (1978)")),
    ("1978_2012", dt.date(1978, 12, 18), dt.date(2012, 11, 8), _("From the Third Plenum to the 18th Congress")),
    ("since_2012", dt.date(2012, 11, 8), None, _("Since the 18th Congress")),
]
RETIRED, UNKNOWN = "retired", "unknown"


def _age_q(day: dt.date, low: int | None, high: int | None) -> Q:
    q = Q()
    if high is not None:  # at most `high` years old on `day`: not yet `high + 1`
        q &= Q(birth_date__gt=latest_birth_for_age(day, high + 1))
    if low is not None:
        q &= Q(birth_date__lte=latest_birth_for_age(day, low))
    return q


def member_filters(day: dt.date) -> dict[str, Q]:
    """Every composition figure of the members on `day`, as a filter on `Member`: the count and
    the drill-down read the same one. Keys without the "members." prefix."""
    retired = Q(retired_on__isnull=False, retired_on__lte=day)
    filters: dict[str, Q] = {
        "total": Q(),
        "full": Q(full_member_date__isnull=False, full_member_date__lte=day),
        "probationary": Q(full_member_date__isnull=True) | Q(full_member_date__gt=day),
        "women": Q(gender=Gender.FEMALE),
        "minorities": Q(ethnicity__in=sorted(MINORITIES)),
        "ethnicity_other": Q(ethnicity__in=[UNIDENTIFIED, FOREIGN_ORIGIN]),
        "ethnicity_unknown": Q(ethnicity=""),
        "college_or_above": Q(education__in=COLLEGE_OR_ABOVE),
    }
    filters |= {f"education.{e.value}": Q(education=e.value) for e in Education}
    filters |= {f"age.{key}": _age_q(day, low, high) for key, low, high in AGE_BANDS}
    for key, start, end, _label in ERAS:
        q = Q()
        if start is not None:
            q &= Q(join_date__gte=start)
        if end is not None:
            q &= Q(join_date__lt=end)
        filters[f"era.{key}"] = q
    filters |= {f"occupation.{o.value}": Q(occupation=o.value) & ~retired for o in Occupation}
    filters[f"occupation.{RETIRED}"] = retired
    filters[f"occupation.{UNKNOWN}"] = Q(occupation="") & ~retired
    return filters


def count_members(members: QuerySet[Member], filters: dict[str, Q], prefix: str) -> dict[str, int]:
    """One statement: each filter's count over `members`."""
    aliases = {f"f{i}": key for i, key in enumerate(filters)}
    counts = members.aggregate(**{alias: Count("pk", filter=filters[key]) for alias, key in aliases.items()})
    return {f"{prefix}{key}": counts[alias] or 0 for alias, key in aliases.items()}


# -- the scope ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """The committee (its organization not counted, as in `reports.stats`) or one organization
    with those under it."""

    committee: WorkingCommittee
    root: PartyOrganization
    whole: bool  # the committee's whole report
    cache: dict = field(default_factory=dict, compare=False, repr=False)  # the walks read, `memo`

    @classmethod
    def of(cls, committee: WorkingCommittee, organization: PartyOrganization | None = None) -> "Scope":
        if organization is None or organization == committee.organization:
            return cls(committee, committee.organization, True)
        return cls(committee, organization, False)

    @property
    def name(self) -> str:
        return self.committee.name if self.whole else self.root.name

    def organizations(self, day: dt.date) -> list[int]:
        """The ids of the scope's organizations on `day` (for `within`)."""
        return self.listed(day)

    def organizations_of_year(self, year: int) -> list[int]:
        """The year's organizations for its changes and records: the subtree on December 31 with
        those under it dissolved during the year (two branches merged in June are no move out
        of the scope, and the merged one's records of the year are the year's)."""
        start, end = year_days(year)
        return self.listed(end, dissolved_after=start)

    def listed(self, day: dt.date, dissolved_after: dt.date | None = None) -> list[int]:
        """The scope's organizations on `day` (and those dissolved after `dissolved_after`), in
        order. The walk down the superior facts of the day is read once (cached on the scope)
        and listed in every statement rather than repeated in each: at a province's size the
        walk over ~60,000 organizations costs more than most statements it would sit in."""
        if day not in self.cache:
            self.cache[day] = subtree_rows(self.root.pk, day, include_root=not self.whole)
        cutoff = dissolved_after or day
        return [pk for pk, dissolved in self.cache[day] if dissolved is None or dissolved > cutoff]

    def memo(self, key: tuple, compute):
        """A figure read once per scope (the two years of a report share a day)."""
        if key not in self.cache:
            self.cache[key] = compute()
        return self.cache[key]


LISTED = 2000


def within(field: str, ids: list[int]) -> Q:
    """`field` among `ids`: written out when few, so that the planner sees how few they are (a
    department's 12 organizations, not the district's every membership); many (a committee's
    tens of thousands) as one parameter however long — an array compared with `= ANY` on
    PostgreSQL (`core.lookups`), a JSON list on SQLite."""
    if len(ids) <= LISTED:
        return Q(**{f"{field}__in": ids})
    if connection.vendor == "postgresql":
        return Q(**{f"{field}__any": IdArray(ids)})
    listed = RawSQL("SELECT value FROM json_each(%s)", (json.dumps(ids),))  # noqa: S611 -- a constant, values bound
    return Q(**{f"{field}__in": listed})


def year_days(year: int) -> tuple[dt.date, dt.date]:
    """December 31 of the year before (the start) and of the year (the end)."""
    return dt.date(year - 1, 12, 31), dt.date(year, 12, 31)


def roll(scope: Scope, day: dt.date, organizations: list[int] | None = None) -> QuerySet[Membership]:
    """The membership facts of the scope's members on `day` (in `organizations`, by default the
    scope's on that day)."""
    orgs = organizations if organizations is not None else scope.organizations(day)
    return Membership.objects.as_of(day).filter(within("organization_id", orgs))


# -- changes (增减) -------------------------------------------------------------------------------

INCREASES = ("developed", "transferred_in", "restored", "moved_in")
LEAVING_KINDS = ("expelled", "removed", "lapsed", "withdrew", "probation_cancelled", "left_unclassified")
DECREASES = ("death", *LEAVING_KINDS, "suspended", "transferred_out", "moved_out")
_EXIT_EVENTS = {
    EventKind.DECEASED: "death",
    EventKind.EXPELLED: "expelled",
    EventKind.REMOVED: "removed",
    EventKind.LAPSED: "lapsed",
    EventKind.WITHDREW: "withdrew",
    EventKind.PROBATION_CANCELLED: "probation_cancelled",
    EventKind.LEFT: "left_unclassified",
    EventKind.SUSPENDED: "suspended",
}


def entries(scope: Scope, year: int) -> QuerySet[Membership]:
    """The membership facts through which members came into the scope during the year,
    annotated with `change`, the kind of increase."""
    start, end = year_days(year)
    orgs = scope.organizations_of_year(year)
    earlier = Membership.objects.filter(member_id=OuterRef("member_id"), valid_from__lt=OuterRef("valid_from"))
    restored = MemberEvent.objects.filter(
        member_id=OuterRef("member_id"), kind=EventKind.RESTORED, date=OuterRef("valid_from")
    )
    return (
        Membership.objects.filter(within("organization_id", orgs), valid_from__gt=start, valid_from__lte=end)
        .annotate(before=_adjoining("valid_to", "valid_from"))
        .filter(Q(before__isnull=True) | ~within("before", orgs))
        .annotate(
            change=Case(
                When(before__isnull=False, then=Value("transferred_in")),
                When(Exists(restored), then=Value("restored")),
                When(Q(member__join_date=F("valid_from")) & ~Exists(earlier), then=Value("developed")),
                default=Value("transferred_in"),
                output_field=CharField(),
            )
        )
    )


def entries_of_year(scope: Scope, year: int) -> list[tuple[int, str]]:
    """(member id, kind of increase) of each of the year's `entries`, read once per report: the
    changes count them and the development table takes those admitted from them, rather than
    each statement working the year's entries out again (seconds each at a million members)."""
    rows = entries(scope, year).order_by().values_list("member_id", "change")
    return scope.memo(("entries", year), lambda: list(rows))


def exits(scope: Scope, year: int) -> QuerySet[Membership]:
    """The membership facts through which members left the scope during the year, annotated
    with `onward` (a membership elsewhere follows the same day: a transfer) and `event` (the
    党籍 event of that day, if any); `exit_change` reads the kind of decrease from them."""
    start, end = year_days(year)
    orgs = scope.organizations_of_year(year)
    event = MemberEvent.objects.filter(
        member_id=OuterRef("member_id"), date=OuterRef("valid_to"), kind__in=list(_EXIT_EVENTS)
    ).order_by("pk")
    return (
        Membership.objects.filter(within("organization_id", orgs), valid_to__gt=start, valid_to__lte=end)
        .annotate(after=_adjoining("valid_from", "valid_to"))
        .filter(Q(after__isnull=True) | ~within("after", orgs))
        .annotate(onward=Q(after__isnull=False), event=Subquery(event.values("kind")[:1]))
    )


def _adjoining(theirs: str, ours: str) -> Subquery:
    """The organization of the member's membership fact whose `theirs` day is this fact's
    `ours` (the one just before, or just after; a member's facts never overlap, so at most one).
    Read per fact and then tested against the scope's organizations — not "no fact in the scope
    adjoins", which PostgreSQL answers by hashing every membership of the scope (a million at a
    province's size) for the year's few thousand entries."""
    adjoining = Membership.objects.filter(member_id=OuterRef("member_id"), **{theirs: OuterRef(ours)}).order_by()
    return Subquery(adjoining.values("organization_id")[:1])


def exit_change(onward: bool, event: str | None) -> str:
    """The kind of decrease: a transfer when a membership follows elsewhere, else the day's
    event, else a transfer out of the system."""
    return "transferred_out" if onward or event is None else _EXIT_EVENTS[event]


def exits_of(rows: QuerySet[Membership], codes: list[str]) -> QuerySet[Membership]:
    """`rows` (of `exits`) narrowed to the decreases of `codes`."""
    q = Q(pk__in=[])
    for code in codes:
        if code == "transferred_out":
            q |= Q(onward=True) | Q(event__isnull=True)
        else:
            q |= Q(onward=False, event__in=[kind for kind, c in _EXIT_EVENTS.items() if c == code])
    return rows.filter(q)


def moved(scope: Scope, year: int) -> tuple[QuerySet[Membership], QuerySet[Membership]]:
    """The members whose organization came into (first) or left (second) the scope during the
    year, as their membership facts on the first day: an organization test, not a member one (a
    member holds one membership a day). The organizations that came or went are told apart in
    Python, and are few (none most years), so neither statement reads the whole roll."""
    start, end = year_days(year)
    then, now = set(scope.listed(start)), set(scope.listed(end, dissolved_after=start))
    on_start = Membership.objects.as_of(start)
    return (
        on_start.filter(within("organization_id", sorted(now - then))),
        on_start.filter(within("organization_id", sorted(then - now))),
    )


def _changes(scope: Scope, year: int) -> dict[str, int]:
    start_day, end_day = year_days(year)
    figures: dict[str, int] = {
        "changes.start": scope.memo(("roll", start_day), roll(scope, start_day).count),
        "changes.end": scope.memo(("roll", end_day), roll(scope, end_day).count),
    }
    counts = {code: 0 for code in (*INCREASES, *DECREASES)}
    for _member, change in entries_of_year(scope, year):
        counts[change] += 1
    for onward, event, n in exits(scope, year).order_by().values_list("onward", "event").annotate(n=Count("pk")):
        counts[exit_change(onward, event)] += n
    moved_in, moved_out = moved(scope, year)
    counts["moved_in"], counts["moved_out"] = moved_in.count(), moved_out.count()
    figures |= {f"changes.increase.{code}": counts[code] for code in INCREASES}
    figures |= {f"changes.decrease.{code}": counts[code] for code in DECREASES}
    figures["changes.increase.total"] = sum(counts[c] for c in INCREASES)
    figures["changes.decrease.total"] = sum(counts[c] for c in DECREASES)
    figures["changes.decrease.left_party"] = sum(counts[c] for c in LEAVING_KINDS)
    return figures


def reconciles(figures: dict) -> bool:
    """start + increases − decreases = end, and the end counts each member once (memberships
    that overlap, which only old imports could leave, would count someone twice)."""
    identity = figures["changes.start"] + figures["changes.increase.total"] - figures["changes.decrease.total"]
    return identity == figures["changes.end"] == figures["members.total"]


def overlapping_members(scope: Scope, year: int) -> list[Member]:
    """Members with more than one membership fact on the first or last day (what breaks the
    identity: the registry's constraint forbids it, old imports might not have)."""
    found: set[int] = set()
    for day in year_days(year):
        rows = roll(scope, day).order_by().values("member_id").annotate(n=Count("pk")).filter(n__gt=1)
        found |= {r["member_id"] for r in rows}
    return list(Member.objects.filter(pk__in=found).order_by("pk")[:20])


# -- development ----------------------------------------------------------------------------------

ADMITTED_FILTERS = ("women", "minorities", "college_or_above")


def _stage_dates(day: dt.date) -> dict:
    return {
        name: Subquery(
            Step.objects.filter(candidate_id=OuterRef("pk"), kind=kind, date__lte=day)
            .order_by("date")
            .values("date")[:1]
        )
        for name, kind in (
            ("activist_on", StepKind.ACTIVIST),
            ("object_on", StepKind.DEVELOPMENT_OBJECT),
            ("approved_on", StepKind.APPROVAL),
            ("stopped_on", StepKind.STOPPED),
            ("cancelled_on", StepKind.CANCELLATION),
        )
    }


def candidates_on(scope: Scope, day: dt.date) -> QuerySet[Candidate]:
    """The development records still on the way on `day` in the branches of the scope holding
    them that day, annotated with `stage_on` (applicant, activist, object). A record holds its
    branch unless it was transferred (培养关系转移, few): then the branch is that of its last
    application or transfer step by the day, as `development.services.branch_on` reads it."""
    orgs = scope.organizations(day)
    held = Step.objects.filter(
        candidate_id=OuterRef("pk"), kind__in=SYSTEM_STEPS, organization__isnull=False, date__lte=day
    ).order_by("-date", "-pk")
    transferred = Q(pk__in=Step.objects.filter(kind=StepKind.TRANSFERRED).values("candidate_id"))
    return (
        Candidate.objects.filter(applied_on__lte=day)
        .alias(
            held_on=Coalesce(
                Subquery(held.values("organization_id")[:1]), "organization_id", output_field=BigIntegerField()
            )
        )
        .filter((~transferred & within("organization_id", orgs)) | (transferred & within("held_on", orgs)))
        .annotate(**_stage_dates(day))
        .filter(approved_on__isnull=True, stopped_on__isnull=True, cancelled_on__isnull=True)
        .annotate(
            stage_on=Case(
                When(object_on__isnull=False, then=Value("objects")),
                When(activist_on__isnull=False, then=Value("activists")),
                default=Value("applicants"),
                output_field=CharField(),
            )
        )
    )


def admitted(scope: Scope, year: int) -> QuerySet[Member]:
    """The members the scope admitted in the year (the increases by 发展)."""
    developed = sorted({member for member, change in entries_of_year(scope, year) if change == "developed"})
    return Member.objects.filter(within("pk", developed))


def conversions(scope: Scope, year: int) -> QuerySet[Member]:
    """The members of the scope who became full members during the year (in the scope on the
    day): the registry's full-membership date, whoever recorded it."""
    start, end = year_days(year)
    orgs = scope.organizations_of_year(year)
    if len(orgs) <= LISTED:
        # a department's: read from its few organizations' memberships, not every member's date
        full = F("member__full_member_date")
        in_scope = Membership.objects.filter(
            within("organization_id", orgs),
            member__full_member_date__gt=start,
            member__full_member_date__lte=end,
            valid_from__lte=full,
        ).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=full))
        return Member.objects.filter(pk__in=in_scope.values("member_id"))
    # a committee's (too many to list): from the year's conversions, each member's organization
    # on the day read through their own memberships — not every membership of the scope hashed
    # against them
    full = OuterRef("full_member_date")
    held = Membership.objects.filter(member_id=OuterRef("pk"), valid_from__lte=full).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=full)
    )
    return (
        Member.objects.filter(full_member_date__gt=start, full_member_date__lte=end)
        .alias(held=Subquery(held.order_by().values("organization_id")[:1]))
        .filter(within("held", orgs))
    )


def _development(scope: Scope, year: int) -> dict[str, int]:
    _start, end = year_days(year)
    figures = {f"development.{stage}": 0 for stage in ("applicants", "activists", "objects")}
    stages = candidates_on(scope, end).order_by().values_list("stage_on").annotate(n=Count("pk"))
    figures |= {f"development.{stage}": n for stage, n in stages.values_list("stage_on", "n")}
    members = admitted(scope, year)
    # one statement for the admitted members' counts (each reads the year's entries again)
    counted = {"total": Q(), **{k: q for k, q in member_filters(end).items() if k in ADMITTED_FILTERS}}
    counted |= {f"occupation.{o.value}": Q(occupation=o.value) for o in Occupation}
    counted[f"occupation.{UNKNOWN}"] = Q(occupation="")
    figures |= count_members(members, counted, "development.admitted.")
    # 35 and under on the day they joined: born after the joining day 36 years back (read in one
    # go: a server-side cursor makes PostgreSQL plan for the first rows, 41 s for 150 ms of work)
    young = 0
    for born, joined in members.order_by().values_list("birth_date", "join_date"):
        young += latest_birth_for_age(joined, 36) < born
    figures["development.admitted.age_35_or_under"] = young
    # after an extension: one was recorded, or the date is at least the shortest extension past
    # the year of probation (a conversion approved a few weeks late is still on time)
    on_time = extended = 0
    rows = (
        conversions(scope, year)
        .order_by()
        .annotate(extension=Exists(Step.objects.filter(candidate__member_id=OuterRef("pk"), kind=StepKind.EXTENSION)))
    )
    extended_from: dict[dt.date, dt.date] = {}  # by joining day: tens of thousands share a few hundred
    for joined, full, extension in rows.values_list("join_date", "full_member_date", "extension"):
        if joined not in extended_from:
            ends = probation_ends(joined)
            extended_from[joined] = add_months(ends, development_rules.rules_on(ends).extension_months[0])
        if extension or full >= extended_from[joined]:
            extended += 1
        else:
            on_time += 1
    figures["development.conversions.on_time"] = on_time
    figures["development.conversions.extended"] = extended
    return figures


# -- organizations --------------------------------------------------------------------------------

BASE_KINDS = (OrgKind.PARTY_COMMITTEE, OrgKind.ORGAN_PARTY_COMMITTEE, OrgKind.GENERAL_BRANCH, OrgKind.BRANCH)


def organizations_on(scope: Scope, day: dt.date) -> QuerySet[PartyOrganization]:
    return PartyOrganization.objects.filter(within("pk", scope.organizations(day)))


def _organizations(scope: Scope, year: int) -> dict[str, int | None]:
    _start, end = year_days(year)
    orgs = organizations_on(scope, end)
    kinds = dict(orgs.order_by().values_list("kind").annotate(n=Count("pk")).values_list("kind", "n"))
    figures: dict[str, int | None] = {f"organizations.kind.{k.value}": kinds.get(k.value, 0) for k in BASE_KINDS}
    figures["organizations.base"] = sum(kinds.get(k.value, 0) for k in BASE_KINDS)
    units = Unit.objects.filter(pk__in=orgs.values("unit_id"))
    types = dict(
        units.order_by()
        .values_list("category__unit_type")
        .annotate(n=Count("pk"))
        .values_list("category__unit_type", "n")
    )
    figures |= {f"organizations.units.{t.value}": types.get(t.value, 0) for t in UnitType}
    figures["organizations.units.total"] = sum(types.values())
    if scope.whole:  # a department's own report has no units outside it to count
        live = Unit.objects.filter(Q(established__isnull=True) | Q(established__lte=end)).filter(
            Q(abolished__isnull=True) | Q(abolished__gt=end)
        )
        with_organization = orgs.filter(unit_id=OuterRef("pk"))
        figures["organizations.units.without_organization"] = live.filter(~Exists(with_organization)).count()
    else:
        figures["organizations.units.without_organization"] = None
    # 换届: as the records stand now (a past year's overdue terms renewed since read as renewed)
    figures |= {f"organizations.terms.{k}": n for k, n in term_counts(end, within=orgs).items()}
    return figures


# -- the year's work from its modules -------------------------------------------------------------

TRAINING_KINDS = (MeetingKind.LECTURE, MeetingKind.TRAINING)


def _work(scope: Scope, year: int) -> dict[str, int | None]:
    """民主评议, training, commendations, sanctions. A module that holds no record of the year
    anywhere reads None throughout ("no data": it is not in use, or the year is not entered);
    one that does reads 0 where the scope has none."""
    start, end = year_days(year)
    orgs = scope.organizations_of_year(year)
    figures: dict[str, int | None] = {}

    rounds = EvaluationRound.objects.filter(year=year)
    evaluation = Participant.objects.filter(round__in=rounds.filter(within("organization_id", orgs))).aggregate(
        total=Count("pk"),
        probationary=Count("pk", filter=Q(probationary=True)),
        **{g.value: Count("pk", filter=Q(grade=g.value)) for g in Grade},
    )
    used = rounds.exists()
    figures["work.evaluation.rounds"] = rounds.filter(within("organization_id", orgs)).count() if used else None
    for key in ("total", "probationary", *(g.value for g in Grade)):
        figures[f"work.evaluation.{key}"] = evaluation[key] if used else None

    year_meetings = Meeting.objects.filter(kind__in=TRAINING_KINDS, date__gt=start, date__lte=end)
    meetings = year_meetings.filter(within("organization_id", orgs))
    sessions = meetings.aggregate(n=Count("pk"), hours=Sum("hours"))
    attended = Attendance.objects.filter(meeting__in=meetings, status=AttendanceStatus.PRESENT).aggregate(
        hours=Sum("meeting__hours")
    )
    used = year_meetings.exists()
    figures["work.training.sessions"] = sessions["n"] if used else None
    figures["work.training.hours"] = _whole(sessions["hours"]) if used else None
    figures["work.training.member_hours"] = _whole(attended["hours"]) if used else None

    honours = Nomination.objects.filter(
        status=NominationStatus.APPROVED,
        round__status=RoundStatus.DECIDED,
        round__decided_on__gt=start,
        round__decided_on__lte=end,
    )
    # a member commended where they were on the decision's day: a join on their membership facts
    # (one filter call, so every condition holds of the same fact), not a correlated subquery
    # that would read a committee's array of organizations again for each nomination
    decided = F("round__decided_on")
    member_then = honours.filter(
        Q(member__memberships__valid_to__isnull=True) | Q(member__memberships__valid_to__gt=decided),
        within("member__memberships__organization_id", orgs),
        member__memberships__valid_from__lte=decided,
    )
    used = honours.exists()
    figures["work.commendations.organizations"] = (
        honours.filter(within("nominee_organization_id", orgs)).count() if used else None
    )
    figures["work.commendations.members"] = member_then.values("pk").distinct().count() if used else None

    year_sanctions = Sanction.objects.filter(decided_on__gt=start, decided_on__lte=end).exclude(
        status=SanctionStatus.REVOKED
    )
    sanctions = year_sanctions.filter(within("organization_id", orgs))
    kinds = dict(sanctions.order_by().values_list("kind").annotate(n=Count("pk")).values_list("kind", "n"))
    used = year_sanctions.exists()
    figures["work.sanctions.total"] = sum(kinds.values()) if used else None
    for kind in SanctionKind:
        figures[f"work.sanctions.{kind.value}"] = kinds.get(kind.value, 0) if used else None
    return figures


def _whole(hours: Decimal | None) -> int:
    return int((hours or Decimal(0)).quantize(Decimal(1), ROUND_HALF_UP))


# -- the report -----------------------------------------------------------------------------------


def figures_of(scope: Scope, year: int) -> dict[str, int | None]:
    """Every figure of the scope's year, by key."""
    _start, end = year_days(year)
    members = Member.objects.filter(pk__in=roll(scope, end).values("member_id"))
    figures: dict[str, int | None] = dict(count_members(members, member_filters(end), "members."))
    figures |= _changes(scope, year)
    start = figures["changes.start"] or 0
    figures["members.net_change"] = (figures["members.total"] or 0) - start
    figures |= _organizations(scope, year)
    figures |= _development(scope, year)
    figures["development.conversions.cancelled"] = figures["changes.decrease.probation_cancelled"]
    figures |= _work(scope, year)
    return figures


@dataclass(frozen=True)
class Flag:
    """A figure that changed beyond the thresholds since last year, with the clerk's explanation."""

    key: str
    value: int
    last: int
    explanation: str = ""

    def as_json(self) -> dict:
        return {"figure": self.key, "value": self.value, "last": self.last, "explanation": self.explanation}


def flagged(key: str, value: int | None, last: int | None) -> bool:
    """Whether the change from `last` to `value` is beyond the thresholds (`reports.rules`):
    at least the minimum count, and (when last year had any) at least the percentage."""
    if value is None or last is None or key in UNFLAGGED:
        return False
    change = abs(value - last)
    if change < rules.FLAG_MINIMUM.current():
        return False
    return last == 0 or change * 100 >= rules.FLAG_PERCENT.current() * last


# Figures compared but never flagged by the thresholds: they are the changes themselves (the
# start is flagged when it differs from last year's filed end: `AnnualReport.flags`).
START = "changes.start"
UNFLAGGED = frozenset({"members.net_change", START, "changes.end"})


@dataclass
class AnnualReport:
    year: int
    scope: Scope
    figures: dict[str, int | None]
    last: dict[str, int | None]
    explanations: dict[str, str] = field(default_factory=dict)
    filing: Filing | None = None  # the year's figures are the filed ones
    last_filed: Filing | None = None  # last year's are

    @property
    def as_of(self) -> dt.date:
        return year_days(self.year)[1]

    @property
    def reconciles(self) -> bool:
        return reconciles(self.figures)

    @property
    def growth_rate(self) -> Decimal | None:
        """Net change over the year's start, in percent (one decimal); None from nothing."""
        start = self.figures["changes.start"]
        if not start:
            return None
        return (Decimal(self.figures["members.net_change"] or 0) * 100 / start).quantize(Decimal("0.1"), ROUND_HALF_UP)

    @property
    def flags(self) -> list[Flag]:
        """The figures beyond the thresholds and, first, the year's start where it is not last
        year's filed end (the records of last year were corrected after it was filed)."""
        flags = [
            Flag(key, value, last, self.explanations.get(key, ""))  # type: ignore[arg-type]
            for key, value in self.figures.items()
            if flagged(key, value, (last := self.last.get(key)))
        ]
        start, filed_end = self.figures.get("changes.start"), self.last.get("changes.end")
        if self.last_filed and start is not None and filed_end is not None and start != filed_end:
            flags.insert(0, Flag(START, start, filed_end, self.explanations.get(START, "")))
        return flags

    def share(self, key: str, of: str = "members.total") -> Decimal | None:
        value, whole = self.figures.get(key), self.figures.get(of)
        if value is None or not whole:
            return None
        return (Decimal(value) * 100 / whole).quantize(Decimal("0.1"), ROUND_HALF_UP)

    def as_json(self) -> dict:
        f = defaultdict(lambda: None, self.figures)  # a filing made before a figure was added lacks it

        def group(prefix: str) -> dict:
            return {k[len(prefix) :]: v for k, v in f.items() if k.startswith(prefix)}

        members = {
            "total": f["members.total"],
            "full": f["members.full"],
            "probationary": f["members.probationary"],
            "net_change": f["members.net_change"],
            "growth_rate": None if self.growth_rate is None else str(self.growth_rate),
            "women": f["members.women"],
            "minorities": f["members.minorities"],
            "ethnicity_unknown": f["members.ethnicity_unknown"],
            "college_or_above": f["members.college_or_above"],
            "education": group("members.education."),
            "age": group("members.age."),
            "era": group("members.era."),
            "occupation": group("members.occupation."),
        }
        return {
            "year": self.year,
            "as_of": self.as_of.isoformat(),
            "scope": {
                "name": self.scope.name,
                "organization": None if self.scope.whole else self.scope.root.pk,
                "committee": self.scope.committee.pk,
            },
            "members": members,
            "organizations": {
                "base": f["organizations.base"],
                "kind": group("organizations.kind."),
                "units": group("organizations.units."),
                "terms": group("organizations.terms."),
            },
            "development": {
                "applicants": f["development.applicants"],
                "activists": f["development.activists"],
                "objects": f["development.objects"],
                "admitted": {
                    "total": f["development.admitted.total"],
                    "women": f["development.admitted.women"],
                    "minorities": f["development.admitted.minorities"],
                    "age_35_or_under": f["development.admitted.age_35_or_under"],
                    "college_or_above": f["development.admitted.college_or_above"],
                    "occupation": group("development.admitted.occupation."),
                },
                "conversions": group("development.conversions."),
            },
            "changes": {
                "start": f["changes.start"],
                "increase": group("changes.increase."),
                "decrease": group("changes.decrease."),
                "end": f["changes.end"],
                "reconciles": self.reconciles,
                # where it does not: the members with overlapping membership facts
                **(
                    {}
                    if self.reconciles
                    else {"overlapping": [m.pk for m in overlapping_members(self.scope, self.year)]}
                ),
            },
            "work": {
                "evaluation": group("work.evaluation."),
                "training": group("work.training."),
                "commendations": group("work.commendations."),
                "sanctions": group("work.sanctions."),
            },
            "filed": self.filing.filed_on.isoformat() if self.filing else None,
            "last_year": {
                "year": self.year - 1,
                "members": self.last.get("members.total"),
                "end": self.last.get("changes.end"),
                "filed": self.last_filed.filed_on.isoformat() if self.last_filed else None,
            },
            "flags": [flag.as_json() for flag in self.flags],
        }


def build(year: int, scope: Scope) -> AnnualReport:
    """The year's report of `scope` with last year's figures beside it and the explanations
    written for it. A year filed is read from its filing rather than computed: the report a
    clerk opens in January computes one year, the one to file."""
    explanations = dict(Explanation.objects.filter(organization=scope.root, year=year).values_list("figure", "text"))
    filings = Filing.objects.filter(organization=scope.root, year__in=(year - 1, year)).select_related("filed_by")
    filed = {filing.year: filing for filing in filings}
    filing, last_filed = filed.get(year), filed.get(year - 1)
    return AnnualReport(
        year=year,
        scope=scope,
        figures=filing.figures if filing else figures_of(scope, year),
        last=last_filed.figures if last_filed else figures_of(scope, year - 1),
        explanations=explanations,
        filing=filing,
        last_filed=last_filed,
    )


# -- the standard tables --------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    key: str  # "" for a heading over the rows that follow
    label: Promise | str
    share_of: str = ""  # the figure it is a share of, if shown as one
    indent: int = 0


def _heading(label: Promise) -> Row:
    return Row("", label)


@dataclass(frozen=True)
class Table:
    key: str
    title: Promise
    rows: tuple[Row, ...]
    note: Promise | str = ""


def _member_rows() -> tuple[Row, ...]:
    share = "members.total"
    return (
        Row("members.total", _("Members")),
        Row("members.full", _("Full members"), share, 1),
        Row("members.probationary", _("Probationary members"), share, 1),
        Row("members.women", _("Women"), share),
        Row("members.minorities", _("Ethnic minorities"), share),
        Row("members.ethnicity_other", _("Unidentified nationality or of foreign origin"), share),
        Row("members.ethnicity_unknown", _("Ethnicity not recorded"), share),
        Row("members.college_or_above", _("College education or above"), share),
        _heading(_("By education")),
        *(Row(f"members.education.{e.value}", e.label, share, 1) for e in Education),
        _heading(_("By age")),
        *(Row(f"members.age.{key}", _age_label(low, high), share, 1) for key, low, high in AGE_BANDS),
        _heading(_("By the time they joined")),
        *(Row(f"members.era.{key}", label, share, 1) for key, _s, _e, label in ERAS),
        _heading(_("By occupation")),
        *(Row(f"members.occupation.{o.value}", o.label, share, 1) for o in Occupation),
        Row(f"members.occupation.{RETIRED}", _("Retired"), share, 1),
        Row(f"members.occupation.{UNKNOWN}", _("Occupation not recorded"), share, 1),
    )


def _age_label(low: int | None, high: int | None) -> Promise | str:
    if low is None:
        return format_lazy(_("%(n)s and under"), n=high)
    if high is None:
        return format_lazy(_("%(n)s and over"), n=low)
    return format_lazy(_("%(low)s to %(high)s"), low=low, high=high)


def tables() -> list[Table]:
    """The report's tables in the order of the standard ones, each row a figure."""
    admitted = "development.admitted.total"
    return [
        Table("members", _("Members"), _member_rows()),
        Table(
            "organizations",
            _("Party organizations"),
            (
                Row("organizations.base", _("Primary-level party organizations")),
                *(Row(f"organizations.kind.{k.value}", k.label, "", 1) for k in BASE_KINDS),
                Row("organizations.units.total", _("Units with party organizations")),
                *(Row(f"organizations.units.{t.value}", t.label, "", 1) for t in UnitType),
                Row("organizations.units.without_organization", _("Units without a party organization")),
                Row("organizations.terms.elected", _("Organizations elected for a term")),
                Row("organizations.terms.overdue", _("Term overdue for election"), "organizations.terms.elected", 1),
                Row("organizations.terms.unrecorded", _("Term end not recorded"), "organizations.terms.elected", 1),
            ),
            _("Terms as the records stand now."),
        ),
        Table(
            "development",
            _("Member development"),
            (
                Row("development.applicants", _("Applicants on December 31")),
                Row("development.activists", _("Activists on December 31")),
                Row("development.objects", _("Development objects on December 31")),
                Row(admitted, _("Admitted in the year")),
                Row("development.admitted.women", _("Women"), admitted, 1),
                Row("development.admitted.minorities", _("Ethnic minorities"), admitted, 1),
                Row("development.admitted.age_35_or_under", _("35 and under"), admitted, 1),
                Row("development.admitted.college_or_above", _("College education or above"), admitted, 1),
                *(Row(f"development.admitted.occupation.{o.value}", o.label, admitted, 1) for o in Occupation),
                Row(f"development.admitted.occupation.{UNKNOWN}", _("Occupation not recorded"), admitted, 1),
                Row("development.conversions.on_time", _("Became full members on time")),
                Row("development.conversions.extended", _("Became full members after an extended probation")),
                Row("development.conversions.cancelled", _("Probationary membership cancelled")),
            ),
        ),
        Table(
            "changes",
            _("Increases and decreases of members"),
            (
                Row("changes.start", _("Members at the start of the year")),
                Row("changes.increase.total", _("Increases")),
                Row("changes.increase.developed", _("Admitted"), "", 1),
                Row("changes.increase.transferred_in", _("Transferred in"), "", 1),
                Row("changes.increase.restored", _("Membership restored"), "", 1),
                Row("changes.increase.moved_in", _("Came with their organization"), "", 1),
                Row("changes.decrease.total", _("Decreases")),
                Row("changes.decrease.death", _("Deceased"), "", 1),
                Row("changes.decrease.left_party", _("Left the party"), "", 1),
                Row("changes.decrease.expelled", _("Expelled"), "", 2),
                Row("changes.decrease.removed", _("Removed"), "", 2),
                Row("changes.decrease.lapsed", _("Regarded as having left"), "", 2),
                Row("changes.decrease.withdrew", _("Withdrew"), "", 2),
                Row("changes.decrease.probation_cancelled", _("Probationary membership cancelled"), "", 2),
                Row("changes.decrease.left_unclassified", _("Left (kind not recorded)"), "", 2),
                Row("changes.decrease.suspended", _("Membership suspended"), "", 1),
                Row("changes.decrease.transferred_out", _("Transferred out"), "", 1),
                Row("changes.decrease.moved_out", _("Left with their organization"), "", 1),
                Row("changes.end", _("Members at the end of the year")),
            ),
        ),
        Table(
            "work",
            _("The year's work"),
            (
                Row("work.evaluation.rounds", _("Democratic reviews of members held")),
                Row("work.evaluation.total", _("Members reviewed"), "", 1),
                *(Row(f"work.evaluation.{g.value}", g.label, "work.evaluation.total", 2) for g in Grade),
                Row("work.evaluation.probationary", _("Probationary members (not graded)"), "work.evaluation.total", 2),
                Row("work.training.sessions", _("Party lectures and training sessions")),
                Row("work.training.hours", _("Class hours held"), "", 1),
                Row("work.training.member_hours", _("Class hours attended by members"), "", 1),
                Row("work.commendations.organizations", _("Organizations commended")),
                Row("work.commendations.members", _("Members commended")),
                Row("work.sanctions.total", _("Party disciplinary sanctions")),
                *(Row(f"work.sanctions.{k.value}", k.label, "work.sanctions.total", 1) for k in SanctionKind),
            ),
            _('A part reads "no data" when its module holds no record of the year at all (unused or not entered).'),
        ),
    ]


# -- drill-down -----------------------------------------------------------------------------------


def drill(scope: Scope, year: int, key: str) -> QuerySet[Membership] | None:
    """The membership facts a figure counts (each names the member and the organization they
    were counted in): a member figure, an increase or decrease, those admitted. None for a
    figure that counts no members (organizations, the year's work)."""
    start, end = year_days(year)
    if key.startswith("members."):
        q = member_filters(end).get(key.removeprefix("members."))
        return None if q is None else roll(scope, end).filter(member__in=Member.objects.filter(q))
    if key in ("changes.start", "changes.end"):
        return roll(scope, start if key == "changes.start" else end)
    if key.startswith("changes."):
        direction, _dot, code = key.removeprefix("changes.").partition(".")
        moved_in, moved_out = moved(scope, year)
        if direction == "increase" and code in (*INCREASES, "total"):
            rows, shifted = entries(scope, year), moved_in
        elif direction == "decrease" and code in (*DECREASES, "total", "left_party"):
            rows, shifted = exits(scope, year), moved_out
        else:
            return None
        if code == "total":
            return Membership.objects.filter(Q(pk__in=rows.values("pk")) | Q(pk__in=shifted.values("pk")))
        if code in ("moved_in", "moved_out"):
            return shifted
        if direction == "decrease":
            return exits_of(rows, list(LEAVING_KINDS) if code == "left_party" else [code])
        return rows.filter(change=code)
    if key.startswith("development.admitted."):
        sub = key.removeprefix("development.admitted.")
        developed = entries(scope, year).filter(change="developed")
        if sub == "total":
            return developed
        if sub in ADMITTED_FILTERS:
            return developed.filter(member__in=Member.objects.filter(member_filters(end)[sub]))
        if sub.startswith("occupation."):
            occupation = sub.removeprefix("occupation.")
            value = "" if occupation == UNKNOWN else occupation
            if value and value not in Occupation.values:
                return None
            return developed.filter(member__occupation=value)
    return None


STAGE_FIGURES = ("development.applicants", "development.activists", "development.objects")


def drill_candidates(scope: Scope, year: int, key: str) -> QuerySet[Candidate] | None:
    """The development records a stage figure counts on December 31 (None for other figures)."""
    if key not in STAGE_FIGURES:
        return None
    return candidates_on(scope, year_days(year)[1]).filter(stage_on=key.removeprefix("development."))


def drillable(key: str) -> bool:
    """Whether the page links a figure to its members or records (without computing it)."""
    if key == "development.admitted.age_35_or_under":
        return False
    if key in STAGE_FIGURES:
        return True
    return key.startswith(("members.", "changes.", "development.admitted.")) and key != "members.net_change"


# -- the composition on any day (the statistics page) ---------------------------------------------


@dataclass(frozen=True)
class Composition:
    day: dt.date
    figures: dict[str, int]  # member figure keys without the prefix, and "pyramid.<gender>.<band>"
    years: list[tuple[int, int]]  # (year, members at its end, or on `day` for the year under way)

    def share(self, key: str) -> Decimal | None:
        total = self.figures["total"]
        return (Decimal(self.figures[key]) * 100 / total).quantize(Decimal("0.1"), ROUND_HALF_UP) if total else None

    def headline(self) -> list[tuple[Promise, int, Decimal | None]]:
        """Women, minorities, 大专及以上: (label, count, share)."""
        rows = {row.key: row.label for row in tables()[0].rows}
        keys = ("women", "minorities", "college_or_above")
        return [(rows[f"members.{k}"], self.figures[k], self.share(k)) for k in keys]  # type: ignore[misc]

    def breakdowns(self) -> list[tuple[Promise, list[tuple[Promise | str, int, Decimal | None]]]]:
        """(title, [(label, count, share)]) per breakdown, in the annual report's words."""
        rows = tables()[0].rows
        found: list[tuple[Promise, list]] = []
        for row in rows:
            if not row.key:
                found.append((row.label, []))  # type: ignore[arg-type]
            elif found:
                key = row.key.removeprefix("members.")
                found[-1][1].append((row.label, self.figures[key], self.share(key)))
        return found

    def pyramid(self) -> dict:
        """Men and women by age band, youngest first (the chart's data)."""
        return {
            "bands": [str(_age_label(low, high)) for _k, low, high in AGE_BANDS],
            "men": [self.figures[f"pyramid.{Gender.MALE.value}.{k}"] for k, _l, _h in AGE_BANDS],
            "women": [self.figures[f"pyramid.{Gender.FEMALE.value}.{k}"] for k, _l, _h in AGE_BANDS],
        }


def composition(scope: Scope, day: dt.date, *, years: int = 10) -> Composition:
    """The members of `scope` on `day` by composition (one statement), and the members at the
    end of each of the `years` years to `day` (one count each)."""
    members = Member.objects.filter(pk__in=roll(scope, day).values("member_id"))
    filters = member_filters(day)
    for gender in Gender:
        for key, low, high in AGE_BANDS:
            filters[f"pyramid.{gender.value}.{key}"] = Q(gender=gender.value) & _age_q(day, low, high)
    ends = [(year, min(dt.date(year, 12, 31), day)) for year in range(day.year - years + 1, day.year + 1)]
    return Composition(
        day=day,
        figures=count_members(members, filters, ""),
        years=[(year, roll(scope, end).count()) for year, end in ends],
    )
