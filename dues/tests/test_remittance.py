"""Dues remitted up the tree: a branch to its committee, the committee to the working committee,
the working committee out of the system; the receiver confirms, never the sender; and the sums
reconcile to the fen at every level, for any month (seeded random trees and payments)."""

import datetime as dt
import json
import random
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from accounts.roles import Role
from conftest import make_user
from core.errors import DomainError
from dues import queries, remittance, services
from dues.models import MonthlyDues, PayerKind, PaymentWay, Remittance
from dues.money import ZERO
from orgs.models import OrgKind

NOV = dt.date(2026, 11, 1)
DAY = dt.date(2026, 11, 30)


def pay(org, month, amounts, day=DAY):
    services.do_record_payments(org, month, amounts, day=day, way=PaymentWay.CASH, acting_user=None)


@pytest.fixture
def month(registry, settings):
    """November 2026 computed for everyone with a base: 张三 43.22, 李四 15.00, 王五 240.00 in
    财政局第一支部; 孙七 30.00 in the second branch; 吴九 15.00 in 教委第一支部."""
    settings.DANGJIAN_TODAY = "2026-12-10"
    r = registry
    for member, base in (
        (r.zhang_san, "4321.50"),
        (r.li_si, "3000.00"),
        (r.wang_wu, "12000"),
        (r.sun_qi, "3000.01"),
        (r.wu_jiu, "3000"),
    ):
        services.do_set_base(
            member, kind=PayerKind.WAGE, amount=Decimal(base), month=dt.date(2025, 1, 1), acting_user=None
        )
    services.do_compute_month(NOV)
    return r


@pytest.fixture
def people(registry):
    return {
        "branch": make_user("branch_treasurer", Role.ORG_ADMIN, registry.branch_a),
        "opc": make_user("opc_officer", Role.ORG_ADMIN, registry.opc),
        "opc2": make_user("opc_deputy", Role.ORG_ADMIN, registry.opc),
        "clerk": make_user("clerk", Role.COMMITTEE_STAFF, registry.working),
    }


def test_a_branch_remits_its_members_dues_whole_to_its_organ_party_committee(month, people):
    r = month
    pay(r.branch_a, NOV, {r.zhang_san.pk: Decimal("43.22"), r.li_si.pk: Decimal("15.00")})
    row = remittance.do_remit(r.branch_a, NOV, day=DAY, acting_user=people["branch"])
    assert row.receiver == r.opc
    assert (row.from_members, row.collected, row.kept, row.remitted) == (
        Decimal("58.22"),
        Decimal("58.22"),
        ZERO,
        Decimal("58.22"),
    )
    assert not row.confirmed


def test_the_committee_keeps_its_share_rounded_half_up_and_remits_the_rest(month, people):
    r = month
    pay(r.branch_a, NOV, {r.zhang_san.pk: Decimal("43.22"), r.li_si.pk: Decimal("15.00")})
    pay(r.branch_b, NOV, {r.sun_qi.pk: Decimal("30.01")})  # 0.01 over the due: a voluntary extra
    for branch in (r.branch_a, r.branch_b):
        sent = remittance.do_remit(branch, NOV, day=DAY, acting_user=people["branch"])
        remittance.do_confirm_receipt(sent, day=DAY, acting_user=people["opc"])
    row = remittance.do_remit(r.opc, NOV, day=DAY, acting_user=people["opc"])
    assert row.receiver == r.working
    assert row.from_below == Decimal("88.23")
    assert row.kept == Decimal("70.58")  # 88.23 × 80 % = 70.584
    assert row.remitted == Decimal("17.65")
    assert row.kept + row.remitted == row.collected


def test_a_remittance_awaiting_confirmation_holds_back_the_committees_month(month, people):
    r = month
    pay(r.branch_a, NOV, {r.zhang_san.pk: Decimal("43.22")})
    remittance.do_remit(r.branch_a, NOV, day=DAY, acting_user=people["branch"])
    with pytest.raises(DomainError) as e:
        remittance.do_remit(r.opc, NOV, day=DAY, acting_user=people["opc"])
    assert "财政局第一支部" in e.value.message and "确认" in e.value.message
    assert not Remittance.objects.filter(organization=r.opc).exists()


def test_the_officer_who_remitted_cannot_confirm_the_same_remittance(month, people):
    r = month
    pay(r.branch_a, NOV, {r.zhang_san.pk: Decimal("43.22")})
    sent = remittance.do_remit(r.branch_a, NOV, day=DAY, acting_user=people["opc"])
    with pytest.raises(DomainError) as e:
        remittance.do_confirm_receipt(sent, day=DAY, acting_user=people["opc"])
    assert "另一名" in e.value.message or "其他" in e.value.message
    remittance.do_confirm_receipt(sent, day=DAY, acting_user=people["opc2"])
    sent.refresh_from_db()
    assert (sent.received_on, sent.confirmed_by) == (DAY, people["opc2"])
    with pytest.raises(DomainError):
        remittance.do_confirm_receipt(sent, day=DAY, acting_user=people["clerk"])


