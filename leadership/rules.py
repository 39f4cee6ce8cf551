"""The local rules of the leadership groups' study and democratic life meetings.

No central regulation sets a number for central-group study (rules.md 2.3 [S]): the minimums
here are the 温州市直机关 assessment rules' (≥ 6 sessions and 12 days a year, attendance ≥ 80%),
a locality's own setting. The democratic life meeting's topic and plan go to the supervising
bodies about 15 days ahead and its report within 15 days after it (a provincial rule, quoted
second-hand: rules.md 2.3 [S/M]), also local settings.
"""

import datetime as dt

from django.utils.translation import gettext_lazy as _

from core.rules import LOCAL, Rule, RuleSet

STUDY_MIN_SESSIONS = Rule(
    "study_min_sessions",
    6,
    LOCAL,
    _("Central-group study"),
    local=True,
    verified=True,
    label=_("Central-group study sessions a year (at least)"),
)
STUDY_MIN_DAYS = Rule(
    "study_min_days",
    12,
    LOCAL,
    _("Central-group study"),
    local=True,
    verified=True,
    label=_("Central-group study days a year (at least; a session of one half-day counts half)"),
)
STUDY_MIN_ATTENDANCE_PERCENT = Rule(
    "study_min_attendance_percent",
    80,
    LOCAL,
    _("Central-group study"),
    local=True,
    verified=True,
    label=_("Central-group study attendance rate (per cent, at least)"),
)
LIFE_PLAN_DAYS_BEFORE = Rule(
    "life_meeting_plan_days_before",
    15,
    LOCAL,
    _("Democratic life meetings"),
    local=True,
    verified=True,
    label=_("Democratic life meeting: topic and plan reported to the supervisors (days before, at least)"),
)
LIFE_REPORT_DAYS_AFTER = Rule(
    "life_meeting_report_days_after",
    15,
    LOCAL,
    _("Democratic life meetings"),
    local=True,
    verified=True,
    label=_("Democratic life meeting: report submitted (days after, at most)"),
)

RULE_SETS = [
    RuleSet(
        "leadership",
        LOCAL,
        dt.date(2000, 1, 1),
        (
            STUDY_MIN_SESSIONS,
            STUDY_MIN_DAYS,
            STUDY_MIN_ATTENDANCE_PERCENT,
            LIFE_PLAN_DAYS_BEFORE,
            LIFE_REPORT_DAYS_AFTER,
        ),
    ),
]


def plan_due(planned_date: dt.date) -> dt.date:
    """The last day to report the topic and plan of a meeting planned on `planned_date`."""
    return planned_date - dt.timedelta(days=LIFE_PLAN_DAYS_BEFORE.current())


def report_due(held_on: dt.date) -> dt.date:
    """The last day to submit the report of a meeting held on `held_on`."""
    return held_on + dt.timedelta(days=LIFE_REPORT_DAYS_AFTER.current())
