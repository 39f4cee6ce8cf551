"""The committee's yearly minimums of activities: at least two large cultural or sports events,
one visit for all members and two youth activities a year. No regulation sets them: they come
from the committee's own report (the seed's "each year at least…"), so they are local settings
(`DANGJIAN_RULES`: `activities_cultural_sports_min`, `activities_visit_min`,
`activities_youth_min`)."""

import datetime as dt

from django.utils.translation import gettext_lazy as _

from activities.models import ActivityKind
from core.rules import LOCAL, Rule, RuleSet

COMMITTEE_REPORT = _("The committee's yearly minimums of activities")

CULTURAL_SPORTS_MIN = Rule(
    "activities_cultural_sports_min",
    2,
    LOCAL,
    COMMITTEE_REPORT,
    local=True,
    verified=True,
    label=_("Large cultural or sports events a year (at least)"),
)
VISIT_MIN = Rule(
    "activities_visit_min",
    1,
    LOCAL,
    COMMITTEE_REPORT,
    local=True,
    verified=True,
    label=_("Visits for all members a year (at least)"),
)
YOUTH_MIN = Rule(
    "activities_youth_min",
    2,
    LOCAL,
    COMMITTEE_REPORT,
    local=True,
    verified=True,
    label=_("Youth activities a year (at least)"),
)

RULE_SETS = [RuleSet("committee_activities", LOCAL, dt.date(2000, 1, 1), (CULTURAL_SPORTS_MIN, VISIT_MIN, YOUTH_MIN))]

MINIMUMS: dict[str, Rule] = {
    ActivityKind.CULTURAL_SPORTS: CULTURAL_SPORTS_MIN,
    ActivityKind.VISIT: VISIT_MIN,
    ActivityKind.YOUTH: YOUTH_MIN,
}
