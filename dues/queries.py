"""Reading dues: a scope's totals for a month and the members behind with their payments."""

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import F, QuerySet

from core.periods import add_months
from dues import rules
from dues.models import MonthlyDues, month_of
from dues.money import ZERO, FenSum
from dues.remittance import remitted_and_received


def totals(rows: QuerySet[MonthlyDues]) -> dict[str, Decimal | int]:
    found = rows.aggregate(due=FenSum("due"), paid=FenSum("paid"), extra=FenSum("extra"))
    return {
        "members": rows.values("member_id").distinct().count(),
        "due": found["due"] or ZERO,
        "paid": found["paid"] or ZERO,
        "extra": found["extra"] or ZERO,
    }


def unpaid_run(rows: QuerySet[MonthlyDues], month: dt.date) -> dict[int, int]:
    """member id → the number of consecutive months unpaid up to `month` (inclusive) among
    `rows`, for those with at least one; a month settled (paid ≥ due) or not owed ends the run.
    Reads at most the lapse rule's months back."""
    month = month_of(month)
    months = rules.rule_on("lapse_months", month).current()
    first = add_months(month, -(months - 1))
    unpaid: dict[int, set[dt.date]] = defaultdict(set)
    recent = rows.filter(month__gte=first, month__lte=month, paid__lt=F("due"))
    for member_id, m in recent.values_list("member_id", "month"):
        unpaid[member_id].add(m)
    runs = {}
    for member_id, unpaid_months in unpaid.items():
        n, m = 0, month
        while m in unpaid_months:
            n, m = n + 1, add_months(m, -1)
        if n:
            runs[member_id] = n
    return runs


def paid_until(member_id: int) -> dt.date | None:
    """党费交至年月 from the records: the month before the member's first month not settled
    (paid < due), or their last month recorded when every one is settled; None when no month is
    recorded (the letter's month is then typed). A month settled after an unpaid one does not
    count past the gap: the dues are paid up to the month before it."""
    months = list(MonthlyDues.objects.filter(member_id=member_id).order_by("month").values_list("month", "due", "paid"))
    if not months:
        return None
    unsettled = next((month for month, due, paid in months if paid < due), None)
    return add_months(unsettled, -1) if unsettled else months[-1][0]


def figures(year: int, month: int | None, within=None) -> dict:
    """The figures of `manage.py dues --json` for a year or one month of it, within a subtree
    (`within`: organizations) or everywhere: members with dues, due, paid (amounts as strings to
    the fen), and the members behind at the period's last month by 3 and 6 consecutive months
    (the reminder and lapse rules); `remitted` and `received` as `dues.remittance.
    remitted_and_received` reckons them (what left the scope, what its organizations confirmed
    receiving from below)."""
    rows = MonthlyDues.objects.filter(month__year=year)
    if month is not None:
        rows = rows.filter(month__month=month)
    if within is not None:
        rows = rows.filter(organization__in=within)
    last = rows.order_by("-month").values_list("month", flat=True).first()
    sums = totals(rows)
    runs = (
        unpaid_run(
            MonthlyDues.objects.filter(organization__in=within) if within is not None else MonthlyDues.objects.all(),
            last,
        )
        if last
        else {}
    )
    remind = rules.rule_on("arrears_reminder_months", last or dt.date(year, 1, 1)).current()
    lapse = rules.rule_on("lapse_months", last or dt.date(year, 1, 1)).current()
    flows = remitted_and_received(year, month, within)
    return {
        "year": year,
        "month": month,
        "members": sums["members"],
        "due": f"{sums['due']:.2f}",
        "paid": f"{sums['paid']:.2f}",
        "extra": f"{sums['extra']:.2f}",
        "arrears": {
            f"{remind}m": sum(1 for n in runs.values() if n >= remind),
            f"{lapse}m": sum(1 for n in runs.values() if n >= lapse),
        },
        "remitted": f"{flows['remitted']:.2f}",
        "received": f"{flows['received']:.2f}",
    }
