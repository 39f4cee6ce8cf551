"""Drafting, deciding and executing superior adjustment plans. Execution takes the tree lock,
previews the plan again against the tree as it is then, and applies every operation in one
transaction: all of them or none."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy

from accounts.models import User
from adjustments import preview
from adjustments.models import AdjustmentPlan, OperationKind, PlanOperation, PlanStatus
from audit.services import known_user, record
from core import clock
from core.errors import DomainError
from core.i18n import format_lazy, stored
from core.locks import tree_lock
from members.models import Member, Status
from members.services import bulk_move_memberships
from orgs import rules as term_rules
from orgs.models import PartyOrganization
from orgs.services import (
    apply_term_rules,
    change_kind,
    end_organization,
    move_subtree,
    place_organization,
    restore_organization,
)
from orgs.signals import organization_merged

PLAN_FIELDS = ("name", "effective", "rationale")
# The reasons kept on the membership facts a plan opens.
MERGED = pgettext_lazy("membership reason", "Organizations merged (%(plan)s)")
UNDONE = pgettext_lazy("membership reason", "Adjustment undone (%(plan)s)")


def _check_draft(plan: AdjustmentPlan) -> None:
    if plan.status != PlanStatus.DRAFT:
        raise DomainError(
            _("Plan status: %(status)s. It cannot be changed any more.") % {"status": plan.get_status_display()}
        )


def do_save_plan(plan: AdjustmentPlan, *, acting_user: User | None) -> AdjustmentPlan:
    """Create a draft or save a draft's name, effective date and rationale."""
    if plan.pk:
        _check_draft(AdjustmentPlan.objects.get(pk=plan.pk))
    if plan.effective and plan.effective > clock.today():
        raise DomainError(_("The effective date cannot be later than today."), field="effective")
    with transaction.atomic():
        created = plan.pk is None
        if created:
            plan.created_by = known_user(acting_user)
        plan.save()
        record(
            "adjustments.plan.created" if created else "adjustments.plan.updated",
            actor=acting_user,
            target=plan,
            new={
                "name": plan.name,
                "effective": plan.effective.isoformat() if plan.effective else None,
                "rationale": plan.rationale,
            },
        )
    return plan


def do_add_operation(operation: PlanOperation, *, acting_user: User | None) -> PlanOperation:
    """Append a step to a draft plan. Whether it can be carried out is the preview's concern:
    a draft may be wrong while it is being written."""
    plan = operation.plan
    _check_draft(plan)
    with transaction.atomic():
        AdjustmentPlan.objects.select_for_update().get(pk=plan.pk)
        last = plan.operations.order_by("-position").values_list("position", flat=True).first() or 0
        operation.position = last + 1
        if operation.target_step and operation.target_step >= operation.position:
            raise DomainError(
                _("Only an organization created by an earlier step can be referred to."), field="target_step"
            )
        operation.save()
        record(
            "adjustments.operation.added",
            actor=acting_user,
            target=plan,
            new={"position": operation.position, "kind": operation.kind, "organization": operation.organization_id},
        )
    return operation


def do_delete_operation(operation: PlanOperation, *, acting_user: User | None) -> None:
    plan = operation.plan
    _check_draft(plan)
    with transaction.atomic():
        AdjustmentPlan.objects.select_for_update().get(pk=plan.pk)
        position = operation.position
        if plan.operations.filter(target_step=position).exists():
            raise DomainError(_("Later steps refer to the organization this step creates: delete them first."))
        operation.delete()
        # Renumber the steps after it, and the references to steps created after it.
        for later in plan.operations.filter(position__gt=position).order_by("position"):
            later.position -= 1
            if later.target_step and later.target_step > position:
                later.target_step -= 1
            later.save(update_fields=["position", "target_step"])
        record("adjustments.operation.deleted", actor=acting_user, target=plan, old={"position": position})


