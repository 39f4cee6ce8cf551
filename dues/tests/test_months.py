"""A month's dues written for a branch, paid, and read back: the probationary member from the
admitting meeting, reliefs, the catch-up limit, and the sums that must agree."""

import datetime as dt
import random
from decimal import Decimal

import pytest

from core.errors import DomainError
from dues import queries, services
from dues.models import MonthlyDues, PayerKind, PaymentWay, Relief, ReliefKind
from members.models import Member

NOV = dt.date(2026, 11, 1)


@pytest.fixture
def branch(registry, settings):
    settings.DANGJIAN_TODAY = "2026-11-30"
    r = registry
    for member, base in ((r.zhang_san, "4321.50"), (r.li_si, "3000.00"), (r.wang_wu, "12000")):
        services.do_set_base(
            member, kind=PayerKind.WAGE, amount=Decimal(base), month=dt.date(2025, 1, 1), acting_user=None
        )
    return r.branch_a


def test_a_month_is_written_once_for_those_on_the_roll_with_a_base(branch, registry):
    counts = services.do_compute_month(NOV, organizations=[branch])
    # 赵六 (probationary, admitted 2025-12-01) has no base yet: counted, not guessed
    assert counts == {"created": 3, "updated": 0, "no_base": 1}
    assert services.do_compute_month(NOV, organizations=[branch]) == {"created": 0, "updated": 0, "no_base": 1}
    due = dict(MonthlyDues.objects.filter(month=NOV).values_list("member__name", "due"))
    assert due == {"张三": Decimal("43.22"), "李四": Decimal("15.00"), "王五": Decimal("240.00")}


def test_a_probationary_member_pays_from_the_month_of_the_admitting_meeting(branch, registry):
    zhao = registry.zhao_liu  # admitted 2025-12-01
    services.do_set_base(
        zhao, kind=PayerKind.WAGE, amount=Decimal("3500"), month=dt.date(2025, 11, 1), acting_user=None
    )
    assert services.do_compute_month(dt.date(2025, 11, 1), organizations=[branch])["created"] == 3  # not 赵六 yet
    services.do_compute_month(dt.date(2025, 12, 1), organizations=[branch])
    assert MonthlyDues.objects.get(member=zhao, month=dt.date(2025, 12, 1)).due == Decimal("35.00")


def test_a_relief_replaces_the_due_for_its_months_and_a_new_base_updates_unpaid_months(branch, registry):
    Relief.objects.create(
        member=registry.wang_wu,
        kind=ReliefKind.EXEMPT,
        first=NOV,
        last=NOV,
        approved_by=registry.opc,
        approved_on=dt.date(2026, 10, 20),
        basis="家庭困难",
    )
    services.do_compute_month(NOV, organizations=[branch])
    assert MonthlyDues.objects.get(member=registry.wang_wu, month=NOV).due == Decimal("0.00")
    services.do_set_base(registry.li_si, kind=PayerKind.WAGE, amount=Decimal("3000.01"), month=NOV, acting_user=None)
    assert services.do_compute_month(NOV, organizations=[branch])["updated"] == 1
    assert MonthlyDues.objects.get(member=registry.li_si, month=NOV).due == Decimal("30.00")


def test_payments_are_recorded_all_or_nothing_with_the_extra_apart(branch, registry):
    services.do_compute_month(NOV, organizations=[branch])
    day = dt.date(2026, 11, 30)
    with pytest.raises(DomainError):  # 孙七 is not in this branch: nothing is written
        services.do_record_payments(
            branch,
            NOV,
            {registry.zhang_san.pk: Decimal("43.22"), registry.sun_qi.pk: Decimal("10")},
            day=day,
            way=PaymentWay.CASH,
            acting_user=None,
        )
    assert not MonthlyDues.objects.filter(paid__gt=0).exists()
    services.do_record_payments(
        branch,
        NOV,
        {registry.zhang_san.pk: Decimal("43.22"), registry.li_si.pk: Decimal("1015.00")},
        day=day,
        way=PaymentWay.TRANSFER,
        acting_user=None,
    )
    li = MonthlyDues.objects.get(member=registry.li_si, month=NOV)
    assert (li.paid, li.extra) == (Decimal("15.00"), Decimal("1000.00"))
    runs = queries.unpaid_run(MonthlyDues.objects.all(), NOV)
    assert runs == {registry.wang_wu.pk: 1}


def test_dues_are_paid_late_for_at_most_six_months_and_ahead_to_the_quarters_end(branch):
    day = dt.date(2026, 11, 30)
    services.check_payment_month(dt.date(2026, 5, 1), day)
    services.check_payment_month(dt.date(2026, 12, 1), day)
    with pytest.raises(DomainError) as e:
        services.check_payment_month(dt.date(2026, 4, 1), day)
    assert "6" in e.value.message and "2026-05" in e.value.message
    with pytest.raises(DomainError):
        services.check_payment_month(dt.date(2027, 1, 1), day)


def test_the_branch_total_is_the_sum_of_each_members_due_reckoned_alone(registry, settings):
    """Reconciliation over random bases: the rows written and summed by the database agree, to
    the fen, with each member's due reckoned on its own."""
    settings.DANGJIAN_TODAY = "2026-11-30"
    rng = random.Random(20261130)
    members = list(Member.objects.all())
    expected = Decimal("0.00")
    for member in members:
        kind = rng.choice([PayerKind.WAGE, PayerKind.RETIRED, PayerKind.FLAT])
        base = Decimal(rng.randrange(0, 2_000_000)) / 100
        services.do_set_base(member, kind=kind, amount=base, month=dt.date(2026, 3, 1), acting_user=None)
        if member.join_date <= dt.date(2026, 11, 30):
            expected += services.due_amount(kind, base, NOV)
    services.do_compute_month(NOV)
    rows = MonthlyDues.objects.filter(month=NOV)
    assert queries.totals(rows)["due"] == expected
    by_branch = sum(
        queries.totals(rows.filter(organization_id=o))["due"]
        for o in set(rows.values_list("organization_id", flat=True))
    )
    assert by_branch == expected


def test_the_command_prints_the_months_figures_as_strings_to_the_fen(branch, registry):
    import json
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("dues", "--year", "2026", "--month", "11", "--compute", "--json", stdout=out)
    result = json.loads(out.getvalue())
    assert result == {
        "year": 2026,
        "month": 11,
        "members": 3,
        "due": "298.22",
        "paid": "0.00",
        "extra": "0.00",
        "arrears": {"3m": 0, "6m": 0},
        "remitted": "0.00",
        "received": "0.00",
    }
