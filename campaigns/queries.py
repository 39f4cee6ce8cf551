"""Reading campaigns: the namings in force on a day (assessment reads them as bonus items), the
coverage of a campaign among the branches of each committee, the computed criteria's figures
(from `reports.indicators`, the one registry of figures computed from the records), and the
counts of members' activities per organization (never per person)."""

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Q, QuerySet

from campaigns.models import Application, Campaign, Comparison, Criterion, MemberActivity, Naming, Pairing
from orgs.models import MEMBER_HOLDING_KINDS, OrgKind, PartyOrganization
from reports import indicators

# The committees whose branches a coverage figure counts (五好党支部: the share of branches named).
COVERAGE_KINDS = (OrgKind.ORGAN_PARTY_COMMITTEE, OrgKind.PARTY_COMMITTEE, OrgKind.GENERAL_BRANCH)


def in_force_q(day: dt.date) -> Q:
    return (
        Q(named_on__lte=day)
        & (Q(valid_until__isnull=True) | Q(valid_until__gte=day))
        & (Q(revoked_on__isnull=True) | Q(revoked_on__gt=day))
    )


def namings_in_force(day: dt.date) -> dict[int, list[Naming]]:
    """Organization id → its namings in force on `day` (with their campaign), one query."""
    found: dict[int, list[Naming]] = defaultdict(list)
    for naming in Naming.objects.filter(in_force_q(day)).select_related("campaign").order_by("campaign__name"):
        found[naming.organization_id].append(naming)
    return dict(found)


def namings_of(organization: PartyOrganization, day: dt.date) -> list[Naming]:
    """An organization's namings in force on `day`, and those of its unit's campaigns (文明单位)
    held by another organization of the same unit."""
    q = Q(organization=organization)
    if organization.unit_id:
        q |= Q(campaign__for_unit=True, organization__unit_id=organization.unit_id)
    return list(Naming.objects.filter(q, in_force_q(day)).select_related("campaign", "organization"))


def unit_namings(unit_id: int, day: dt.date) -> list[Naming]:
    """A unit's namings in force (文明单位), held by any of its organizations."""
    return list(
        Naming.objects.filter(in_force_q(day), campaign__for_unit=True, organization__unit_id=unit_id).select_related(
            "campaign", "organization"
        )
    )


def _alive(day: dt.date) -> Q:
    return Q(founded__lte=day) & (Q(dissolved__isnull=True) | Q(dissolved__gt=day))


def coverage(campaign: Campaign, day: dt.date) -> dict[int, tuple[int, int]]:
    """Committee id → (its branches named under `campaign` and in force on `day`, its branches
    on `day`), for every organ party committee, party committee and general branch with a
    branch beneath it (two queries)."""
    committees = list(PartyOrganization.objects.filter(_alive(day), kind__in=COVERAGE_KINDS).only("pk", "path"))
    branches = list(
        PartyOrganization.objects.filter(_alive(day), kind__in=MEMBER_HOLDING_KINDS).values_list("pk", "path")
    )
    named = set(
        Naming.objects.filter(
            in_force_q(day), campaign=campaign, organization__kind__in=MEMBER_HOLDING_KINDS
        ).values_list("organization_id", flat=True)
    )
    trees = indicators.Subtrees(committees)
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for pk, path in branches:
        for owner in trees.owners(path):
            counts[owner][1] += 1
            counts[owner][0] += pk in named
    return {owner: (n, total) for owner, (n, total) in counts.items()}


def figure_year(application: Application) -> int:
    """The year whose records an application is assessed on: its own year, read as the
    records stand (the registry reads a year under way up to today), so the committee assesses
    at the year's end what the year recorded."""
    return application.year


def computed_figures(application: Application) -> dict[int, indicators.Figure]:
    """Criterion id → the registry's figure for the applicant, for each computed criterion."""
    found: dict[int, indicators.Figure] = {}
    year = figure_year(application)
    for criterion in application.campaign.criteria.exclude(indicator=""):
        if criterion.indicator in indicators.SOURCES:
            figures = indicators.source(criterion.indicator).figures(year, [application.organization])
            found[criterion.pk] = figures[application.organization_id]
        else:  # a key the registry no longer has: nothing to read
            found[criterion.pk] = indicators.Figure(None)
    return found


def met(criterion: Criterion, value: Decimal | None) -> bool:
    """Whether a figure meets a computed criterion (no figure meets none)."""
    if value is None or criterion.threshold is None:
        return False
    if criterion.comparison == Comparison.AT_MOST:
        return value <= criterion.threshold
    return value >= criterion.threshold


def source_label(key: str) -> str:
    found = indicators.SOURCES.get(key)
    return f"{found.label}（{found.unit}）" if found else key


def pairings_of(organization: PartyOrganization) -> QuerySet[Pairing]:
    return (
        Pairing.objects.filter(Q(organization=organization) | Q(partner=organization))
        .select_related("organization", "partner")
        .annotate(activity_count=Count("activities"))
    )


def member_activity_counts(paths: list[str], year: int) -> list:
    """Per organization and member campaign: the records of `year` and the members who made
    them, within the subtrees `paths` (one query; never per person)."""
    if not paths:
        return []
    return list(
        MemberActivity.objects.filter(MemberActivity.scope_q(paths), date__year=year)
        .values("organization_id", "organization__name", "campaign__name")
        .annotate(records=Count("pk"), members=Count("member", distinct=True))
        .order_by("organization__path", "campaign__name")
    )
