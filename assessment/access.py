"""Who sees and does what in the assessment — the one way views fetch a table, an item or an
organization's assessment for a user.

- **The committee's side** (`accounts.roles.OVERSEE`: committee leader and staff): indicator
  tables (district-wide, like the authority list: without the capability 403 whatever the id),
  every assessed organization of its scope, the scores of the items it scores, the 述职评议
  records, publishing and the export.
- **An organization's side**: the registry's edit right over it (its officers and those above,
  as in `elections.access`) — its live figures, its self-assessment, its published result and
  its 责任书. Those who only read the registry get 403; outside the registry's view, 404."""

from django.core.exceptions import PermissionDenied

from accounts.roles import EDIT_REGISTRY, OVERSEE
from accounts.scope import get_for_user, has_capability, may, require_capability, scope_paths
from assessment.models import IndicatorTable, Item
from orgs.models import PartyOrganization


def oversees(user) -> bool:
    return has_capability(user, OVERSEE)


def require_oversight(user) -> None:
    require_capability(user, OVERSEE)


def oversight_paths(user) -> list[str]:
    return scope_paths(user, OVERSEE)


def get_table_for_user(user, pk) -> IndicatorTable:
    """A table: 403 without the capability (it comes first: tables are district-wide), 404
    for an id that does not exist."""
    require_oversight(user)
    return get_for_user(user, IndicatorTable.objects.all(), pk)


def get_item_for_user(user, pk) -> Item:
    require_oversight(user)
    return get_for_user(user, Item.objects.select_related("table", "section"), pk)


def may_oversee(user, organization: PartyOrganization) -> bool:
    return may(user, OVERSEE, organization)


def may_self_assess(user, organization: PartyOrganization) -> bool:
    return may(user, EDIT_REGISTRY, organization)


def get_organization_for_user(user, pk, *, oversee: bool = False) -> PartyOrganization:
    """The organization `pk` if the user sees it in the registry (else 404) and may edit it
    (else 403); `oversee`: holds the committee's capability over it (else 403)."""
    org = get_for_user(user, PartyOrganization.objects.select_related("unit"), pk)
    allowed = may_oversee(user, org) if oversee else may_self_assess(user, org)
    if not allowed:
        raise PermissionDenied
    return org
