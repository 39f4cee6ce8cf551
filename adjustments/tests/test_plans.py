import datetime as dt

import pytest

from adjustments import preview
from adjustments.models import AdjustmentPlan, OperationKind, PlanOperation, PlanStatus
from adjustments.services import (
    do_add_operation,
    do_approve_plan,
    do_delete_operation,
    do_execute_plan,
    do_reject_plan,
    do_save_plan,
)
from audit.models import AuditEvent
from core.errors import DomainError
from members.models import Member, Membership
from orgs.models import OrgKind, PartyOrganization, SuperiorFact
from reports import stats

DAY = dt.date(2020, 6, 1)
LATER = dt.date(2026, 1, 15)  # after 赵六 joined 财政局第一支部


def draft(registry, secretary, *steps, name="方案一", effective=DAY):
    plan = do_save_plan(
        AdjustmentPlan(name=name, effective=effective, committee=registry.working), acting_user=secretary
    )
    for step in steps:
        do_add_operation(PlanOperation(plan=plan, **step), acting_user=secretary)
    return plan


def execute(plan, secretary):
    do_approve_plan(plan, acting_user=secretary)
    return do_execute_plan(plan, acting_user=secretary)


def members_by_org() -> dict[int, int]:
    return dict(Member.objects.filter(status="active").values_list("pk", "organization_id"))


def test_preview_counts_members_in_and_out_per_superior_and_writes_nothing(registry, secretary):
    outside = registry.org("区国资委党委", OrgKind.PARTY_COMMITTEE, registry.district, None, dt.date(2000, 1, 1))
    plan = draft(registry, secretary, {"kind": "move", "organization": registry.pc, "target": outside})
    facts = SuperiorFact.objects.count()

    result = preview.build(plan)

    assert result.ok, result.errors
    rows = {r.name: r for r in result.superiors}
    assert rows["区直机关工委"].organizations_out == ["教委党委"]
    # members as of the effective date: 赵六 joined in 2025, after it
    assert rows["区直机关工委"].members_before == 8 and rows["区直机关工委"].members_after == 5
    assert rows["区国资委党委"].members_in == 3 and rows["区国资委党委"].organizations_after == 1
    assert result.ledger == {
        "out": {"organizations": 1, "members": 3},
        "in": {"organizations": 0, "members": 0},
        "adjusted": 1,
        "rows": [
            {
                "side": "out",
                "kind": "organization",
                "organization": "教委党委",
                "from": "区直机关工委",
                "to": "区国资委党委",
                "members": 3,
            }
        ],
    }
    assert SuperiorFact.objects.count() == facts
    assert PartyOrganization.objects.get_parent(PartyOrganization.objects.get(pk=registry.pc.pk)) == registry.working


@pytest.mark.parametrize(
    "step, message",
    [
        ({"kind": "move", "organization": "opc", "target": "branch_a"}, "循环"),
        ({"kind": "move", "organization": "branch_c", "target": "branch_b"}, "不能领导"),
        ({"kind": "move", "organization": "branch_a", "target": "opc"}, "无需调整"),
        ({"kind": "dissolve", "organization": "branch_b"}, "还有2名党员"),
        ({"kind": "dissolve", "organization": "opc"}, "还有2名党员"),
        ({"kind": "merge", "organization": "branch_b", "target": "pc"}, "只能合并到党支部"),
        ({"kind": "change_kind", "organization": "opc", "new_kind": "branch"}, "无法领导"),
    ],
)
def test_preview_names_every_broken_rule(registry, secretary, step, message):
    step = {k: getattr(registry, v) if k in {"organization", "target"} else v for k, v in step.items()}
    plan = draft(registry, secretary, step)
    if step["kind"] == "dissolve" and step["organization"] == registry.opc:
        message = "领导着下级党组织"
    result = preview.build(plan)
    assert any(message in p.message for p in result.errors), [p.message for p in result.errors]
    with pytest.raises(DomainError):
        do_approve_plan(plan, acting_user=secretary)
    assert AdjustmentPlan.objects.get(pk=plan.pk).status == PlanStatus.DRAFT


def test_a_branch_left_small_and_a_committee_leading_nothing_are_warned(registry, secretary):
    plan = draft(
        registry,
        secretary,
        {"kind": "create", "target": registry.pc, "new_name": "教委第二支部", "new_kind": "branch"},
        {"kind": "move", "organization": registry.branch_c, "target": registry.opc},
    )
    result = preview.build(plan)
    assert result.ok
    messages = " ".join(p.message for p in result.warnings)
    assert "“教委第二支部”只有0名正式党员" in messages
    assert "“教委党委”不再领导" not in messages  # it leads the new branch
    assert "第七条" in messages


def test_execution_moves_the_subtree_from_the_effective_date_and_statistics_follow(registry, secretary):
    outside = registry.org("区国资委党委", OrgKind.PARTY_COMMITTEE, registry.district, None, dt.date(2000, 1, 1))
    plan = draft(registry, secretary, {"kind": "move", "organization": registry.pc, "target": outside})

    execute(plan, secretary)

    pc = PartyOrganization.objects.get(pk=registry.pc.pk)
    assert PartyOrganization.objects.get_parent(pc) == outside
    branch = PartyOrganization.objects.get(pk=registry.branch_c.pk)
    assert branch.path.startswith(outside.path)
    assert stats.build(registry.committee, DAY - dt.timedelta(days=1)).members["total"] == 8
    assert stats.build(registry.committee, DAY).members["total"] == 5  # 赵六 joined in 2025
    plan.refresh_from_db()
    assert plan.status == PlanStatus.EXECUTED
    assert plan.ledger["out"] == {"organizations": 1, "members": 3}
    assert AuditEvent.objects.filter(action="adjustments.operation.move", target_id=str(pc.pk)).exists()
    assert plan.reversal.operations.get().target_id == registry.working.pk


