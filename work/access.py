"""Who sees which work item. Work is routed by bodies, not by the organization tree, so it has
its own door beside accounts.scope: every to-do query goes through `items_for`."""

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.roles import EDIT_REGISTRY, Role
from accounts.scope import scope_paths
from authority.models import AuthorityList, Body, MatterRole, RoleKind
from core import clock
from core.errors import DomainError
from work.models import ACTIONS, LEAD, ORGANIZATION, WHILE_OPEN, Action, ItemStatus, WorkItem


def user_bodies(user) -> set[int]:
    """The bodies a user acts for; a committee leader acts for the committee and its sections."""
    if not user.is_authenticated:
        return set()
    bodies = set()
    for a in user.role_assignments.all():
        if a.authority_body_id:
            bodies.add(a.authority_body_id)
            if a.role == Role.COMMITTEE_LEADER:
                bodies |= set(Body.objects.filter(parent_id=a.authority_body_id).values_list("pk", flat=True))
    return bodies


def roles_by_matter(bodies: set[int], day=None) -> dict[str, str]:
    """{matter code: the user's strongest role in it} under the list in force."""
    in_force = AuthorityList.in_force(day or clock.today())
    if not in_force or not bodies:
        return {}
    order: list[str] = [RoleKind.LEAD, RoleKind.CO, RoleKind.GUIDE, RoleKind.INFORMED]
    found: dict[str, str] = {}
    for code, role in MatterRole.objects.filter(matter__authority_list=in_force, body_id__in=bodies).values_list(
        "matter__code", "role"
    ):
        if code not in found or order.index(role) < order.index(found[code]):
            found[code] = role
    return found


def items_for(user) -> QuerySet[WorkItem]:
    bodies = user_bodies(user)
    q = Q(pk__in=[])
    if bodies:
        q |= Q(lead_body_id__in=bodies) | Q(matter_code__in=list(roles_by_matter(bodies)))
    for path in scope_paths(user, EDIT_REGISTRY):
        q |= Q(lead_body__isnull=True, organization__path__startswith=path)
    return WorkItem.objects.filter(q)


def get_item_for_user(user, pk) -> WorkItem:
    """The work item `pk` if it reaches the user (`items_for`), else 404."""
    try:
        return items_for(user).select_related("lead_body", "organization").get(pk=pk)
    except (WorkItem.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def role_of(item: WorkItem, bodies: set[int], roles: dict[str, str]) -> str:
    """How a user acting for `bodies` (with `roles` by matter) stands to `item`: lead, co,
    guide, informed, organization (an item without a lead body) or "" (none)."""
    if item.lead_body_id is None:
        return ORGANIZATION
    if item.lead_body_id in bodies:
        return LEAD
    return roles.get(item.matter_code, "")


def _role(item: WorkItem, user) -> str:
    bodies = user_bodies(user)
    return role_of(item, bodies, roles_by_matter(bodies))


def actions_for(item: WorkItem, user) -> set[str]:
    """The actions `user` may take on `item` now: what its page offers (work.models.ACTIONS)."""
    role = _role(item, user)
    return {
        action
        for action, relations in ACTIONS[item.kind].items()
        if role in relations and (action not in WHILE_OPEN or item.status == ItemStatus.OPEN)
    }


def check_action(item: WorkItem, action: Action, user) -> None:
    """Refuse, with a reason, an action the item's page does not offer the user."""
    allowed = ACTIONS[item.kind]
    if action not in allowed:
        raise DomainError(
            _("“%(action)s” does not apply to this kind of item (%(kind)s).")
            % {"action": action.label, "kind": item.get_kind_display()}
        )
    if _role(item, user) not in allowed[action]:
        if action == Action.COMMENT:
            raise DomainError(_("Only the bodies handling this matter may comment on it."))
        lead = item.lead_body.name if item.lead_body else "—"
        raise DomainError(_("Only the lead body (%(body)s) may handle this matter.") % {"body": lead})
