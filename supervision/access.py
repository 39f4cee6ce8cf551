"""Who sees and acts on the committee's oversight: the one way views fetch a report, an
inspection, a finding or a rectification item for a user.

- The committee's side (open a year's reporting, accept or return a report, record inspections,
  findings and items, accept or reopen an item) needs `OVERSEE` over the organization concerned
  (the committee's leader and staff).
- The organization's side (submit its report, report an item done) needs the registry's edit
  right over the organization (its own officers and those above it), as in `elections.access`.
- Seeing a report or an item: either of the two. Out of the registry's view: 404; in view
  without either right: 403."""

from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from accounts.roles import EDIT_REGISTRY, OVERSEE
from accounts.scope import get_for_user, has_capability, may, require_capability, scope_queryset
from orgs.models import PartyOrganization
from supervision.models import AnnualReport, Finding, Inspection, ItemEvent, RectificationItem

QS = TypeVar("QS", bound=QuerySet[Any])


def oversees(user, organization: PartyOrganization | None = None) -> bool:
    """Whether the user acts for the committee (over `organization`, if named)."""
    return may(user, OVERSEE, organization) if organization is not None else has_capability(user, OVERSEE)


def acts_for(user, organization: PartyOrganization) -> bool:
    return may(user, EDIT_REGISTRY, organization)


def overseen(user, qs: QS) -> QS:
    """The rows of `qs` about organizations the user oversees (the committee's lists)."""
    return scope_queryset(user, qs, capability=OVERSEE).distinct()


def require_oversight(user) -> None:
    require_capability(user, OVERSEE)


def get_report_for_user(user, pk, *, review: bool = False, submit: bool = False) -> AnnualReport:
    report = get_for_user(user, AnnualReport.objects.select_related("round", "organization"), pk)
    if review and not oversees(user, report.organization):
        raise PermissionDenied
    if submit and not acts_for(user, report.organization):
        raise PermissionDenied
    if not (oversees(user, report.organization) or acts_for(user, report.organization)):
        raise PermissionDenied
    return report


def get_inspection_for_user(user, pk) -> Inspection:
    """An inspection the user sees (one of its organizations in view, else 404) and oversees (403)."""
    return get_for_user(user, Inspection.objects.all(), pk, write_capability=OVERSEE)


def get_finding_for_user(user, pk, *, for_file: bool = False) -> Finding:
    """A finding the committee adds items to; `for_file`: its attachment, also for the
    organization's officers."""
    finding = get_for_user(user, Finding.objects.select_related("inspection", "organization"), pk)
    allowed = oversees(user, finding.organization) or (for_file and acts_for(user, finding.organization))
    if not allowed:
        raise PermissionDenied
    return finding


def get_item_for_user(user, pk, *, review: bool = False, submit: bool = False) -> RectificationItem:
    item = get_for_user(user, RectificationItem.objects.select_related("finding__inspection", "organization"), pk)
    if review and not oversees(user, item.organization):
        raise PermissionDenied
    if submit and not acts_for(user, item.organization):
        raise PermissionDenied
    if not (oversees(user, item.organization) or acts_for(user, item.organization)):
        raise PermissionDenied
    return item


def get_event_for_user(user, pk) -> ItemEvent:
    event = get_for_user(user, ItemEvent.objects.select_related("item__organization"), pk)
    organization = event.item.organization
    if not (oversees(user, organization) or acts_for(user, organization)):
        raise PermissionDenied
    return event


def get_organization_for_user(user, pk) -> PartyOrganization:
    """An organization whose rectification items the user sees."""
    org = get_for_user(user, PartyOrganization.objects.all(), pk)
    if not (oversees(user, org) or acts_for(user, org)):
        raise PermissionDenied
    return org