def _decision_time(at: dt.datetime | None) -> dt.datetime:
    """When a decision was taken: now, or a past moment when a register's history is recorded
    (the demo's 2005 plans are approved in 2005, not on the day the demo is loaded)."""
    now = timezone.now()
    if at is None:
        return now
    if at > now:
        raise DomainError(_("A decision cannot be recorded in the future."))
    return at


def do_approve_plan(
    plan: AdjustmentPlan, *, note: str = "", decided_at: dt.datetime | None = None, acting_user: User | None
) -> AdjustmentPlan:
    """The committee leader approves a draft whose preview breaks no structural rule;
    `decided_at`: when, if the approval is recorded after the fact."""
    decided_at = _decision_time(decided_at)
    _check_draft(plan)
    result = preview.build(plan)
    if result.errors:
        raise DomainError(
            _("The plan has problems and cannot be approved: %(problems)s")
            % {"problems": pgettext("list of problems", "; ").join(p.message for p in result.errors[:3])}
        )
    with transaction.atomic():
        plan.status = PlanStatus.APPROVED
        plan.decided_by, plan.decided_at, plan.decision_note = known_user(acting_user), decided_at, note
        plan.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        record("adjustments.plan.approved", actor=acting_user, target=plan, new={"note": note})
    return plan


def do_reject_plan(
    plan: AdjustmentPlan, *, note: str, decided_at: dt.datetime | None = None, acting_user: User | None
) -> AdjustmentPlan:
    """Decline a draft or an approved plan; `decided_at` as for approval."""
    decided_at = _decision_time(decided_at)
    if plan.status not in {PlanStatus.DRAFT, PlanStatus.APPROVED}:
        raise DomainError(_("An executed plan can no longer be declined."))
    if not note.strip():
        raise DomainError(_("Please state why the plan is not adopted."), field="note")
    figures = preview.build(plan).ledger  # what it would have done, kept for comparison
    with transaction.atomic():
        plan.status = PlanStatus.REJECTED
        plan.decided_by, plan.decided_at, plan.decision_note = known_user(acting_user), decided_at, note
        plan.ledger = figures
        plan.save(update_fields=["status", "decided_by", "decided_at", "decision_note", "ledger"])
        record("adjustments.plan.rejected", actor=acting_user, target=plan, new={"note": note})
    return plan


# -- execution --------------------------------------------------------------------------------


def do_execute_plan(
    plan: AdjustmentPlan, *, executed_at: dt.datetime | None = None, acting_user: User | None
) -> AdjustmentPlan:
    """Apply an approved plan at its effective date and write its reversal as a draft;
    `executed_at`: when, if a past execution is recorded (as for a decision)."""
    executed_at = _decision_time(executed_at)
    with transaction.atomic():
        tree_lock()
        plan = AdjustmentPlan.objects.select_for_update().get(pk=plan.pk)
        if plan.status != PlanStatus.APPROVED:
            raise DomainError(_("Only an approved plan can be executed (perhaps someone else has executed it)."))
        result = preview.build(plan)
        if result.errors:
            raise DomainError(
                _("The organization tree has changed and the plan cannot be executed: %(problems)s")
                % {"problems": pgettext("list of problems", "; ").join(p.message for p in result.errors[:3])}
            )
        runner = _Runner(plan, acting_user)
        for op in plan.operations.all():
            runner.apply(op)
        plan.status = PlanStatus.EXECUTED
        plan.executed_by, plan.executed_at = known_user(acting_user), executed_at
        plan.ledger = result.ledger
        plan.save(update_fields=["status", "executed_by", "executed_at", "ledger"])
        reversal = _write_reversal(plan, acting_user)
        record(
            "adjustments.plan.executed",
            actor=acting_user,
            target=plan,
            new={"effective": runner.day.isoformat(), "ledger": plan.ledger, "reversal": reversal.pk},
        )
    return plan


