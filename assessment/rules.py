"""The numbers of the annual assessment a locality sets: the default tiers of a new indicator
table and how the secretary's 述职评议 turns into points. No national regulation fixes them —
the seed names the target responsibility system and the district's 岗位目标考核 without figures —
so they are local settings (`DANGJIAN_RULES`), each table keeping its own tiers once made.

Tiers 好 / 较好 / 一般 / 差 at 90 / 80 / 60 points are the common practice of district
assessments; a 述职评议 counts its votes (or its grade when only a grade is given) at 100 / 80 /
60 / 0 per cent of the item's points."""

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from core.rules import LOCAL, Rule, RuleSet

ARTICLE = _("Target responsibility and annual assessment")

TIER_GOOD = Rule(
    "assessment_tier_good", 90, LOCAL, ARTICLE, local=True, verified=True, label=_("Tier 好 from (points)")
)
TIER_FAIR = Rule(
    "assessment_tier_fair", 80, LOCAL, ARTICLE, local=True, verified=True, label=_("Tier 较好 from (points)")
)
TIER_AVERAGE = Rule(
    "assessment_tier_average", 60, LOCAL, ARTICLE, local=True, verified=True, label=_("Tier 一般 from (points)")
)
DEBRIEF_WEIGHTS = Rule(
    "assessment_debrief_weights",
    "100,80,60,0",
    LOCAL,
    ARTICLE,
    local=True,
    verified=True,
    label=_("述职评议: per cent of the item's points for a vote or grade of 好, 较好, 一般, 差"),
)

RULE_SETS = [
    RuleSet("assessment_local", LOCAL, dt.date(2000, 1, 1), (TIER_GOOD, TIER_FAIR, TIER_AVERAGE, DEBRIEF_WEIGHTS))
]


def default_tiers() -> tuple[Decimal, Decimal, Decimal]:
    return tuple(Decimal(str(r.current())) for r in (TIER_GOOD, TIER_FAIR, TIER_AVERAGE))  # type: ignore[return-value]


def debrief_weights() -> dict[str, Decimal]:
    """grade → share of the item's points (0–1)."""
    parts = [Decimal(p.strip()) / 100 for p in str(DEBRIEF_WEIGHTS.current()).split(",")]
    return dict(zip(("good", "fair", "average", "poor"), parts, strict=True))
