"""Regulation numbers, each in one place with its source.

National rules are constants with provenance; numbers a locality may change are read from
settings with these defaults. Messages that enforce a rule cite `rule.citation`.
See ../shared/docs/rules.md for how sure each source is.
"""

from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class Rule:
    code: str
    value: int
    source: str
    article: str
    local: bool = False  # a locality may set its own number

    @property
    def citation(self) -> str:
        return f"《{self.source}》{self.article}"

    def current(self) -> int:
        if self.local:
            return getattr(settings, "DANGJIAN_RULES", {}).get(self.code, self.value)
        return self.value


ORGANS_REGULATIONS = "中国共产党党和国家机关基层组织工作条例（2019）"
BRANCH_REGULATIONS = "中国共产党支部工作条例（试行）（2018）"

BRANCH_MIN_FULL_MEMBERS = Rule("branch_min_full_members", 3, ORGANS_REGULATIONS, "第七条")
BRANCH_COMMITTEE_MIN_MEMBERS = Rule("branch_committee_min_members", 7, ORGANS_REGULATIONS, "第七条")
GENERAL_BRANCH_MIN_MEMBERS = Rule("general_branch_min_members", 50, ORGANS_REGULATIONS, "第六条")
ORGAN_COMMITTEE_MIN_MEMBERS = Rule("organ_committee_min_members", 100, ORGANS_REGULATIONS, "第五条")
COMMITTEE_TERM_YEARS = Rule("committee_term_years", 5, ORGANS_REGULATIONS, "第五条")
GENERAL_BRANCH_TERM_YEARS = Rule("general_branch_term_years", 3, ORGANS_REGULATIONS, "第六条")
BRANCH_TERM_YEARS = Rule("branch_term_years", 3, ORGANS_REGULATIONS, "第七条")
SILENT_BRANCH_DAYS = Rule("silent_branch_days", 30, "本地配置", "无活动提醒", local=True)
MIN_AGE_TO_JOIN = Rule("min_age_to_join", 18, "中国共产党发展党员工作细则（2014）", "第五条")
# Validity of an introduction letter: practice varies (≤ 3 months, ≤ 6 across provinces).
LETTER_VALIDITY_MONTHS = Rule(
    "letter_validity_months", 3, "中国共产党党员教育管理工作条例（2019）", "第二十四至二十六条及本地实践", local=True
)
TRANSFER_ACCEPT_DAYS = Rule("transfer_accept_days", 30, "本地配置", "区内转接接收时限", local=True)
