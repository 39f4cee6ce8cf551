"""Who sees and acts on campaigns: the one way views fetch a campaign, an organization's
campaigns, an application, a naming, a pairing or a member's activity for a user.

- The committee's side (defining campaigns, assessing, naming, refusing, reviewing, revoking,
  the counts of members' activities) needs `OVERSEE` (committee leader and staff), over the
  organization concerned.
- An organization's side (applying, pairings and their activities, its members' activity
  records) needs the registry's edit right over it, as elections do; its campaigns tab, its
  applications and namings are seen wherever the registry is.
- A member's own activities need only the member's own account; nobody else's.
- Out of the registry's scope: 404; in it without the right: 403."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from accounts.roles import EDIT_REGISTRY, OVERSEE
from accounts.scope import get_for_user, has_capability, may, require_capability
from campaigns.models import Application, Campaign, MemberActivity, Naming, Pairing
from orgs.models import PartyOrganization


def oversees(user, organization: PartyOrganization | None = None) -> bool:
    """Whether the user acts for the committee (over `organization`, when one is named)."""
    if organization is None:
        return has_capability(user, OVERSEE)
    return may(user, OVERSEE, organization)


def get_campaign_for_committee(user, pk) -> Campaign:
    """A campaign, for those who act for the committee (403 before anything else)."""
    require_capability(user, OVERSEE)
    return get_object_or_404(Campaign, pk=pk)


def may_act_for(user, organization: PartyOrganization) -> bool:
    return may(user, EDIT_REGISTRY, organization)


def get_organization_for_campaigns(user, pk, *, for_write: bool = False) -> PartyOrganization:
    org = get_for_user(user, PartyOrganization.objects.select_related("unit"), pk)
    if for_write and not may_act_for(user, org):
        raise PermissionDenied
    return org


def get_application_for_user(user, pk, *, to_decide: bool = False) -> Application:
    application = get_for_user(user, Application.objects.select_related("campaign", "organization"), pk)
    if to_decide and not oversees(user, application.organization):
        raise PermissionDenied
    return application


def get_naming_to_decide(user, pk) -> Naming:
    naming = get_for_user(user, Naming.objects.select_related("campaign", "organization"), pk)
    if not oversees(user, naming.organization):
        raise PermissionDenied
    return naming


def sides_for(user, pairing: Pairing) -> list[PartyOrganization]:
    """The sides of a pairing the user records for."""
    sides = [pairing.organization, *([pairing.partner] if pairing.partner is not None else [])]
    return [side for side in sides if may_act_for(user, side)]


def get_pairing_for_user(user, pk, *, for_write: bool = False) -> Pairing:
    pairing = get_for_user(user, Pairing.objects.select_related("organization", "partner"), pk)
    if for_write and not sides_for(user, pairing):
        raise PermissionDenied
    return pairing


def get_member_activity_for_user(user, pk) -> MemberActivity:
    """A member's activity: the member's own, or for the officers of its organization."""
    own = MemberActivity.objects.filter(pk=pk, member_id=getattr(user, "member_id", None) or 0).first()
    if own is not None:
        return own
    activity = get_for_user(user, MemberActivity.objects.select_related("organization"), pk)
    if not may_act_for(user, activity.organization):
        raise PermissionDenied
    return activity
