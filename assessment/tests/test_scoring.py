"""Each scoring rule at its boundaries, the 述职评议's points and the tiers."""

from decimal import Decimal as D

import pytest

from assessment import scoring
from assessment.models import ScoreRule, Tier


def points(rule, value, *, threshold="90", step=None, full="10"):
    return scoring.computed_points(
        rule=rule,
        points=D(full),
        threshold=D(threshold),
        step=None if step is None else D(step),
        value=None if value is None else D(value),
    )


@pytest.mark.parametrize(("value", "expected"), [("90", "10.00"), ("89.99", "0.00"), ("100", "10.00"), ("0", "0.00")])
def test_threshold_gives_full_points_at_the_threshold_and_none_below(value, expected):
    assert points(ScoreRule.THRESHOLD, value) == D(expected)


@pytest.mark.parametrize(("value", "expected"), [("45", "5.00"), ("90", "10.00"), ("120", "10.00"), ("0", "0.00")])
def test_proportional_is_capped_at_full_points(value, expected):
    assert points(ScoreRule.PROPORTIONAL, value) == D(expected)


@pytest.mark.parametrize(
    ("value", "expected"), [("6", "10.00"), ("5.5", "8.00"), ("5", "8.00"), ("4", "6.00"), ("0", "0.00")]
)
def test_per_shortfall_deducts_per_unit_begun_and_never_below_zero(value, expected):
    assert points(ScoreRule.PER_SHORTFALL, value, threshold="6", step="2") == D(expected)


@pytest.mark.parametrize(("value", "expected"), [("0", "10.00"), ("1", "5.00"), ("2", "0.00"), ("7", "0.00")])
def test_per_excess_deducts_per_unit_above_the_threshold(value, expected):
    assert points(ScoreRule.PER_EXCESS, value, threshold="0", step="5") == D(expected)


def test_nothing_to_count_gives_full_points():
    for rule in ScoreRule.values:
        assert points(rule, None, step="1") == D("10.00")


def test_a_debrief_counts_its_votes_by_their_weights_or_else_its_grade():
    assert scoring.debrief_points(D("20"), good=8, fair=2, average=0, poor=0, grade="") == D("19.20")
    assert scoring.debrief_points(D("20"), good=0, fair=0, average=0, poor=5, grade="") == D("0.00")
    assert scoring.debrief_points(D("20"), good=0, fair=0, average=0, poor=0, grade="fair") == D("16.00")
    assert scoring.debrief_points(D("20"), good=0, fair=0, average=0, poor=0, grade="") == D("0.00")


@pytest.mark.parametrize(
    ("score", "tier"),
    [
        ("100", Tier.GOOD),
        ("90", Tier.GOOD),
        ("89.99", Tier.FAIR),
        ("80", Tier.FAIR),
        ("79.99", Tier.AVERAGE),
        ("60", Tier.AVERAGE),
        ("59.99", Tier.POOR),
    ],
)
def test_tiers_start_at_their_thresholds(score, tier):
    assert scoring.tier(D(score), good_from=D("90"), fair_from=D("80"), average_from=D("60")) == tier
