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
from collections.abc import Hashable
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from django.apps import apps
from django.conf import settings
from django.utils.functional import Promise
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.i18n import format_lazy
from core.periods import add_years, birthday

# Document titles, articles and labels are lazy translations (English msgids, the Chinese in the
# catalogue): a citation is read in the language of whoever reads it, and `manage.py rules`,
# which runs in the site's language, prints the Chinese titles as before.


Text = str | Promise  # a plain or a lazily translated string


def cite(source: Text, article: Text, *, verified: bool) -> Text:
    """《source》article, saying so when the article's text was not verified (lazy)."""
    reference = format_lazy(_("%(source)s, %(article)s"), source=source, article=article)
    if verified:
        return reference
    return format_lazy(_("%(citation)s (article text not verified)"), citation=reference)


def _plain(value: Any) -> Any:
    return str(value) if isinstance(value, Promise) else value


@dataclass(frozen=True)
class Rule:
    code: str
    value: Any
    source: Text
    article: Text
    local: bool = False  # a locality may set its own value
    verified: bool = False  # the article's text was read, not only quoted second-hand
    label: Text = ""  # what the number is, for people (the rules page); the code if empty
    # names people read for a rule whose value is a code (e.g. who issues letters)
    value_labels: dict[Any, Text] | None = field(default=None, hash=False, compare=False)

    @property
    def citation(self) -> Text:
        """《source》article, with the unverified mark (a lazy string)."""
        return cite(self.source, self.article, verified=self.verified)

    @property
    def reference(self) -> Text:
        """《source》article, without the mark (the rules page shows verification apart)."""
        return cite(self.source, self.article, verified=True)

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
        """The value as people read it: a range "6–12", yes or no, a list."""
        value = self.current()
        labels = self.value_labels or {}

        def name(v) -> str:  # a code as people read it, where the rule names its codes
            return str(labels.get(v, v)) if isinstance(v, Hashable) else str(v)

        if isinstance(value, Hashable) and value in labels:
            return str(labels[value])
        if isinstance(value, bool):
            return str(pgettext_lazy("rule value", "yes") if value else pgettext_lazy("rule value", "no"))
        separator = str(pgettext_lazy("list separator", ", "))
        if isinstance(value, dict):
            return separator.join(f"{name(k)}: {name(v)}" for k, v in value.items())
        if isinstance(value, tuple | list):
            if len(value) == 2 and not labels:
                return "–".join(str(v) for v in value)
            return separator.join(name(v) for v in value)
        return str(value)

    def as_json(self) -> dict:
        value = self.current()
        return {
            "key": self.code,
            "value": list(value) if isinstance(value, tuple) else _plain(value),
            "source": str(self.source),
            "article": str(self.article),
            "verified": self.verified,
            "local": self.local,
        }


@dataclass(frozen=True)
class RuleSet:
    """The rules of one version of one document. `family` names what the versions replace one
    another in (the development rules of 2014 and 2026 are one family)."""

    family: str
    name: Text
    effective: dt.date
    rules: tuple[Rule, ...] = field(default=())

    def as_json(self) -> dict:
        return {
            "family": self.family,
            "name": str(self.name),
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


ORGANS_REGULATIONS = _("Regulations on the Work of Primary-Level Party Organizations in Party and State Organs (2019)")
BRANCH_REGULATIONS = _("Regulations on the Work of Party Branches (Trial) (2018)")
EDUCATION_REGULATIONS = _("Regulations on the Education and Management of Party Members (2019)")
CONSTITUTION = _("Constitution of the Communist Party of China")
LOCAL = _("Local setting")

BRANCH_MIN_FULL_MEMBERS = Rule(
    "branch_min_full_members",
    3,
    ORGANS_REGULATIONS,
    _("Article 7"),
    verified=True,
    label=_("Full members needed to set up a branch (at least)"),
)
BRANCH_COMMITTEE_MIN_MEMBERS = Rule(
    "branch_committee_min_members",
    7,
    ORGANS_REGULATIONS,
    _("Article 7"),
    verified=True,
    label=_("Full members needed to set up a branch committee (at least)"),
)
GENERAL_BRANCH_MIN_MEMBERS = Rule(
    "general_branch_min_members",
    50,
    ORGANS_REGULATIONS,
    _("Article 6"),
    verified=True,
    label=_("Members needed to set up a general branch (at least)"),
)
ORGAN_COMMITTEE_MIN_MEMBERS = Rule(
    "organ_committee_min_members",
    100,
    ORGANS_REGULATIONS,
    _("Article 5"),
    verified=True,
    label=_("Members needed to set up an organ party committee (at least)"),
)
SILENT_BRANCH_DAYS = Rule(
    "silent_branch_days",
    30,
    LOCAL,
    _("Reminder of no activity"),
    local=True,
    verified=True,
    label=_("Reminder when a branch has no activity (days)"),
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
MIN_AGE_TO_JOIN = Rule("min_age_to_join", 18, CONSTITUTION, _("Article 1"), label=_("Age to join (full years)"))
PROBATION_YEARS = Rule("probation_years", 1, CONSTITUTION, _("Article 7"), label=_("Probation (years)"))
RULE_SETS.append(RuleSet("constitution", CONSTITUTION, dt.date(1982, 9, 6), (MIN_AGE_TO_JOIN, PROBATION_YEARS)))


def probation_ends(join_date: dt.date) -> dt.date:
    """The day a probation begun on `join_date` is over (the one check of full-membership dates:
    the member form, events and imports ask it)."""
    return add_years(join_date, PROBATION_YEARS.value)


def of_age_to_join(birth: dt.date, day: dt.date) -> bool:
    """Whether someone born on `birth` is 18 on `day` (the one age check: applications,
    registrations and imports ask it)."""
    return day >= birthday(birth, MIN_AGE_TO_JOIN.value)
