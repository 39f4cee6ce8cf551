"""Term lengths (换届) as dated rule sets, family "terms": a term's length is the one in force on
the day the term STARTS, so an organ party committee elected in 2004 has a 3-year term (1998
条例) and one elected in 2020 a 5-year term (2019 条例).

What the texts say, and how sure we are (see ../shared/docs/rules.md, section 3):

- 1998 《中国共产党党和国家机关基层组织工作条例》 (issued 1998-03-30): 第五条 地级以上机关党的
  基层委员会每届任期4年，县级机关3年; 第六条 总支部委员会3年; 第七条 支部委员会和不设支部
  委员会的支部书记、副书记每届任期2年. Read in two third-party reproductions of the text
  (gv888.cn, fsou.com) that agree; rules.md tags them [S], so not marked verified.
- 2010 revision (issued 2010-06-04): only its first articles could be read (jendow.com.tw);
  they show the organization articles moved one number down (第六条 is the 100-member rule).
  The term sentences themselves were not read. The 2007 党章 (第三十条: 基层委员会三年或四年,
  总支部委员会、支部委员会两年或三年) and the 1993 中组部 opinion on terms (地级以上机关党委 4,
  other 基层委员会 3, 总支 3, 支部 2) were unchanged until 2017/2018, and rules.md records the
  1998/2010 values as the same, so the 2010 set keeps the 1998 numbers under the renumbered
  articles, unverified.
- 2018 中办《关于党的基层组织任期的意见》 (2018-07-12): 基层委员会 5, 总支/支部 3, applied
  from the end of the current term ("本意见印发前已换届的…从本届任期届满后开始执行"), which is
  exactly "by the date the term starts". Quoted by several pages; not in rules.md as [V].
- 2019 条例 (2019-12-20): 机关党委 5 (第五条), 总支 3 (第六条), 支部 3 (第七条). [V]

No term at all for a working committee (an appointed 派出机构, 2019 条例 第三十四条) or a
temporary branch (not elected). Party committees of units and discipline committees (机关纪委,
elected with and for the term of the organ party committee, 第九条) follow the grassroots
committee's rule; the district committee (a local committee under 党章) is entered by hand.

Reminder months (6 and 3 before the end; once more when it has passed) are local
configuration, as is the level of our organs (县级 by default: a district's organs).
"""

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import clock
from core.periods import add_months
from core.rules import LOCAL, Rule, RuleSet, in_force
from core.rules import ORGANS_REGULATIONS as ORGANS_2019

FAMILY = "terms"
ORGANS_1998 = gettext_lazy(
    "Regulations on the Work of Primary-Level Party Organizations in Party and State Organs (1998)"
)
ORGANS_2010 = gettext_lazy(
    "Regulations on the Work of Primary-Level Party Organizations in Party and State Organs (revised 2010)"
)
TERMS_OPINION_2018 = gettext_lazy(
    "Opinions of the General Office of the CPC Central Committee on the Terms of Primary-Level Party "
    "Organizations (2018)"
)

COUNTY, PREFECTURE = "county", "prefecture"  # 县级, 地级以上: codes for DANGJIAN_RULES["organ_level"]

# Kinds (orgs.models.OrgKind values) and the rule each one's term follows. Codes, not labels.
COMMITTEE_KINDS = frozenset({"party_committee", "organ_party_committee", "discipline_committee"})
NO_TERM_KINDS = frozenset({"working_committee", "temporary_branch"})
_RULE_OF_KIND = {"general_branch": "general_branch_term_years", "branch": "branch_term_years"}

ORGAN_LEVEL = Rule(
    "organ_level",
    COUNTY,
    LOCAL,
    gettext_lazy("Level of the district's organs (county / prefecture or above)"),
    local=True,
    verified=True,
    label=gettext_lazy("Level of the district's organs"),
)
REMINDER_MONTHS = Rule(
    "term_reminder_months",
    (6, 3),
    LOCAL,
    gettext_lazy("Term reminders (months before the end, and once more after it)"),
    local=True,
    verified=True,
    label=gettext_lazy("Term reminders (months before the end)"),
)


def _set(name, effective, article_committee, article_general, article_branch, years, *, verified, committee=None):
    """One version: `years` = (county committee, general branch, branch); `committee` adds the
    prefecture-level committee's length where the text distinguishes it."""
    county, general, branch = years
    rules = [
        Rule(
            "committee_term_years",
            county,
            name,
            article_committee,
            verified=verified,
            label=gettext_lazy("Term of an organ party committee (years)"),
        ),
        Rule(
            "general_branch_term_years",
            general,
            name,
            article_general,
            verified=verified,
            label=gettext_lazy("Term of a general branch (years)"),
        ),
        Rule(
            "branch_term_years",
            branch,
            name,
            article_branch,
            verified=verified,
            label=gettext_lazy("Term of a branch (years)"),
        ),
        REMINDER_MONTHS,
    ]
    if committee is not None:
        rules[1:1] = [
            Rule(
                "prefecture_committee_term_years",
                committee,
                name,
                article_committee,
                verified=verified,
                label=gettext_lazy("Term of an organ party committee at prefecture level or above (years)"),
            )
        ]
        rules.append(ORGAN_LEVEL)
    return RuleSet(FAMILY, name, effective, tuple(rules))


