"""The demo's dues handed up the tree, after the members' dues are paid (demo.dues): for each
month of the year before the month under way, every organization keeping an account remits, the
deepest first — a branch on the 28th, its committee confirms on the 1st of the next month and
remits on the 3rd, the working committee confirms on the 5th and remits to the district
organization department on the 8th — each step only once its day has come, so the last month
is caught part way up. The remittances of last month to `awaiting` (the demo officer's organ
party committee) are left for its officer to confirm. All through dues.remittance's services,
as a load (no acting user)."""

import datetime as dt

from django.db.models import Q

from core import clock
from core.periods import add_months
from dues import remittance
from dues.models import MonthlyDues, Remittance, month_of
from orgs.models import PartyOrganization

YEAR = 2026
BRANCH_DAY, CONFIRM_DAY, COMMITTEE_DAY, TOP_CONFIRM_DAY, TOP_DAY = 28, 1, 3, 5, 8


def _organizations(month: dt.date) -> list[PartyOrganization]:
    """The organizations with dues in `month` and every organization above them, deepest first."""
    paths = set(MonthlyDues.objects.filter(month=month).values_list("organization__path", flat=True).distinct())
    steplen = PartyOrganization.steplen
    prefixes = {p[:n] for p in paths for n in range(steplen, len(p) + 1, steplen)}
    found = PartyOrganization.objects.filter(path__in=prefixes)
    return sorted((o for o in found if remittance.keeps_account(o, month)), key=lambda o: (-o.depth, o.path))


def _day(month: dt.date, stage_day: int, *, next_month: bool) -> dt.date:
    return (add_months(month, 1) if next_month else month).replace(day=stage_day)


def build(*, awaiting: PartyOrganization | None = None) -> dict[str, int]:
    """Remit the months so far; returns counts for the builder's log."""
    today = clock.today()
    months = [dt.date(YEAR, m, 1) for m in range(1, 13) if dt.date(YEAR, m, 1) < month_of(today)]
    counts = {"remitted": 0, "confirmed": 0, "awaiting": 0}
    for month in months:
        last = month == months[-1]
        for org in _organizations(month):
            is_top = remittance.receiver_of(org) is None
            if org.kind in remittance.COMMITTEE_KINDS:
                confirm_on = _day(month, TOP_CONFIRM_DAY if is_top else CONFIRM_DAY, next_month=True)
                if confirm_on > today:
                    continue
                if last and awaiting is not None and org.pk == awaiting.pk:
                    counts["awaiting"] += remittance.awaiting_confirmation(org, month).count()
                    continue
                held = False
                for row in remittance.awaiting_confirmation(org, month):
                    # a committee under a committee remitted on the 3rd: received that day
                    on = max(confirm_on, row.remitted_on)
                    if on > today:
                        held = True
                        continue
                    remittance.do_confirm_receipt(row, day=on, acting_user=None)
                    counts["confirmed"] += 1
                if held:
                    continue
                remit_on = _day(month, TOP_DAY if is_top else COMMITTEE_DAY, next_month=True)
            else:
                remit_on = _day(month, BRANCH_DAY, next_month=False)
            if remit_on > today or not remittance.pending(org, month).collected:
                continue
            remittance.do_remit(org, month, day=remit_on, acting_user=None)
            counts["remitted"] += 1
    counts["unconfirmed"] = Remittance.objects.filter(Q(received_on__isnull=True) & Q(receiver__isnull=False)).count()
    return counts
