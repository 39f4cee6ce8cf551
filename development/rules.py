"""The member-development rules (发展党员工作细则) as versioned data: each number with its
document and article, the set in force chosen by the date of the step it governs.

The 2014 rules are read from pages quoting them; the May 2026 revision (published 2026-05-18)
could not be read, and its numbers come from public code citing it (see rules.md). Where the two
agree the numbers are the same; the revision adds a 5-working-day notice before a development
object is listed and a one-month limit for the oath."""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class DevelopmentRules:
    document: str
    effective: dt.date
    articles: dict[str, str]
    talk_within_days: int = 30  # talk with the applicant within one month
    activist_min_days: int = 365  # an activist is trained at least one year
    assessment_every_months: int = 6  # activists and probationary members, every half year
    contacts: tuple[int, int] = (1, 2)  # 培养联系人
    sponsors: int = 2  # 入党介绍人
    training_min_days: int = 3
    training_min_hours: int = 24
    approval_within_months: int = 3
    approval_max_months: int = 6  # special cases
    probation_years: int = 1
    extension_months: tuple[int, int] = (6, 12)
    oath_within_days: int | None = None

    def cite(self, rule: str) -> str:
        return f"《{self.document}》{self.articles[rule]}"

    @property
    def notice_working_days(self) -> int:
        """A locality's number: configuration (DANGJIAN_RULES["notice_working_days"]), default 5."""
        return getattr(settings, "DANGJIAN_RULES", {}).get("notice_working_days", 5)


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
        "sponsors": "第十四条",
        "political_review": "第十五条",
        "training": "第十七条",
        "pre_examination": "第十八条",
        "notice": "第十三条（公示）",
        "vote": "第二十一条",
        "approval": "第二十三条",
        "oath": "第二十六条",
        "probation": "第二十七条",
        "conversion": "第二十八条",
        "extension": "第三十条",
        "organs": "《中国共产党党和国家机关基层组织工作条例》第三十七条",
    },
)

RULES_2026 = DevelopmentRules(
    document="中国共产党发展党员工作细则（2026年5月修订）",
    effective=dt.date(2026, 5, 18),
    articles={
        **RULES_2014.articles,
        "notice": "第十三条（公示）",
        "vote": "第二十二条",
        "approval": "第二十五条",
        "oath": "第二十九条",
    },
    oath_within_days=30,
)

VERSIONS = sorted([RULES_2014, RULES_2026], key=lambda r: r.effective)


def rules_on(day: dt.date) -> DevelopmentRules:
    """The rule set in force on `day` (the 2014 rules before the revision took effect)."""
    chosen = VERSIONS[0]
    for rules in VERSIONS:
        if rules.effective <= day:
            chosen = rules
    return chosen