def test_a_receipt_is_not_dated_before_the_remittance_nor_after_today(month, people):
    r = month
    pay(r.branch_a, NOV, {r.zhang_san.pk: Decimal("43.22")})
    sent = remittance.do_remit(r.branch_a, NOV, day=DAY, acting_user=people["branch"])
    for day in (dt.date(2026, 11, 29), dt.date(2026, 12, 11)):
        with pytest.raises(DomainError):
            remittance.do_confirm_receipt(sent, day=day, acting_user=people["opc"])
    assert not Remittance.objects.get(pk=sent.pk).confirmed


def test_nothing_new_to_remit_is_refused_and_dues_paid_late_go_in_a_further_part(month, people):
    r = month
    pay(r.branch_a, NOV, {r.zhang_san.pk: Decimal("43.22")})
    remittance.do_remit(r.branch_a, NOV, day=DAY, acting_user=people["branch"])
    with pytest.raises(DomainError) as e:
        remittance.do_remit(r.branch_a, NOV, day=DAY, acting_user=people["branch"])
    assert "没有" in e.value.message or "无" in e.value.message
    pay(r.branch_a, NOV, {r.wang_wu.pk: Decimal("240.00")}, day=dt.date(2026, 12, 5))
    second = remittance.do_remit(r.branch_a, NOV, day=dt.date(2026, 12, 5), acting_user=people["branch"])
    assert (second.part, second.from_members) == (2, Decimal("240.00"))


def test_a_voluntary_payment_of_a_thousand_yuan_goes_up_whole_to_the_top(month, people):
    r = month
    pay(r.branch_a, NOV, {r.li_si.pk: Decimal("1015.00"), r.zhang_san.pk: Decimal("53.22")})  # extras 1000 and 10
    sent = remittance.do_remit(r.branch_a, NOV, day=DAY, acting_user=people["branch"])
    assert sent.to_centre == Decimal("1000.00")
    remittance.do_confirm_receipt(sent, day=DAY, acting_user=people["opc"])
    opc = remittance.do_remit(r.opc, NOV, day=DAY, acting_user=people["opc"])
    # of 1068.22 the 1000 pass whole; 80 % of 68.22 is kept
    assert (opc.to_centre, opc.kept, opc.remitted) == (Decimal("1000.00"), Decimal("54.58"), Decimal("1013.64"))
    remittance.do_confirm_receipt(opc, day=DAY, acting_user=people["clerk"])
    top = remittance.do_remit(r.working, NOV, day=DAY, acting_user=people["clerk"])
    assert top.receiver is None and top.to_centre == Decimal("1000.00") and top.remitted == Decimal("1013.64")


def test_a_general_branch_keeps_no_account_and_its_branches_remit_past_it(month, people):
    r = month
    general = r.org("教委机关总支", OrgKind.GENERAL_BRANCH, r.pc, r.education, r.district.founded)
    branch = r.org("教委机关第二支部", OrgKind.BRANCH, general, r.education, r.district.founded)
    assert remittance.receiver_of(branch) == r.pc
    assert branch in remittance.remitting_below(r.pc, NOV)
    assert general not in remittance.remitting_below(r.pc, NOV)
    with pytest.raises(DomainError) as e:
        remittance.do_remit(general, NOV, day=DAY, acting_user=people["clerk"])
    assert "总支" in e.value.message


def test_the_command_reports_what_left_the_scope_and_what_was_received(month, people):
    r = month
    pay(r.branch_a, NOV, {r.zhang_san.pk: Decimal("43.22"), r.li_si.pk: Decimal("15.00")})
    sent = remittance.do_remit(r.branch_a, NOV, day=DAY, acting_user=people["branch"])
    remittance.do_confirm_receipt(sent, day=DAY, acting_user=people["opc"])
    remittance.do_remit(r.opc, NOV, day=DAY, acting_user=people["opc"])  # 11.64 up, awaiting confirmation
    out = StringIO()
    call_command("dues", "--year", "2026", "--month", "11", "--organization", str(r.opc.pk), "--json", stdout=out)
    result = json.loads(out.getvalue())
    assert (result["remitted"], result["received"]) == ("11.64", "58.22")
    out = StringIO()
    call_command("dues", "--year", "2026", "--json", stdout=out)
    assert json.loads(out.getvalue())["remitted"] == "0.00"  # nothing has left the system yet


