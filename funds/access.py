"""Who sees and records activity funds: the one way views fetch an organization's funds, a
budget or a spending for a user.

- An organization's officers — the registry's edit right over it (the organization's own
  officers, those of the organizations above it, the committee's staff and leader) — see both
  kinds of funds and set its budgets and record its spending. Those who only read the registry
  (district bodies, discipline staff) do not see funds: 403 where they see the organization.
- The trade union's activity funds are also read by whoever acts for a body holding a part in
  the matter 机关工会活动经费 (UNION_FUNDS_MATTER) in the authority list in force — the 区总工会,
  which settles them, and the committee's office beside it — within their registry's view. They
  read and do not write: a unit's union keeps its own books through the unit's officers. This
  is the minimum the seed asks (the 总工会 sees what it settles) without a new role.
- Out of the user's registry scope: 404."""

from django.core.exceptions import PermissionDenied

from accounts.roles import EDIT_REGISTRY, VIEW_REGISTRY
from accounts.scope import get_for_user, may, scope_paths
from funds.models import Budget, FundKind, Spending
from leadership.access import supervises
from orgs.models import PartyOrganization

UNION_FUNDS_MATTER = "UNI-02"  # 机关工会活动经费 (the authority list's code)


def reads_union_funds(user) -> bool:
    """Whether the user acts for a body with a part in the union's activity funds (cached for
    the request, like the scope)."""
    if not user.is_authenticated or not user.is_active:
        return False
    cache = user.__dict__.setdefault("_funds_cache", {})
    if "union" not in cache:
        # scope_paths loads (and caches) the assignments: only one acting for a body may ask the list
        acts_for_a_body = bool(scope_paths(user, VIEW_REGISTRY)) and any(
            a.authority_body_id for a in user.__dict__["_scope_cache"]["assignments"]
        )
        cache["union"] = acts_for_a_body and supervises(user, UNION_FUNDS_MATTER)
    return cache["union"]


def kinds_anywhere(user) -> list[str]:
    """The kinds of funds the user reads somewhere (the overview's choice)."""
    if scope_paths(user, EDIT_REGISTRY):
        return list(FundKind.values)
    return [FundKind.UNION] if reads_union_funds(user) else []


def read_paths(user, kind: str) -> list[str]:
    """The subtrees where the user reads funds of `kind`."""
    if kind == FundKind.UNION and reads_union_funds(user):
        return scope_paths(user, VIEW_REGISTRY)  # the registry's view covers its edit right
    return scope_paths(user, EDIT_REGISTRY)


def kinds_of(user, organization: PartyOrganization) -> list[str]:
    """The kinds of `organization`'s funds the user reads."""
    return [k for k in FundKind.values if any(organization.path.startswith(p) for p in read_paths(user, k))]


def may_record(user, organization: PartyOrganization) -> bool:
    """Whether the user sets `organization`'s budgets and records its spending."""
    return may(user, EDIT_REGISTRY, organization)


def require_overview(user) -> list[str]:
    kinds = kinds_anywhere(user)
    if not kinds:
        raise PermissionDenied
    return kinds


def get_organization_for_funds(user, pk, *, for_write: bool = False) -> PartyOrganization:
    """The organization `pk` if the user sees it in the registry (else 404) and reads some of its
    funds (else 403); `for_write`: may record them (else 403)."""
    org = get_for_user(user, PartyOrganization.objects.select_related("unit"), pk)
    if not kinds_of(user, org) or (for_write and not may_record(user, org)):
        raise PermissionDenied
    return org


def get_budget_for_user(user, pk, *, for_write: bool = False) -> Budget:
    """The budget `pk`: 404 outside the registry's view, 403 for a kind the user does not read
    or, `for_write`, an organization they do not record for."""
    budget = get_for_user(user, Budget.objects.select_related("organization"), pk)
    if budget.kind not in kinds_of(user, budget.organization):
        raise PermissionDenied
    if for_write and not may_record(user, budget.organization):
        raise PermissionDenied
    return budget


def get_spending_for_user(user, pk, *, for_write: bool = False) -> Spending:
    spending = get_for_user(user, Spending.objects.select_related("budget__organization"), pk)
    organization = spending.budget.organization
    if spending.budget.kind not in kinds_of(user, organization):
        raise PermissionDenied
    if for_write and not may_record(user, organization):
        raise PermissionDenied
    return spending
