"""Roles are data (RoleAssignment); what each role may do is this table of capabilities."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COMMITTEE_LEADER = "committee_leader", _("Committee leader")
    COMMITTEE_STAFF = "committee_staff", _("Committee staff")
    BODY_STAFF = "body_staff", _("District body staff")
    ORG_ADMIN = "org_admin", _("Organization officer")
    # 纪工办 staff, the 纪工委 secretary, the 区纪委's officers: the only readers of clues, cases
    # and sanctions' narratives (the committee leader too only with this role).
    DISCIPLINE_STAFF = "discipline_staff", _("Discipline inspection officer")
    # 党费收缴员: the branch's 组织委员 or a member it designates; records its branch's dues and
    # members' bases, and reads nothing else of the registry.
    TREASURER = "treasurer", _("Dues collector")
    MEMBER = "member", _("Party member")


VIEW_REGISTRY = "registry.view"
EDIT_REGISTRY = "registry.edit"
VIEW_STATS = "stats.view"
REVEAL_PERSONAL = "members.reveal"
EDIT_UNITS = "units.edit"
MANAGE_ACCOUNTS = "accounts.manage"
VIEW_AUDIT = "audit.view"
VIEW_AUTHORITY = "authority.view"
EDIT_AUTHORITY = "authority.edit"
ADOPT_AUTHORITY = "authority.adopt"
VIEW_PLANS = "adjustments.view"
EDIT_PLANS = "adjustments.edit"
APPROVE_PLANS = "adjustments.approve"
HANDLE_DISCIPLINE = "discipline.handle"
# Record dues: compute a month, mark payments, set members' bases (masked unless REVEAL_PERSONAL).
RECORD_DUES = "dues.record"
# The committee's year (issue 21): indicator tables and their scoring, accepting organizations'
# annual reports, inspections and their rectifications, commendation rounds and campaigns.
OVERSEE = "committee.oversee"

CAPABILITIES: dict[str, frozenset[str]] = {
    Role.COMMITTEE_LEADER: frozenset(
        {
            VIEW_REGISTRY,
            EDIT_REGISTRY,
            EDIT_UNITS,
            VIEW_STATS,
            REVEAL_PERSONAL,
            MANAGE_ACCOUNTS,
            VIEW_AUDIT,
            VIEW_AUTHORITY,
            EDIT_AUTHORITY,
            ADOPT_AUTHORITY,
            VIEW_PLANS,
            EDIT_PLANS,
            APPROVE_PLANS,
            RECORD_DUES,
            OVERSEE,
        }
    ),
    Role.COMMITTEE_STAFF: frozenset(
        {
            VIEW_REGISTRY,
            EDIT_REGISTRY,
            EDIT_UNITS,
            VIEW_STATS,
            VIEW_AUTHORITY,
            EDIT_AUTHORITY,
            VIEW_PLANS,
            EDIT_PLANS,
            RECORD_DUES,
            OVERSEE,
        }
    ),
    # District bodies read the registry and the authority list; what they may change comes with
    # the work routed to them.
    Role.BODY_STAFF: frozenset({VIEW_REGISTRY, VIEW_STATS, VIEW_AUTHORITY, VIEW_PLANS}),
    Role.ORG_ADMIN: frozenset({VIEW_REGISTRY, EDIT_REGISTRY, VIEW_STATS, RECORD_DUES}),
    # Reads the registry to find the person concerned; handles talks, clues, cases and sanctions.
    Role.DISCIPLINE_STAFF: frozenset({VIEW_REGISTRY, HANDLE_DISCIPLINE}),
    # The dues pages of its branch only: the members' names and dues come with them.
    Role.TREASURER: frozenset({RECORD_DUES}),
    Role.MEMBER: frozenset(),
}
