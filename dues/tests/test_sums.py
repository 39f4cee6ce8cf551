"""Sums of money are exact on both databases (`dues.money.FenSum`): SQLite keeps a decimal as a
float, and its own `Sum` of 0.05, 0.15, … drifts off the fen; the sum in whole fen does not.
Property-tested over many amounts on whichever database the suite runs on."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dues.models import MonthlyDues
from dues.money import FEN, ZERO, FenSum, from_fen

# the amounts floats hold worst: tenths and twentieths of a yuan, and the largest base
AWKWARD = [Decimal(v) for v in ("0.05", "0.15", "0.35", "0.45", "1.15", "0.10", "0.20", "0.30", "12.45", "99.99")]
amounts = st.one_of(
    st.sampled_from(AWKWARD),
    st.integers(min_value=0, max_value=999_999_999).map(from_fen),  # up to 9,999,999.99 yuan
)


def _rows(registry, values: list[Decimal]) -> None:
    """One row per amount, spread over the registry's members and months (member, month once)."""
    members = [registry.zhang_san, registry.li_si, registry.wang_wu, registry.sun_qi, registry.zhou_ba]
    MonthlyDues.objects.bulk_create(
        MonthlyDues(
            member=members[i % len(members)],
            organization_id=members[i % len(members)].organization_id,
            month=dt.date(1900 + (i // len(members)) // 12, (i // len(members)) % 12 + 1, 1),
            due=v,
            paid=v,
        )
        for i, v in enumerate(values)
    )


@pytest.mark.django_db
@given(values=st.lists(amounts, min_size=0, max_size=300))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_the_sum_in_fen_equals_the_exact_sum_of_any_amounts(registry, values):
    with transaction.atomic():
        _rows(registry, values)
        found = MonthlyDues.objects.aggregate(due=FenSum("due"), paid=FenSum("paid"))
        by_org = dict(
            MonthlyDues.objects.values("organization").annotate(t=FenSum("due")).values_list("organization", "t")
        )
        transaction.set_rollback(True)
    exact = sum(values, ZERO)
    assert found == {"due": exact if values else None, "paid": exact if values else None}
    assert sum(by_org.values(), ZERO) == exact
    assert all(t == t.quantize(FEN) for t in by_org.values())


def test_many_small_amounts_sum_to_the_fen(registry):
    """Five hundred times 0.15 + 0.05 on the database: 100.00, with two decimals, on SQLite too
    (where `Sum` itself answers a float near it)."""
    values = [Decimal("0.15"), Decimal("0.05")] * 500
    _rows(registry, values)
    total = MonthlyDues.objects.aggregate(t=FenSum("due"))["t"]
    assert total == Decimal("100.00") and str(total) == "100.00"
    plain = MonthlyDues.objects.aggregate(t=Sum("due"))["t"]
    assert abs(plain - total) < Decimal("0.01")  # the database's own, for comparison only


def test_from_fen_is_exact():
    assert from_fen(0) == ZERO and str(from_fen(1)) == "0.01" and str(from_fen(123456789012)) == "1234567890.12"