ARTICLE_1, ARTICLE_5 = gettext_lazy("Article 1"), gettext_lazy("Article 5")
ARTICLE_6, ARTICLE_7 = gettext_lazy("Article 6"), gettext_lazy("Article 7")
TERMS_1998 = _set(
    ORGANS_1998, dt.date(1998, 3, 30), ARTICLE_5, ARTICLE_6, ARTICLE_7, (3, 3, 2), committee=4, verified=False
)
TERMS_2010 = _set(
    ORGANS_2010,
    dt.date(2010, 6, 4),
    gettext_lazy("Article 6 (the term sentence could not be read; the 1998 numbers are kept)"),
    gettext_lazy("Article 7 (likewise)"),
    gettext_lazy("Article 8 (likewise)"),
    (3, 3, 2),
    committee=4,
    verified=False,
)
TERMS_2018 = _set(TERMS_OPINION_2018, dt.date(2018, 7, 12), ARTICLE_1, ARTICLE_1, ARTICLE_1, (5, 3, 3), verified=False)
TERMS_2019 = _set(ORGANS_2019, dt.date(2019, 12, 20), ARTICLE_5, ARTICLE_6, ARTICLE_7, (5, 3, 3), verified=True)

RULE_SETS = [TERMS_1998, TERMS_2010, TERMS_2018, TERMS_2019]


def rule_set_on(day: dt.date) -> RuleSet | None:
    """The terms set in force on `day` (None before 1998-03-30: no organs' rules yet)."""
    found = in_force(RULE_SETS, day)
    return found[0] if found else None


def _rule(rule_set: RuleSet, code: str) -> Rule:
    return next(r for r in rule_set.rules if r.code == code)


def has_term(kind: str) -> bool:
    return kind not in NO_TERM_KINDS


def term_rule(kind: str, term_start: dt.date | None) -> Rule | None:
    """The rule giving the length of a term of an organization of `kind` that starts on
    `term_start` (a term not yet recorded is one that would start today). None when the kind
    is not elected for a term. Terms started before 1998 follow the 1998 set."""
    if not has_term(kind):
        return None
    day = term_start or clock.today()
    rule_set = rule_set_on(day) or RULE_SETS[0]
    code = _RULE_OF_KIND.get(kind, "committee_term_years")
    distinguishes_level = any(r.code == ORGAN_LEVEL.code for r in rule_set.rules)
    if code == "committee_term_years" and distinguishes_level and ORGAN_LEVEL.current() == PREFECTURE:
        code = "prefecture_committee_term_years"
    return _rule(rule_set, code)


def term_years(kind: str, term_start: dt.date | None) -> int | None:
    """Length in years of a term of `kind` starting on `term_start`; None for no term."""
    rule = term_rule(kind, term_start)
    return rule.current() if rule else None


def reminder_months(day: dt.date) -> tuple[int, ...]:
    """Months before a term's end at which to remind, largest first (local configuration)."""
    rule_set = rule_set_on(day) or RULE_SETS[-1]
    return tuple(sorted(_rule(rule_set, REMINDER_MONTHS.code).current(), reverse=True))


def mark_reached(term_end: dt.date, day: dt.date) -> int | None:
    """The nearest reminder mark (months before the end) that `day` has reached for a term
    ending on `term_end`, counted back from the end in calendar months; None before the first.
    The reminders (work.services) and the 换届 overview (elections.queries) both ask this."""
    reached = [m for m in reminder_months(day) if add_months(term_end, -m) <= day]
    return min(reached) if reached else None


def breaches():
    """Organizations whose recorded term length is not the one in force on the day their term
    started, or that carry a term their kind does not have (`manage.py check_rules`). An entered
    end date that differs from the length is an approved delay or advance, not a breach."""
    from orgs.models import OrgKind, PartyOrganization

    rows = PartyOrganization.objects.filter(dissolved__isnull=True).order_by("path")
    for org in rows.only("pk", "name", "kind", "term_years", "term_start", "term_end").iterator(1000):
        if not has_term(org.kind):
            if org.term_years or org.term_start or org.term_end:
                yield (
                    org.name,
                    _("%(kind)s is not elected for a term, yet a term is recorded.")
                    % {"kind": OrgKind(org.kind).label},
                )
            continue
        expected = term_years(org.kind, org.term_start)
        if org.term_years != expected:
            rule = term_rule(org.kind, org.term_start)
            yield (
                org.name,
                _("The term should be %(expected)s years (%(citation)s); %(recorded)s years are recorded.")
                % {"expected": expected, "citation": rule.citation if rule else "", "recorded": org.term_years},
            )
