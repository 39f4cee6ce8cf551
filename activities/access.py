"""Who may see and record the committee's activities. They are district-wide, like the
authority list: reading needs the registry's view anywhere; recording needs the registry's edit
right over the working committee (its staff: the committee's office carries the union's and
the youth league's work — an approximation until those bodies have roles of their own)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.roles import EDIT_REGISTRY, VIEW_REGISTRY
from accounts.scope import may, require_capability
from activities.models import Activity
from orgs.models import OrgKind, PartyOrganization


def working_committee() -> PartyOrganization | None:
    """The working committee whose staff record the activities (the first live one)."""
    return (
        PartyOrganization.objects.filter(kind=OrgKind.WORKING_COMMITTEE, dissolved__isnull=True)
        .order_by("path")
        .first()
    )


def may_edit(user) -> bool:
    return may(user, EDIT_REGISTRY, working_committee())


def require_editor(user) -> None:
    require_capability(user, VIEW_REGISTRY)
    if not may_edit(user):
        raise PermissionDenied


def get_activity_for_user(user, pk, *, for_write: bool = False) -> Activity:
    """The activity `pk`: 403 without the registry's view anywhere, 404 if there is none, 403
    for writing without the committee's edit right."""
    require_capability(user, VIEW_REGISTRY)
    try:
        activity = Activity.objects.get(pk=pk)
    except (Activity.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if for_write and not may_edit(user):
        raise PermissionDenied
    return activity
