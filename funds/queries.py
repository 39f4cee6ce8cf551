"""Reading activity funds: an organization's year (its budgets with what was spent and what is
left, its spending) and the overview by organization, each in a fixed number of queries.
Sums are made by the database in whole fen (`dues.money.FenSum`: exact on SQLite too)."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import BigIntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from dues.money import ZERO, FenSum, from_fen
from funds.access import read_paths
from funds.models import Budget, Spending
from orgs.models import PartyOrganization

FEN = BigIntegerField()


def _sum(qs: QuerySet, group: str) -> Coalesce:
    """The sum of `amount` over `qs` (already tied to OuterRef) in whole fen, 0 without rows, as
    one scalar subquery (read back with `from_fen`: a subquery has its own output field)."""
    total = Subquery(qs.order_by().values(group).annotate(total=FenSum("amount")).values("total")[:1], output_field=FEN)
    return Coalesce(total, Value(0), output_field=FEN)


def with_spent(budgets: QuerySet[Budget]) -> QuerySet[Budget]:
    """Budgets with `spent_fen` (the sum of their spending in fen; 0 without any)."""
    spending = Spending.objects.filter(budget=OuterRef("pk"))
    return budgets.annotate(spent_fen=_sum(spending, "budget"))


@dataclass(frozen=True)
class Line:
    """A budget as the pages show it."""

    budget: Budget
    spent: Decimal

    @property
    def balance(self) -> Decimal:
        return self.budget.amount - self.spent

    @property
    def used_percent(self) -> Decimal | None:
        return percent(self.spent, self.budget.amount)


def percent(part: Decimal, whole: Decimal) -> Decimal | None:
    """`part` of `whole` in per cent to one decimal (half up); None for a zero budget."""
    if not whole:
        return None
    return (part * 100 / whole).quantize(Decimal("0.1"))


def year_lines(organization: PartyOrganization, year: int, kinds: list[str]) -> list[Line]:
    """`organization`'s budgets of `year` of the kinds given, by kind and source (one query)."""
    rows = with_spent(Budget.objects.filter(organization=organization, year=year, kind__in=kinds))
    return [Line(b, from_fen(b.spent_fen)) for b in rows.order_by("kind", "source")]  # type: ignore[attr-defined]


def year_spending(organization: PartyOrganization, year: int, kinds: list[str]) -> QuerySet[Spending]:
    """The spending of `organization`'s budgets of `year`, newest first."""
    return Spending.objects.filter(
        budget__organization=organization, budget__year=year, budget__kind__in=kinds
    ).select_related("budget")


@dataclass(frozen=True)
class Totals:
    budget: Decimal
    spent: Decimal

    @property
    def balance(self) -> Decimal:
        return self.budget - self.spent

    @property
    def used_percent(self) -> Decimal | None:
        return percent(self.spent, self.budget)


def totals_of(lines: list[Line]) -> Totals:
    return Totals(sum((x.budget.amount for x in lines), ZERO), sum((x.spent for x in lines), ZERO))


def overview(user, year: int, kind: str) -> tuple[QuerySet[PartyOrganization], Totals]:
    """The organizations in the user's scope for `kind` with a budget of `year` and `kind`, each
    with `budget` and `spent` (two subqueries per row, one query for a page), ordered as the
    tree; and the totals over all of them (two queries)."""
    paths = read_paths(user, kind)
    budgets = Budget.objects.filter(year=year, kind=kind)
    spending = Spending.objects.filter(budget__year=year, budget__kind=kind)
    if not paths:
        return PartyOrganization.objects.none(), Totals(ZERO, ZERO)
    in_scope = PartyOrganization.scope_q(paths)
    orgs = (
        PartyOrganization.objects.filter(in_scope, pk__in=budgets.values("organization"))
        .select_related("unit")
        .annotate(
            budget_fen=_sum(budgets.filter(organization=OuterRef("pk")), "organization"),
            spent_fen=_sum(spending.filter(budget__organization=OuterRef("pk")), "budget__organization"),
        )
        .order_by("path")
    )
    budgets = budgets.filter(Budget.scope_q(paths))
    spending = spending.filter(Spending.scope_q(paths))
    totals = Totals(
        budgets.aggregate(t=FenSum("amount"))["t"] or ZERO,
        spending.aggregate(t=FenSum("amount"))["t"] or ZERO,
    )
    return orgs, totals


def overview_row(org: PartyOrganization) -> Totals:
    return Totals(from_fen(org.budget_fen), from_fen(org.spent_fen))


def day_in(year: int, today: dt.date) -> dt.date:
    """Today if it falls in `year`, else the year's last day (a spending's default date)."""
    return today if today.year == year else dt.date(year, 12, 31)
