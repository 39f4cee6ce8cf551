"""The discipline work of a year, counted from the records (`manage.py discipline`; the annual
statistics read the same function). Nothing here is entered twice: talks, clues, cases,
sanctions and 党籍 events are counted where they were recorded."""

import datetime as dt

from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce

from core import clock
from discipline.models import Case, Clue, Disposal, Sanction, SanctionKind, Talk, TalkKind
from members.queries import standing_events

PENDING = "pending"  # a clue received and not yet disposed of


def _counts(qs, field: str, codes) -> dict[str, int]:
    found = dict(qs.values_list(field).annotate(n=Count("pk")).values_list(field, "n"))
    return {code: found.get(code, 0) for code in codes}


def year_summary(year: int, organization=None) -> dict:
    """Counts of the year (up to today for the current year), in `organization`'s subtree if given."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    cut = min(end, clock.today())
    where = Q(organization__path__startswith=organization.path) if organization else Q()

    talks = Talk.objects.filter(where, date__range=(start, end))
    clues = Clue.objects.filter(where, received_on__range=(start, end))
    by_disposal = _counts(clues.exclude(disposal=""), "disposal", Disposal.values)
    by_disposal[PENDING] = clues.filter(disposal="").count()
    cases = Case.objects.filter(where)
    # a case is overdue in the year when its time limit (extended or not) passed in the year
    # before it was closed (or before the cut, while it is open)
    limit = Coalesce(F("extended_to"), F("due_on"))
    overdue = (
        cases.annotate(limit=limit)
        .filter(limit__gte=start, limit__lt=cut)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=F("limit")))
    )
    sanctions = Sanction.objects.filter(where, decided_on__range=(start, end))
    return {
        "year": year,
        "talks": _counts(talks, "kind", TalkKind.values),
        "clues": {"received": clues.count(), "by_disposal": by_disposal},
        "cases": {
            "opened": cases.filter(opened_on__range=(start, end)).count(),
            "closed": cases.filter(closed_on__range=(start, end)).count(),
            "overdue": overdue.count(),
        },
        "sanctions": _counts(sanctions, "kind", SanctionKind.values),
        "events": standing_events(start, dt.date(year + 1, 1, 1), [organization.path] if organization else None),
    }
