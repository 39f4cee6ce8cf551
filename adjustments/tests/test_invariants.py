"""What must hold whatever happens to the tree and the roll: property tests over random
sequences of transfers, plan executions and reversals; every statement of an execution made to
fail in turn; and, on PostgreSQL, two officers acting at the same moment."""

import contextlib
import datetime as dt
import threading
from collections import defaultdict

import pytest
from django.db import OperationalError, connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adjustments import preview
from adjustments.models import AdjustmentPlan, PlanOperation, PlanStatus
from adjustments.services import do_approve_plan, do_execute_plan
from audit.models import AuditEvent
from core.errors import DomainError
from members.models import Member, Membership
from orgs.models import PartyOrganization, Post, SuperiorFact
from reports import stats
from transfers.models import Transfer
from transfers.services import (
    do_accept_transfer,
    do_issue_letter,
    do_issue_transfer,
    do_record_receipt,
    do_return_transfer,
)

START = dt.date(2026, 1, 10)
BRANCHES = ("branch_a", "branch_b", "branch_c")
ORGS = ("opc", "pc", "branch_a", "branch_b", "branch_c")
TARGETS = ("working", "opc", "pc", "district")
MEMBERS = ("zhang_san", "li_si", "wang_wu", "sun_qi", "zhou_ba", "wu_jiu", "zheng_shi", "chen_yi")


def _facts_never_overlap(rows) -> None:
    by_key = defaultdict(list)
    for key, start, end in rows:
        by_key[key].append((start, end))
    for key, spans in by_key.items():
        spans.sort()
        assert sum(1 for _s, e in spans if e is None) <= 1, f"{key}: two open facts"
        for (s1, e1), (s2, _e2) in zip(spans, spans[1:], strict=False):
            assert e1 is not None and e1 <= s2, f"{key}: [{s1}, {e1}) overlaps a fact from {s2}"


def check_invariants(registry, days: list[dt.date]) -> None:
    _facts_never_overlap(Membership.objects.values_list("member_id", "valid_from", "valid_to"))
    _facts_never_overlap(SuperiorFact.objects.values_list("organization_id", "valid_from", "valid_to"))
    for member in Member.objects.all():
        open_facts = list(member.memberships.filter(valid_to__isnull=True))
        if member.status == "active":
            assert [f.organization_id for f in open_facts] == [member.organization_id], member
        else:
            assert open_facts == [], member
    for day in days:
        rows = list(Membership.objects.as_of(day).values_list("member_id", "organization_id"))
        assert len(rows) == len({m for m, _o in rows}), f"a member in two organizations on {day}"
        # the statistics' total equals the sum over the organizations of the subtree that day
        parent: dict[int, int | None] = dict(
            SuperiorFact.objects.filter(valid_from__lte=day)
            .exclude(valid_to__lte=day)
            .values_list("organization_id", "superior_id")
        )
        live = set(PartyOrganization.objects.exclude(dissolved__lte=day).values_list("pk", flat=True))

        def under_committee(org, parent=parent, live=live):
            seen = set()
            while org is not None and org not in seen:
                if org not in live:
                    return False
                seen.add(org)
                org = parent.get(org)
                if org == registry.working.pk:
                    return True
            return False

        expected = sum(1 for _m, org in rows if under_committee(org))
        assert stats.build(registry.committee, day).members["total"] == expected, day


def snapshot():
    return (
        dict(Member.objects.filter(status="active").values_list("pk", "organization_id")),
        {
            o.pk: (PartyOrganization.objects.get_parent(o).pk if o.depth > 1 else None, o.name, o.kind, o.dissolved)
            for o in PartyOrganization.objects.all()
        },
    )


