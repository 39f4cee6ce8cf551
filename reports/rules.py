"""When the annual report asks for an explanation: a figure that changed since last year by at
least `annual_flag_minimum` and, where last year had any, by at least `annual_flag_percent`
percent. No regulation sets them (审核要点 are each organization department's own), so they are
local settings (`DANGJIAN_RULES`)."""

import datetime as dt

from django.utils.translation import gettext_lazy as _

from core.rules import LOCAL, Rule, RuleSet

REVIEW_POINTS = _("The annual statistics' review points")

FLAG_PERCENT = Rule(
    "annual_flag_percent",
    10,
    LOCAL,
    REVIEW_POINTS,
    local=True,
    verified=True,
    label=_("Change since last year that asks for an explanation (percent, at least)"),
)
FLAG_MINIMUM = Rule(
    "annual_flag_minimum",
    5,
    LOCAL,
    REVIEW_POINTS,
    local=True,
    verified=True,
    label=_("Change since last year that asks for an explanation (count, at least)"),
)

RULE_SETS = [RuleSet("annual_statistics", LOCAL, dt.date(2000, 1, 1), (FLAG_PERCENT, FLAG_MINIMUM))]
