"""The election's arithmetic at its boundaries (选举工作条例 and the manuals' quorum and majority)."""

import datetime as dt

import pytest

from core.errors import DomainError
from elections import rules
from elections.tally import Count, check, min_candidates, outcome, quorum_met, votes_needed

DAY = dt.date(2026, 11, 30)


@pytest.mark.parametrize(
    ("entitled", "short", "enough"),
    [(10, 8, 9), (7, 5, 6), (5, 4, 5), (100, 80, 81), (3, 2, 3)],
)
def test_the_meeting_is_quorate_only_with_more_than_four_fifths_of_those_entitled(entitled, short, enough):
    assert not quorum_met(entitled, short, DAY)  # exactly 4/5 (or the most below it) is not enough
    assert quorum_met(entitled, enough, DAY)


@pytest.mark.parametrize(("present", "needed"), [(10, 6), (9, 5), (1, 1), (2, 2), (41, 21)])
def test_election_needs_more_than_half_of_those_present(present, needed):
    assert votes_needed(present, DAY) == needed
    seats = 1
    exactly_half = Count(seats, present, present, 0, {"甲": needed - 1})
    assert outcome(exactly_half, present, DAY).elected == []
    one_more = Count(seats, present, present, 0, {"甲": needed})
    assert outcome(one_more, present, DAY).elected == ["甲"]


@pytest.mark.parametrize(("seats", "candidates"), [(1, 2), (3, 4), (5, 6), (7, 9), (10, 12)])
def test_a_competitive_election_has_at_least_a_fifth_more_candidates_rounded_up(seats, candidates):
    assert min_candidates(seats, DAY) == candidates


def test_more_ballots_returned_than_handed_out_voids_the_vote():
    with pytest.raises(DomainError) as refused:
        check(Count(5, issued=30, returned=31, invalid=0, votes={"甲": 20}))
    assert refused.value.field == "returned"
    assert "重新" in refused.value.message  # says the vote is held again


def test_a_name_with_more_votes_than_valid_ballots_is_refused():
    with pytest.raises(DomainError) as refused:
        check(Count(5, issued=30, returned=30, invalid=2, votes={"甲": 29}))
    assert "甲" in refused.value.message and "28" in refused.value.message


def test_more_votes_than_the_valid_ballots_can_carry_are_refused():
    votes = {"甲": 10, "乙": 10, "丙": 1}  # 21 votes on 10 ballots of at most 2 names
    with pytest.raises(DomainError):
        check(Count(2, issued=10, returned=10, invalid=0, votes=votes))
    check(Count(2, issued=10, returned=10, invalid=0, votes={"甲": 10, "乙": 10}))


def test_seats_left_go_to_another_round_and_a_tie_at_the_last_seat_is_voted_again():
    count = Count(3, issued=20, returned=20, invalid=1, votes={"甲": 18, "乙": 12, "丙": 9, "丁": 6})
    result = outcome(count, present=20, day=DAY)
    assert (result.elected, result.seats_left, result.needed) == (["甲", "乙"], 1, 11)
    tie = Count(2, issued=20, returned=20, invalid=0, votes={"甲": 14, "乙": 13, "丙": 13})
    result = outcome(tie, present=20, day=DAY)
    assert (result.elected, result.tied, result.seats_left) == (["甲"], ["乙", "丙"], 1)


def test_the_rules_are_dated_and_cite_their_source():
    assert rules.rule_on("max_postponement_years", DAY).verified
    quorum = rules.rule_on("election_quorum", DAY)
    assert not quorum.verified and "2020" in str(quorum.source)
    assert "1990" in str(rules.rule_on("election_quorum", dt.date(2000, 1, 1)).source)
