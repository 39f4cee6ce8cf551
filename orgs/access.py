"""Who may see and change which part of the registry's structure: the one way views fetch an
organization, a unit, a post, a working body or a leadership-group seat for a user. Seeing is
the registry's scope (`accounts.scope`); out of scope is 404, in scope without the right to
change it is 403."""

from django.shortcuts import get_object_or_404

from accounts.roles import EDIT_REGISTRY, EDIT_UNITS
from accounts.scope import get_for_user, require_capability
from orgs.models import GroupMember, PartyOrganization, Post, Unit, UnitCategory, WorkingBody


def get_organization_for_user(user, pk, *, for_write: bool = False) -> PartyOrganization:
    """The organization `pk`; `for_write`: one whose registry the user may edit."""
    org = get_for_user(
        user,
        PartyOrganization.objects.select_related("unit"),
        pk,
        write_capability=EDIT_REGISTRY if for_write else None,
    )
    return org


def get_own_organization(user) -> PartyOrganization | None:
    """The organization of the member record linked to the user's account: every member may see
    their own branch's public facts (its name, superior and officers), whatever their role.
    None for an account with no member record or a member off the roll."""
    member = getattr(user, "member", None)
    if member is None or member.organization_id is None:
        return None
    return PartyOrganization.objects.select_related("unit").get(pk=member.organization_id)


def get_unit_for_user(user, pk, *, for_write: bool = False) -> Unit:
    """The unit `pk`; `for_write`: the unit's own record (name, staffing), which needs EDIT_UNITS."""
    unit = get_for_user(
        user, Unit.objects.select_related("category"), pk, write_capability=EDIT_UNITS if for_write else None
    )
    return unit


def get_unit_category_for_write(user, pk) -> UnitCategory:
    """The unit category `pk`, to change. Categories are the district's, in no one's subtree:
    the right to edit units decides first (403), then whether `pk` exists (404)."""
    require_capability(user, EDIT_UNITS)
    return get_object_or_404(UnitCategory, pk=pk)


def get_unit_for_leadership_group(user, pk) -> Unit:
    """The unit whose leadership group (and its seats) the user may record: those who may edit
    the registry where the unit is."""
    return get_for_user(user, Unit.objects.all(), pk, write_capability=EDIT_REGISTRY)


def get_post_for_user(user, pk, *, for_write: bool = False) -> Post:
    """The post `pk`; `for_write`: the user may edit its organization (to end the post)."""
    post = get_for_user(user, Post.objects.select_related("organization", "member"), pk)
    if for_write:
        get_organization_for_user(user, post.organization_id, for_write=True)
    return post


def get_working_body_for_user(user, pk, *, for_write: bool = False) -> WorkingBody:
    """The working body `pk`; `for_write`: the user may edit its organization."""
    body = get_for_user(user, WorkingBody.objects.select_related("organization"), pk)
    if for_write:
        body.organization = get_organization_for_user(user, body.organization_id, for_write=True)
    return body


def get_seat_for_user(user, pk, *, for_write: bool = False) -> GroupMember:
    """The leadership-group seat `pk`; `for_write`: the user may edit the registry where its unit is."""
    seat = get_for_user(
        user,
        GroupMember.objects.select_related("group__unit"),
        pk,
        write_capability=EDIT_REGISTRY if for_write else None,
    )
    return seat