class _Runner:
    """Carries out operations already checked by the preview, writing effective-dated facts."""

    def __init__(self, plan: AdjustmentPlan, acting_user: User | None):
        # the preview, without errors before a run, requires the effective date
        assert plan.effective is not None
        self.plan, self.day, self.user = plan, plan.effective, acting_user
        self.created: dict[int, int] = {}

    def org(self, pk: int) -> PartyOrganization:
        return PartyOrganization.objects.get(pk=pk)  # fresh: paths change with every move

    def target(self, op: PlanOperation) -> PartyOrganization:
        pk = self.created[op.target_step] if op.target_step else op.target_id
        assert pk is not None  # the preview requires a target of every step that has one
        return self.org(pk)

    def apply(self, op: PlanOperation) -> None:
        org = getattr(self, f"run_{op.kind}")(op)
        op.save(update_fields=["result"])
        record(
            f"adjustments.operation.{op.kind}",
            actor=self.user,
            target=org,
            organization=org,
            new={"plan": self.plan.pk, "position": op.position, "effective": self.day.isoformat(), **op.result},
        )

    def move(self, org: PartyOrganization, superior: PartyOrganization) -> None:
        move_subtree(org, superior, self.day)

    def run_move(self, op):
        org = self.org(op.organization_id)
        op.result = {"from": PartyOrganization.objects.get_parent(org).pk}
        self.move(org, self.target(op))
        return org

    def run_create(self, op):
        superior = self.target(op)
        # Its first term starts on the plan's day, under the term rules in force then (a 2005
        # plan's organ party committee gets the 1998 条例's term, not 2019's); none for kinds
        # that are not elected.
        elected = term_rules.has_term(op.new_kind)
        org = PartyOrganization(
            name=op.new_name.strip(),
            code=op.new_code or f"P{self.plan.pk}S{op.position}",
            kind=op.new_kind,
            unit=op.unit,
            founded=self.day,
            term_start=self.day if elected else None,
        )
        apply_term_rules(org)
        org = place_organization(org, superior, self.day)
        self.created[op.position] = org.pk
        op.result = {"created": org.pk}
        return org

    def move_members(self, pks: list[int], source: PartyOrganization, target: PartyOrganization, reason: str):
        members = list(
            Member.objects.filter(pk__in=pks, organization=source, status=Status.ACTIVE).values_list("pk", flat=True)
        )
        return bulk_move_memberships(members, target, self.day, reason=reason, acting_user=self.user)

    def run_merge(self, op):
        source, target = self.org(op.organization_id), self.target(op)
        children = list(PartyOrganization.objects.get_children(source).filter(dissolved__isnull=True))
        for child in children:
            self.move(child, target)
        on_roll = Member.objects.filter(organization=source, status=Status.ACTIVE).values_list("pk", flat=True)
        members = self.move_members(list(on_roll), source, target, stored(format_lazy(MERGED, plan=self.plan.name)))
        organization_merged.send(
            sender=PartyOrganization, source=source, target=target, day=self.day, acting_user=self.user
        )
        self.end(source)
        op.result = {"children": [c.pk for c in children], "members": members, "into": target.pk}
        return source

    def end(self, org: PartyOrganization) -> None:
        end_organization(org, self.day)

    def run_dissolve(self, op):
        org = self.org(op.organization_id)
        self.end(org)
        return org

    def run_restore(self, op):
        org = self.org(op.organization_id)
        assert org.dissolved is not None  # the preview restores only a dissolved organization
        op.result = {"dissolved": org.dissolved.isoformat()}
        restore_organization(org)
        return org

    def run_rename(self, op):
        org = self.org(op.organization_id)
        op.result = {"old_name": org.name}
        PartyOrganization.objects.filter(pk=org.pk).update(name=op.new_name.strip())
        return org

    def run_change_kind(self, op):
        org = self.org(op.organization_id)
        op.result = {"old_kind": org.kind}
        change_kind(org, op.new_kind)
        return org

    def run_move_members(self, op):
        source, target = self.org(op.organization_id), self.target(op)
        op.result = {
            "members": self.move_members(op.members, source, target, stored(format_lazy(UNDONE, plan=self.plan.name)))
        }
        return source


