"""The numbers of a grassroots election (换届选举) as dated data, family "elections".

Sources (../shared/docs/rules.md 2.5): 《中国共产党基层组织选举工作暂行条例》 (1990-06-27) and
《中国共产党基层组织选举工作条例》 (2020-07-13). Articles 3-5 of the 2020 text were read
(delay or advance at most one year; a delegate congress from 500 members; who votes and stands),
so they are marked verified. The quorum (有选举权的到会人数超过应到会人数的五分之四), the rule for
election (赞成票超过实到会有选举权的人数的一半: for grassroots organizations the denominator is
those PRESENT, unlike local congresses, which count those entitled) and the 差额 of at least 20%
were read only as quotations in party-work manuals, without their article numbers: not verified,
and the article says so. A locality may not change them; it may change the reminder marks
(orgs.rules, "terms").
"""

import datetime as dt
from fractions import Fraction

from django.utils.translation import gettext_lazy as _

from core.rules import Rule, RuleSet, in_force

FAMILY = "elections"
INTERIM_1990 = _("Interim Regulations on the Election Work of Primary-Level Party Organizations (1990)")
ELECTIONS_2020 = _("Regulations on the Election Work of Primary-Level Party Organizations (2020)")
ARTICLE_NOT_READ = _("election procedure (quoted by manuals; article number not read)")


def _set(source, effective, *, articles_verified: bool) -> RuleSet:
    return RuleSet(
        FAMILY,
        source,
        effective,
        (
            Rule(
                "max_postponement_years",
                1,
                source,
                _("Article 3"),
                verified=articles_verified,
                label=_("Delay or advance of an election, at most (years)"),
            ),
            Rule(
                "delegate_congress_min_members",
                500,
                source,
                _("Article 4"),
                verified=articles_verified,
                label=_("Members from which a delegate congress may elect"),
            ),
            Rule(
                "election_quorum",
                "4/5",
                source,
                ARTICLE_NOT_READ,
                label=_("Quorum: those present with the right to vote exceed this share of those entitled"),
            ),
            Rule(
                "election_majority",
                "1/2",
                source,
                ARTICLE_NOT_READ,
                label=_("Elected: votes in favour exceed this share of those present with the right to vote"),
            ),
            Rule(
                "min_competition_percent",
                20,
                source,
                ARTICLE_NOT_READ,
                label=_("Competitive election: candidates exceed the seats by at least (percent)"),
            ),
        ),
    )


ELECTIONS_1990 = _set(INTERIM_1990, dt.date(1990, 6, 27), articles_verified=False)
ELECTIONS_2020_SET = _set(ELECTIONS_2020, dt.date(2020, 7, 13), articles_verified=True)
RULE_SETS = [ELECTIONS_1990, ELECTIONS_2020_SET]


def rule_on(code: str, day: dt.date) -> Rule:
    """The rule `code` in force on `day` (an election before 1990 follows the 1990 text)."""
    found = in_force(RULE_SETS, day)
    rule_set = found[0] if found else RULE_SETS[0]
    return next(r for r in rule_set.rules if r.code == code)


def share(code: str, day: dt.date) -> Fraction:
    return Fraction(rule_on(code, day).current())
