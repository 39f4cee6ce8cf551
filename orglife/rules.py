"""The rules of organizational life as dated data, each number with its document and article.

Frequencies are periods in calendar months (1 monthly, 3 quarterly, 12 yearly): an organization
is expected to hold one meeting of the kind in every such period of the year (Jan–Mar, Apr–Jun…
for quarters) in which it existed. `expected_every(kind, day)` is the one reading of them.

Sources: 《中国共产党支部工作条例（试行）》 (2018-10-28) 第十一至十三条 are quoted verbatim by
several third-party pages (rules.md [S]: not marked verified); 《中国共产党党员教育管理工作条例》
(2019-05-06) 第十六至二十条 were read (rules.md 2.3 [V]). The party lecture's yearly minimum is
quoted for a branch secretary; many localities ask for one each quarter (a local setting).
"""

import datetime as dt

from django.utils.translation import gettext_lazy as _

from core.rules import BRANCH_REGULATIONS, CONSTITUTION, EDUCATION_REGULATIONS, LOCAL, Rule, RuleSet, in_force
from members.rules import INACTIVE_MONTHS
from orglife.models import MeetingKind

BRANCH_WORK_2018 = dt.date(2018, 10, 28)
EDUCATION_2019 = dt.date(2019, 5, 6)

# The key of the yearly democratic evaluation of members (民主评议) among the meeting kinds'
# keys: it is a procedure (the evaluation app), not a meeting, but it is expected like one.
REVIEW = "review"

BRANCH_ASSEMBLY_EVERY = Rule(
    "branch_assembly_every_months",
    3,
    BRANCH_REGULATIONS,
    _("Article 11"),
    label=_("Branch general meeting (every months)"),
)
COMMITTEE_EVERY = Rule(
    "committee_every_months",
    1,
    BRANCH_REGULATIONS,
    _("Article 12"),
    label=_("Branch committee meeting (every months)"),
)
# 须有半数以上委员到会: "以上" includes the number itself (as 《民法典》第一千二百五十九条 reads
# it), so half the committee present is a quorum; the branch general meeting's votes need more
# than half (第十一条, development.rules).
COMMITTEE_QUORUM_HALF = Rule(
    "committee_quorum_half",
    True,
    BRANCH_REGULATIONS,
    _("Article 12"),
    label=_("Branch committee meeting proceeds with half of its members or more present"),
)
GROUP_EVERY = Rule(
    "group_every_months",
    1,
    BRANCH_REGULATIONS,
    _("Article 13"),
    label=_("Party group meeting (every months)"),
)
LECTURE_EVERY = Rule(
    "lecture_every_months",
    12,
    EDUCATION_REGULATIONS,
    _("Article 16"),
    local=True,
    label=_("Party lecture (every months; a locality may ask for more)"),
)
THEME_DAY_EVERY = Rule(
    "theme_day_every_months",
    1,
    EDUCATION_REGULATIONS,
    _("Article 16"),
    verified=True,
    label=_("Theme party day (every months)"),
)
LIFE_MEETING_EVERY = Rule(
    "life_meeting_every_months",
    12,
    EDUCATION_REGULATIONS,
    _("Article 17"),
    verified=True,
    label=_("Organizational life meeting (every months)"),
)
REVIEW_EVERY = Rule(
    "review_every_months",
    12,
    EDUCATION_REGULATIONS,
    _("Article 18"),
    verified=True,
    label=_("Democratic evaluation of members (every months)"),
)
TALK_EVERY = Rule(
    "talk_every_months",
    12,
    EDUCATION_REGULATIONS,
    _("Article 19"),
    label=_("Heart-to-heart talks (every months)"),
)
TRAINING_HOURS = Rule(
    "training_hours_per_year",
    32,
    EDUCATION_REGULATIONS,
    _("Article 20"),
    verified=True,
    label=_("Concentrated training of each member (class hours a year, at least)"),
)
# 党章 第九条 (自行脱党): the rule is the members app's (the 党籍 event it leads to); the
# attention list reads it and this app's rule set keeps listing it.