def _inverse(op: PlanOperation) -> list[dict]:
    """The steps that undo one executed step, in the order they must run."""
    r = op.result
    if op.kind == OperationKind.MOVE:
        return [{"kind": OperationKind.MOVE, "organization_id": op.organization_id, "target_id": r["from"]}]
    if op.kind == OperationKind.CREATE:
        return [{"kind": OperationKind.DISSOLVE, "organization_id": r["created"]}]
    if op.kind == OperationKind.MERGE:
        steps = [{"kind": OperationKind.RESTORE, "organization_id": op.organization_id}]
        if r["members"]:
            steps.append(
                {
                    "kind": OperationKind.MOVE_MEMBERS,
                    "organization_id": r["into"],
                    "target_id": op.organization_id,
                    "members": r["members"],
                }
            )
        steps += [
            {"kind": OperationKind.MOVE, "organization_id": c, "target_id": op.organization_id} for c in r["children"]
        ]
        return steps
    if op.kind == OperationKind.DISSOLVE:
        return [{"kind": OperationKind.RESTORE, "organization_id": op.organization_id}]
    if op.kind == OperationKind.RESTORE:
        return [{"kind": OperationKind.DISSOLVE, "organization_id": op.organization_id}]
    if op.kind == OperationKind.RENAME:
        return [{"kind": OperationKind.RENAME, "organization_id": op.organization_id, "new_name": r["old_name"]}]
    if op.kind == OperationKind.CHANGE_KIND:
        return [{"kind": OperationKind.CHANGE_KIND, "organization_id": op.organization_id, "new_kind": r["old_kind"]}]
    if op.kind == OperationKind.MOVE_MEMBERS:
        return [
            {
                "kind": OperationKind.MOVE_MEMBERS,
                "organization_id": op.target_id,
                "target_id": op.organization_id,
                "members": r["members"],
            }
        ]
    raise ValueError(op.kind)


def _write_reversal(plan: AdjustmentPlan, acting_user: User | None) -> AdjustmentPlan:
    reversal = AdjustmentPlan.objects.create(
        name=stored(format_lazy(gettext_lazy("Undo: %(plan)s"), plan=plan.name)),
        rationale=stored(
            format_lazy(
                gettext_lazy(
                    "Written when plan “%(plan)s” was executed. Once approved and executed, the organizations and"
                    " members return to their relations before the change."
                ),
                plan=plan.name,
            )
        ),
        committee=plan.committee,
        reversal_of=plan,
        created_by=known_user(acting_user),
    )
    steps = [step for op in reversed(list(plan.operations.all())) for step in _inverse(op)]
    PlanOperation.objects.bulk_create(
        PlanOperation(plan=reversal, position=i, **step) for i, step in enumerate(steps, start=1)
    )
    return reversal


def ledger_for_period(start: dt.date | None, end: dt.date | None) -> dict:
    """The executed plans effective in [start, end], and their totals."""
    plans = AdjustmentPlan.objects.filter(status=PlanStatus.EXECUTED).order_by("effective", "pk")
    if start:
        plans = plans.filter(effective__gte=start)
    if end:
        plans = plans.filter(effective__lte=end)
    rows = list(plans)
    sides = {"out": {"organizations": 0, "members": 0}, "in": {"organizations": 0, "members": 0}}
    adjusted = 0
    for p in rows:
        ledger = p.ledger
        assert ledger is not None  # an executed plan has its ledger (executed_plan_has_ledger)
        for side in ("out", "in"):
            for key in ("organizations", "members"):
                sides[side][key] += ledger[side][key]
        adjusted += ledger["adjusted"]
    return {"plans": rows, "total": {**sides, "adjusted": adjusted}}


def ledger_json(plan: AdjustmentPlan) -> dict:
    """The ledger of an executed plan (which has a date and a ledger: executed_plan_has_ledger)."""
    assert plan.effective is not None and plan.ledger is not None
    return {
        "plan": plan.pk,
        "name": plan.name,
        "effective": plan.effective.isoformat(),
        "out": plan.ledger["out"],
        "in": plan.ledger["in"],
        "adjusted": plan.ledger["adjusted"],
    }
