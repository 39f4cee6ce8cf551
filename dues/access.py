"""Who sees and records dues: the one way the dues pages fetch an organization or a member.

Seeing an organization's dues is the registry's scope or the dues capability's (a branch's
dues collector holds only the latter, over its branch); recording them — computing a month,
marking payments, setting a member's base — needs `RECORD_DUES` over the organization or the
member. A hardship relief is approved by the committee one level up (`approving_committee`):
the registry's edit right over it, as for the other superior's decisions (elections). Out of
scope is 404, in scope without the right 403. A member always sees their own dues and base."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.roles import EDIT_REGISTRY, RECORD_DUES, REVEAL_PERSONAL, VIEW_REGISTRY
from accounts.scope import may, scope_paths
from core.params import parse_id
from members.models import Member
from orgs.models import PartyOrganization
from orgs.queries import approving_committee


def dues_paths(user) -> list[str]:
    """The subtrees whose dues the user sees: the registry's and the dues capability's."""
    paths = sorted({*scope_paths(user, VIEW_REGISTRY), *scope_paths(user, RECORD_DUES)})
    return [p for p in paths if not any(p != q and p.startswith(q) for q in paths)]


def may_see_dues(user) -> bool:
    return bool(dues_paths(user))


def dues_scope(user, qs: QuerySet) -> QuerySet:
    """`qs` (a model with `scope_q`) narrowed to the user's dues subtrees; nothing without one."""
    paths = dues_paths(user)
    return qs.filter(qs.model.scope_q(paths)) if paths else qs.none()


def get_organization_for_dues(user, pk) -> PartyOrganization:
    """The organization `pk` whose dues the user sees (else 404)."""
    key = parse_id(str(pk))
    org = dues_scope(user, PartyOrganization.objects.filter(pk=key)).first() if key is not None else None
    if org is None:
        raise Http404
    return org


def may_record(user, org: PartyOrganization) -> bool:
    return may(user, RECORD_DUES, org)


def get_organization_to_record(user, pk) -> PartyOrganization:
    org = get_organization_for_dues(user, pk)
    if not may_record(user, org):
        raise PermissionDenied
    return org


def get_member_for_dues(user, pk) -> Member:
    """The member `pk` if the user sees dues where the member is held, or it is their own."""
    key = parse_id(str(pk))
    if key is None:
        raise Http404
    paths = dues_paths(user)
    q = Member.scope_q(paths) if paths else Q(pk__in=[])
    if user.member_id:
        q |= Q(pk=user.member_id)
    member = Member.objects.select_related("organization").filter(q, pk=key).first()
    if member is None:
        raise Http404
    return member


def get_member_to_record(user, pk) -> Member:
    """The member whose base the user may set (the dues capability where they are held)."""
    member = get_member_for_dues(user, pk)
    if not may(user, RECORD_DUES, member):
        raise PermissionDenied
    return member


def may_reveal_base(user, member: Member) -> bool:
    """Bases are personal data: shown to the member and to those who may reveal it."""
    return member.pk == user.member_id or may(user, REVEAL_PERSONAL, member)


def relief_approver(member: Member) -> PartyOrganization | None:
    return approving_committee(member.organization) if member.organization else None


def may_grant_relief(user, member: Member) -> bool:
    """The officers of the committee one level up from the member's organization."""
    approver = relief_approver(member)
    return approver is not None and may(user, EDIT_REGISTRY, approver)


def get_member_for_relief(user, pk) -> Member:
    member = get_member_for_dues(user, pk)
    if not may_grant_relief(user, member):
        raise PermissionDenied
    return member
