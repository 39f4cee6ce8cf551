"""Who may see and record an organization's organizational life: the one way views fetch a
meeting, a plan item or a party group for a user. Seeing follows the registry's scope over the
organization (`registry.view`); recording and correcting needs its officers' right
(`registry.edit`: the branch secretary, the superiors' officers, committee staff). Out of scope
is 404, in scope without the right 403."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.roles import EDIT_REGISTRY
from accounts.scope import get_for_user, may
from orglife.models import Meeting, MeetingAttachment, PartyGroup, PartyGroupMember, PlanItem
from orgs.models import PartyOrganization


def may_record(user, organization: PartyOrganization) -> bool:
    """Whether the user records and edits `organization`'s organizational life."""
    return may(user, EDIT_REGISTRY, organization)


def _write(for_write: bool) -> str | None:
    return EDIT_REGISTRY if for_write else None


def get_meeting_for_user(user, pk, *, for_write: bool = False) -> Meeting:
    """The meeting `pk` if the user sees its organization; `for_write`: may correct it."""
    return get_for_user(
        user,
        Meeting.objects.select_related("organization", "host", "recorder", "party_group", "recorded_by"),
        pk,
        write_capability=_write(for_write),
    )


def get_attachment_for_user(user, pk, *, for_write: bool = False) -> MeetingAttachment:
    """An attachment of a meeting the user sees; `for_write`: one they may remove."""
    return get_for_user(
        user,
        MeetingAttachment.objects.select_related("meeting__organization"),
        pk,
        write_capability=_write(for_write),
    )


def get_plan_item_for_user(user, pk, *, for_write: bool = False) -> PlanItem:
    return get_for_user(
        user, PlanItem.objects.select_related("organization", "meeting"), pk, write_capability=_write(for_write)
    )


def get_party_group_for_user(user, pk, *, for_write: bool = False) -> PartyGroup:
    group = get_for_user(user, PartyGroup.objects.select_related("branch"), pk, write_capability=_write(for_write))
    return group


def get_party_group_seat_for_user(user, pk, *, for_write: bool = False) -> PartyGroupMember:
    return get_for_user(
        user,
        PartyGroupMember.objects.select_related("group__branch", "member"),
        pk,
        write_capability=_write(for_write),
    )


def get_open_plan_item_for_user(user, pk) -> PlanItem:
    """A plan item the user may record a meeting for: not yet fulfilled (404 once it is)."""
    item = get_plan_item_for_user(user, pk, for_write=True)
    if item.meeting_id is not None:
        raise Http404
    return item


def require_record(user, organization: PartyOrganization) -> None:
    if not may_record(user, organization):
        raise PermissionDenied