def test_merge_then_reversal_restores_every_count(registry, secretary):
    before_members = members_by_org()
    before_tree = {o.pk: (o.name, o.kind, o.dissolved) for o in PartyOrganization.objects.all()}
    plan = draft(
        registry,
        secretary,
        {"kind": "create", "target": registry.opc, "new_name": "财政局联合支部", "new_kind": "branch"},
        {"kind": "merge", "organization": registry.branch_a, "target_step": 1},
        {"kind": "merge", "organization": registry.branch_b, "target_step": 1},
        {"kind": "rename", "organization": registry.opc, "new_name": "财政局机关委员会"},
        effective=LATER,
    )
    execute(plan, secretary)
    merged = PartyOrganization.objects.get(name="财政局联合支部")
    assert Member.objects.filter(organization=merged, status="active").count() == 6
    assert PartyOrganization.objects.get(pk=registry.branch_a.pk).dissolved == LATER
    assert Membership.objects.filter(member=registry.zhang_san, valid_to=LATER).exists()

    reversal = AdjustmentPlan.objects.get(reversal_of=plan)
    assert [o.kind for o in reversal.operations.all()] == [
        "rename",
        "restore",
        "move_members",
        "restore",
        "move_members",
        "dissolve",
    ]
    reversal.effective = LATER + dt.timedelta(days=30)
    reversal.save()
    execute(reversal, secretary)

    assert members_by_org() == before_members
    after_tree = {o.pk: (o.name, o.kind, o.dissolved) for o in PartyOrganization.objects.all()}
    assert after_tree.pop(merged.pk)[2] == LATER + dt.timedelta(days=30)
    assert after_tree == before_tree
    # history stays: between the two dates the merged branch held the members of both
    between = LATER + dt.timedelta(days=10)
    assert Membership.objects.as_of(between).filter(organization=merged).count() == 6
    assert stats.build(registry.committee, between).members["total"] == 9


def test_execution_refuses_when_the_tree_changed_after_approval(registry, secretary):
    plan = draft(registry, secretary, {"kind": "move", "organization": registry.branch_c, "target": registry.opc})
    do_approve_plan(plan, acting_user=secretary)
    other = draft(
        registry, secretary, {"kind": "move", "organization": registry.branch_c, "target": registry.opc}, name="另案"
    )
    execute(other, secretary)

    with pytest.raises(DomainError, match="已隶属于"):
        do_execute_plan(plan, acting_user=secretary)
    assert AdjustmentPlan.objects.get(pk=plan.pk).status == PlanStatus.APPROVED


def test_effective_date_must_follow_the_current_facts(registry, secretary):
    plan = draft(
        registry,
        secretary,
        {"kind": "move", "organization": registry.branch_c, "target": registry.opc},
        effective=dt.date(1999, 1, 1),
    )
    assert any("应晚于这一天" in p.message for p in preview.build(plan).errors)
    with pytest.raises(DomainError, match="不能晚于今天"):
        do_save_plan(
            AdjustmentPlan(name="未来", effective=dt.date(2999, 1, 1), committee=registry.working),
            acting_user=secretary,
        )


def test_only_drafts_change_and_rejection_needs_a_reason(registry, secretary):
    plan = draft(registry, secretary, {"kind": "rename", "organization": registry.opc, "new_name": "新名"})
    with pytest.raises(DomainError, match="理由"):
        do_reject_plan(plan, note=" ", acting_user=secretary)
    do_reject_plan(plan, note="与方案二重复", acting_user=secretary)
    with pytest.raises(DomainError, match="不能再修改"):
        do_add_operation(
            PlanOperation(plan=plan, kind=OperationKind.RENAME, organization=registry.opc, new_name="x"),
            acting_user=secretary,
        )


def test_deleting_a_step_renumbers_the_rest(registry, secretary):
    plan = draft(
        registry,
        secretary,
        {"kind": "rename", "organization": registry.opc, "new_name": "甲"},
        {"kind": "create", "target": registry.opc, "new_name": "新支部", "new_kind": "branch"},
        {"kind": "merge", "organization": registry.branch_b, "target_step": 2},
    )
    with pytest.raises(DomainError, match="引用了本步"):
        do_delete_operation(plan.operations.get(position=2), acting_user=secretary)
    do_delete_operation(plan.operations.get(position=1), acting_user=secretary)
    assert [(o.position, o.kind, o.target_step) for o in plan.operations.all()] == [
        (1, "create", None),
        (2, "merge", 1),
    ]


def test_a_past_decision_is_recorded_at_its_date_and_a_future_one_is_refused(registry, secretary):
    from django.utils import timezone

    rename = {"kind": OperationKind.RENAME, "organization": registry.branch_b, "new_name": "财政局综合支部"}
    plan = draft(registry, secretary, rename)
    with pytest.raises(DomainError):
        do_approve_plan(plan, decided_at=timezone.now() + dt.timedelta(days=1), acting_user=secretary)
    past = timezone.make_aware(dt.datetime(2020, 5, 20, 10, 0))
    do_approve_plan(plan, decided_at=past, acting_user=secretary)
    do_execute_plan(plan, executed_at=past + dt.timedelta(days=12), acting_user=secretary)
    plan.refresh_from_db()
    assert plan.decided_at == past and plan.executed_at == past + dt.timedelta(days=12)
