"""Money is exact: `Decimal` yuan with fen precision, rounded half up to the fen (the 2008
provisions state no rounding; half up is the accounting convention), never a float. Amounts
typed by people are parsed strictly (`parse_yuan`): digits with at most two decimals, within
bounds, or a Chinese message. Sums of amounts in the database are made in whole fen (`FenSum`),
exact on SQLite too."""

import re
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import BigIntegerField, DecimalField, F, Sum
from django.db.models.functions import Cast, Round
from django.utils.translation import gettext as _

from core.errors import DomainError

FEN = Decimal("0.01")
ZERO = Decimal("0.00")
# No monthly base or payment reaches ten million yuan: a larger figure is a typing slip.
MAX_YUAN = Decimal("9999999.99")
_DIGITS = re.compile(r"[0-9]+(\.[0-9]{1,2})?", re.ASCII)


def to_fen(amount: Decimal) -> Decimal:
    """`amount` rounded half up to the fen."""
    if not isinstance(amount, Decimal):
        raise TypeError(f"money must be a Decimal, not {type(amount).__name__}")
    return amount.quantize(FEN, rounding=ROUND_HALF_UP)


def parse_yuan(text: str, *, field: str = "amount") -> Decimal:
    """A typed amount in yuan ("3000", "3,000.5", "0.20") as an exact Decimal to the fen;
    refused: a sign, more than two decimals, letters, an absurd size."""
    cleaned = str(text).strip().replace(",", "").replace("，", "").removesuffix("元").strip()
    if re.fullmatch(r"[0-9]+\.[0-9]{3,}", cleaned, re.ASCII):
        raise DomainError(_("An amount has at most two decimals (fen)."), field=field)
    if not _DIGITS.fullmatch(cleaned):  # ASCII digits only: no exponent, underscore or full-width digit
        raise DomainError(_("Please enter an amount in yuan, e.g. 3000 or 3000.50."), field=field)
    amount = Decimal(cleaned)
    if amount > MAX_YUAN:
        raise DomainError(_("The amount must lie between 0 and %(max)s yuan.") % {"max": f"{MAX_YUAN:,}"}, field=field)
    return amount.quantize(FEN)


def from_fen(fen: int) -> Decimal:
    """A whole number of fen as yuan, exactly."""
    return Decimal(int(fen)).scaleb(-2).quantize(FEN)


class FenSum(Sum):
    """`Sum` of a money field, exact on every database: SQLite keeps a decimal as a float and
    sums floats (0.05 + 0.15 + … drifts), so each amount is added as whole fen — rounded, as
    every stored amount is to the fen — and the integer total brought back to yuan (`from_fen`).
    None over no rows, like `Sum`. A scalar subquery reads it as whole fen (its own output
    field applies there): bring that back with `from_fen` (`funds.queries`)."""

    def __init__(self, field: str, **extra):
        fen = Cast(Round(F(field) * 100), output_field=BigIntegerField())
        super().__init__(fen, output_field=DecimalField(max_digits=20, decimal_places=2), **extra)

    @property
    def convert_value(self):
        return _fen_to_yuan


def _fen_to_yuan(value, expression, connection) -> Decimal | None:
    return None if value is None else from_fen(int(value))
