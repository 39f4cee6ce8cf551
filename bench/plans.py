"""Preview and execution time of adjustment plans (`make bench`).

On the demo data: the adopted 2005 plan is undone by its reversal plan and then done again
(a copy of it), each previewed and executed, timed. With --big (meant for `seed_demo --scale
127` on PostgreSQL): a party committee is set up leading about 50,000 members (not timed), then
a plan moving that subtree under another superior is previewed and executed, timed. Every write
is rolled back at the end, so the database is left as it was.
"""

import argparse
import os
import platform
import time

from bench.suite import setup


def timed(label: str, fn):
    start = time.perf_counter()
    result = fn()
    print(f"{label:<58} {time.perf_counter() - start:8.2f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, default=1, help="seed_demo --scale for an empty database")
    parser.add_argument("--big", type=int, default=0, help="also move a subtree of about this many members")
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    args = parser.parse_args()
    setup(args.database, args.scale)  # the suite's database

    from django.db import connection, transaction

    from accounts.models import User
    from adjustments import preview
    from adjustments.models import AdjustmentPlan, PlanOperation
    from adjustments.services import do_approve_plan, do_execute_plan
    from members.models import Member
    from orgs.models import PartyOrganization

    print(
        f"{connection.vendor}, {Member.objects.count():,} member records, "
        f"{PartyOrganization.objects.count():,} organizations; {platform.machine()}, {os.cpu_count()} cores"
    )
    shuji = User.objects.get(username="shuji")
    adopted = AdjustmentPlan.objects.get(name="第三轮 管理关系调整方案")
    reversal = AdjustmentPlan.objects.get(reversal_of=adopted)
    import datetime as dt

    with transaction.atomic():
        reversal.effective = dt.date(2006, 1, 1)
        reversal.save()
        timed(
            f"preview: reversal of the 2005 plan ({reversal.operations.count()} steps)", lambda: preview.build(reversal)
        )
        do_approve_plan(reversal, acting_user=shuji)
        timed("execute: reversal of the 2005 plan", lambda: do_execute_plan(reversal, acting_user=shuji))
        again = AdjustmentPlan.objects.create(
            name="2005年方案（重做）", effective=dt.date(2006, 6, 1), committee=adopted.committee
        )
        PlanOperation.objects.bulk_create(
            PlanOperation(
                plan=again,
                position=op.position,
                kind=op.kind,
                organization_id=op.organization_id,
                target_id=op.target_id,
            )
            for op in adopted.operations.all()
        )
        result = timed(f"preview: the 2005 plan ({again.operations.count()} steps)", lambda: preview.build(again))
        print(f"  ledger {result.ledger}")
        timed("  floor: the tree and the members per organization on the day", lambda: _floor(again.effective))
        do_approve_plan(again, acting_user=shuji)
        timed("execute: the 2005 plan", lambda: do_execute_plan(again, acting_user=shuji))
        if args.big:
            _big(args.big, shuji, timed)
        transaction.set_rollback(True)


def _big(size: int, shuji, timed):
    """Put enough top organizations under one new committee to reach `size` members, then move
    that committee."""
    import datetime as dt

    from adjustments import preview
    from adjustments.models import AdjustmentPlan, PlanOperation
    from adjustments.services import do_approve_plan, do_execute_plan
    from members.models import Member
    from orgs.models import OrgKind, PartyOrganization, WorkingCommittee
    from orgs.services import place_organization

    working = WorkingCommittee.objects.get().organization
    district = PartyOrganization.objects.get_parent(working)
    big = place_organization(
        PartyOrganization(
            name="测试大党委", code="BENCHBIG", kind=OrgKind.PARTY_COMMITTEE, founded=dt.date(2000, 1, 1), term_years=5
        ),
        working,
        dt.date(2000, 1, 1),
    )
    tops = PartyOrganization.objects.get_children(working).exclude(pk=big.pk).order_by("path")
    total, picked = 0, []
    for top in tops.iterator():
        if total >= size:
            break
        n = Member.objects.filter(organization__path__startswith=top.path, status="active").count()
        picked.append(top.pk)
        total += n
    setup = AdjustmentPlan.objects.create(name="准备", effective=dt.date(2026, 1, 1), committee=working)
    PlanOperation.objects.bulk_create(
        PlanOperation(plan=setup, position=i, kind="move", organization_id=pk, target=big)
        for i, pk in enumerate(picked, start=1)
    )
    do_approve_plan(setup, acting_user=shuji)
    timed(
        f"(setup, {len(picked)} moves: {total:,} members under one committee)",
        lambda: do_execute_plan(setup, acting_user=shuji),
    )
    move = AdjustmentPlan.objects.create(name="整体划转", effective=dt.date(2026, 2, 1), committee=working)
    PlanOperation.objects.create(plan=move, position=1, kind="move", organization=big, target=district)
    result = timed(f"preview: move a subtree of {total:,} members", lambda: preview.build(move))
    print(f"  ledger {result.ledger}")
    timed("  floor: the tree and the members per organization on the day, read by hand", lambda: _floor(move.effective))
    do_approve_plan(move, acting_user=shuji)
    timed(f"execute: move a subtree of {total:,} members", lambda: do_execute_plan(move, acting_user=shuji))


def _floor(day):
    """What a preview must read, by hand: every organization with its path, and the members
    and full members each had on `day`. The simulation itself is in memory."""
    from django.db import connection

    from members.models import Member, Membership
    from orgs.models import PartyOrganization

    org, ms, member = PartyOrganization._meta.db_table, Membership._meta.db_table, Member._meta.db_table
    on_day = "ms.valid_from <= %s AND (ms.valid_to IS NULL OR ms.valid_to > %s)"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, name, code, kind, unit_id, path, dissolved FROM {org}")
        cursor.fetchall()
        cursor.execute(
            f"SELECT organization_id, COUNT(*) FROM {ms} ms WHERE {on_day} GROUP BY organization_id", [day, day]
        )
        cursor.fetchall()
        cursor.execute(
            f"""SELECT ms.organization_id, COUNT(*) FROM {ms} ms JOIN {member} m ON m.id = ms.member_id
                WHERE {on_day} AND (m.full_member_date IS NULL OR m.full_member_date > %s)
                GROUP BY ms.organization_id""",
            [day, day, day],
        )
        cursor.fetchall()


if __name__ == "__main__":
    main()
