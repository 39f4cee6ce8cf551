"""Read-only answers about commendation rounds and honours. An honour is an approved nomination
of a decided round (not copied elsewhere): `honours` and `member_honours` are what other apps
read (the assessment reads organizations' honours as bonus items; the member and organization
pages show theirs)."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from commendations.models import ACTIVE, Category, Nomination, NominationStatus, Quota, Round, Status
from orgs.models import PartyOrganization
from orgs.queries import led_by_committee


@dataclass(frozen=True)
class Honour:
    """One honour: its category's name, the round, the decision's day and document number, and
    the commending body (`level`: 区直机关工委 unless the round records a higher one)."""

    nomination_id: int
    category: str
    round: str
    decided_on: dt.date
    level: str
    document_number: str


def _honour_rows(start: dt.date | None = None, end: dt.date | None = None) -> QuerySet[Nomination]:
    rows = Nomination.objects.filter(status=NominationStatus.APPROVED, round__status=Status.DECIDED)
    if start is not None:
        rows = rows.filter(round__decided_on__gte=start)
    if end is not None:
        rows = rows.filter(round__decided_on__lte=end)
    return rows.select_related("round", "category").order_by("-round__decided_on", "category__order", "pk")


def _honour(n: Nomination) -> Honour:
    return Honour(
        nomination_id=n.pk,
        category=str(n.category.name),
        round=n.round.name,
        decided_on=n.round.decided_on,  # type: ignore[arg-type]  # a decided round has its day
        level=n.round.level,
        document_number=n.round.document_number,
    )


def honours(start: dt.date, end: dt.date) -> dict[int, list[Honour]]:
    """Organizations honoured by decisions within [start, end]: organization id → its honours."""
    found: dict[int, list[Honour]] = {}
    for n in _honour_rows(start, end).filter(nominee_organization__isnull=False):
        found.setdefault(n.nominee_organization_id, []).append(_honour(n))  # type: ignore[arg-type]
    return found


def member_honours(start: dt.date, end: dt.date) -> dict[int, list[Honour]]:
    """Members honoured by decisions within [start, end]: member id → their honours."""
    found: dict[int, list[Honour]] = {}
    for n in _honour_rows(start, end).filter(member__isnull=False):
        found.setdefault(n.member_id, []).append(_honour(n))  # type: ignore[arg-type]
    return found


def honours_of_member(member_id: int) -> list[Honour]:
    """A member's honours, latest first (their page)."""
    return [_honour(n) for n in _honour_rows().filter(member_id=member_id)]


def honours_of_organization(organization_id: int) -> list[Honour]:
    """An organization's honours, latest first (its page)."""
    return [_honour(n) for n in _honour_rows().filter(nominee_organization_id=organization_id)]


def default_nominating(day: dt.date) -> QuerySet[PartyOrganization]:
    """The organizations that nominate by default: those the committee leads directly."""
    return led_by_committee(day)


def nominating_organizations(round_: Round) -> list[PartyOrganization]:
    """The organizations with a quota in the round, in tree order."""
    ids = Quota.objects.filter(category__round=round_).values("organization_id")
    return list(PartyOrganization.objects.filter(pk__in=ids).order_by("path"))


def quota_table(round_: Round) -> dict[tuple[int, int], int]:
    """(organization id, category id) → seats."""
    return {
        (q.organization_id, q.category_id): q.seats for q in Quota.objects.filter(category__round=round_).order_by()
    }


def held(round_: Round) -> dict[tuple[int, int], int]:
    """(organization id, category id) → nominations holding a seat (awaiting review or approved)."""
    rows = (
        Nomination.objects.filter(round=round_, status__in=ACTIVE)
        .order_by()
        .values_list("organization_id", "category_id")
        .annotate(n=Count("pk"))
    )
    return {(o, c): n for o, c, n in rows}


def nominations_of(round_: Round, organization: PartyOrganization | None = None) -> list[Nomination]:
    """The round's nominations (of one nominating organization), by organization and category."""
    rows = Nomination.objects.filter(round=round_)
    if organization is not None:
        rows = rows.filter(organization=organization)
    return list(
        rows.select_related("round", "category", "organization", "member", "member__organization")
        .select_related("nominee_organization")
        .prefetch_related("objections")
        .order_by("organization__path", "category__order", "pk")
    )


def counts(round_: Round) -> dict[str, int]:
    """The round's nominations by status, and its seats."""
    by_status = dict(Nomination.objects.filter(round=round_).order_by().values_list("status").annotate(n=Count("pk")))
    seats = sum(quota_table(round_).values())
    return {**{s: by_status.get(s, 0) for s in NominationStatus.values}, "seats": seats}


def rounds_for(organization_ids: list[int]) -> QuerySet[Round]:
    """Rounds where one of the organizations has a quota (a nominating officer's list)."""
    return Round.objects.filter(Q(categories__quotas__organization_id__in=organization_ids)).distinct()


def categories(round_: Round) -> list[Category]:
    return list(round_.categories.all())
