"""The member-development rules (发展党员工作细则) as versioned data: each number with its
document and article, the set in force chosen by the date of the step it governs.

The 2014 rules are read from pages quoting them (rules.md tags them [S]: second-hand, so not
marked verified); the May 2026 revision (published 2026-05-18) could not be read, and its numbers
come from public code citing it. Where the two agree the numbers are the same. Article numbers
follow rules.md section 3 (预审 第十九条, quorum 第二十条, pass threshold and written opinions
第二十一条, conversion 第三十三条).

Public notices (公示): the 2014 text quoted has no national notice; notices there are local
practice, each position a local option (on by default here). The 2026 revision, as quoted,
places a national notice before a person is listed as a development object."""

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.rules import CONSTITUTION, LOCAL, Rule, RuleSet, Text, cite
from core.rules import ORGANS_REGULATIONS as ORGANS

ORGANS_2019 = dt.date(2019, 12, 20)  # the organs regulations' 第三十七条 applies from this day


class Notice:
    """Where a notice may stand in the procedure (codes; labels are the step kinds')."""

    BEFORE_DEVELOPMENT_OBJECT = "before_development_object"
    BEFORE_VOTE = "before_vote"
    BEFORE_CONVERSION = "before_conversion"
    ALL = (BEFORE_DEVELOPMENT_OBJECT, BEFORE_VOTE, BEFORE_CONVERSION)


LABELS = {
    "min_age": _("Age to apply (full years)"),
    "talk_within_months": _("Talk after the application is received (within months)"),
    "contacts": _("Contact persons (number)"),
    "assessment_every_months": _("Assessment interval (months)"),
    "activist_min_years": _("Training of an activist (at least, years)"),
    "sponsors": _("Sponsors (full members)"),
    "training_min_days": _("Concentrated training (at least, days)"),
    "training_min_hours": _("Or concentrated training (at least, class hours)"),
    "vote_quorum": _("Attendance for the branch general meeting's vote"),
    "vote_pass": _("Votes that carry the branch general meeting's vote"),
    "approval_within_months": _("Superior committee approves the probationary member (within months)"),
    "approval_max_months": _("Approval in special cases (within months)"),
    "probation_years": _("Probation (years)"),
    "conversion_approval_within_months": _("Approval of full membership (within months)"),
    "extension_months": _("Extension of probation (months)"),
    "party_group_review": _("Discussion or review by the organ's party group"),
    "oath_within_months": _("Oath after approval (within months)"),
    "notice_before_development_object": _("Public notice before listing as a development object"),
    "notice_before_vote": _("Public notice before the branch general meeting discusses admission"),
    "notice_before_conversion": _("Public notice before the branch general meeting discusses full membership"),
}


@dataclass(frozen=True)
class DevelopmentRules:
    document: Text
    effective: dt.date
    # rule key -> article of `document`, or (document, article) for another document's article
    articles: dict[str, Text | tuple[Text, Text]]
    verified: frozenset[str] = frozenset()  # article keys whose text was read
    national_notices: frozenset[str] = frozenset()  # notice positions the document itself sets
    talk_within_months: int = 1  # talk with the applicant within one month
    activist_min_years: int = 1  # an activist is trained at least one year
    assessment_every_months: int = 6  # activists and probationary members, every half year
    contacts: tuple[int, int] = (1, 2)  # 培养联系人
    sponsors: int = 2  # 入党介绍人
    training_min_days: int = 3
    training_min_hours: int = 24
    approval_within_months: int = 3
    approval_max_months: int = 6  # special cases
    conversion_approval_within_months: int = 3  # no six-month special case quoted for conversions
    probation_years: int = 1
    extension_months: tuple[int, int] = (6, 12)
    oath_within_months: int | None = None
    extra: dict[str, str] = field(default_factory=dict)

    def source_of(self, rule: str) -> tuple[Text, Text]:
        """(document, article) of `rule`: this document's, or another's (the organs regulations)."""
        article = self.articles[rule]
        return article if isinstance(article, tuple) else (self.document, article)

    def cite(self, rule: str) -> Text:
        source, article = self.source_of(rule)
        return cite(source, article, verified=rule in self.verified)

    @property
    def notice_working_days(self) -> int:
        """A locality's number: configuration (DANGJIAN_RULES["notice_working_days"]), default 5."""
        return getattr(settings, "DANGJIAN_RULES", {}).get("notice_working_days", 5)

    def notice_required(self, position: str) -> bool:
        """Whether a notice must stand at `position`: always where this document sets it, else as
        the locality configured (DANGJIAN_RULES["notice_<position>"]: true or false, default true)."""
        if position in self.national_notices:
            return True
        return bool(getattr(settings, "DANGJIAN_RULES", {}).get(f"notice_{position}", True))

    def notice_citation(self, position: str) -> Text:
        if position in self.national_notices:
            return self.cite("object_notice")
        return _("Local setting (public notice system)")

    def as_rule_set(self) -> RuleSet:
        def rule(key: str, value, article_key: str) -> Rule:
            source, article = self.source_of(article_key)
            return Rule(key, value, source, article, verified=article_key in self.verified, label=LABELS.get(key, ""))

        rules = [
            rule("min_age", 18, "age"),
            rule("talk_within_months", self.talk_within_months, "talk"),
            rule("contacts", self.contacts, "contacts"),
            rule("assessment_every_months", self.assessment_every_months, "assessment"),
            rule("activist_min_years", self.activist_min_years, "development_object"),
            rule("sponsors", self.sponsors, "sponsors"),
            rule("training_min_days", self.training_min_days, "training"),
            rule("training_min_hours", self.training_min_hours, "training"),
            rule(
                "vote_quorum",
                _("More than half of those with the vote who should attend are present"),
                "quorum",
            ),
            rule(
                "vote_pass",
                _(
                    "Yes votes (written opinions included) exceed half of the full members with the vote who "
                    "should attend"
                ),
                "vote",
            ),
            rule("approval_within_months", self.approval_within_months, "approval"),
            rule("approval_max_months", self.approval_max_months, "approval"),
            rule("probation_years", self.probation_years, "probation"),
            rule("conversion_approval_within_months", self.conversion_approval_within_months, "conversion"),
            rule("extension_months", self.extension_months, "extension"),
        ]
        if self.oath_within_months:
            rules.append(rule("oath_within_months", self.oath_within_months, "oath"))
        for position in Notice.ALL:
            if position in self.national_notices:
                rules.append(rule(f"notice_{position}", True, "object_notice"))
            else:
                rules.append(
                    Rule(
                        f"notice_{position}",
                        True,
                        LOCAL,
                        _("Public notice system"),
                        local=True,
                        verified=True,
                        label=LABELS[f"notice_{position}"],
                    )
                )
        rules.append(
            Rule(
                "notice_working_days",
                5,
                LOCAL,
                _("Notice period"),
                local=True,
                verified=True,
                label=_("Notice period (working days)"),
            )
        )
        return RuleSet("development", self.document, self.effective, tuple(rules))


