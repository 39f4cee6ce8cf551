"""The demo's party dues for 2026: every member on the roll has each month so far, mostly paid
in mixed ways; a few members behind (3–5 months, and a few 6 or more for the branch's decision)
with their to-dos; a few exempted; one voluntary extra of 1,000 yuan or more."""

import datetime as dt
from decimal import Decimal

import pytest

from accounts.models import RoleAssignment
from core import clock
from dues import services
from dues.models import DuesBase, MonthlyDues, PayerKind, Relief, ReliefKind, month_of
from work.arrears import last_month_due, runs
from work.models import ItemKind, ItemStatus, WorkItem

pytestmark = pytest.mark.xdist_group("seed_demo")


def months_so_far() -> list[dt.date]:
    return [dt.date(2026, m, 1) for m in range(1, 13) if dt.date(2026, m, 1) <= month_of(clock.today())]


@pytest.mark.django_db
def test_every_member_on_the_roll_has_each_month_of_2026_so_far(demo):
    months = months_so_far()
    assert months, "the demo's dues start in January 2026"
    for month in months:
        # computing the month again finds every member's row written and none without a base
        assert services.do_compute_month(month) == {"created": 0, "updated": 0, "no_base": 0}
    assert MonthlyDues.objects.filter(month=months[0]).count() > 7000
    paid = MonthlyDues.objects.filter(month__lt=months[-1], paid__gt=0)
    assert paid.count() > 0.95 * MonthlyDues.objects.filter(month__lt=months[-1]).count()
    assert set(paid.values_list("way", flat=True).distinct()) == {"payroll", "transfer", "cash"}


@pytest.mark.django_db
def test_bases_are_plausible_for_each_kind_of_member(demo):
    bounds = {
        PayerKind.WAGE: (Decimal("4000"), Decimal("12800")),
        PayerKind.RETIRED: (Decimal("3000"), Decimal("8000")),
    }
    for base in DuesBase.objects.select_related("member").order_by("?")[:500]:
        if base.kind in bounds:
            low, high = bounds[base.kind]
            assert low <= base.base <= high
            if base.member.is_leading_cadre:
                assert base.base >= Decimal("7000")
    # every kind of payer the demo holds, not a sample's (retired members are few)
    kinds = set(DuesBase.objects.values_list("kind", flat=True).distinct())
    assert {PayerKind.WAGE, PayerKind.RETIRED} <= kinds
    assert DuesBase.objects.filter(kind=PayerKind.FLAT).count() >= 3


@pytest.mark.django_db
def test_a_few_members_are_behind_and_their_branches_have_the_to_dos(demo):
    last = last_month_due(clock.today())
    behind = runs(last, minimum=3)
    lapsing = [r for r in behind if r.months >= 6]
    assert 10 <= len(behind) <= 20 and 2 <= len(lapsing) <= 4
    assert WorkItem.objects.filter(kind=ItemKind.DUES_ARREARS, status=ItemStatus.OPEN).count() == len(behind)
    assert WorkItem.objects.filter(kind=ItemKind.DUES_LAPSE, status=ItemStatus.OPEN).count() == len(lapsing)
    branch = RoleAssignment.objects.get(user__username="zhibushuji").organization_id
    mine = WorkItem.objects.filter(organization_id=branch, status=ItemStatus.OPEN)
    assert mine.filter(kind=ItemKind.DUES_ARREARS).exists() and mine.filter(kind=ItemKind.DUES_LAPSE).exists()
    assert "不自动作出任何处理" in mine.get(kind=ItemKind.DUES_LAPSE).description


@pytest.mark.django_db
def test_a_few_are_exempted_and_one_pays_a_voluntary_extra_for_the_centre(demo):
    exempt = Relief.objects.filter(kind=ReliefKind.EXEMPT)
    assert 3 <= exempt.count() <= 5
    for relief in exempt:
        rows = MonthlyDues.objects.filter(member=relief.member, month__gte=relief.first, month__lte=relief.last)
        assert rows.exists() and not rows.exclude(due=0).exists()
        assert relief.approved_by.depth == relief.member.organization.depth - 1  # one level up approved
    (gift,) = MonthlyDues.objects.filter(extra__gt=0)
    assert gift.extra >= Decimal("1000")