# The class hours (学时) a party lecture or a concentrated training session counts when the
# record names none: a half-day session. A locality sets its own; the recorder may change it.
CLASS_HOURS_PER_SESSION = Rule(
    "class_hours_per_session",
    2,
    LOCAL,
    _("Class hours of a session"),
    local=True,
    verified=True,
    label=_("Class hours a party lecture or training session counts unless recorded otherwise"),
)

# A meeting's attachments (optional): at most this many megabytes each.
ATTACHMENT_MAX_MB = Rule(
    "meeting_attachment_max_mb",
    5,
    LOCAL,
    _("Attachments of a meeting"),
    local=True,
    verified=True,
    label=_("Size of a meeting's attachment (megabytes, at most)"),
)

RULE_SETS = [
    RuleSet(
        "branch_work",
        BRANCH_REGULATIONS,
        BRANCH_WORK_2018,
        (BRANCH_ASSEMBLY_EVERY, COMMITTEE_EVERY, COMMITTEE_QUORUM_HALF, GROUP_EVERY),
    ),
    RuleSet(
        "member_education",
        EDUCATION_REGULATIONS,
        EDUCATION_2019,
        (LECTURE_EVERY, THEME_DAY_EVERY, LIFE_MEETING_EVERY, REVIEW_EVERY, TALK_EVERY, TRAINING_HOURS),
    ),
    RuleSet("orglife_constitution", CONSTITUTION, dt.date(1982, 9, 6), (INACTIVE_MONTHS,)),
    RuleSet("orglife_local", LOCAL, dt.date(2000, 1, 1), (CLASS_HOURS_PER_SESSION, ATTACHMENT_MAX_MB)),
]

# Which rule sets the frequency of each kind ("review" included); concentrated training is
# measured in class hours per member, not in meetings.
FREQUENCY_CODES: dict[str, str] = {
    MeetingKind.BRANCH_ASSEMBLY: BRANCH_ASSEMBLY_EVERY.code,
    MeetingKind.COMMITTEE: COMMITTEE_EVERY.code,
    MeetingKind.GROUP: GROUP_EVERY.code,
    MeetingKind.LECTURE: LECTURE_EVERY.code,
    MeetingKind.THEME_DAY: THEME_DAY_EVERY.code,
    MeetingKind.LIFE_MEETING: LIFE_MEETING_EVERY.code,
    MeetingKind.TALK: TALK_EVERY.code,
    REVIEW: REVIEW_EVERY.code,
}


def rule_on(code: str, day: dt.date) -> Rule | None:
    """The rule `code` of the set in force on `day` (None before any version of it)."""
    for rule_set in in_force(RULE_SETS, day):
        for rule in rule_set.rules:
            if rule.code == code:
                return rule
    return None


def expected_every(kind: str, day: dt.date) -> tuple[int, Rule] | None:
    """How often (in months) a meeting of `kind` is expected on `day`, with the rule that says
    so; None when no rule in force sets a frequency for it."""
    code = FREQUENCY_CODES.get(kind)
    rule = rule_on(code, day) if code else None
    if rule is None:
        return None
    return int(rule.current()), rule


# Periods are aligned on the calendar year, so a frequency divides twelve months.
FREQUENCIES = (1, 2, 3, 4, 6, 12)


def check_configured_frequencies() -> None:
    """Refuse at start-up (ImproperlyConfigured) a local frequency that does not divide the year
    (0, 5, 24…): every count of periods reads it."""
    from django.core.exceptions import ImproperlyConfigured

    for rule_set in RULE_SETS:
        for rule in rule_set.rules:
            if rule.local and rule.code in FREQUENCY_CODES.values() and rule.current() not in FREQUENCIES:
                raise ImproperlyConfigured(
                    f"DANGJIAN_RULES[{rule.code!r}] must be one of {', '.join(map(str, FREQUENCIES))} (months), "
                    f"not {rule.current()!r}."
                )