RULES_2014 = DevelopmentRules(
    document=_("Detailed Rules for the Recruitment of Party Members (2014)"),
    effective=dt.date(2014, 5, 28),
    articles={
        "age": _("Article 5"),
        "talk": _("Article 7"),
        "activist": _("Article 8"),
        "contacts": _("Article 9"),
        "assessment": _("Article 11"),
        "development_object": _("Article 13"),
        "object_filing": _("Article 13"),
        "sponsors": _("Article 14"),
        "political_review": _("Article 15"),
        "training": _("Article 17"),
        "branch_committee_review": _("Article 19"),
        "pre_examination": _("Article 19"),
        "quorum": _("Article 20"),
        "vote": _("Article 21"),
        "approval": _("Article 23"),
        "oath": _("Article 26"),
        "probation": _("Article 27"),
        "conversion": _("Article 33"),
        "extension": _("Article 33"),
        "vote_timing": (CONSTITUTION, _("Article 7")),
        "organs": (ORGANS, _("Article 37")),
    },
    verified=frozenset({"organs"}),
)

RULES_2026 = DevelopmentRules(
    document=_("Detailed Rules for the Recruitment of Party Members (revised May 2026)"),
    effective=dt.date(2026, 5, 18),
    articles={
        **RULES_2014.articles,
        "object_notice": _("Article 13"),
        "pre_examination": _("Article 19"),
        "vote": _("Article 22"),
        "approval": _("Article 25"),
        "oath": _("Article 29"),
    },
    verified=frozenset({"organs"}),
    national_notices=frozenset({Notice.BEFORE_DEVELOPMENT_OBJECT}),
    oath_within_months=1,
)

VERSIONS = sorted([RULES_2014, RULES_2026], key=lambda r: r.effective)
RULE_SETS = [
    *(r.as_rule_set() for r in VERSIONS),
    RuleSet(
        "development_organs",
        ORGANS,
        ORGANS_2019,
        (
            Rule(
                "party_group_review",
                _(
                    "The party group discusses before the organ party committee approves; general branches and "
                    "branches with no organ party committee: the party group reviews, the working committee approves"
                ),
                ORGANS,
                _("Article 37"),
                verified=True,
                label=_("Discussion or review by the organ's party group of admissions and full membership"),
            ),
        ),
    ),
]


def rules_on(day: dt.date) -> DevelopmentRules:
    """The rule set in force on `day` (the 2014 rules before the revision took effect)."""
    chosen = VERSIONS[0]
    for rules in VERSIONS:
        if rules.effective <= day:
            chosen = rules
    return chosen


def breaches():
    """Every recorded development step the rules in force on its date would refuse, as
    (record, refusal) pairs: `manage.py check_rules`."""
    from development.models import Candidate
    from development.services import breaches as record_breaches

    for candidate in Candidate.objects.select_related("organization", "member").order_by("pk").iterator(500):
        for step, message in record_breaches(candidate):
            yield f"{candidate.name}（#{candidate.pk}）{step.date} {step.get_kind_display()}", message
