"""Scoped lists of development records and the people around them: what the overview, the
branch board, its export, the plan and the step forms show."""

import datetime as dt
from collections import Counter

from django.db.models import QuerySet

from accounts.roles import VIEW_REGISTRY
from accounts.scope import scope_paths, scope_queryset
from core import clock
from development import services
from development.models import OPEN_STAGES, Candidate, DevelopmentQuota, Step, StepKind
from members.models import Member, Status
from orgs.models import OrgKind, PartyOrganization


def candidates_under(user, organization: PartyOrganization) -> QuerySet[Candidate]:
    """Development records held in `organization`'s subtree that the user sees."""
    return scope_queryset(user, Candidate.objects.filter(organization__path__startswith=organization.path))


def closed_in(user, organization: PartyOrganization) -> QuerySet[Candidate]:
    """The last 20 closed records of `organization` itself (admitted, converted or ended)."""
    closed = Candidate.objects.filter(organization=organization).exclude(stage__in=OPEN_STAGES)
    return scope_queryset(user, closed).order_by("-pk")[:20]


def board_rows(
    user, organization: PartyOrganization
) -> list[tuple[Candidate, services.NextStep | None, dt.date | None, bool]]:
    """(candidate, next step, due date, overdue) for everyone in progress in the subtree, by
    stage and then due date; the board and its export show the same rows."""
    today = clock.today()
    candidates = list(
        candidates_under(user, organization)
        .filter(stage__in=OPEN_STAGES)
        .select_related("organization", "member")
        .order_by("stage", "applied_on")
    )
    steps: dict[int, list[Step]] = {c.pk: [] for c in candidates}
    for s in Step.objects.filter(candidate__in=[c.pk for c in candidates]).order_by("date", "pk"):
        steps[s.candidate_id].append(s)
    rows, cache = (
        [],
        services.party_group_reviews(list({c.organization_id: c.organization for c in candidates}.values())),
    )
    for c in candidates:
        next_ = services.due(c, steps[c.pk], today, review_cache=cache)
        rows.append((c, next_.step, next_.date, next_.overdue(today)))
    order = {s.value: i for i, s in enumerate(services.STAGE_ORDER)}
    rows.sort(key=lambda r: (order.get(r[0].stage, 9), r[2] or dt.date.max))
    return rows


def by_group(user) -> list[tuple[PartyOrganization, list[int]]]:
    """Open records per stage for each organization one level below the user's own: departments
    for the committee, branches for an organ party committee's officer."""
    candidates = scope_queryset(user, Candidate.objects.all())
    paths = scope_paths(user, VIEW_REGISTRY)
    step = PartyOrganization.steplen
    level = (min(len(p) for p in paths) // step + 1) * step if paths else step
    counts: Counter = Counter()
    for path, stage in candidates.filter(stage__in=OPEN_STAGES).values_list("organization__path", "stage"):
        counts[(path[:level], stage)] += 1
    groups = PartyOrganization.objects.filter(path__in={p for p, _s in counts}).order_by("path")
    return [(o, [counts[(o.path, s)] for s in services.STAGE_ORDER]) for o in groups]


def per_year(candidates: QuerySet[Candidate], this_year: int) -> list[tuple[int, int, int, int]]:
    """(year, applications, admitted, converted) for the last five years, of `candidates`."""
    first = this_year - 4
    steps = Step.objects.filter(candidate__in=candidates, date__year__gte=first)
    counts: Counter = Counter()
    kinds = [StepKind.APPLICATION, StepKind.APPROVAL, StepKind.CONVERSION_APPROVAL]
    for kind, day in steps.filter(kind__in=kinds).values_list("kind", "date"):
        counts[(kind, day.year)] += 1
    return [
        (
            y,
            counts[(StepKind.APPLICATION, y)],
            counts[(StepKind.APPROVAL, y)],
            counts[(StepKind.CONVERSION_APPROVAL, y)],
        )
        for y in range(this_year, first - 1, -1)
    ]


def plan_rows(user, year: int) -> list[tuple[DevelopmentQuota, int]]:
    """The year's quotas the user sees, by tree order, each with the number admitted that year
    in the organization's subtree."""
    quotas = list(scope_queryset(user, DevelopmentQuota.objects.filter(year=year).select_related("organization")))
    admitted: Counter = Counter()
    approvals = Step.objects.filter(kind=StepKind.APPROVAL, candidate__member__join_date__year=year).values_list(
        "candidate__organization__path", flat=True
    )
    for path in approvals:
        for q in quotas:
            if path.startswith(q.organization.path):
                admitted[q.pk] += 1
    return [(q, admitted[q.pk]) for q in sorted(quotas, key=lambda q: q.organization.path)]


def sponsor_pool(user, candidate: Candidate) -> QuerySet[Member]:
    """Who may be named sponsor or contact person: full members on the roll of the candidate's
    department (the subtree under its organ party committee or party committee, else the
    branch) whom the user sees. A branch secretary chooses from their own branch; the organ
    party committee's officer from the whole department."""
    org = _department(candidate)
    pool = Member.objects.filter(organization__path__startswith=org.path, status=Status.ACTIVE, category="full")
    return scope_queryset(user, pool).order_by("name_pinyin")


def _department(candidate: Candidate) -> PartyOrganization:
    org = candidate.organization
    for ancestor in PartyOrganization.objects.get_ancestors(org).order_by("-depth"):
        if ancestor.kind in {OrgKind.ORGAN_PARTY_COMMITTEE, OrgKind.PARTY_COMMITTEE, OrgKind.GENERAL_BRANCH}:
            org = ancestor
        else:
            break
    return org


def sponsor_picker_root(user, candidate: Candidate) -> PartyOrganization:
    """The organization whose full members the sponsor picker offers (`members:pick`): the
    department when the user sees it, else the candidate's own organization (a branch
    secretary's). Within `sponsor_pool`, which the form validates against."""
    department = _department(candidate)
    return (
        department
        if scope_queryset(user, PartyOrganization.objects.filter(pk=department.pk)).exists()
        else (candidate.organization)
    )
