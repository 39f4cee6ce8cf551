"""Who may see and act on remittances and accounts: the one way their views fetch them. An
organization's month and account are seen where its dues are (`dues.access.dues_scope`: the
registry's or the dues capability's subtree); those who record its dues (`RECORD_DUES`: its
officers, its dues collector) remit; the receiver's remit-side confirm. A member's receipt is
printed by the member or by those who record the member's dues. Out of scope is 404, without
the right 403."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.roles import RECORD_DUES
from accounts.scope import may, scope_queryset
from dues.access import dues_scope, get_member_for_dues, get_organization_for_dues
from dues.models import Remittance
from members.models import Member
from orgs.models import PartyOrganization


def may_remit(user, org: PartyOrganization) -> bool:
    return may(user, RECORD_DUES, org)


def get_organization_to_remit(user, pk) -> PartyOrganization:
    org = get_organization_for_dues(user, pk)
    if not may_remit(user, org):
        raise PermissionDenied
    return org


def may_confirm(user, remittance: Remittance) -> bool:
    return remittance.receiver is not None and may(user, RECORD_DUES, remittance.receiver)


def get_remittance_to_confirm(user, pk) -> Remittance:
    """A remittance seen from either end; confirming needs the edit right over its receiver."""
    remittance = dues_scope(user, Remittance.objects.select_related("organization", "receiver").filter(pk=pk)).first()
    if remittance is None:
        raise Http404
    if not may_confirm(user, remittance):
        raise PermissionDenied
    return remittance


def remittances_to_confirm(user):
    """The remittances awaiting confirmation by organizations the user may edit."""
    receivers = scope_queryset(user, PartyOrganization.objects.all(), capability=RECORD_DUES)
    return (
        Remittance.objects.filter(receiver__in=receivers, received_on__isnull=True)
        .select_related("organization", "receiver", "remitted_by")
        .order_by("month", "organization__path", "part")
    )


def get_member_for_receipt(user, pk) -> Member:
    """A member whose receipt the user may print: their own, or as an officer of the member's
    organization (the registry's edit right over the member)."""
    member = get_member_for_dues(user, pk)
    if member.pk != getattr(user, "member_id", None) and not may(user, RECORD_DUES, member):
        raise PermissionDenied
    return member


def own_member(user) -> Member | None:
    member = getattr(user, "member", None)
    return member if member is not None and member.organization_id is not None else None
