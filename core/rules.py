"""Regulation numbers as dated data, each with its source.

A `Rule` is one number (or yes/no) with its document, article and whether its text was read
(`verified`; rules.md tags [V]); a `RuleSet` is the rules of one document version, in force from
its effective date until the next version of the same family. National rules are constants;
numbers a locality may change (`local=True`) are read from `DANGJIAN_RULES` with these defaults.
Messages that enforce a rule cite `rule.citation`, and say so when the text was not verified.

Every app may define `RULE_SETS` in its own `rules.py`; `all_rule_sets()` collects them for
`manage.py rules` and the rules page. See ../shared/docs/rules.md for how sure each source is.
"""

import datetime as dt
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from django.apps import apps
from django.conf import settings
from django.utils.module_loading import module_has_submodule

from core.periods import add_years, birthday

UNVERIFIED = "（条文未经核对）"


@dataclass(frozen=True)
class Rule:
    code: str
    value: Any
    source: str
    article: str
    local: bool = False  # a locality may set its own value
    verified: bool = False  # the article's text was read, not only quoted second-hand
    label: str = ""  # what the number is, for people (the rules page); the code if empty

    @property
    def citation(self) -> str:
        return f"《{self.source}》{self.article}" + ("" if self.verified else UNVERIFIED)

    def current(self) -> Any:
        if self.local:
            return getattr(settings, "DANGJIAN_RULES", {}).get(self.code, self.value)
        return self.value

    @property
    def locally_set(self) -> bool:
        """A number no regulation sets: the locality's own (no article text to verify)."""
        return self.source == LOCAL

    @property
    def display(self) -> str:
        """The value as people read it: a range "6–12", yes/no in Chinese."""
        value = self.current()
        if isinstance(value, bool):
            return "是" if value else "否"
        if isinstance(value, tuple | list):
            return "–".join(str(v) for v in value) if len(value) == 2 else "、".join(str(v) for v in value)
        return str(value)

    def as_json(self) -> dict:
        value = self.current()
        return {
            "key": self.code,
            "value": list(value) if isinstance(value, tuple) else value,
            "source": self.source,
            "article": self.article,
            "verified": self.verified,
            "local": self.local,
        }


@dataclass(frozen=True)
class RuleSet:
    """The rules of one version of one document. `family` names what the versions replace one
    another in (the development rules of 2014 and 2026 are one family)."""

    family: str
    name: str
    effective: dt.date
    rules: tuple[Rule, ...] = field(default=())

    def as_json(self) -> dict:
        return {
            "family": self.family,
            "name": self.name,
            "effective": self.effective.isoformat(),
            "rules": [r.as_json() for r in self.rules],
        }


def in_force(sets: list[RuleSet], day: dt.date) -> list[RuleSet]:
    """Of each family, the version in force on `day` (none before its first version)."""
    chosen: dict[str, RuleSet] = {}
    for s in sorted(sets, key=lambda s: s.effective):
        if s.effective <= day:
            chosen[s.family] = s
    return list(chosen.values())


def all_rule_sets() -> list[RuleSet]:
    """Every app's `rules.RULE_SETS` (found by app, so core imports no app by name)."""
    found = list(RULE_SETS)
    for config in apps.get_app_configs():
        if config.name == __package__ or not module_has_submodule(config.module, "rules"):
            continue
        found.extend(getattr(import_module(f"{config.name}.rules"), "RULE_SETS", ()))
    return found


def local_rule_defaults() -> dict[str, Any]:
    """Each code a locality may set in DANGJIAN_RULES, with its default (of any version)."""
    return {rule.code: rule.value for rule_set in all_rule_sets() for rule in rule_set.rules if rule.local}


def check_configured_rules() -> None:
    """Refuse (ImproperlyConfigured) a DANGJIAN_RULES key no local rule has, or a value not of
    the rule's type; run when the apps are ready, since every app's rules.py holds some."""
    from core.env import check_values

    check_values("DANGJIAN_RULES", getattr(settings, "DANGJIAN_RULES", {}), local_rule_defaults())


ORGANS_REGULATIONS = "中国共产党党和国家机关基层组织工作条例（2019）"
BRANCH_REGULATIONS = "中国共产党支部工作条例（试行）（2018）"
EDUCATION_REGULATIONS = "中国共产党党员教育管理工作条例（2019）"
LOCAL = "本地配置"

BRANCH_MIN_FULL_MEMBERS = Rule(
    "branch_min_full_members", 3, ORGANS_REGULATIONS, "第七条", verified=True, label="成立党支部的正式党员数（名以上）"
)
BRANCH_COMMITTEE_MIN_MEMBERS = Rule(
    "branch_committee_min_members",
    7,
    ORGANS_REGULATIONS,
    "第七条",
    verified=True,
    label="设立支部委员会的正式党员数（名以上）",
)
GENERAL_BRANCH_MIN_MEMBERS = Rule(
    "general_branch_min_members", 50, ORGANS_REGULATIONS, "第六条", verified=True, label="设立党总支的党员数（名以上）"
)
ORGAN_COMMITTEE_MIN_MEMBERS = Rule(
    "organ_committee_min_members",
    100,
    ORGANS_REGULATIONS,
    "第五条",
    verified=True,
    label="设立机关党委的党员数（名以上）",
)
SILENT_BRANCH_DAYS = Rule(
    "silent_branch_days", 30, LOCAL, "无活动提醒", local=True, verified=True, label="党支部无活动提醒（天）"
)

RULE_SETS = [
    RuleSet(
        "organs",
        ORGANS_REGULATIONS,
        dt.date(2019, 12, 20),
        (
            BRANCH_MIN_FULL_MEMBERS,
            BRANCH_COMMITTEE_MIN_MEMBERS,
            GENERAL_BRANCH_MIN_MEMBERS,
            ORGAN_COMMITTEE_MIN_MEMBERS,
        ),
    ),
    RuleSet("local", LOCAL, dt.date(2000, 1, 1), (SILENT_BRANCH_DAYS,)),  # transfers' numbers: transfers.rules
]

# 年满十八岁: the 18th birthday counted as the Civil Code counts periods (core.periods.birthday).
MIN_AGE_TO_JOIN = Rule("min_age_to_join", 18, "中国共产党章程", "第一条", label="入党年龄（周岁）")
PROBATION_YEARS = Rule("probation_years", 1, "中国共产党章程", "第七条", label="预备期（年）")
RULE_SETS.append(RuleSet("constitution", "中国共产党章程", dt.date(1982, 9, 6), (MIN_AGE_TO_JOIN, PROBATION_YEARS)))


def probation_ends(join_date: dt.date) -> dt.date:
    """The day a probation begun on `join_date` is over (the one check of full-membership dates:
    the member form, events and imports ask it)."""
    return add_years(join_date, PROBATION_YEARS.value)


def of_age_to_join(birth: dt.date, day: dt.date) -> bool:
    """Whether someone born on `birth` is 18 on `day` (the one age check: applications,
    registrations and imports ask it)."""
    return day >= birthday(birth, MIN_AGE_TO_JOIN.value)
