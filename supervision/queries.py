"""Read-only views of the committee's oversight, for its pages and for other apps: the
assessment reads `report_counts`, `report_states`, `rectification_counts` and
`rectification_totals` as indicators (their names and shapes are a contract)."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from core import clock
from supervision.models import AnnualReport, ItemState, RectificationItem, ReportStatus


@dataclass(frozen=True)
class ReportState:
    status: str  # ReportStatus: missing, submitted, returned, accepted
    submitted_on: dt.date | None  # the last submission
    late: bool  # first submitted after the deadline (a report still missing after it: late too)
    accepted_on: dt.date | None


def _reports(year: int) -> QuerySet[AnnualReport]:
    return AnnualReport.objects.filter(round__year=year)


def _late_q(day: dt.date) -> Q:
    """Submitted late, or not submitted and past the deadline on `day`."""
    return Q(late=True) | Q(first_submitted_on__isnull=True, round__deadline__lt=day)


def report_counts(year: int, *, day: dt.date | None = None) -> dict[str, int]:
    """{"due": reports expected, "submitted": submitted at least once, "accepted": accepted,
    "late": submitted late or still missing past the deadline} for `year` (zeros when the year's
    reporting is not open)."""
    return counts_of(_reports(year), day=day)


def counts_of(reports: QuerySet[AnnualReport], *, day: dt.date | None = None) -> dict[str, int]:
    """`report_counts` over some reports (a user's view of a year)."""
    day = day or clock.today()
    found = reports.aggregate(
        due=Count("pk"),
        submitted=Count("pk", filter=Q(first_submitted_on__isnull=False)),
        accepted=Count("pk", filter=Q(status=ReportStatus.ACCEPTED)),
        late=Count("pk", filter=_late_q(day)),
    )
    return {key: found[key] or 0 for key in ("due", "submitted", "accepted", "late")}


def report_states(year: int, *, day: dt.date | None = None) -> dict[int, ReportState]:
    """Organization id → the state of its report for `year`."""
    day = day or clock.today()
    rows = _reports(year).values_list(
        "organization_id", "status", "submitted_on", "late", "accepted_on", "first_submitted_on", "round__deadline"
    )
    return {
        org: ReportState(status, submitted, late or (first is None and deadline < day), accepted)
        for org, status, submitted, late, accepted, first, deadline in rows
    }


def _items(year: int, organization_ids=None) -> QuerySet[RectificationItem]:
    items = RectificationItem.objects.filter(finding__inspection__year=year)
    if organization_ids is not None:
        items = items.filter(organization_id__in=list(organization_ids))
    return items


# "open": not yet closed (open, reopened or reported awaiting the inspector); "closed": accepted;
# "overdue": open or reopened past its deadline on the day counted.
_OPEN = Count("pk", filter=~Q(state=ItemState.CLOSED))
_CLOSED = Count("pk", filter=Q(state=ItemState.CLOSED))


def _overdue(day: dt.date) -> Count:
    return Count("pk", filter=Q(state=ItemState.OPEN, deadline__lt=day))


def rectification_counts(year: int, organization_ids=None, *, day: dt.date | None = None) -> dict[int, dict[str, int]]:
    """Organization id → {"open", "closed", "overdue"} of the rectification items it owns from
    `year`'s inspections (only organizations with items; `organization_ids` narrows)."""
    day = day or clock.today()
    rows = (
        _items(year, organization_ids)
        .values("organization_id")
        .annotate(n_open=_OPEN, n_closed=_CLOSED, n_overdue=_overdue(day))
        .values_list("organization_id", "n_open", "n_closed", "n_overdue")
        .order_by()
    )
    return {org: {"open": o, "closed": c, "overdue": d} for org, o, c, d in rows}


def rectification_totals(year: int, *, day: dt.date | None = None) -> dict[str, int]:
    """{"open", "closed", "overdue"} over every rectification item of `year`'s inspections."""
    return totals_of(_items(year), day=day)


def totals_of(items: QuerySet[RectificationItem], *, day: dt.date | None = None) -> dict[str, int]:
    """`rectification_totals` over some items (a user's view of a year)."""
    found = items.aggregate(open=_OPEN, closed=_CLOSED, overdue=_overdue(day or clock.today()))
    return {"open": found["open"] or 0, "closed": found["closed"] or 0, "overdue": found["overdue"] or 0}


def items_of(organization) -> QuerySet[RectificationItem]:
    """An organization's rectification items and those of the organizations under it, across
    inspections: the ones to act on first."""
    return (
        RectificationItem.objects.filter(organization__path__startswith=organization.path)
        .select_related("finding__inspection", "organization")
        .order_by("state", "deadline", "pk")
    )
