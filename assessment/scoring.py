"""Points from figures, records and scores: pure functions, no database (the tests take each
rule to its boundaries).

- A **computed** item turns its source's figure into points by its rule:
  `threshold` — full points at or above the threshold, none below;
  `proportional` — points × figure / threshold, at most full points;
  `per_shortfall` — full points less `step` for every unit (begun) below the threshold;
  `per_excess` — full points less `step` for every unit (begun) above the threshold (terms
  overdue: threshold 0).
  Never below 0. A figure with nothing to count (None: no new leader, no branch) gives full
  points: nothing was expected of the organization.
- A **debrief** item (述职评议) takes the share of its points the record's votes give (each vote
  weighted by `rules.debrief_weights`), or its grade's weight when only a grade was recorded.
- Items **scored by hand** take the committee's score (a deduction counts against the total).
- The **tier** is read from the table's thresholds."""

import math
from decimal import ROUND_HALF_UP, Decimal

from assessment import rules
from assessment.models import ItemKind, ScoreRule, Tier

ZERO = Decimal("0.00")
CENT = Decimal("0.01")


def rounded(value: Decimal) -> Decimal:
    return value.quantize(CENT, ROUND_HALF_UP)


def computed_points(
    *, rule: str, points: Decimal, threshold: Decimal | None, step: Decimal | None, value: Decimal | None
) -> Decimal:
    if value is None:
        return rounded(points)
    threshold = threshold if threshold is not None else ZERO
    step = step if step is not None else ZERO
    if rule == ScoreRule.THRESHOLD:
        found = points if value >= threshold else ZERO
    elif rule == ScoreRule.PROPORTIONAL:
        found = points if threshold <= 0 else min(points, points * value / threshold)
    elif rule == ScoreRule.PER_SHORTFALL:
        found = points - step * math.ceil(max(ZERO, threshold - value))
    elif rule == ScoreRule.PER_EXCESS:
        found = points - step * math.ceil(max(ZERO, value - threshold))
    else:
        raise ValueError(f"unknown scoring rule {rule!r}")
    return rounded(max(ZERO, found))


def debrief_points(points: Decimal, *, good: int, fair: int, average: int, poor: int, grade: str) -> Decimal:
    weights = rules.debrief_weights()
    votes = good + fair + average + poor
    if votes:
        weighted = (
            good * weights["good"] + fair * weights["fair"] + average * weights["average"] + poor * weights["poor"]
        )
        return rounded(points * weighted / votes)
    if grade:
        return rounded(points * weights[grade])
    return ZERO


def signed(kind: str, points: Decimal) -> Decimal:
    """What an item's points add to the total: a deduction takes them away."""
    return -points if kind == ItemKind.DEDUCTION else points


def tier(score: Decimal, *, good_from: Decimal, fair_from: Decimal, average_from: Decimal) -> str:
    if score >= good_from:
        return Tier.GOOD
    if score >= fair_from:
        return Tier.FAIR
    if score >= average_from:
        return Tier.AVERAGE
    return Tier.POOR
