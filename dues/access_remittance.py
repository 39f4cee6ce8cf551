"""Who may see and act on remittances and accounts: the one way their views fetch them. An
organization's month and account are seen where the registry is seen; its officers (the
registry's edit right over it) remit; the receiver's officers confirm. A member's receipt is
printed by the member or by the officers of the member's organization. Out of scope is 404,
without the right 403."""

from django.core.exceptions import PermissionDenied

from accounts.roles import EDIT_REGISTRY
from accounts.scope import get_for_user, may, scope_queryset
from dues.models import Remittance
from members.access import get_member_for_user
from members.models import Member
from orgs.access import get_organization_for_user
from orgs.models import PartyOrganization


def get_organization_for_dues(user, pk) -> PartyOrganization:
    return get_organization_for_user(user, pk)


def may_remit(user, org: PartyOrganization) -> bool:
    return may(user, EDIT_REGISTRY, org)


def get_organization_to_remit(user, pk) -> PartyOrganization:
    org = get_organization_for_dues(user, pk)
    if not may_remit(user, org):
        raise PermissionDenied
    return org


def may_confirm(user, remittance: Remittance) -> bool:
    return remittance.receiver is not None and may(user, EDIT_REGISTRY, remittance.receiver)


def get_remittance_to_confirm(user, pk) -> Remittance:
    """A remittance seen from either end; confirming needs the edit right over its receiver."""
    remittance = get_for_user(user, Remittance.objects.select_related("organization", "receiver"), pk)
    if not may_confirm(user, remittance):
        raise PermissionDenied
    return remittance


def remittances_to_confirm(user):
    """The remittances awaiting confirmation by organizations the user may edit."""
    receivers = scope_queryset(user, PartyOrganization.objects.all(), capability=EDIT_REGISTRY)
    return (
        Remittance.objects.filter(receiver__in=receivers, received_on__isnull=True)
        .select_related("organization", "receiver", "remitted_by")
        .order_by("month", "organization__path", "part")
    )


def get_member_for_receipt(user, pk) -> Member:
    """A member whose receipt the user may print: their own, or as an officer of the member's
    organization (the registry's edit right over the member)."""
    member = get_member_for_user(user, pk)
    if member.pk != getattr(user, "member_id", None) and not may(user, EDIT_REGISTRY, member):
        raise PermissionDenied
    return member


def own_member(user) -> Member | None:
    member = getattr(user, "member", None)
    return member if member is not None and member.organization_id is not None else None
