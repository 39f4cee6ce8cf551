"""The numbers and conditions of the biennial commendation (二年表彰) as dated data, family
"commendations", each with where it comes from and how sure we are (../shared/docs/rules.md).

- The cycle (every two years) is the seed's "二年表彰的制度": a local rule, configurable.
- The public notice (公示) before the decision: 5 working days is the common practice of party
  commendation notices (rules.md 2.1 and section 3 record notices of 5 working days as local
  practice); no national article read fixes it: local, configurable.
- A nominee for a person's category is a full member on the decision day: 党章 第七条 gives
  probationary members every right but voting, electing and being elected; that commendations
  take full members only is the practice of 评选 notices, read in no national article: the
  citation says it is not verified.
- No sanction in its effect period (《中国共产党纪律处分条例》 第九至十二条, the effect periods
  quoted second-hand, rules.md 2.8 [S]) and no 诫勉 in its period (干部任用条例 第二十四条 and
  local practice, rules.md 2.8 [S/M]): not verified.
- Not graded 不合格 in the democratic evaluation within the round's period: the evaluation's
  results feed 评先评优 (党员教育管理工作条例 第十八条 and the 12371 page quoted in rules.md 2.4
  [S]): not verified.
- An organization nominee exists and is not dissolved (a fact of the registry, no article); a
  term overdue (机关条例 第八条, elect on time [V]) is shown as a flag, not a refusal.

Each eligibility condition is switched on or off per round by the committee (the round's
`check_*` fields, defaulting to these rules' values): the committee's data, not code."""

import datetime as dt

from django.utils.translation import gettext_lazy as _

from core.rules import CONSTITUTION, EDUCATION_REGULATIONS, LOCAL, ORGANS_REGULATIONS, Rule, RuleSet

FAMILY = "commendations"
DISCIPLINE_REGULATIONS = _("Regulations on Disciplinary Actions of the Communist Party of China")
SEED = _("The committee's biennial commendation system (二年表彰的制度)")

CYCLE_YEARS = Rule(
    "commendation_cycle_years",
    2,
    LOCAL,
    SEED,
    local=True,
    verified=True,
    label=_("Commendation rounds are held every (years)"),
)
NOTICE_WORKING_DAYS = Rule(
    "commendation_notice_working_days",
    5,
    LOCAL,
    _("Public notice of those to be commended (local practice)"),
    local=True,
    verified=True,
    label=_("Public notice before a commendation decision (working days)"),
)
FULL_MEMBER = Rule(
    "commendation_full_member",
    True,
    CONSTITUTION,
    _("Article 7 (probationary members; the practice of commendation notices)"),
    label=_("A nominee for a member's honour is a full member on the decision day"),
)
NO_DISCIPLINE = Rule(
    "commendation_no_discipline",
    True,
    DISCIPLINE_REGULATIONS,
    _("Articles 9 to 12 (effect periods); admonishment: local practice"),
    label=_("A nominee is under no sanction's or admonishment's effect period on the decision day"),
)
NOT_UNQUALIFIED = Rule(
    "commendation_not_unqualified",
    True,
    EDUCATION_REGULATIONS,
    _("Article 18 (the results feed commendations)"),
    label=_("A nominee was not graded unqualified in a democratic evaluation of the round's period"),
)
ORGANIZATION_EXISTS = Rule(
    "commendation_organization_exists",
    True,
    LOCAL,
    _("The registry: an organization nominee exists and is not dissolved"),
    verified=True,
    label=_("An organization nominee exists and is not dissolved on the decision day"),
)
TERM_ON_TIME = Rule(
    "commendation_term_on_time",
    True,
    ORGANS_REGULATIONS,
    _("Article 8"),
    verified=True,
    label=_("An organization nominee whose term is overdue is flagged (not refused)"),
)

ATTACHMENT_MAX_MB = Rule(
    "commendation_attachment_max_mb",
    5,
    LOCAL,
    _("Attachments of a nomination"),
    local=True,
    verified=True,
    label=_("Size of a nomination's attachment (megabytes, at most)"),
)

RULE_SETS = [
    RuleSet(
        FAMILY,
        _("Biennial commendation"),
        dt.date(2019, 12, 20),
        (
            CYCLE_YEARS,
            NOTICE_WORKING_DAYS,
            FULL_MEMBER,
            NO_DISCIPLINE,
            NOT_UNQUALIFIED,
            ORGANIZATION_EXISTS,
            TERM_ON_TIME,
            ATTACHMENT_MAX_MB,
        ),
    )
]


def cycle_years() -> int:
    return int(CYCLE_YEARS.current())


def notice_working_days() -> int:
    return int(NOTICE_WORKING_DAYS.current())


def period_years(year: int) -> tuple[int, int]:
    """The evaluation years a round of `year` looks back on: the cycle's years before it and its
    own (a 2026 round with the 2-year cycle: 2024 to 2026)."""
    return year - cycle_years(), year
