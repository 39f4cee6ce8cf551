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

from core.rules import LOCAL, UNVERIFIED, Rule, RuleSet

ORGANS = "中国共产党党和国家机关基层组织工作条例（2019）"
ORGANS_2019 = dt.date(2019, 12, 20)  # the organs regulations' 第三十七条 applies from this day
CONSTITUTION = "中国共产党章程"


class Notice:
    """Where a notice may stand in the procedure (codes; labels are the step kinds')."""

    BEFORE_DEVELOPMENT_OBJECT = "before_development_object"
    BEFORE_VOTE = "before_vote"
    BEFORE_CONVERSION = "before_conversion"
    ALL = (BEFORE_DEVELOPMENT_OBJECT, BEFORE_VOTE, BEFORE_CONVERSION)


LABELS = {
    "min_age": "申请入党年龄（周岁）",
    "talk_within_months": "收到入党申请后谈话（月内）",
    "contacts": "培养联系人（名）",
    "assessment_every_months": "考察间隔（月）",
    "activist_min_years": "入党积极分子培养期（年以上）",
    "sponsors": "入党介绍人（名正式党员）",
    "training_min_days": "集中培训（天以上）",
    "training_min_hours": "或集中培训（学时以上）",
    "vote_quorum": "支部大会表决的到会人数",
    "vote_pass": "支部大会表决的通过票数",
    "approval_within_months": "上级党委审批接收预备党员（月内）",
    "approval_max_months": "特殊情况审批期限（月内）",
    "probation_years": "预备期（年）",
    "conversion_approval_within_months": "审批转正（月内）",
    "extension_months": "延长预备期（月）",
    "party_group_review": "机关党组讨论或审核",
    "oath_within_months": "审批后入党宣誓（月内）",
    "notice_before_development_object": "列为发展对象前公示",
    "notice_before_vote": "支部大会讨论接收预备党员前公示",
    "notice_before_conversion": "支部大会讨论转正前公示",
}


@dataclass(frozen=True)
class DevelopmentRules:
    document: str
    effective: dt.date
    articles: dict[str, str]
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

    def cite(self, rule: str) -> str:
        article = self.articles[rule]
        if not article.startswith("《"):  # else another document's article, e.g. the organs regulations
            article = f"《{self.document}》{article}"
        return article + ("" if rule in self.verified else UNVERIFIED)

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

    def notice_citation(self, position: str) -> str:
        if position in self.national_notices:
            return self.cite("object_notice")
        return f"{LOCAL}（公示制度）"

    def as_rule_set(self) -> RuleSet:
        def rule(key: str, value, article_key: str) -> Rule:
            article = self.articles[article_key]
            source = self.document
            if article.startswith("《"):
                source, article = article[1:].split("》", 1)
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
            rule("vote_quorum", "到会有表决权的人数超过应到会有表决权人数的半数", "quorum"),
            rule("vote_pass", "赞成票超过应到会有表决权的正式党员的半数（含书面意见）", "vote"),
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
                        "公示制度",
                        local=True,
                        verified=True,
                        label=LABELS[f"notice_{position}"],
                    )
                )
        rules.append(
            Rule("notice_working_days", 5, LOCAL, "公示期", local=True, verified=True, label="公示期（工作日）")
        )
        return RuleSet("development", self.document, self.effective, tuple(rules))


RULES_2014 = DevelopmentRules(
    document="中国共产党发展党员工作细则（2014）",
    effective=dt.date(2014, 5, 28),
    articles={
        "age": "第五条",
        "talk": "第七条",
        "activist": "第八条",
        "contacts": "第九条",
        "assessment": "第十一条",
        "development_object": "第十三条",
        "object_filing": "第十三条",
        "sponsors": "第十四条",
        "political_review": "第十五条",
        "training": "第十七条",
        "branch_committee_review": "第十九条",
        "pre_examination": "第十九条",
        "quorum": "第二十条",
        "vote": "第二十一条",
        "approval": "第二十三条",
        "oath": "第二十六条",
        "probation": "第二十七条",
        "conversion": "第三十三条",
        "extension": "第三十三条",
        "vote_timing": f"《{CONSTITUTION}》第七条",
        "organs": f"《{ORGANS}》第三十七条",
    },
    verified=frozenset({"organs"}),
)

RULES_2026 = DevelopmentRules(
    document="中国共产党发展党员工作细则（2026年5月修订）",
    effective=dt.date(2026, 5, 18),
    articles={
        **RULES_2014.articles,
        "object_notice": "第十三条",
        "pre_examination": "第十九条",
        "vote": "第二十二条",
        "approval": "第二十五条",
        "oath": "第二十九条",
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
                "机关党委审批前党组讨论；无机关党委的总支、支部：党组审核、工委审批",
                ORGANS,
                "第三十七条",
                verified=True,
                label="机关党组讨论或审核发展党员、转正",
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
