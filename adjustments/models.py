"""Superior adjustment plans (管理关系调整方案): an ordered list of operations on the
organization tree with one effective date. Drafts are previewed and compared; the committee
leader approves one; execution applies every operation in one transaction and writes a
reversal plan. The ledger (调出/调进) is computed at execution and kept with the plan."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from orgs.models import OrgKind, PartyOrganization, Unit


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")
    EXECUTED = "executed", _("Executed")
    REJECTED = "rejected", _("Not adopted")


class AdjustmentPlan(models.Model):
    name = models.CharField(_("name"), max_length=100)
    effective = models.DateField(_("effective date"), null=True, blank=True)
    rationale = models.TextField(_("rationale"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    # The committee whose ledger the plan is counted in: organizations entering its subtree are
    # 调进, those leaving it 调出.
    committee = models.ForeignKey(
        PartyOrganization, on_delete=models.PROTECT, related_name="+", verbose_name=_("committee")
    )
    reversal_of = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversal", verbose_name=_("reverses")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    executed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    executed_at = models.DateTimeField(null=True, blank=True)
    # Written once, at execution (or, for a plan not adopted, at that decision, for comparison):
    # {"out": {"organizations", "members"}, "in": {...}, "adjusted"}.
    ledger = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("adjustment plan")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="executed") | (Q(ledger__isnull=False) & Q(effective__isnull=False)),
                name="executed_plan_has_ledger",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def editable(self) -> bool:
        return self.status == PlanStatus.DRAFT


class OperationKind(models.TextChoices):
    MOVE = "move", _("Move under another superior")
    CREATE = "create", _("Create an organization")
    MERGE = "merge", _("Merge into another organization")
    DISSOLVE = "dissolve", _("Dissolve an empty organization")
    RENAME = "rename", _("Rename")
    CHANGE_KIND = "change_kind", _("Change kind")
    # Written by reversal plans only: they undo a dissolution and a merge's member moves.
    RESTORE = "restore", _("Restore a dissolved organization")
    MOVE_MEMBERS = "move_members", _("Move members back")


class PlanOperation(models.Model):
    """One step of a plan. Which fields matter depends on `kind`:
    move: organization → target · create: new_name, new_code, new_kind, unit under target ·
    merge: organization into target · dissolve/restore: organization · rename: organization,
    new_name · change_kind: organization, new_kind · move_members: members (ids) from
    organization to target."""

    plan = models.ForeignKey(AdjustmentPlan, on_delete=models.CASCADE, related_name="operations")
    position = models.PositiveIntegerField()
    kind = models.CharField(_("operation"), max_length=20, choices=OperationKind.choices)
    organization = models.ForeignKey(
        PartyOrganization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organization"),
    )
    target = models.ForeignKey(
        PartyOrganization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("new superior or merge target"),
    )
    # Instead of `target`: the organization created by an earlier step of the same plan.
    target_step = models.PositiveIntegerField(_("organization created in step"), null=True, blank=True)
    new_name = models.CharField(_("new name"), max_length=100, blank=True)
    new_code = models.CharField(_("new code"), max_length=30, blank=True)
    new_kind = models.CharField(_("new kind"), max_length=30, choices=OrgKind.choices, blank=True)
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("unit"))
    members = models.JSONField(default=list, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    # What execution did, for the reversal: created organization, moved children and members.
    result = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["plan", "position"]
        constraints = [models.UniqueConstraint(fields=["plan", "position"], name="plan_operation_position_unique")]

    def __str__(self) -> str:
        return f"{self.position}. {self.get_kind_display()}"
