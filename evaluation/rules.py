"""The rules of the democratic evaluation of members (民主评议党员) as dated data.

党员教育管理工作条例 (2019) 第十八条 (read, rules.md 2.3 [V]) sets the procedure: 个人自评,
党员互评, 民主测评, then the branch committee or general meeting gives its verdict. The share of
优秀 (at most one third of the members graded) and "probationary members take part but are not
graded" are quoted second-hand from the Organization Department's guidance (rules.md 2.4 [S]);
localities vary ("不下指标、不定比例"), so the cap and its share are local settings:
`DANGJIAN_RULES = {"evaluation_excellent_capped": false}` turns the cap off,
`{"evaluation_excellent_one_in": 4}` sets a quarter.

How the cap rounds: "不超过三分之一" is read as a maximum, so the number allowed is the share
of the full members graded, rounded **down** (12 → 4, 10 → 3, 2 → 0).
"""

import datetime as dt

from django.utils.translation import gettext_lazy as _

from core.i18n import format_lazy
from core.rules import EDUCATION_REGULATIONS, Rule, RuleSet, Text, in_force

EVALUATION_GUIDANCE = _("Organization Department guidance on the democratic evaluation of party members")

EXCELLENT_CAPPED = Rule(
    "evaluation_excellent_capped",
    True,
    EVALUATION_GUIDANCE,
    _("Grading"),
    local=True,
    label=_("The number of members evaluated as excellent is capped"),
)
# The share as "one in N" (三分之一 is 3): the common shares are all of that form, and one
# integer is a setting a clerk cannot get wrong.
EXCELLENT_ONE_IN = Rule(
    "evaluation_excellent_one_in",
    3,
    EVALUATION_GUIDANCE,
    _("Grading"),
    local=True,
    label=_("Members graded excellent: at most one in this many of the full members evaluated (rounded down)"),
)
PROBATIONARY_NOT_GRADED = Rule(
    "evaluation_probationary_not_graded",
    True,
    EVALUATION_GUIDANCE,
    _("Grading"),
    label=_("Probationary members take part in the evaluation but are not graded"),
)
# The procedure itself: the verdict is the branch committee's or general meeting's.
PROCEDURE = Rule(
    "evaluation_procedure",
    True,
    EDUCATION_REGULATIONS,
    _("Article 18"),
    verified=True,
    label=_("Self-assessment, mutual assessment and a democratic appraisal come before the branch's verdict"),
)

RULE_SETS = [
    RuleSet(
        "member_evaluation",
        EVALUATION_GUIDANCE,
        dt.date(2019, 5, 6),
        (PROCEDURE, EXCELLENT_CAPPED, EXCELLENT_ONE_IN, PROBATIONARY_NOT_GRADED),
    ),
]


def rules_on(day: dt.date) -> dict[str, Rule]:
    """The evaluation rules in force on `day`, by code (the 2019 set also for earlier rounds:
    no older version is recorded)."""
    sets = in_force(RULE_SETS, day) or RULE_SETS[:1]
    return {rule.code: rule for rule_set in sets for rule in rule_set.rules}


def excellent_cap(graded: int, day: dt.date) -> int | None:
    """How many of `graded` full members may be graded excellent on `day`: the share rounded
    down, or None when the locality sets no cap."""
    rules = rules_on(day)
    if not rules[EXCELLENT_CAPPED.code].current():
        return None
    return graded // max(1, int(rules[EXCELLENT_ONE_IN.code].current()))  # 0 or less: read as 1


def share_words(one_in: int) -> Text:
    """ "one third" for 3: how the share reads in a refusal."""
    words = {2: _("one half"), 3: _("one third"), 4: _("one quarter"), 5: _("one fifth")}
    return words.get(one_in) or format_lazy(_("one in %(n)s"), n=one_in)


def breaches():
    """Rounds with more members graded excellent than the share in force on their date allows
    (a share lowered after the round, or rows written past the service), for
    `manage.py check_rules`. A probationary member with a grade cannot be stored (a constraint)."""
    from django.db.models import Count, Q

    from evaluation.models import EvaluationRound

    rounds = EvaluationRound.objects.select_related("organization").annotate(
        graded=Count("participants", filter=Q(participants__probationary=False)),
        excellent=Count("participants", filter=Q(participants__grade="excellent")),
    )
    for evaluation in rounds.order_by("year", "organization__path").iterator(1000):
        cap = excellent_cap(evaluation.graded, evaluation.date)
        if cap is not None and evaluation.excellent > cap:
            yield (
                str(evaluation),
                _("%(excellent)s members graded excellent, more than the %(cap)s of %(graded)s allowed (%(citation)s).")
                % {
                    "excellent": evaluation.excellent,
                    "cap": cap,
                    "graded": evaluation.graded,
                    "citation": EXCELLENT_ONE_IN.citation,
                },
            )
