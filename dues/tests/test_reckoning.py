"""What a member owes by the 2008 provisions: the bands with their inclusive edges on the whole
base, the retired bands, the flat amounts, money to the fen."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.errors import DomainError
from dues.models import PayerKind
from dues.money import parse_yuan, to_fen
from dues.services import check_base, due_amount

MONTH = dt.date(2026, 11, 1)


@pytest.mark.parametrize(
    ("base", "due"),
    [
        ("2999.99", "15.00"),  # 0.5 %
        ("3000.00", "15.00"),  # 3000 inclusive: still 0.5 %
        ("3000.01", "30.00"),  # above: 1 % of the whole base, not of the slice above
        ("5000.00", "50.00"),
        ("5000.01", "75.00"),  # 1.5 %
        ("10000.00", "150.00"),
        ("10000.01", "200.00"),  # 2 %
        ("4321.50", "43.22"),  # 43.215 rounded half up to the fen
        ("0.00", "0.00"),
    ],
)
def test_a_wage_pays_the_rate_of_its_band_on_the_whole_base_edges_inclusive(base, due):
    assert due_amount(PayerKind.WAGE, Decimal(base), MONTH) == Decimal(due)


@pytest.mark.parametrize(
    ("base", "due"), [("5000.00", "25.00"), ("5000.01", "50.00"), ("3200.00", "16.00"), ("8888.88", "88.89")]
)
def test_a_pension_pays_half_a_percent_up_to_five_thousand_inclusive_then_one(base, due):
    assert due_amount(PayerKind.RETIRED, Decimal(base), MONTH) == Decimal(due)


def test_students_the_unemployed_and_those_on_relief_pay_twenty_fen_and_a_farmer_the_amount_set():
    assert due_amount(PayerKind.FLAT, Decimal("99999"), MONTH) == Decimal("0.20")
    assert due_amount(PayerKind.FARMER, Decimal("0.50"), MONTH) == Decimal("0.50")
    check_base(PayerKind.FARMER, Decimal("1.00"), MONTH)
    with pytest.raises(DomainError) as e:
        check_base(PayerKind.FARMER, Decimal("1.01"), MONTH)
    assert "0.20" in e.value.message and "1.00" in e.value.message


def test_typed_amounts_are_exact_or_refused_in_chinese():
    assert parse_yuan("3,000.5") == Decimal("3000.50")
    assert parse_yuan(" 4321元 ") == Decimal("4321.00")
    for bad in ("3000.001", "-5", "abc", "1e9", "1.5e3", "1_000", "３０００", "NaN", "Infinity", "", "12345678"):
        with pytest.raises(DomainError):
            parse_yuan(bad)
    with pytest.raises(TypeError):
        to_fen(0.1)  # type: ignore[arg-type]


@given(st.decimals(min_value=0, max_value=100000, places=2, allow_nan=False, allow_infinity=False))
def test_the_due_is_never_more_than_two_percent_and_is_to_the_fen(base):
    due = due_amount(PayerKind.WAGE, base, MONTH)
    assert due == due.quantize(Decimal("0.01")) and due <= to_fen(base * Decimal("0.02"))
