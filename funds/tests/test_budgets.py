"""Budgets: one per organization, year, kind and source; a per-member allocation reckoned from
the roll on the day given; never set below what has been spent."""

import datetime as dt
from decimal import Decimal

import pytest

from audit.models import AuditEvent
from core.errors import DomainError
from funds import services
from funds.models import Budget
from funds.tests.conftest import spend


def test_a_per_member_allocation_counts_the_roll_of_the_organization_and_those_under_it(registry):
    # 财政局机关党委: 4 in its first branch (one probationary) and 2 in its second
    budget = services.do_set_budget(
        registry.opc, year=2026, kind="party", source="per_member", counted_on=dt.date(2026, 1, 1), acting_user=None
    )
    assert (budget.members_counted, budget.per_member, budget.amount) == (6, Decimal("200.00"), Decimal("1200.00"))


def test_the_per_member_figure_is_the_localitys(registry, settings):
    settings.DANGJIAN_RULES = {"party_funds_per_member": "187.35"}
    budget = services.do_set_budget(
        registry.branch_b,
        year=2026,
        kind="party",
        source="per_member",
        counted_on=dt.date(2026, 3, 1),
        acting_user=None,
    )
    assert budget.amount == Decimal("374.70")  # 2 × 187.35, to the fen


def test_a_per_member_allocation_counts_on_a_day_not_to_come(registry):
    with pytest.raises(DomainError) as e:
        services.do_set_budget(
            registry.opc, year=2026, kind="party", source="per_member", counted_on=dt.date(2026, 7, 1), acting_user=None
        )
    assert e.value.field == "counted_on" and "不晚于今天" in e.value.message


def test_union_funds_come_neither_per_member_nor_from_party_dues(registry):
    for source in ("per_member", "kept_dues"):
        with pytest.raises(DomainError) as e:
            services.do_set_budget(
                registry.opc, year=2026, kind="union", source=source, amount=Decimal("1"), acting_user=None
            )
        assert "工会活动经费" in e.value.message
    assert not Budget.objects.exists()


def test_setting_a_budget_again_changes_it_and_is_audited_with_both_amounts(budget, registry):
    again = services.do_set_budget(
        registry.opc, year=2026, kind="party", source="fixed", amount=Decimal("12000.5"), acting_user=None
    )
    assert again.pk == budget.pk and again.amount == Decimal("12000.50")
    event = AuditEvent.objects.filter(action="funds.budget.set").latest("pk")
    assert event.old == {"amount": "10000.00"} and event.new["amount"] == "12000.50"


def test_a_budget_is_not_set_below_what_has_been_spent(budget, registry):
    spend(budget, "3000.01")
    with pytest.raises(DomainError) as e:
        services.do_set_budget(
            registry.opc, year=2026, kind="party", source="fixed", amount=Decimal("3000.00"), acting_user=None
        )
    assert "已支出3000.01元" in e.value.message
    budget.refresh_from_db()
    assert budget.amount == Decimal("10000.00")


def test_a_budget_is_set_for_last_this_and_next_year_only(registry):
    with pytest.raises(DomainError) as e:
        services.do_set_budget(
            registry.opc, year=2024, kind="party", source="fixed", amount=Decimal("1"), acting_user=None
        )
    assert "2025" in e.value.message and "2027" in e.value.message


def test_an_amount_with_more_than_two_decimals_is_refused(registry):
    with pytest.raises(DomainError) as e:
        services.do_set_budget(
            registry.opc, year=2026, kind="party", source="fixed", amount=Decimal("1.005"), acting_user=None
        )
    assert "两位小数" in e.value.message