action = st.one_of(
    st.tuples(st.just("transfer"), st.sampled_from(MEMBERS), st.sampled_from(BRANCHES), st.booleans()),
    st.tuples(st.just("letter"), st.sampled_from(MEMBERS)),
    st.tuples(st.just("move"), st.sampled_from(ORGS), st.sampled_from(TARGETS), st.booleans()),
    st.tuples(st.just("merge"), st.sampled_from(BRANCHES), st.sampled_from(BRANCHES), st.booleans()),
)


def _plan(registry, day, step, secretary):
    plan = AdjustmentPlan.objects.create(name=f"方案{day}", effective=day, committee=registry.working)
    PlanOperation.objects.create(plan=plan, position=1, **step)
    return plan


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(actions=st.lists(action, min_size=1, max_size=8))
def test_any_sequence_of_transfers_plans_and_reversals_keeps_the_invariants(registry, secretary, actions):
    with transaction.atomic():
        days = []
        for i, act in enumerate(actions):
            day = START + dt.timedelta(days=10 * i)
            days.append(day)
            with contextlib.suppress(DomainError):  # a refused step changes nothing: checked below
                _apply(registry, secretary, act, day)
            check_invariants(registry, days)
        transaction.set_rollback(True)


def _apply(registry, secretary, act, day):
    kind = act[0]
    if kind == "transfer":
        _k, name, branch, accept = act
        member = Member.objects.get(pk=getattr(registry, name).pk)
        transfer = do_issue_transfer(
            member, destination=getattr(registry, branch), day=day, reason="", acting_user=None
        )
        if accept:
            do_accept_transfer(transfer, day=day + dt.timedelta(days=2), acting_user=None)
        else:
            do_return_transfer(transfer, reason="退回", acting_user=None)
    elif kind == "letter":
        member = Member.objects.get(pk=getattr(registry, act[1]).pk)
        letter = do_issue_letter(
            member, outside_organization="外区", day=day, reason="", dues_paid_until=day, acting_user=None
        )
        do_record_receipt(letter, day=day + dt.timedelta(days=1), acting_user=None)
    else:
        if kind == "move":
            _k, org, target, reverse = act
            step = {"kind": "move", "organization": getattr(registry, org), "target": getattr(registry, target)}
        else:
            _k, source, target, reverse = act
            step = {"kind": "merge", "organization": getattr(registry, source), "target": getattr(registry, target)}
        plan = _plan(registry, day, step, secretary)
        if not preview.build(plan).ok:
            return
        before = snapshot()
        do_approve_plan(plan, acting_user=secretary)
        do_execute_plan(plan, acting_user=secretary)
        if reverse:
            reversal = AdjustmentPlan.objects.get(reversal_of=plan)
            reversal.effective = day + dt.timedelta(days=5)
            reversal.save()
            do_approve_plan(reversal, acting_user=secretary)
            do_execute_plan(reversal, acting_user=secretary)
            members, orgs = snapshot()
            assert members == before[0]
            assert {pk: v[:3] for pk, v in orgs.items()} == {pk: v[:3] for pk, v in before[1].items()}


# -- every statement of an execution made to fail in turn ---------------------------------------


def _database_state():
    return (
        list(
            PartyOrganization.objects.order_by("pk").values_list("pk", "path", "numchild", "name", "kind", "dissolved")
        ),
        list(SuperiorFact.objects.order_by("pk").values_list("pk", "organization_id", "superior_id", "valid_to")),
        list(Membership.objects.order_by("pk").values_list("pk", "organization_id", "valid_to")),
        list(Member.objects.order_by("pk").values_list("pk", "organization_id", "status")),
        list(Post.objects.order_by("pk").values_list("pk", "valid_to")),
        list(AdjustmentPlan.objects.order_by("pk").values_list("pk", "status", "ledger")),
        list(PlanOperation.objects.order_by("pk").values_list("pk", "result")),
        AuditEvent.objects.count(),
        Transfer.objects.count(),
    )


