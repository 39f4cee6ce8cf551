"""Work items (待办) routed by the authority list: each falls under a matter, goes to the lead
body's inbox, is seen by co-bodies (who may comment) and by informed bodies. Items about one
organization's own business (a term running out) go to that organization's officers."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from authority.models import RoleKind


class ItemStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class ItemKind(models.TextChoices):
    GENERAL = "general", _("Work item")
    APPOINTMENT = "appointment", _("Appointment of a full-time secretary")
    TERM_ENDING = "term_ending", _("Term ending soon")
    TERM_EXPIRED = "term_expired", _("Term expired")
    TRANSFER_OVERDUE = "transfer_overdue", _("Transfer not accepted in time")
    POCKET_MEMBER = "pocket_member", _("Letter past its validity without a receipt")
    DEVELOPMENT_DUE = "development_due", _("Member development step overdue")
    READMISSION = "readmission", _("Returning member awaiting confirmation")
    SILENT_ORGANIZATION = "silent_organization", _("No organizational life recorded")
    EVALUATION_FOLLOW_UP = "evaluation_follow_up", _("Follow-up of a member evaluated as unqualified")
    LIFE_MEETING_STEP = "life_meeting_step", _("Democratic life meeting step overdue")
    STUDY_SPOT_CHECK = "study_spot_check", _("Central-group study finding to rectify")
    NEW_LEADER_TALK = "new_leader_talk", _("Talk with a newly appointed leader")
    DUES_ARREARS = "dues_arrears", _("Party dues unpaid for months")
    DUES_LAPSE = "dues_lapse", _("Party dues unpaid for six months: for the branch's decision")
    REPORT_MISSING = "report_missing", _("Annual work report not submitted")
    RECTIFICATION_OVERDUE = "rectification_late", _("Rectification item overdue")


class Action(models.TextChoices):
    """What can be done to a work item; `ACTIONS` says which apply to each kind, and who may."""

    CLOSE = "close", _("Mark as done")
    DECIDE = "decide", _("Approve or reject")
    COMMENT = "comment", _("Add a comment")


# How the user stands to an item: the matter's roles in the list in force (lead, co, guide,
# informed), or ORGANIZATION for an item about an organization's own business (no lead body),
# which reaches the officers of that organization.
ORGANIZATION = "organization"
LEAD, CO, GUIDE = RoleKind.LEAD.value, RoleKind.CO.value, RoleKind.GUIDE.value

_ROUTINE: dict[str, frozenset[str]] = {
    Action.CLOSE: frozenset({LEAD, ORGANIZATION}),
    Action.COMMENT: frozenset({LEAD, CO, GUIDE, ORGANIZATION}),
}
# The one declaration of what each kind of item offers and to whom: the server refuses anything
# else (work.access.check_action) and the item's page offers exactly this (work.access.actions_for).
# An appointment is decided (approved: the post is made; or rejected), never simply closed.
# Informed bodies read; they do not comment.
ACTIONS: dict[str, dict[str, frozenset[str]]] = {
    **{kind: _ROUTINE for kind in ItemKind.values if kind != ItemKind.APPOINTMENT},
    ItemKind.APPOINTMENT: {Action.DECIDE: frozenset({LEAD}), Action.COMMENT: frozenset({LEAD, CO, GUIDE})},
}
# Kinds that name a matter (whose bodies see them) but reach the organization concerned, not
# the matter's lead body: the daily rerouting leaves them with no lead body.
SEEN_BY_MATTER = frozenset({ItemKind.RECTIFICATION_OVERDUE})
# Actions only an open item offers.
WHILE_OPEN = frozenset({Action.CLOSE, Action.DECIDE})


class WorkItem(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=ItemKind.choices, default=ItemKind.GENERAL)
    matter_code = models.CharField(_("matter"), max_length=20, blank=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    lead_body = models.ForeignKey(
        "authority.Body",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="work_items",
        verbose_name=_("lead body"),
    )
    organization = models.ForeignKey(
        "orgs.PartyOrganization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="work_items",
        verbose_name=_("organization"),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ItemStatus.choices, default=ItemStatus.OPEN)
    payload = models.JSONField(default=dict, blank=True)
    # Reminders are created once per due event: the key names the event.
    source_key = models.CharField(max_length=100, null=True, blank=True, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("work item")
        indexes = [
            # the to-do page: open items of a body
            models.Index(fields=["lead_body", "status"], name="work_item_body_status_idx"),
            # matrix cells: open items of a matter
            models.Index(fields=["matter_code", "status"], name="work_item_matter_status_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class WorkComment(models.Model):
    item = models.ForeignKey(WorkItem, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.author}: {self.text[:30]}"
