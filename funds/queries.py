"""Reading activity funds: an organization's year (its budgets with what was spent and what is
left, its spending) and the overview by organization, each in a fixed number of queries.
Sums are made by the database and brought back to the fen (`dues.money.to_fen`)."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DecimalField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from dues.money import ZERO, to_fen
from funds.access import read_paths
from funds.models import Budget, Spending
from orgs.models import PartyOrganization

MONEY = DecimalField(max_digits=14, decimal_places=2)


def _sum(qs: QuerySet, group: str) -> Subquery:
    """The sum of `amount` over `qs` (already tied to OuterRef), as one scalar subquery."""
    return Subquery(qs.order_by().values(group).annotate(total=Sum("amount")).values("total")[:1], output_field=MONEY)


def with_spent(budgets: QuerySet[Budget]) -> QuerySet[Budget]:
    """Budgets with `spent` (the sum of their spending; 0 without any)."""
    spending = Spending.objects.filter(budget=OuterRef("pk"))
    return budgets.annotate(spent=Coalesce(_sum(spending, "budget"), Value(ZERO), output_field=MONEY))


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
    return [Line(b, to_fen(b.spent)) for b in rows.order_by("kind", "source")]  # type: ignore[attr-defined]


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
            budget=Coalesce(
                _sum(budgets.filter(organization=OuterRef("pk")), "organization"), Value(ZERO), output_field=MONEY
            ),
            spent=Coalesce(
                _sum(spending.filter(budget__organization=OuterRef("pk")), "budget__organization"),
                Value(ZERO),
                output_field=MONEY,
            ),
        )
        .order_by("path")
    )
    budgets = budgets.filter(Budget.scope_q(paths))
    spending = spending.filter(Spending.scope_q(paths))
    totals = Totals(
        to_fen(budgets.aggregate(t=Sum("amount"))["t"] or ZERO),
        to_fen(spending.aggregate(t=Sum("amount"))["t"] or ZERO),
    )
    return orgs, totals


def overview_row(org: PartyOrganization) -> Totals:
    return Totals(to_fen(org.budget), to_fen(org.spent))


def day_in(year: int, today: dt.date) -> dt.date:
    """Today if it falls in `year`, else the year's last day (a spending's default date)."""
    return today if today.year == year else dt.date(year, 12, 31)