class FailAt:
    def __init__(self, n: int):
        self.n, self.seen = n, 0

    def __call__(self, execute, sql, params, many, context):
        self.seen += 1
        if self.seen == self.n:
            # what the database raises when a statement fails (a lost connection, a full disk)
            raise OperationalError(f"injected failure at statement {self.n}")
        return execute(sql, params, many, context)


def test_a_failure_at_any_statement_of_an_execution_leaves_the_database_unchanged(registry, secretary):
    day = dt.date(2026, 1, 15)
    plan = AdjustmentPlan.objects.create(name="综合方案", effective=day, committee=registry.working)
    steps = [
        {"kind": "create", "target": registry.opc, "new_name": "财政局联合支部", "new_kind": "branch"},
        {"kind": "merge", "organization": registry.branch_b, "target_step": 1},
        {"kind": "move", "organization": registry.branch_c, "target": registry.opc},
        {"kind": "rename", "organization": registry.pc, "new_name": "教委委员会"},
    ]
    for i, step in enumerate(steps, start=1):
        PlanOperation.objects.create(plan=plan, position=i, **step)
    Post.objects.create(
        member=registry.sun_qi, organization=registry.branch_b, role="secretary", valid_from=dt.date(2020, 1, 1)
    )
    do_approve_plan(plan, acting_user=secretary)

    counter = FailAt(0)
    with transaction.atomic():
        with connection.execute_wrapper(counter):
            do_execute_plan(plan, acting_user=secretary)
        transaction.set_rollback(True)
    total = counter.seen
    assert total > 20

    before = _database_state()
    for n in range(1, total + 1):
        with pytest.raises(OperationalError, match="injected"), connection.execute_wrapper(FailAt(n)):
            do_execute_plan(plan, acting_user=secretary)
        assert _database_state() == before, f"statement {n} of {total} left a change behind"
    do_execute_plan(plan, acting_user=secretary)
    assert AdjustmentPlan.objects.get(pk=plan.pk).status == PlanStatus.EXECUTED


# -- two officers at the same moment (PostgreSQL) ---------------------------------------------


def _race(*calls):
    """Run the calls in threads released together; return what each returned or raised."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait()
            results[i] = call()
        except Exception as e:  # noqa: BLE001 - the race's loser is the point
            results[i] = e
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


needs_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has a single writer")


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_two_officers_accepting_the_same_member_at_once_one_wins(registry):
    transfer = do_issue_transfer(registry.li_si, destination=registry.branch_c, day=START, reason="", acting_user=None)
    results = _race(
        lambda: do_accept_transfer(transfer, day=START, acting_user=None),
        lambda: do_accept_transfer(transfer, day=START + dt.timedelta(days=1), acting_user=None),
    )
    assert sum(isinstance(r, Transfer) for r in results) == 1, results
    (loser,) = [r for r in results if not isinstance(r, Transfer)]
    assert isinstance(loser, DomainError) and "已办结" in loser.message
    check_invariants(registry, [START, START + dt.timedelta(days=1)])
    assert Membership.objects.filter(member=registry.li_si).count() == 2


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_two_plans_moving_the_same_subtree_at_once_one_wins(registry, secretary):
    day = dt.date(2026, 2, 2)
    plans = []
    for name, target in (("甲", registry.opc), ("乙", registry.working)):
        plan = AdjustmentPlan.objects.create(name=name, effective=day, committee=registry.working)
        PlanOperation.objects.create(plan=plan, position=1, kind="move", organization=registry.branch_c, target=target)
        do_approve_plan(plan, acting_user=secretary)
        plans.append(plan)
    results = _race(*(lambda p=p: do_execute_plan(p, acting_user=secretary) for p in plans))
    assert sum(isinstance(r, AdjustmentPlan) for r in results) == 1, results
    (loser,) = [r for r in results if not isinstance(r, AdjustmentPlan)]
    assert isinstance(loser, DomainError) and "不能执行" in loser.message
    check_invariants(registry, [day])
    assert SuperiorFact.objects.filter(organization=registry.branch_c).count() == 2
