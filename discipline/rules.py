"""The numbers of discipline work as dated data, each with its document and article.

Sources (rules.md 2.8): the effect periods of sanctions are those of 《中国共产党纪律处分条例》,
quoted second-hand (not marked verified); the time limits of a case are those of
《中国共产党纪律检查机关监督执纪工作规则》 as remembered (rules.md [M]); the admonishment's
effect period varies locally (default six months). Periods in months and years are counted by
`core.periods` (民法典 第二百零一、二百零二条).
"""

import datetime as dt

from django.utils.translation import gettext_lazy as _

from core.rules import LOCAL, Rule, RuleSet, in_force
from discipline.models import RoutingBasis
from orgs.models import Rank

DISCIPLINE_REGULATIONS = _("Regulations of the CPC on Disciplinary Sanctions")
SUPERVISION_RULES = _("Rules on the Supervision and Discipline Enforcement Work of Discipline Inspection Organs")

# -- sanctions: effect periods (months) and probation, by version of the regulations. The
# periods are the same in the 2015 (in force 2016-01-01), 2018 (2018-10-01) and 2023
# (2024-01-01) versions; the articles moved. Read: the 2023 text of Article 10 (a published copy
# of the regulations) and the 2018 text of Article 13 (Xinhua's full text); the rest is quoted
# second-hand (the discipline commissions' Q&A pages), so not marked verified. For the 2015
# version only Article 11 (probation) was found cited: the others cite its Chapter 2.


def _sanction_rules(
    source, warning, removal, probation, expulsion, *, verified_warning=False, verified_expulsion=False
):
    return (
        Rule(
            "warning_effect_months",
            12,
            source,
            warning,
            verified=verified_warning,
            label=_("Warning: no promotion within the party for (months)"),
        ),
        Rule(
            "serious_warning_effect_months",
            18,
            source,
            warning,
            verified=verified_warning,
            label=_("Serious warning: no promotion within the party for (months)"),
        ),
        Rule(
            "removal_effect_months",
            24,
            source,
            removal,
            label=_("Removal from party posts: no equal or higher post for (months)"),
        ),
        Rule(
            "probation_years",
            (1, 2),
            source,
            probation,
            label=_("Probation within the party (years allowed)"),
        ),
        Rule(
            "after_probation_effect_months",
            24,
            source,
            probation,
            label=_("After probation: no equal or higher post for (months)"),
        ),
        Rule(
            "expulsion_no_rejoining_years",
            5,
            source,
            expulsion,
            verified=verified_expulsion,
            label=_("Expulsion: may not rejoin for (years)"),
        ),
    )


DISCIPLINE_REGULATIONS_2015 = _("Regulations of the CPC on Disciplinary Sanctions (2015)")
DISCIPLINE_REGULATIONS_2018 = _("Regulations of the CPC on Disciplinary Sanctions (2018)")
SANCTIONS_2015 = _sanction_rules(
    DISCIPLINE_REGULATIONS_2015, _("Chapter 2"), _("Chapter 2"), _("Article 11"), _("Chapter 2")
)
SANCTIONS_2018 = _sanction_rules(
    DISCIPLINE_REGULATIONS_2018,
    _("Article 10"),
    _("Article 11"),
    _("Article 12"),
    _("Article 13"),
    verified_expulsion=True,
)
(
    WARNING_MONTHS,
    SERIOUS_WARNING_MONTHS,
    REMOVAL_MONTHS,
    PROBATION_YEARS,
    AFTER_PROBATION_MONTHS,
    EXPULSION_YEARS,
) = _sanction_rules(
    DISCIPLINE_REGULATIONS, _("Article 10"), _("Article 11"), _("Article 12"), _("Article 13"), verified_warning=True
)

# -- cases: time limits (days)
INVESTIGATION_DAYS = Rule(
    "investigation_days",
    90,
    SUPERVISION_RULES,
    _("Article 55"),
    label=_("Investigation of a case (days)"),
)
EXTENSION_DAYS = Rule(
    "investigation_extension_days",
    90,
    SUPERVISION_RULES,
    _("Article 55"),
    label=_("Extension of an investigation, once (days)"),
)

# -- talks
ADMONITION_MONTHS = Rule(
    "admonition_effect_months",
    6,
    LOCAL,
    _("Admonishment"),
    local=True,
    label=_("Admonishment: flagged in appointments and commendations for (months)"),
)
# 新任党组织负责人谈话: the committee talks with a new secretary or deputy secretary within this
# many months of the post starting (the to-do's due date; older posts ask for no to-do)
NEW_LEADER_TALK_MONTHS = Rule(
    "new_leader_talk_months",
    1,
    LOCAL,
    _("Talks with newly appointed leaders"),
    local=True,
    label=_("Talk with a newly appointed secretary or deputy secretary within (months)"),
)

# -- routing of clues: which matter of the authority list decides who handles a person's case,
# and which cadre ranks make a leading cadre one the district committee manages (区管干部)
ROUTING_MATTERS = Rule(
    "clue_routing_matters",
    {"district_cadre": "DIS-03", "other_member": "DIS-04"},
    LOCAL,
    _("Division of discipline cases"),
    local=True,
    verified=True,
    label=_("Matters of the authority list that route clues"),
    value_labels=dict(RoutingBasis.choices),
)
DISTRICT_CADRE_RANKS = Rule(
    "district_cadre_ranks",
    ("division", "deputy_division", "section", "deputy_section"),
    LOCAL,
    _("Division of discipline cases"),
    local=True,
    verified=True,
    label=_("Ranks of leading cadres managed by the district committee"),
    value_labels=dict(Rank.choices),
)

RULE_SETS = [
    RuleSet("disciplinary_sanctions", DISCIPLINE_REGULATIONS_2015, dt.date(2016, 1, 1), SANCTIONS_2015),
    RuleSet("disciplinary_sanctions", DISCIPLINE_REGULATIONS_2018, dt.date(2018, 10, 1), SANCTIONS_2018),
    RuleSet(
        "disciplinary_sanctions",
        DISCIPLINE_REGULATIONS,
        dt.date(2024, 1, 1),
        (
            WARNING_MONTHS,
            SERIOUS_WARNING_MONTHS,
            REMOVAL_MONTHS,
            PROBATION_YEARS,
            AFTER_PROBATION_MONTHS,
            EXPULSION_YEARS,
        ),
    ),
    RuleSet("supervision_rules", SUPERVISION_RULES, dt.date(2019, 1, 1), (INVESTIGATION_DAYS, EXTENSION_DAYS)),
    RuleSet(
        "discipline_local",
        LOCAL,
        dt.date(2000, 1, 1),
        (ADMONITION_MONTHS, NEW_LEADER_TALK_MONTHS, ROUTING_MATTERS, DISTRICT_CADRE_RANKS),
    ),
]


def rule_on(code: str, day: dt.date) -> Rule | None:
    """The rule `code` of the set in force on `day` (None before any version of it)."""
    for rule_set in in_force(RULE_SETS, day):
        for rule in rule_set.rules:
            if rule.code == code:
                return rule
    return None
