"""Every URL of the project × every persona × an object inside and outside their scope × GET
and POST, against one declared policy:

    anonymous → login redirect · object not visible → 404 · capability missing → 403 · allowed → 200/302

The policy is declared here, independently of accounts/roles.py: what each persona may do and
which subtree each sees. A URL pattern missing from POLICY fails the test."""

import datetime as dt
import random
import re
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.models import RoleAssignment
from accounts.roles import Role
from conftest import make_user, verify_second_factor
from orgs.models import GroupMember, LeadershipGroup, OrgKind, Post, Unit, WorkingBody

VIEW, EDIT, UNITS, STATS, REVEAL, MANAGE, AUDIT = "view", "edit", "units", "stats", "reveal", "manage", "audit"
AUTH_VIEW, AUTH_EDIT, AUTH_ADOPT = "authority.view", "authority.edit", "authority.adopt"
PLAN_VIEW, PLAN_EDIT, PLAN_APPROVE = "adjustments.view", "adjustments.edit", "adjustments.approve"
# Recording the committee's own activities: the registry's edit right over the working committee.
ACTIVITIES_EDIT = "activities.edit"
ISSUER = "issuing_organization"  # of a letter out of the district
UNIT_TOP = "unit_top"  # a unit's leadership records: its top organization's officers record them
# Spot checks of central-group study: the lead of PRO-01 in the list in force (no persona acts
# for a body here, and no list is in force) and a committee leader, who acts for every section.
STUDY_CHECK = "leadership.check"
# Talks, clues, cases and sanctions: the discipline capability only, and not even the
# committee leader without it; without it they do not exist (404, never 403).
DISCIPLINE = "discipline.handle"
# Dues: seen where the registry or the dues capability reaches (a branch's dues collector holds
# only the latter); recorded with the dues capability; a relief approved by the officers of the
# committee one level up from the member's organization.
DUES_VIEW, DUES = "dues.view", "dues.record"
DUES_APPROVER = "dues_approver"
# Imports: each kind needs its own capability (members and posts EDIT, units UNITS, dues paid
# DUES); the import pages open to whoever may import some kind.
IMPORT = "exchange.import"
# The committee's year (issue 21), held by the committee leader and staff: indicator tables,
# scoring and publishing; campaigns defined, applications assessed and named, namings reviewed
# and revoked; commendation rounds (an organization's officers nominate with the registry's
# edit right); annual reports and inspections.
OVERSEE = "committee.oversee"

# What each persona may do (the policy), and the subtree it sees: an attribute of Registry.
PERSONAS = {
    "anonymous": (set(), None),
    "no_role": (set(), None),
    "plain_member": (set(), None),  # sees its own member record only
    "branch_secretary": ({VIEW, EDIT, STATS, DUES_VIEW, DUES, IMPORT}, "branch_a"),
    "opc_officer": ({VIEW, EDIT, STATS, DUES_VIEW, DUES, IMPORT}, "opc"),
    "organization_department": ({VIEW, STATS, AUTH_VIEW, PLAN_VIEW, DUES_VIEW}, "working"),
    "discipline_commission": ({VIEW, STATS, AUTH_VIEW, PLAN_VIEW, DUES_VIEW}, "working"),
    "discipline_officer": ({VIEW, DISCIPLINE, DUES_VIEW}, "working"),
    # 党费收缴员 of 财政局第一支部: its dues pages and nothing else of the registry.
    "treasurer": ({DUES_VIEW, DUES, IMPORT}, "branch_a"),
    "committee_clerk": (
        {
            VIEW,
            EDIT,
            UNITS,
            STATS,
            AUTH_VIEW,
            AUTH_EDIT,
            PLAN_VIEW,
            PLAN_EDIT,
            ACTIVITIES_EDIT,
            DUES_VIEW,
            DUES,
            IMPORT,
            OVERSEE,
        },
        "working",
    ),
    "committee_leader": (
        {
            VIEW,
            EDIT,
            UNITS,
            STATS,
            REVEAL,
            MANAGE,
            AUDIT,
            AUTH_VIEW,
            AUTH_EDIT,
            AUTH_ADOPT,
            PLAN_VIEW,
            PLAN_EDIT,
            PLAN_APPROVE,
            STUDY_CHECK,
            ACTIVITIES_EDIT,
            DUES_VIEW,
            DUES,
            IMPORT,
            OVERSEE,
        },
        "working",
    ),
}


@dataclass(frozen=True)
class Rule:
    kind: str | None = None  # the object the URL names, if any
    cap: str | None = None  # capability needed (for the object, within the persona's subtree)
    visible_with: str = VIEW  # capability whose subtree decides whether the object exists for you
    public: bool = False
    post_only: bool = False
    get_only: bool = False
    signed_in_redirects: bool = False  # e.g. the login page sends signed-in users home
    query: str = ""  # a query string the URL needs (filled in by url_for)
    # The capability must be held over this organization of the object (an attribute name),
    # not only over the object: e.g. the committee that issues a letter out of the district.
    acts_for: str = ""
    hidden: bool = False  # without `cap` the page does not exist: 404, not 403
    own: bool = False  # the member the object is (or belongs to) may too, without `cap`