def _tree(registry, rng):
    """Three levels: the working committee, two committees (one with a general branch), and
    branches with random members."""
    r = registry
    founded = r.district.founded
    general = r.org("教委总支", OrgKind.GENERAL_BRANCH, r.pc, r.education, founded)
    branches = [r.branch_a, r.branch_b, r.branch_c]
    branches += [r.org(f"财政局第{i}支部", OrgKind.BRANCH, r.opc, r.finance, founded) for i in range(3, 5)]
    branches += [r.org(f"教委总支第{i}支部", OrgKind.BRANCH, general, r.education, founded) for i in range(1, 3)]
    for n in range(30):
        r.member(f"党员{n:02d}", rng.choice(branches))
    return branches


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_for_any_month_members_dues_branch_totals_and_what_was_received_agree_to_the_fen(registry, settings, seed):
    settings.DANGJIAN_TODAY = "2026-12-10"
    rng = random.Random(seed)
    branches = _tree(registry, rng)
    officer = make_user("officer", Role.COMMITTEE_LEADER, registry.working)
    receiver = make_user("receiver", Role.COMMITTEE_STAFF, registry.working)
    from members.models import Member

    for member in Member.objects.all():
        kind = rng.choice([PayerKind.WAGE, PayerKind.WAGE, PayerKind.RETIRED, PayerKind.FLAT])
        base = Decimal(rng.randrange(0, 2_500_000)) / 100
        services.do_set_base(member, kind=kind, amount=base, month=dt.date(2026, 1, 1), acting_user=None)
    services.do_compute_month(NOV)
    for branch in branches:
        rows = MonthlyDues.objects.filter(organization=branch, month=NOV)
        payments = {}
        for row in rows:
            roll = rng.random()
            if roll < 0.8:
                payments[row.member_id] = row.due
            elif roll < 0.9:  # an extra, now and then one of a thousand yuan or more
                payments[row.member_id] = row.due + rng.choice([Decimal("0.01"), Decimal("12.34"), Decimal("1000")])
        if payments:
            pay(branch, NOV, payments)
    paid = sum((r.paid + r.extra for r in MonthlyDues.objects.filter(month=NOV)), ZERO)
    large = sum((r.extra for r in MonthlyDues.objects.filter(month=NOV, extra__gte=1000)), ZERO)

    def up(orgs):
        for org in orgs:
            if remittance.pending(org, NOV).collected:
                row = remittance.do_remit(org, NOV, day=DAY, acting_user=officer)
                if row.receiver:
                    remittance.do_confirm_receipt(row, day=DAY, acting_user=receiver)

    up(branches)
    committees = [registry.opc, registry.pc]
    up(committees)
    up([registry.working])

    rows = list(Remittance.objects.filter(month=NOV))
    assert all(r.kept + r.remitted == r.collected for r in rows)
    assert all(r.collected == r.from_members + r.from_below for r in rows)
    by_branch = {r.organization_id: r for r in rows if r.organization.kind == OrgKind.BRANCH}
    assert sum((r.collected for r in by_branch.values()), ZERO) == paid
    for branch in branches:
        own = queries.totals(MonthlyDues.objects.filter(organization=branch, month=NOV))
        got = by_branch[branch.pk].collected if branch.pk in by_branch else ZERO
        assert got == own["paid"] + own["extra"]
    for committee in committees:
        mine = [r for r in rows if r.organization_id == committee.pk]
        received = sum((r.remitted for r in rows if r.receiver_id == committee.pk and r.confirmed), ZERO)
        assert sum((r.from_below for r in mine), ZERO) == received
        sent_up = sum((r.remitted for r in by_branch.values() if r.receiver_id == committee.pk), ZERO)
        assert received == sent_up
    top = [r for r in rows if r.organization_id == registry.working.pk]
    kept = sum((r.kept for r in rows), ZERO)
    assert kept + sum((r.remitted for r in top), ZERO) == paid
    assert sum((r.to_centre for r in top), ZERO) == large


def test_the_demo_remits_the_months_so_far_and_leaves_last_month_to_the_officers_committee(month, people):
    from demo import dues_remittance

    r = month
    for m in (10, 11):
        services.do_compute_month(dt.date(2026, m, 1))
        pay(r.branch_a, dt.date(2026, m, 1), {r.zhang_san.pk: Decimal("43.22")}, day=dt.date(2026, m, 20))
        pay(r.branch_c, dt.date(2026, m, 1), {r.wu_jiu.pk: Decimal("15.00")}, day=dt.date(2026, m, 20))
    counts = dues_remittance.build(awaiting=r.opc)  # today 2026-12-10
    october = {x.organization.name: x for x in Remittance.objects.filter(month=dt.date(2026, 10, 1))}
    assert set(october) == {"财政局第一支部", "教委第一支部", "财政局机关党委", "教委党委", "区直机关工委"}
    assert all(x.confirmed for x in october.values() if x.receiver_id)
    assert october["区直机关工委"].remitted_on == dt.date(2026, 11, 8)
    november = Remittance.objects.filter(month=NOV)
    assert not november.get(organization=r.branch_a).confirmed  # left for the officer of 财政局机关党委
    assert november.get(organization=r.pc).receiver == r.working
    assert counts["awaiting"] == 1
