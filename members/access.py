"""Who may see and change which member record: the one way views fetch a member (or one of
their rows) for a user. Seeing is the registry's scope, plus every member's own record
(`accounts.scope`); out of scope is 404, in scope without the right asked for is 403."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.roles import EDIT_REGISTRY, REVEAL_PERSONAL
from accounts.scope import get_for_user, may
from members.models import Member, MemberFlag, SuspensionKind, VotingSuspension


def get_member_for_user(user, pk, *, for_write: bool = False) -> Member:
    """The member `pk`; `for_write`: one whose record the user may edit."""
    member = get_for_user(
        user,
        Member.objects.select_related("organization"),
        pk,
        write_capability=EDIT_REGISTRY if for_write else None,
    )
    return member


def get_member_to_reveal(user, pk) -> Member:
    """The member whose full ID and phone numbers the user may be shown."""
    member = get_member_for_user(user, pk)
    if not may(user, REVEAL_PERSONAL, member):
        raise PermissionDenied
    return member


def get_absence_to_end(user, pk) -> VotingSuspension:
    """The approved absence `pk` the user may end: still open, of a member whose record they may
    edit. Only absences end early; 留党察看 and detention end with their decision."""
    absences = VotingSuspension.objects.filter(kind=SuspensionKind.APPROVED_ABSENCE)
    suspension = get_for_user(user, absences, pk)
    suspension.member = get_member_for_user(user, suspension.member_id, for_write=True)
    if suspension.valid_to is not None:
        raise Http404
    return suspension


def get_flag_to_end(user, pk) -> MemberFlag:
    """The open flag `pk` of a member whose record the user may edit."""
    flag = get_for_user(user, MemberFlag.objects.all(), pk)
    flag.member = get_member_for_user(user, flag.member_id, for_write=True)
    if flag.valid_to is not None:
        raise Http404
    return flag