POLICY = {
    "workbench:home": Rule(),
    "core:rules": Rule(get_only=True),
    "accounts:login": Rule(public=True, signed_in_redirects=True),
    "accounts:logout": Rule(public=True, post_only=True),
    "accounts:password_change": Rule(),
    "accounts:two_factor": Rule(),
    "accounts:users": Rule(cap=MANAGE),
    "accounts:user_create": Rule(cap=MANAGE),
    "accounts:user": Rule(kind="user", cap=MANAGE, visible_with=MANAGE),
    "accounts:user_set_active": Rule(kind="user", cap=MANAGE, visible_with=MANAGE, post_only=True),
    "accounts:user_reset_password": Rule(kind="user", cap=MANAGE, visible_with=MANAGE, post_only=True),
    "accounts:role_revoke": Rule(kind="role", cap=MANAGE, post_only=True),
    "orgs:tree": Rule(get_only=True),
    # The pickers' options: anyone signed in may ask; each answers only what the asker may see.
    "orgs:pick": Rule(get_only=True),
    "members:pick": Rule(get_only=True),
    "orgs:unit_pick": Rule(get_only=True),
    "orgs:organization_create": Rule(cap=EDIT),
    "orgs:organization": Rule(kind="org", get_only=True),
    "orgs:mine": Rule(get_only=True),  # a member's own branch; an account without one is told so
    "orgs:children": Rule(kind="org", get_only=True),
    "orgs:roster_xlsx": Rule(kind="org", get_only=True),  # the roll the user sees there, to print
    "orgs:roster_docx": Rule(kind="org", get_only=True),
    "orgs:organization_edit": Rule(kind="org", cap=EDIT),
    "orgs:post_create": Rule(kind="org", cap=EDIT),
    "orgs:post_end": Rule(kind="post", cap=EDIT),
    "orgs:working_body_create": Rule(kind="org", cap=EDIT),
    "orgs:working_body_edit": Rule(kind="working_body", cap=EDIT),
    "orgs:units": Rule(get_only=True),
    "orgs:unit_create": Rule(cap=UNITS),
    "orgs:unit": Rule(kind="unit", get_only=True),
    "orgs:unit_edit": Rule(kind="unit", cap=UNITS),
    # Unit categories (and the unit type the annual statistics count) are the district's: read
    # by whoever reads the unit list, changed with the right to edit units.
    "orgs:unit_categories": Rule(get_only=True),
    "orgs:unit_category_create": Rule(cap=UNITS),
    "orgs:unit_category_edit": Rule(kind="unit_category", cap=UNITS, visible_with=UNITS),
    # A unit's leadership group: recorded by those who may edit the registry where the unit is.
    "orgs:leadership_group_create": Rule(kind="unit", cap=EDIT),
    "orgs:group_member_create": Rule(kind="unit", cap=EDIT),
    "orgs:group_member_end": Rule(kind="group_member", cap=EDIT),
    "members:list": Rule(get_only=True),
    "members:create": Rule(cap=EDIT),
    "members:member": Rule(kind="member", get_only=True),
    "members:edit": Rule(kind="member", cap=EDIT),
    "members:event": Rule(kind="member", cap=EDIT),
    "members:voting_suspension": Rule(kind="member", cap=EDIT),
    "members:voting_suspension_end": Rule(kind="suspension", cap=EDIT),
    "members:flag_create": Rule(kind="member", cap=EDIT),
    "members:flag_end": Rule(kind="flag", cap=EDIT),
    "members:flags": Rule(get_only=True),
    "members:reveal": Rule(kind="member", cap=REVEAL, post_only=True),
    "reports:statistics": Rule(cap=STATS, get_only=True),
    "reports:statistics_xlsx": Rule(cap=STATS, get_only=True),
    "audit:events": Rule(cap=AUDIT, get_only=True),
    "audit:export": Rule(cap=AUDIT, get_only=True),
    "reports:staffing": Rule(cap=STATS, get_only=True),
    "reports:superiors": Rule(cap=STATS, get_only=True),
    "reports:superiors_xlsx": Rule(cap=STATS, get_only=True),
    # 党内统计年报: of the user's scope, or of an organization in it; explanations with the
    # registry's edit right over the scope's organization.
    "reports:annual": Rule(cap=STATS, get_only=True),
    "reports:annual_of": Rule(kind="org", cap=STATS, get_only=True),
    "reports:annual_xlsx": Rule(cap=STATS, get_only=True),
    "reports:annual_xlsx_of": Rule(kind="org", cap=STATS, get_only=True),
    "reports:annual_figure": Rule(cap=STATS, get_only=True, query="figure=members.total"),
    "reports:annual_figure_of": Rule(kind="org", cap=STATS, get_only=True, query="figure=members.total"),
    "reports:annual_explain": Rule(cap=EDIT, post_only=True),
    "reports:annual_explain_of": Rule(kind="org", cap=EDIT, post_only=True),
    "reports:annual_file": Rule(cap=EDIT, post_only=True),
    "reports:annual_file_of": Rule(kind="org", cap=EDIT, post_only=True),
    # Work items addressed to an organization reach the officers who may edit it.
    "work:todo": Rule(get_only=True),
    "work:item_create": Rule(cap=AUTH_EDIT),
    "work:item": Rule(kind="work_item", visible_with=EDIT, get_only=True),
    "work:item_comment": Rule(kind="work_item", visible_with=EDIT, post_only=True),
    "work:item_close": Rule(kind="work_item", visible_with=EDIT, post_only=True),
    "work:appointment_decide": Rule(kind="work_item", visible_with=EDIT, post_only=True),
    "work:appointment_propose": Rule(kind="org", cap=AUTH_EDIT),
    "set_language": Rule(public=True),
    # The authority list is district-wide: the capability decides, not a subtree.
    "authority:index": Rule(cap=AUTH_VIEW, get_only=True),
    "authority:compare": Rule(cap=AUTH_VIEW, get_only=True, query="compare"),
    "authority:list": Rule(kind="authority_list", cap=AUTH_VIEW, visible_with=AUTH_VIEW, get_only=True),
    "authority:list_xlsx": Rule(kind="authority_list", cap=AUTH_VIEW, visible_with=AUTH_VIEW, get_only=True),
    "authority:list_create": Rule(cap=AUTH_EDIT),
    "authority:list_adopt": Rule(kind="authority_list", cap=AUTH_ADOPT, visible_with=AUTH_ADOPT),
    "authority:list_reject": Rule(kind="authority_list", cap=AUTH_ADOPT, visible_with=AUTH_ADOPT),
    "authority:matter_create": Rule(kind="authority_list", cap=AUTH_EDIT, visible_with=AUTH_EDIT),
    "authority:matter_edit": Rule(kind="matter", cap=AUTH_EDIT, visible_with=AUTH_EDIT),
    "authority:matter_delete": Rule(kind="matter", cap=AUTH_EDIT, visible_with=AUTH_EDIT, post_only=True),
    # Adjustment plans are the committee's, district-wide like the authority list.
    "adjustments:index": Rule(cap=PLAN_VIEW, get_only=True),
    "adjustments:compare": Rule(cap=PLAN_VIEW, get_only=True, query="plans"),
    "adjustments:ledger": Rule(cap=PLAN_VIEW, get_only=True),
    "adjustments:ledger_xlsx": Rule(cap=PLAN_VIEW, get_only=True),
    "adjustments:plan_create": Rule(cap=PLAN_EDIT),
    "adjustments:plan": Rule(kind="plan", cap=PLAN_VIEW, visible_with=PLAN_VIEW, get_only=True),
    "adjustments:plan_edit": Rule(kind="plan", cap=PLAN_EDIT, visible_with=PLAN_EDIT),
    "adjustments:operation_create": Rule(kind="plan", cap=PLAN_EDIT, visible_with=PLAN_EDIT),
    "adjustments:operation_delete": Rule(kind="plan", cap=PLAN_EDIT, visible_with=PLAN_EDIT, post_only=True),
    "adjustments:plan_approve": Rule(kind="plan", cap=PLAN_APPROVE, visible_with=PLAN_APPROVE, post_only=True),
    "adjustments:plan_reject": Rule(kind="plan", cap=PLAN_APPROVE, visible_with=PLAN_APPROVE, post_only=True),
    "adjustments:plan_execute": Rule(kind="plan", cap=PLAN_APPROVE, visible_with=PLAN_APPROVE, post_only=True),
    # Transfers: visible through either end; the receiver accepts or returns, the sender
    # withdraws. Letters out of the district are the issuing committee's (the working committee
    # by default): it issues them, prints them, records their receipt and voids them.
    "transfers:inbox": Rule(cap=EDIT, get_only=True),
    "transfers:export": Rule(cap=EDIT, get_only=True),
    "transfers:incoming_create": Rule(cap=EDIT),
    "transfers:transfer_create": Rule(kind="member", cap=EDIT),
    "transfers:letter_create": Rule(kind="member", cap=EDIT),
    "transfers:batch_create": Rule(kind="org", cap=EDIT),
    "transfers:transfer": Rule(kind="transfer_out", get_only=True),
    "transfers:letter_issue": Rule(kind="transfer_requested", cap=EDIT, acts_for=ISSUER),
    "transfers:letter_docx": Rule(kind="transfer_out", cap=EDIT, get_only=True, acts_for=ISSUER),
    "transfers:transfer_accept": Rule(kind="transfer_in", cap=EDIT, post_only=True),
    "transfers:transfer_accept_confirm": Rule(kind="transfer_in", cap=EDIT, get_only=True, acts_for="destination"),
    "transfers:transfer_return": Rule(kind="transfer_in", cap=EDIT, post_only=True),
    "transfers:transfer_receipt": Rule(kind="transfer_out", cap=EDIT, post_only=True, acts_for=ISSUER),
    "transfers:transfer_cancel": Rule(kind="transfer_out", cap=EDIT, post_only=True, acts_for=ISSUER),
    # Member development: seen in the registry's subtree; the branch records its steps (the
    # superior's steps need the superior, checked in development's own tests).
    "development:overview": Rule(cap=VIEW, get_only=True),
    "elections:oversight": Rule(cap=VIEW, get_only=True),
    # Delay or advance (第三条): seen in the registry's subtree; the organization's officers ask,
    # the approving committee's officers reply.
    "elections:term_changes": Rule(cap=VIEW, get_only=True),
    "elections:term_change": Rule(kind="term_change", get_only=True),
    "elections:term_change_decide": Rule(kind="term_change", cap=EDIT, post_only=True, acts_for="approving"),
    "elections:term_change_request": Rule(kind="org", cap=EDIT),
    "development:plan": Rule(cap=VIEW),
    "orglife:compliance": Rule(cap=STATS, get_only=True),
    "orglife:compliance_xlsx": Rule(cap=STATS, get_only=True),
    "orglife:attention": Rule(kind="org", get_only=True),
    "development:board": Rule(kind="org", get_only=True),
    "development:board_export": Rule(kind="org", get_only=True),
    "development:apply": Rule(kind="org", cap=EDIT),
    "development:candidate": Rule(kind="candidate", get_only=True),
    "development:step_create": Rule(kind="candidate", cap=EDIT),
    "development:record_move": Rule(kind="candidate", cap=EDIT),
    "development:document": Rule(kind="candidate", cap=EDIT, get_only=True),
    # Excel: the list export shows what the list shows (an empty file for no scope); imports
    # are the uploader's own.
    "members:export": Rule(get_only=True),
    "orgs:export": Rule(get_only=True),
    "orgs:post_export": Rule(get_only=True),
    "orgs:unit_export": Rule(get_only=True),
    "exchange:imports": Rule(cap=IMPORT),
    "exchange:template": Rule(cap=EDIT, get_only=True, query="template"),
    "exchange:batch": Rule(kind="batch", cap=EDIT, get_only=True),
    "exchange:batch_progress": Rule(kind="batch", cap=EDIT, get_only=True),
    "exchange:batch_confirm": Rule(kind="batch", cap=EDIT, post_only=True),
    "exchange:batch_errors": Rule(kind="batch", cap=EDIT, get_only=True),
    # Organizational life: seen where the registry is seen; its officers plan and record.
    "orglife:index": Rule(cap=VIEW, get_only=True),
    "orglife:organization": Rule(kind="org", get_only=True),
    "orglife:generate_plan": Rule(kind="org", cap=EDIT, post_only=True),
    "orglife:plan_item_create": Rule(kind="org", cap=EDIT),
    "orglife:record": Rule(kind="org", cap=EDIT),
    "orglife:groups": Rule(kind="org", get_only=True),
    "orglife:group_create": Rule(kind="org", cap=EDIT),
    "orglife:plan_item_edit": Rule(kind="plan_item", cap=EDIT),
    "orglife:plan_item_delete": Rule(kind="plan_item", cap=EDIT, post_only=True),
    "orglife:meeting": Rule(kind="meeting", get_only=True),
    "orglife:meeting_edit": Rule(kind="meeting", cap=EDIT),
    "orglife:attachment_add": Rule(kind="meeting", cap=EDIT, post_only=True),
    "orglife:attachment": Rule(kind="attachment", get_only=True),
    "orglife:attachment_delete": Rule(kind="attachment", cap=EDIT, post_only=True),
    "orglife:group_edit": Rule(kind="party_group", cap=EDIT),
    "orglife:group_end": Rule(kind="party_group", cap=EDIT),
    "orglife:group_assign": Rule(kind="party_group", cap=EDIT),
    "orglife:seat_end": Rule(kind="group_seat", cap=EDIT),
    "orglife:seat_leader": Rule(kind="group_seat", cap=EDIT, post_only=True),
    "exchange:export": Rule(kind="export", get_only=True),
    "exchange:export_progress": Rule(kind="export", get_only=True),
    "exchange:export_download": Rule(kind="export", get_only=True),
    # Leadership groups' study and life meetings: seen where the unit is in the registry's
    # subtree (the supervising bodies of PRO-01 / DIS-01 see every unit: leadership's own
    # tests), recorded by those who may edit the registry there; spot checks are the study
    # section's.
    "leadership:study": Rule(cap=VIEW, get_only=True),
    "leadership:study_xlsx": Rule(cap=VIEW, get_only=True),
    "leadership:life_meetings": Rule(cap=VIEW, get_only=True),
    "leadership:unit": Rule(kind="unit", get_only=True),
    "leadership:session_create": Rule(kind="unit", cap=EDIT, acts_for=UNIT_TOP),
    "leadership:spot_check_create": Rule(kind="unit", cap=STUDY_CHECK),
    "leadership:life_meeting_create": Rule(kind="unit", cap=EDIT, acts_for=UNIT_TOP),
    "leadership:session": Rule(kind="study_session", get_only=True),
    "leadership:session_edit": Rule(kind="study_session", cap=EDIT, acts_for=UNIT_TOP),
    "leadership:spot_check_rectified": Rule(kind="spot_check", cap=STUDY_CHECK),
    "leadership:life_meeting": Rule(kind="life_meeting", get_only=True),
    "leadership:life_meeting_edit": Rule(kind="life_meeting", cap=EDIT, acts_for=UNIT_TOP),
    "leadership:life_meeting_record": Rule(kind="life_meeting", cap=EDIT, acts_for=UNIT_TOP),
    "leadership:rectification_create": Rule(kind="life_meeting", cap=EDIT, acts_for=UNIT_TOP),
    "leadership:rectification_done": Rule(kind="rectification", cap=EDIT, acts_for=UNIT_TOP),
    # Organizational life: the ledger (台账) and the calendar address are the organization's
    # officers' (and the committee's); the feed itself is public, its secret token the key.
    "orglife:ledger": Rule(kind="org", cap=EDIT, get_only=True),
    "orglife:ledger_docx": Rule(kind="org", cap=EDIT, get_only=True),
    "orglife:ledger_xlsx": Rule(kind="org", cap=EDIT, get_only=True),
    "orglife:calendar_feed_issue": Rule(kind="org", cap=EDIT, post_only=True),
    "orglife:calendar_feed_revoke": Rule(kind="org", cap=EDIT, post_only=True),
    "orglife:ical_feed": Rule(public=True, get_only=True, query="feed"),
    "orglife:my_life": Rule(get_only=True),  # a member's own; an account without one is told so
    # 民主评议: seen in the registry's subtree, recorded by the branch's officers (and those
    # above); every account reaches its own results (an account without a member is told so).
    "evaluation:index": Rule(cap=VIEW, get_only=True),
    "evaluation:mine": Rule(get_only=True),
    "evaluation:organization": Rule(kind="org", get_only=True),
    "evaluation:round_create": Rule(kind="org", cap=EDIT),
    "evaluation:round": Rule(kind="evaluation_round", get_only=True),
    "evaluation:round_conclude": Rule(kind="evaluation_round", cap=EDIT, post_only=True),
    "evaluation:roll_edit": Rule(kind="evaluation_round", cap=EDIT),
    "evaluation:round_xlsx": Rule(kind="evaluation_round", get_only=True),
    "evaluation:participant": Rule(kind="evaluation_participant", cap=EDIT),
    "evaluation:follow_up": Rule(kind="evaluation_participant", cap=EDIT),
    # The committee's activities are district-wide: read with the registry's view, recorded by
    # the committee's staff.
    "activities:index": Rule(cap=VIEW, get_only=True),
    "discipline:index": Rule(cap=DISCIPLINE, hidden=True, get_only=True),
    # Talks: every signed-in user has the list (the talks their work shows, and their own); the
    # discipline capability records any kind; the registry's officers record appointment and
    # reminder talks from an organization they edit. The world's talk is an admonishment, which
    # only the discipline capability knows of.
    "discipline:talks": Rule(get_only=True),
    "discipline:talk_record": Rule(cap=DISCIPLINE, hidden=True),
    "discipline:talk_record_org": Rule(kind="org", cap=EDIT),
    "discipline:talk": Rule(kind="talk", cap=DISCIPLINE, visible_with=DISCIPLINE, hidden=True, get_only=True),
    "discipline:talk_edit": Rule(kind="talk", cap=DISCIPLINE, visible_with=DISCIPLINE, hidden=True),
    # Clues and cases (h3): the discipline capability within its scope; 404 for everyone else.
    "discipline:clues": Rule(cap=DISCIPLINE, hidden=True, get_only=True),
    "discipline:clue_create": Rule(cap=DISCIPLINE, hidden=True),
    "discipline:clue": Rule(kind="clue", cap=DISCIPLINE, visible_with=DISCIPLINE, get_only=True),
    "discipline:clue_override": Rule(kind="clue", cap=DISCIPLINE, visible_with=DISCIPLINE),
    "discipline:clue_dispose": Rule(kind="clue", cap=DISCIPLINE, visible_with=DISCIPLINE),
    "discipline:cases": Rule(cap=DISCIPLINE, hidden=True, get_only=True),
    "discipline:case_create": Rule(cap=DISCIPLINE, hidden=True),
    "discipline:case": Rule(kind="case", cap=DISCIPLINE, visible_with=DISCIPLINE, get_only=True),
    "discipline:case_extend": Rule(kind="case", cap=DISCIPLINE, visible_with=DISCIPLINE),
    "discipline:case_step": Rule(kind="case", cap=DISCIPLINE, visible_with=DISCIPLINE),
    "discipline:case_close": Rule(kind="case", cap=DISCIPLINE, visible_with=DISCIPLINE),
    # Sanctions: the discipline capability within its scope; the member concerned reads their own.
    "discipline:sanctions": Rule(cap=DISCIPLINE, hidden=True, get_only=True),
    "discipline:sanction_create": Rule(cap=DISCIPLINE, hidden=True),
    "discipline:sanction": Rule(kind="sanction", cap=DISCIPLINE, visible_with=DISCIPLINE, hidden=True, get_only=True),
    "discipline:sanction_end": Rule(
        kind="sanction", cap=DISCIPLINE, visible_with=DISCIPLINE, hidden=True, post_only=True
    ),
    "discipline:sanction_revoke": Rule(kind="sanction", cap=DISCIPLINE, visible_with=DISCIPLINE, hidden=True),
    "discipline:mine": Rule(get_only=True),
    # An election: seen in the registry's subtree; its organization's steps need the edit right
    # over it (the matrix's election is at the draft, an organization's step); start from the org.
    "elections:start": Rule(kind="org", cap=EDIT),
    "elections:election": Rule(kind="election", get_only=True),
    "elections:edit": Rule(kind="election", cap=EDIT),
    "elections:send_request": Rule(kind="election", cap=EDIT, post_only=True),
    "elections:reply": Rule(kind="election", cap=EDIT, post_only=True),
    "elections:nominate": Rule(kind="election", cap=EDIT, post_only=True),
    "elections:withdraw": Rule(kind="election", cap=EDIT, post_only=True),
    "elections:send_candidates": Rule(kind="election", cap=EDIT, post_only=True),
    "elections:review": Rule(kind="election", cap=EDIT, post_only=True),
    "elections:record_round": Rule(kind="election", cap=EDIT, post_only=True),
    "elections:close_voting": Rule(kind="election", cap=EDIT, post_only=True),
    "elections:officers": Rule(kind="election", cap=EDIT, post_only=True),
    "elections:decide": Rule(kind="election", cap=EDIT, post_only=True),
    "elections:cancel": Rule(kind="election", cap=EDIT, post_only=True),
    # the documents: the organization's and the approving committee's officers print them
    "elections:document": Rule(kind="election", cap=EDIT, get_only=True),
    "activities:create": Rule(cap=ACTIVITIES_EDIT),
    "activities:activity": Rule(kind="activity", get_only=True),
    "activities:edit": Rule(kind="activity", cap=ACTIVITIES_EDIT),
    "activities:participation": Rule(kind="activity", cap=ACTIVITIES_EDIT, post_only=True),
    # Activity funds: an organization's officers (the registry's edit right over it) read and
    # record them; who only reads the registry is refused. The trade union's readers (a body on
    # matter 机关工会活动经费) are funds' own tests: no persona here acts for a body.
    "funds:overview": Rule(cap=EDIT, get_only=True),
    "funds:organization": Rule(kind="org", cap=EDIT, get_only=True),
    "funds:budget_set": Rule(kind="org", cap=EDIT),
    "funds:spending_add": Rule(kind="budget", cap=EDIT),
    "funds:spending_edit": Rule(kind="spending", cap=EDIT),
    "funds:attachment": Rule(kind="spending", cap=EDIT, get_only=True),
    # Commendation rounds are the committee's, district-wide: seen by whoever nominates (the
    # registry's edit right somewhere), managed with the oversight; a nominating organization's
    # page and nominations are its officers'; the review and objections are the committee's.
    "commendations:rounds": Rule(cap=EDIT, get_only=True),
    "commendations:round_create": Rule(cap=OVERSEE),
    "commendations:round": Rule(kind="commendation_round", visible_with=EDIT, cap=OVERSEE, get_only=True),
    "commendations:category_add": Rule(kind="commendation_round", visible_with=EDIT, cap=OVERSEE, post_only=True),
    "commendations:quotas": Rule(kind="commendation_round", visible_with=EDIT, cap=OVERSEE),
    "commendations:notice": Rule(kind="commendation_round", visible_with=EDIT, cap=OVERSEE, post_only=True),
    "commendations:decide": Rule(kind="commendation_round", visible_with=EDIT, cap=OVERSEE, post_only=True),
    "commendations:round_document": Rule(kind="commendation_round", visible_with=EDIT, cap=OVERSEE, get_only=True),
    "commendations:organization": Rule(kind="org", cap=EDIT, get_only=True),
    "commendations:nominate": Rule(kind="org", cap=EDIT),
    "commendations:withdraw": Rule(kind="nomination", cap=EDIT, post_only=True),
    "commendations:review": Rule(kind="nomination", cap=OVERSEE, post_only=True),
    "commendations:objection": Rule(kind="nomination", cap=OVERSEE, post_only=True),
    "commendations:certificate": Rule(kind="nomination", cap=EDIT, get_only=True),
    "commendations:attachment": Rule(kind="nomination", cap=EDIT, get_only=True),
    # The committee's oversight: its side needs OVERSEE over the organization; the organization's
    # side (its report, its rectification items) the registry's edit right; seeing either.
    "supervision:reports": Rule(cap=OVERSEE, get_only=True),
    "supervision:reporting_open": Rule(cap=OVERSEE),
    "supervision:report": Rule(kind="report", cap=EDIT),
    "supervision:report_accept": Rule(kind="report", cap=OVERSEE, post_only=True),
    "supervision:report_return": Rule(kind="report", cap=OVERSEE, post_only=True),
    "supervision:report_file": Rule(kind="report", cap=EDIT, get_only=True),
    "supervision:report_docx": Rule(kind="report", cap=EDIT, get_only=True),
    "supervision:inspections": Rule(cap=OVERSEE, get_only=True),
    "supervision:inspection_create": Rule(cap=OVERSEE),
    "supervision:inspection": Rule(kind="inspection", cap=OVERSEE, get_only=True),
    "supervision:finding_add": Rule(kind="inspection", cap=OVERSEE),
    "supervision:item_add": Rule(kind="finding", cap=OVERSEE),
    "supervision:finding_file": Rule(kind="finding", cap=EDIT, get_only=True),
    "supervision:organization": Rule(kind="org", cap=EDIT, get_only=True),
    "supervision:item": Rule(kind="rect_item", cap=EDIT, get_only=True),
    "supervision:item_report": Rule(kind="rect_item", cap=EDIT, post_only=True),
    "supervision:item_accept": Rule(kind="rect_item", cap=OVERSEE, post_only=True),
    "supervision:item_reopen": Rule(kind="rect_item", cap=OVERSEE, post_only=True),
    "supervision:event_file": Rule(kind="item_event", cap=EDIT, get_only=True),
    # Dues remitted and the accounts: an organization's month and year are seen where the
    # registry is; its officers remit; the receiver's officers confirm (the remittance seen
    # from either end). A member's receipt: the member, or the officers of their organization.
    "dues:remittance_month": Rule(kind="org", visible_with=DUES_VIEW, get_only=True),
    "dues:remit": Rule(kind="org", visible_with=DUES_VIEW, cap=DUES, post_only=True),
    "dues:remittances_to_confirm": Rule(get_only=True),
    "dues:remittance_confirm": Rule(
        kind="remittance", visible_with=DUES_VIEW, cap=DUES, post_only=True, acts_for="receiver"
    ),
    "dues:account": Rule(kind="org", visible_with=DUES_VIEW, get_only=True),
    "dues:subtree_account": Rule(kind="org", visible_with=DUES_VIEW, get_only=True),
    "dues:account_docx": Rule(kind="org", visible_with=DUES_VIEW, get_only=True),
    "dues:receipt": Rule(kind="member", visible_with=DUES_VIEW, cap=DUES, get_only=True, own=True),
    "dues:receipt_docx": Rule(kind="member", visible_with=DUES_VIEW, cap=DUES, get_only=True, own=True),
    "dues:my_receipt": Rule(get_only=True),  # a member's own; an account without one is told so
    # Dues: the overview and an organization's months for those who see dues there (a user
    # with one branch is sent to it); recording posts to its own URLs; a member's page is seen
    # where their organization is (and by the member), their base set with the dues capability.
    "dues:index": Rule(cap=DUES_VIEW, get_only=True),
    "dues:mine": Rule(get_only=True),  # a member's own; an account without one is told so
    "dues:organization": Rule(kind="org", visible_with=DUES_VIEW, get_only=True),
    "dues:month": Rule(kind="org", visible_with=DUES_VIEW, get_only=True),
    "dues:record": Rule(kind="org", visible_with=DUES_VIEW, cap=DUES, post_only=True),
    "dues:compute": Rule(kind="org", visible_with=DUES_VIEW, cap=DUES, post_only=True),
    "dues:member": Rule(kind="member", visible_with=DUES_VIEW, get_only=True),
    "dues:base": Rule(kind="member", visible_with=DUES_VIEW, cap=DUES),
    "dues:relief": Rule(kind="member", visible_with=DUES_VIEW, cap=EDIT, acts_for=DUES_APPROVER),
    # The annual assessment: the indicator tables are district-wide, the committee's (OVERSEE,
    # which comes first: 403 whatever the id); an organization's year is seen by those who may
    # edit it (its officers and those above); scores and the 述职评议 are the committee's.
    "assessment:index": Rule(get_only=True),  # the committee's overview, or the user's organizations
    "assessment:overview": Rule(cap=OVERSEE, get_only=True),
    "assessment:tables": Rule(cap=OVERSEE, get_only=True),
    "assessment:table_create": Rule(cap=OVERSEE),
    "assessment:table": Rule(kind="assessment_table", cap=OVERSEE, visible_with=OVERSEE, get_only=True),
    "assessment:table_edit": Rule(kind="assessment_table", cap=OVERSEE, visible_with=OVERSEE),
    "assessment:item_create": Rule(kind="assessment_table", cap=OVERSEE, visible_with=OVERSEE),
    "assessment:table_compare": Rule(kind="assessment_table", cap=OVERSEE, visible_with=OVERSEE, get_only=True),
    "assessment:table_adopt": Rule(kind="assessment_table", cap=OVERSEE, visible_with=OVERSEE, post_only=True),
    "assessment:table_publish": Rule(kind="assessment_table", cap=OVERSEE, visible_with=OVERSEE, post_only=True),
    "assessment:results_xlsx": Rule(kind="assessment_table", cap=OVERSEE, visible_with=OVERSEE, get_only=True),
    "assessment:item_edit": Rule(kind="assessment_item", cap=OVERSEE, visible_with=OVERSEE),
    "assessment:item_delete": Rule(kind="assessment_item", cap=OVERSEE, visible_with=OVERSEE, post_only=True),
    "assessment:organization": Rule(kind="org", cap=EDIT, get_only=True),
    "assessment:self_assessment": Rule(kind="org", cap=EDIT),
    "assessment:score": Rule(kind="org", cap=OVERSEE),
    "assessment:debrief": Rule(kind="org", cap=OVERSEE),
    "assessment:responsibility_docx": Rule(kind="org", cap=EDIT, get_only=True),
    # Campaigns: defined and decided by the committee (district-wide, like the authority list);
    # an organization's tab, applications and pairings are seen where the registry is; its
    # officers apply, pair and see their members' records; a member records their own.
    "campaigns:index": Rule(cap=OVERSEE, get_only=True),
    "campaigns:create": Rule(cap=OVERSEE),
    "campaigns:activities": Rule(cap=OVERSEE, get_only=True),
    "campaigns:campaign": Rule(kind="campaign", cap=OVERSEE, visible_with=OVERSEE, get_only=True),
    "campaigns:criterion_add": Rule(kind="campaign", cap=OVERSEE, visible_with=OVERSEE),
    "campaigns:application": Rule(kind="application", get_only=True),
    "campaigns:application_file": Rule(kind="application", get_only=True),
    "campaigns:assess": Rule(kind="application", cap=OVERSEE, post_only=True),
    "campaigns:name": Rule(kind="application", cap=OVERSEE, post_only=True),
    "campaigns:refuse": Rule(kind="application", cap=OVERSEE, post_only=True),
    "campaigns:review": Rule(kind="naming", cap=OVERSEE, post_only=True),
    "campaigns:revoke": Rule(kind="naming", cap=OVERSEE, post_only=True),
    "campaigns:organization": Rule(kind="org", get_only=True),
    "campaigns:apply": Rule(kind="org", cap=EDIT),
    "campaigns:pairing_create": Rule(kind="org", cap=EDIT),
    "campaigns:branch_activities": Rule(kind="org", cap=EDIT, get_only=True),
    "campaigns:pairing": Rule(kind="pairing", get_only=True),
    "campaigns:joint_activity_add": Rule(kind="pairing", cap=EDIT),
    "campaigns:mine": Rule(),  # a member's own; an account without one is told so
    "campaigns:activity_photo": Rule(kind="member_activity", cap=EDIT, get_only=True),
}


