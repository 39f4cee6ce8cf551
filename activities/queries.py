"""The year's activities and the yearly check against the minimums (`activities.rules`)."""

from dataclasses import dataclass

from django.db.models import Count, QuerySet, Sum

from activities.models import Activity, ActivityKind
from activities.rules import MINIMUMS
from core import clock
from core.rules import Rule


def of_year(year: int) -> QuerySet[Activity]:
    """The year's activities, each with its total of people (one query)."""
    return Activity.objects.filter(date__year=year).annotate(total=Sum("participations__people")).order_by("date", "pk")


@dataclass(frozen=True)
class Check:
    kind: ActivityKind
    held: int
    minimum: int
    rule: Rule

    @property
    def met(self) -> bool:
        return self.held >= self.minimum


def yearly_check(year: int) -> list[Check]:
    """For each kind: how many were held in `year` against the minimum in force (an activity
    dated after today is planned, not held)."""
    held = dict(
        Activity.objects.filter(date__year=year, date__lte=clock.today())
        .values("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
    )
    return [Check(ActivityKind(kind), held.get(kind, 0), int(rule.current()), rule) for kind, rule in MINIMUMS.items()]