def url_names() -> dict[str, str]:
    """Every named URL pattern of the project, from the resolver, with its route."""
    found: dict[str, str] = {}

    def walk(patterns, namespace, prefix):
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
                walk(p.url_patterns, ns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                assert p.name, f"URL pattern {prefix}{p.pattern} has no name: the policy cannot cover it"
                found[f"{namespace}{p.name}"] = prefix + str(p.pattern)

    walk(get_resolver().url_patterns, "", "/")
    return found


def test_every_url_pattern_has_a_policy_entry():
    missing = sorted(set(url_names()) - set(POLICY))
    assert not missing, f"URL patterns without a policy entry (add them to POLICY): {missing}"
    stale = sorted(set(POLICY) - set(url_names()))
    assert not stale, f"POLICY names URLs that no longer exist: {stale}"


class World:
    """The registry plus a second, unrelated tree under the district committee: everything in
    it is outside every persona's scope."""

    def __init__(self, registry):
        r = self.r = registry
        self.outside_opc = r.org(
            "外单位机关党委", OrgKind.ORGAN_PARTY_COMMITTEE, r.district, r.education, r.district.founded
        )
        self.outside_branch = r.org("外单位支部", OrgKind.BRANCH, self.outside_opc, r.education, r.district.founded)
        from orgs.models import UnitCategory

        self.outside_unit = Unit.objects.create(
            name="外单位", code="UX", level="district", category=UnitCategory.objects.first()
        )
        self.unit_category = UnitCategory.objects.first()
        self.outside_branch.unit = self.outside_unit
        self.outside_branch.save()
        self.outside_member = r.member("外人", self.outside_branch)
        self.outside_branch2 = r.org("外单位第二支部", OrgKind.BRANCH, self.outside_opc, None, r.district.founded)
        self.outside_member2 = r.member("外人二", self.outside_branch2)
        self.inside_post = Post.objects.create(
            member=r.zhang_san, organization=r.branch_a, role="secretary", valid_from=r.zhang_san.full_member_date
        )
        self.outside_post = Post.objects.create(
            member=self.outside_member,
            organization=self.outside_branch,
            role="secretary",
            valid_from=self.outside_member.full_member_date,
        )
        self.inside_body = WorkingBody.objects.create(
            organization=r.opc, name="机关党委办公室", established=r.opc.founded
        )
        self.outside_body = WorkingBody.objects.create(
            organization=self.outside_opc, name="办公室", established=r.opc.founded
        )
        self.inside_seat, self.outside_seat = (
            GroupMember.objects.create(
                group=LeadershipGroup.objects.create(unit=unit, kind="party_group", name=name, valid_from=day),
                member=member,
                name=member.name,
                post="secretary",
                valid_from=day,
            )
            for unit, name, member, day in (
                (r.finance, "财政局党组", r.zhang_san, r.zhang_san.full_member_date),
                (self.outside_unit, "外单位党组", self.outside_member, self.outside_member.full_member_date),
            )
        )
        from leadership.models import LifeMeeting, Rectification, SpotCheck, StudySession

        self.study_sessions, self.life_meetings, self.spot_checks, self.rectifications = [], [], [], []
        for seat, unit in ((self.inside_seat, r.finance), (self.outside_seat, self.outside_unit)):
            self.study_sessions.append(
                StudySession.objects.create(group=seat.group, date=dt.date(2026, 1, 10), topic="学习", half_days=1)
            )
            meeting = LifeMeeting.objects.create(
                group=seat.group, year=2026, topic="民主生活会", planned_date=dt.date(2026, 1, 20)
            )
            self.life_meetings.append(meeting)
            self.spot_checks.append(
                SpotCheck.objects.create(
                    unit=unit,
                    date=dt.date(2026, 1, 15),
                    subject="学习记录",
                    findings="不完整",
                    rectification_needed=True,
                    rectify_by=dt.date(2026, 2, 15),
                )
            )
            self.rectifications.append(
                Rectification.objects.create(
                    meeting=meeting, item="整改", owner_name="张三", deadline=dt.date(2026, 3, 1)
                )
            )
        self.inside_user = make_user("inside_user", Role.ORG_ADMIN, r.branch_a)
        self.outside_user = make_user("outside_user", Role.ORG_ADMIN, self.outside_branch)
        from authority.models import AuthorityList, Body, Matter, MatterRole

        body = Body.objects.create(code="GW", name="区直机关工委", kind="working_committee")
        self.draft = AuthorityList.objects.create(name="草案")
        self.matter = Matter.objects.create(authority_list=self.draft, code="M1", name="事项", domain="general")
        MatterRole.objects.create(matter=self.matter, body=body, role="lead")
        from work.models import WorkItem

        self.inside_item = WorkItem.objects.create(title="换届提醒", organization=r.branch_a)
        self.outside_item = WorkItem.objects.create(title="外单位换届提醒", organization=self.outside_branch)
        from adjustments.models import AdjustmentPlan, PlanOperation
        from transfers.models import Transfer

        self.plan = AdjustmentPlan.objects.create(name="调整草案", committee=r.working)
        PlanOperation.objects.create(plan=self.plan, position=1, kind="rename", organization=r.opc, new_name="新名")
        day = r.district.founded
        # An out-of-district letter, so the letter page has something to print, issued by the
        # working committee (the default rule); and a branch's request waiting for its letter.
        self.transfer_out = Transfer.objects.create(
            member=r.wang_wu,
            kind="out",
            source=r.branch_a,
            issuing_organization=r.working,
            outside_organization="外地",
            issued_on=day,
            letter_number="T-1",
            valid_until=day,
        )
        self.transfer_requested = Transfer.objects.create(
            member=r.zhao_liu,
            kind="out",
            status="requested",
            source=r.branch_a,
            issuing_organization=r.working,
            outside_organization="外地",
            requested_on=day,
            dues_paid_until=day,
        )
        self.transfer_in = Transfer.objects.create(
            member=self.outside_member, kind="within", source=self.outside_branch, destination=r.branch_a, issued_on=day
        )
        self.transfer_outside = Transfer.objects.create(
            member=self.outside_member2,
            kind="out",
            source=self.outside_branch2,
            issuing_organization=self.outside_opc,
            outside_organization="外地",
            issued_on=day,
            letter_number="T-2",
            valid_until=day,
        )
        self.outside_member3 = r.member("外人三", self.outside_branch)
        self.transfer_requested_outside = Transfer.objects.create(
            member=self.outside_member3,
            kind="out",
            status="requested",
            source=self.outside_branch,
            issuing_organization=self.outside_opc,
            outside_organization="外地",
            requested_on=day,
            dues_paid_until=day,
        )
        from development.models import Candidate, Step

        def candidate(name, org):
            c = Candidate.objects.create(
                name=name,
                gender="M",
                birth_date=dt.date(1998, 1, 1),
                education="bachelor",
                organization=org,
                applied_on=dt.date(2025, 1, 6),
                id_number_encrypted="",
                id_number_hash=name,
                id_number_tail="0000",
            )
            Step.objects.create(candidate=c, kind="application", date=c.applied_on)
            return c

        self.inside_candidate = candidate("申请人甲", r.branch_a)
        self.outside_candidate = candidate("申请人乙", self.outside_branch)
        from django.core.files.base import ContentFile
        from django.core.files.storage import default_storage

        from orglife.models import Meeting, MeetingAttachment, PartyGroup, PartyGroupMember, PlanItem

        self.meetings, self.plan_items, self.party_groups, self.group_seats = [], [], [], []
        self.attachments = []
        for branch, member in ((r.branch_a, r.wang_wu), (self.outside_branch, self.outside_member)):
            self.meetings.append(
                Meeting.objects.create(
                    organization=branch, kind="theme_day", date=dt.date(2026, 1, 6), topic="主题党日"
                )
            )
            self.plan_items.append(PlanItem.objects.create(organization=branch, year=2026, month=12, kind="lecture"))
            group = PartyGroup.objects.create(branch=branch, name="第一党小组", valid_from=dt.date(2026, 1, 5))
            self.party_groups.append(group)
            self.group_seats.append(
                PartyGroupMember.objects.create(group=group, member=member, valid_from=dt.date(2026, 1, 5))
            )
            stored = f"orglife/matrix-{branch.pk}.pdf"  # one fixed file per branch: the walk adds none
            if not default_storage.exists(stored):
                default_storage.save(stored, ContentFile(b"%PDF-1.4\n"))
            self.attachments.append(
                MeetingAttachment.objects.create(
                    meeting=self.meetings[-1], file=stored, name="会议记录.pdf", content_type="application/pdf", size=9
                )
            )
        from discipline.models import Sanction

        self.inside_sanction, self.outside_sanction = (
            Sanction.objects.create(
                member=member,
                organization=member.organization,
                kind="warning",
                decided_on=dt.date(2026, 1, 5),
                decided_by="区纪委",
                effect_until=dt.date(2027, 1, 5),
                narrative="事实",
            )
            for member in (r.wang_wu, self.outside_member)
        )
        from activities.models import Activity
        from evaluation.models import EvaluationRound, Participant

        self.inside_round, self.outside_round = (
            EvaluationRound.objects.create(organization=org, year=2026, date=dt.date(2026, 6, 1))
            for org in (r.branch_a, self.outside_branch)
        )
        self.inside_participant = Participant.objects.create(round=self.inside_round, member=r.zhang_san)
        self.outside_participant = Participant.objects.create(round=self.outside_round, member=self.outside_member)
        self.activity = Activity.objects.create(
            organizer="union", kind="cultural_sports", title="职工运动会", date=dt.date(2026, 5, 1)
        )
        from elections.models import TermChange

        self.term_changes = tuple(
            TermChange.objects.create(
                organization=org,
                approving=approving,
                kind="postpone",
                term_end=dt.date(2026, 3, 1),
                new_end=dt.date(2026, 9, 1),
                reason="换届前后正值机构改革",
                requested_on=dt.date(2026, 1, 10),
            )
            for org, approving in ((r.branch_a, r.opc), (self.outside_branch, self.outside_opc))
        )
        from discipline.models import Talk

        self.talks = tuple(
            Talk.objects.create(
                kind="admonition",
                member=member,
                organization=member.organization,
                date=dt.date(2026, 1, 8),
                talker="纪工委书记",
                gist="诫勉",
                effect_until=dt.date(2026, 7, 8),
            )
            for member in (r.zhang_san, self.outside_member)
        )
        from discipline.models import Case, Clue

        self.clues, self.cases = [], []
        for member in (r.zhang_san, self.outside_member):
            clue = Clue.objects.create(
                received_on=dt.date(2026, 1, 5),
                source="report",
                member=member,
                organization=member.organization,
                summary="反映问题",
                basis="other_member",
            )
            self.clues.append(clue)
            self.cases.append(
                Case.objects.create(
                    member=member,
                    organization=member.organization,
                    opened_on=dt.date(2026, 1, 6),
                    due_on=dt.date(2026, 4, 6),
                )
            )
        from elections.models import Election

        self.elections = tuple(
            Election.objects.create(
                organization=org,
                approving=approving,
                step_since=dt.date(2026, 1, 5),
                method="general_meeting",
                seats=3,
                planned_on=dt.date(2026, 3, 1),
            )
            for org, approving in ((r.branch_a, r.opc), (self.outside_branch, self.outside_opc))
        )
        from assessment.models import IndicatorTable, Item, Section

        # an indicator table: the draft of a year, with one item
        self.assessment_table = IndicatorTable.objects.create(
            year=2026, name="2026年度考核指标", good_from=90, fair_from=80, average_from=60
        )
        self.assessment_item = Item.objects.create(
            table=self.assessment_table,
            section=Section.objects.create(table=self.assessment_table, name="基础工作"),
            code="A1",
            name="思想建设",
            kind="manual",
            points=10,
        )
        from funds.models import Budget, Spending

        self.budgets, self.spendings = [], []
        for branch in (r.branch_a, self.outside_branch):
            self.budgets.append(
                Budget.objects.create(organization=branch, year=2026, kind="party", source="fixed", amount=100)
            )
            stored = f"funds/matrix-{branch.pk}.pdf"  # one fixed file per branch: the walk adds none
            if not default_storage.exists(stored):
                default_storage.save(stored, ContentFile(b"%PDF-1.4\n"))
            self.spendings.append(
                Spending.objects.create(
                    budget=self.budgets[-1],
                    date=dt.date(2026, 1, 6),
                    category="theme_day",
                    amount=10,
                    purpose="主题党日",
                    file=stored,
                    file_name="发票.pdf",
                    content_type="application/pdf",
                )
            )
        from campaigns.models import Application, Campaign, MemberActivity, Naming, Pairing

        self.campaign = Campaign.objects.create(name="五好党支部", kind="naming", first_year=2020)
        heart = Campaign.objects.create(name="党员与群众心连心", kind="activity", first_year=2020, members_record=True)
        self.applications = tuple(
            Application.objects.create(
                campaign=self.campaign,
                organization=branch,
                year=2026,
                statement="申报",
                submitted_on=dt.date(2026, 1, 6),
                file=f"funds/matrix-{branch.pk}.pdf",  # the funds' fixed files, saved above
                file_name="申报.pdf",
                content_type="application/pdf",
            )
            for branch in (r.branch_a, self.outside_branch)
        )
        self.namings = tuple(
            Naming.objects.create(
                campaign=self.campaign, organization=branch, named_on=dt.date(2025, 1, 6), document_number="1号"
            )
            for branch in (r.branch_a, self.outside_branch)
        )
        self.pairings = tuple(
            Pairing.objects.create(
                organization=branch,
                partner_kind="village",
                partner_name="梨树村",
                started_on=dt.date(2025, 1, 6),
                purpose="共建",
            )
            for branch in (r.branch_a, self.outside_branch)
        )
        self.member_activities = tuple(
            MemberActivity.objects.create(
                campaign=heart,
                member=member,
                organization=member.organization,
                date=dt.date(2026, 1, 6),
                description="义诊",
                for_whom="居民",
                photo=f"funds/matrix-{member.organization_id}.pdf",
                photo_name="照片.jpg",
                content_type="image/jpeg",
            )
            for member in (r.zhang_san, self.outside_member)
        )
        from commendations.models import Category, Nomination, Round

        self.commendation_round = Round.objects.create(
            name="2026年度表彰", year=2026, opens_on=dt.date(2026, 1, 1), closes_on=dt.date(2026, 12, 31)
        )
        excellent = Category.objects.create(
            round=self.commendation_round, standard="excellent_member", nominee_kind="member"
        )
        self.nominations = []
        for org, member in ((r.opc, r.zhang_san), (self.outside_opc, self.outside_member)):
            stored = f"commendations/matrix-{org.pk}.pdf"  # one fixed file per organization
            if not default_storage.exists(stored):
                default_storage.save(stored, ContentFile(b"%PDF-1.4\n"))
            self.nominations.append(
                Nomination.objects.create(
                    round=self.commendation_round,
                    category=excellent,
                    organization=org,
                    member=member,
                    basis="事迹",
                    file=stored,
                    file_name="事迹.pdf",
                    content_type="application/pdf",
                )
            )
        from supervision.models import (
            AnnualReport,
            Finding,
            Inspection,
            ItemEvent,
            RectificationItem,
            ReportRound,
        )

        reporting = ReportRound.objects.create(year=2025, deadline=dt.date(2026, 1, 31), opened_on=dt.date(2026, 1, 5))
        self.reports, self.inspections, self.findings, self.rect_items, self.item_events = [], [], [], [], []
        for branch in (r.branch_a, self.outside_branch):
            stored = f"supervision/matrix-{branch.pk}.pdf"  # one fixed file per branch: the walk adds none
            if not default_storage.exists(stored):
                default_storage.save(stored, ContentFile(b"%PDF-1.4\n"))
            pdf = {"file": stored, "file_name": "报告.pdf", "content_type": "application/pdf"}
            self.reports.append(
                AnnualReport.objects.create(
                    round=reporting,
                    organization=branch,
                    status="submitted",
                    summary="年度报告",
                    first_submitted_on=dt.date(2026, 1, 20),
                    submitted_on=dt.date(2026, 1, 20),
                    **pdf,
                )
            )
            inspection = Inspection.objects.create(
                topic="专题督查", year=2026, starts_on=dt.date(2026, 1, 5), ends_on=dt.date(2026, 1, 9)
            )
            inspection.organizations.set([branch])
            self.inspections.append(inspection)
            self.findings.append(Finding.objects.create(inspection=inspection, organization=branch, text="问题", **pdf))
            self.rect_items.append(
                RectificationItem.objects.create(
                    finding=self.findings[-1], organization=branch, text="整改", deadline=dt.date(2026, 3, 1)
                )
            )
            self.item_events.append(
                ItemEvent.objects.create(item=self.rect_items[-1], step="reported", day=dt.date(2026, 1, 20), **pdf)
            )
        from dues.models import Remittance

        # a branch's remittance to its committee, awaiting confirmation, inside and outside
        self.remittances = tuple(
            Remittance.objects.create(
                organization=branch,
                receiver=receiver,
                month=dt.date(2026, 1, 1),
                from_members=Decimal("10.00"),
                from_below=Decimal("0.00"),
                collected=Decimal("10.00"),
                to_centre=Decimal("0.00"),
                share=Decimal("0"),
                kept=Decimal("0.00"),
                remitted=Decimal("10.00"),
                remitted_on=dt.date(2026, 1, 28),
            )
            for branch, receiver in ((r.branch_a, r.opc), (self.outside_branch, self.outside_opc))
        )
        self.users = {
            "no_role": make_user("no_role"),
            "plain_member": make_user("plain_member", Role.MEMBER, None, member=r.li_si),
            "branch_secretary": make_user("branch_secretary", Role.ORG_ADMIN, r.branch_a),
            "opc_officer": make_user("opc_officer", Role.ORG_ADMIN, r.opc),
            "organization_department": make_user("organization_department", Role.BODY_STAFF, r.working),
            "discipline_commission": make_user("discipline_commission", Role.BODY_STAFF, r.working),
            "discipline_officer": make_user("discipline_officer", Role.DISCIPLINE_STAFF, r.working),
            "committee_clerk": make_user("committee_clerk", Role.COMMITTEE_STAFF, r.working),
            "committee_leader": make_user("committee_leader", Role.COMMITTEE_LEADER, r.working),
            "treasurer": make_user("treasurer", Role.TREASURER, r.branch_a),
        }
        from core import crypto
        from exchange.models import ImportBatch

        self.batches = {
            name: ImportBatch.objects.create(
                kind="members",
                file_name="a.csv",
                content=crypto.encrypt_bytes(b""),
                sha256="",
                status="invalid",
                created_by=user,
            )
            for name, user in [*self.users.items(), ("outside_user", self.outside_user)]
        }
        from members.models import VotingSuspension

        self.inside_absence, self.outside_absence = (
            VotingSuspension.objects.create(
                member=m, kind="approved_absence", valid_from=dt.date(2026, 1, 5), basis="长期病休，支委会批准"
            )
            for m in (r.zhang_san, self.outside_member)
        )
        from members.models import MemberFlag

        self.inside_flag, self.outside_flag = (
            MemberFlag.objects.create(member=m, kind="lost_contact", valid_from=dt.date(2026, 1, 5))
            for m in (r.zhang_san, self.outside_member)
        )
        from accounts.roles import VIEW_REGISTRY
        from accounts.scope import scope_paths
        from exchange.models import ExportFile
        from orglife.feeds import do_issue_calendar_feed

        self.feed_token = do_issue_calendar_feed(r.branch_a, acting_user=None)
        self.exports = {
            name: ExportFile.objects.create(
                kind="members",
                status="done",
                content=crypto.encrypt_bytes(b"PK"),
                scope=scope_paths(user, VIEW_REGISTRY),
                created_by=user,
            )
            for name, user in [*self.users.items(), ("outside_user", self.outside_user)]
        }

    def objects(self, kind: str, persona: str, inside: bool):
        r = self.r
        if kind == "org":
            root = PERSONAS[persona][1]
            return getattr(r, root) if inside and root else (r.branch_a if inside else self.outside_branch)
        if kind in DISTRICT_WIDE:  # "outside" is a version that does not exist
            obj = {
                "authority_list": self.draft,
                "matter": self.matter,
                "plan": self.plan,
                "activity": self.activity,
                "assessment_table": self.assessment_table,
                "assessment_item": self.assessment_item,
                "campaign": self.campaign,
                "commendation_round": self.commendation_round,
                "unit_category": self.unit_category,
            }[kind]
            return obj if inside else type(obj)(pk=MISSING)
        table = {
            "member": (r.li_si if persona == "plain_member" else r.zhang_san, self.outside_member),
            "unit": (r.finance, self.outside_unit),
            "post": (self.inside_post, self.outside_post),
            "working_body": (self.inside_body, self.outside_body),
            "group_member": (self.inside_seat, self.outside_seat),
            "suspension": (self.inside_absence, self.outside_absence),
            "flag": (self.inside_flag, self.outside_flag),
            "user": (self.inside_user, self.outside_user),
            "work_item": (self.inside_item, self.outside_item),
            "transfer_in": (self.transfer_in, self.transfer_outside),
            "candidate": (self.inside_candidate, self.outside_candidate),
            "meeting": tuple(self.meetings),
            "plan_item": tuple(self.plan_items),
            "party_group": tuple(self.party_groups),
            "group_seat": tuple(self.group_seats),
            "attachment": tuple(self.attachments),
            "evaluation_round": (self.inside_round, self.outside_round),
            "evaluation_participant": (self.inside_participant, self.outside_participant),
            "batch": (self.batches.get(persona, self.batches["outside_user"]), self.batches["outside_user"]),
            "export": (self.exports.get(persona, self.exports["outside_user"]), self.exports["outside_user"]),
            "transfer_out": (self.transfer_out, self.transfer_outside),
            "transfer_requested": (self.transfer_requested, self.transfer_requested_outside),
            "study_session": tuple(self.study_sessions),
            "life_meeting": tuple(self.life_meetings),
            "spot_check": tuple(self.spot_checks),
            "rectification": tuple(self.rectifications),
            "talk": self.talks,
            "term_change": self.term_changes,
            "clue": tuple(self.clues),
            "case": tuple(self.cases),
            "sanction": (self.inside_sanction, self.outside_sanction),
            "election": self.elections,
            "budget": tuple(self.budgets),
            "spending": tuple(self.spendings),
            "remittance": self.remittances,
            "application": self.applications,
            "naming": self.namings,
            "pairing": self.pairings,
            "member_activity": self.member_activities,
            "nomination": tuple(self.nominations),
            "report": tuple(self.reports),
            "inspection": tuple(self.inspections),
            "finding": tuple(self.findings),
            "rect_item": tuple(self.rect_items),
            "item_event": tuple(self.item_events),
            "role": (
                RoleAssignment.objects.get(user=self.inside_user),
                RoleAssignment.objects.get(user=self.outside_user),
            ),
        }
        return table[kind][0 if inside else 1]

    def organizations_of(self, kind: str, obj) -> list:
        """The organizations through which an object is in someone's scope."""
        if kind == "org":
            return [obj]
        if kind == "unit":  # a unit is visible through any of its organizations
            return list(obj.organizations.all())
        if kind in {"suspension", "flag"}:  # through the member's branch
            return [obj.member.organization]
        if kind == "group_member":  # so is its leadership group
            return list(obj.group.unit.organizations.all())
        if kind in {"study_session", "life_meeting"}:  # and its study and life meetings
            return list(obj.group.unit.organizations.all())
        if kind == "spot_check":
            return list(obj.unit.organizations.all())
        if kind == "rectification":
            return list(obj.meeting.group.unit.organizations.all())
        if kind == "user":
            return [a.organization for a in obj.role_assignments.all()]
        if kind == "evaluation_participant":  # through its round's branch
            return [obj.round.organization]
        if kind == "role":  # a member's own-record role follows the member's branch
            return [obj.organization or obj.user.member.organization]
        if kind == "attachment":
            return [obj.meeting.organization]
        if kind == "spending":
            return [obj.budget.organization]
        if kind == "party_group":
            return [obj.branch]
        if kind == "group_seat":
            return [obj.group.branch]
        if kind == "inspection":
            return list(obj.organizations.all())
        if kind == "item_event":
            return [obj.item.organization]
        if kind == "remittance":  # either end
            return [obj.organization, obj.receiver]
        if kind in {"transfer_in", "transfer_out", "transfer_requested"}:  # either end, or the issuer
            return [obj.source, obj.destination, obj.issuing_organization]
        return [obj.organization]


DISTRICT_WIDE = {
    "authority_list",
    "matter",
    "plan",
    "activity",
    "assessment_table",
    "assessment_item",
    "campaign",
    "commendation_round",
    "unit_category",
}
MISSING = 10**6


def expected(world: World, persona: str, name: str, method: str, inside: bool) -> set[int] | str:
    rule = POLICY[name]
    caps, root_name = PERSONAS[persona]
    if persona == "anonymous" and not rule.public:
        return "login"  # sign-in comes before anything else
    if rule.post_only and method == "GET":
        return {405}
    if rule.get_only and method == "POST":
        return {405}
    if persona == "anonymous":
        return {200, 302}
    if rule.public:
        return {302} if (rule.signed_in_redirects and method == "GET") else {200, 302}
    if rule.kind is None:
        if rule.cap and rule.cap not in caps:
            return {404} if rule.hidden else {403}
        return {200, 302}
    obj = world.objects(rule.kind, persona, inside)
    if rule.kind in DISTRICT_WIDE and rule.visible_with not in caps:
        return {403}  # district-wide: the capability comes first, whatever the id
    if not _is_visible(world, persona, rule, obj):
        return {404}
    if rule.own and persona == "plain_member" and obj == world.r.li_si:
        return {200, 302}
    if rule.cap and rule.cap not in caps:
        return {403}
    if rule.acts_for and not _acting_organization(rule.acts_for, obj).path.startswith(getattr(world.r, root_name).path):
        return {403}
    return {200, 302}


def _acting_organization(acts_for: str, obj):
    """The organization over which the capability must be held: an attribute of the object, or
    for a unit's leadership records (UNIT_TOP) the unit's top organization, not any of them."""
    if acts_for == DUES_APPROVER:  # a member's relief: the committee above their organization
        from orgs.queries import approving_committee

        return approving_committee(obj.organization)
    if acts_for != UNIT_TOP:
        return getattr(obj, acts_for)
    from leadership.queries import organization_of

    unit = obj if isinstance(obj, Unit) else obj.meeting.group.unit if hasattr(obj, "meeting") else obj.group.unit
    return organization_of(unit)


def url_for(world: World, name: str, persona: str, inside: bool) -> str:
    rule = POLICY[name]
    if rule.kind is None:
        if rule.query == "compare":
            return f"{reverse(name)}?old={world.draft.pk}&new={world.draft.pk}"
        if rule.query == "plans":
            return f"{reverse(name)}?plan={world.plan.pk}&plan={world.plan.pk}"
        if rule.query == "feed":
            return reverse(name, kwargs={"pk": world.r.branch_a.pk, "token": world.feed_token})
        if rule.query == "template":
            return reverse(name, kwargs={"kind": "members"})
        return reverse(name) + _parameters(rule)
    obj = world.objects(rule.kind, persona, inside)
    return reverse(name, kwargs=_kwargs(name, obj.pk)) + _parameters(rule)


def _parameters(rule: Rule) -> str:
    """A query string written out in the rule ("figure=members.total")."""
    return f"?{rule.query}" if "=" in rule.query else ""


def _kwargs(name: str, pk) -> dict:
    """The object's id for the URL's first parameter; for any further one a value that exists:
    1 for a number (a step), a name for a string (a development step, a document)."""
    params = re.findall(r"<(int|str):(\w+)>", url_names()[name])
    filler = {"kind": "talk", "name": "record", "document": "request"}
    return {params[0][1]: pk, **{key: 1 if conv == "int" else filler[key] for conv, key in params[1:]}}


@pytest.mark.permission_matrix
@pytest.mark.parametrize("persona", list(PERSONAS))
def test_every_url_answers_every_persona_as_the_policy_says(registry, client, persona):
    world = World(registry)

    def sign_in():
        if persona != "anonymous":
            user = world.users[persona]
            client.force_login(user)
            if persona in {"committee_clerk", "committee_leader", "discipline_officer"}:
                verify_second_factor(client, user)

    sign_in()
    failures = []
    for name in sorted(POLICY):
        for inside in (True, False) if POLICY[name].kind else (True,):
            url = url_for(world, name, persona, inside)
            for method in ("GET", "POST"):
                want = expected(world, persona, name, method, inside)
                with transaction.atomic():  # whatever an allowed POST changes is rolled back
                    response = client.get(url) if method == "GET" else client.post(url, {})
                    transaction.set_rollback(True)
                if name == "accounts:logout":
                    sign_in()
                got = response.status_code
                if want == "login":
                    ok = got == 302 and response["Location"].startswith("/accounts/login/")
                else:
                    ok = got in want
                if not ok:
                    failures.append(
                        f"{persona} {method} {url} ({name}, {'inside' if inside else 'outside'}): "
                        f"got {got}, want {want}"
                    )
    assert not failures, "\n".join(failures)


def _fingerprint() -> dict[str, int]:
    return {m._meta.label: m.objects.count() for m in apps.get_models() if m._meta.app_label != "sessions"}


# Ten per URL: every URL that takes an id is tried with several ids outside the persona's scope
# (a hundred each cost two minutes a run and found nothing ten do not).
RANDOM_IDS_PER_URL = 10


@pytest.mark.permission_matrix
@pytest.mark.parametrize("persona", ["branch_secretary", "plain_member"])
def test_random_out_of_scope_ids_give_no_success_and_change_nothing(registry, client, persona):
    world = World(registry)
    client.force_login(world.users[persona])
    rng = random.Random(persona)
    before = _fingerprint()
    successes = []
    for name, rule in sorted(POLICY.items()):
        if rule.kind is None:
            continue
        model = type(world.objects(rule.kind, persona, True))
        visible = {o.pk for o in model.objects.all() if _is_visible(world, persona, rule, o)}
        top = (model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 50
        candidates = [pk for pk in range(1, top + 1) if pk not in visible]
        if not candidates:
            continue
        for pk in [rng.choice(candidates) for _ in range(RANDOM_IDS_PER_URL)]:
            url = reverse(name, kwargs=_kwargs(name, pk))
            response = client.post(url, {"name": "篡改", "active": "0"}) if not rule.get_only else client.get(url)
            if response.status_code < 400:
                successes.append(f"{url}: {response.status_code}")
    assert not successes, successes
    after = _fingerprint()
    assert after == before


def _is_visible(world, persona, rule, obj) -> bool:
    caps, root_name = PERSONAS[persona]
    if rule.kind in DISTRICT_WIDE:
        return obj.pk != MISSING and rule.visible_with in caps
    if rule.kind == "batch":  # an import is its uploader's; an import capability is checked first
        return IMPORT not in caps or obj.created_by_id == world.users[persona].pk
    if rule.kind == "export":  # an export is its requester's
        return obj.created_by_id == world.users[persona].pk
    if persona == "plain_member" and rule.kind == "member" and obj == world.r.li_si:
        return True  # every member sees their own record
    if root_name is None or rule.visible_with not in caps:
        return False
    root = getattr(world.r, root_name)
    return any(org is not None and org.path.startswith(root.path) for org in world.organizations_of(rule.kind, obj))
