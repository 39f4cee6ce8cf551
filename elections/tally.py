"""The arithmetic of an election (选举工作条例): is the meeting quorate, does a count hold
together, who is elected and how many seats are left for another round. Pure functions over
numbers, so the meeting page, the documents and the tests ask the same questions; the shares
come from `elections.rules` in force on the day of the vote.

A count holds together when no more ballots came back than were handed out (otherwise the vote
is void and is held again), valid and invalid ballots make up those returned, no one has more
votes than there are valid ballots, and the votes together do not exceed what the valid ballots
could carry (each marks at most as many names as there are seats).
"""

import datetime as dt
import math
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from core.errors import DomainError
from elections import rules


def quorum_met(entitled: int, present: int, day: dt.date) -> bool:
    """Those present with the right to vote exceed the rule's share (4/5) of those entitled."""
    return present > rules.share("election_quorum", day) * entitled


def votes_needed(present: int, day: dt.date) -> int:
    """The fewest votes in favour that elect: more than the rule's share (1/2) of those present."""
    return math.floor(rules.share("election_majority", day) * present) + 1


def min_candidates(seats: int, day: dt.date) -> int:
    """Candidates a competitive election needs: the seats plus at least the rule's percentage
    of them, rounded up (5 seats → 6 candidates, 7 → 9)."""
    percent = rules.rule_on("min_competition_percent", day).current()
    return seats + math.ceil(seats * percent / 100)


@dataclass(frozen=True)
class Count:
    """What the tellers report for one round: ballots handed out and returned, invalid ones,
    and the votes in favour of each name (candidates and names written in)."""

    seats: int
    issued: int
    returned: int
    invalid: int
    votes: dict[str, int] = field(default_factory=dict)

    @property
    def valid(self) -> int:
        return self.returned - self.invalid


def check(count: Count) -> None:
    """Refuse (DomainError, naming the field) a count that does not hold together."""
    figures = (count.seats, count.issued, count.returned, count.invalid, *count.votes.values())
    if any(n < 0 for n in figures):
        raise DomainError(_("Counts cannot be negative."), field="issued")
    if count.seats < 1:
        raise DomainError(_("At least one seat must be filled."), field="seats")
    if count.returned > count.issued:
        raise DomainError(
            _(
                "More ballots were returned (%(returned)s) than handed out (%(issued)s): this vote is void "
                "and must be held again."
            )
            % {"returned": count.returned, "issued": count.issued},
            field="returned",
        )
    if count.invalid > count.returned:
        raise DomainError(
            _("Invalid ballots (%(invalid)s) cannot exceed the ballots returned (%(returned)s).")
            % {"invalid": count.invalid, "returned": count.returned},
            field="invalid",
        )
    for name, votes in count.votes.items():
        if votes > count.valid:
            raise DomainError(
                _("%(name)s has %(votes)s votes, more than the %(valid)s valid ballots.")
                % {"name": name, "votes": votes, "valid": count.valid},
                field="votes",
            )
    if sum(count.votes.values()) > count.valid * count.seats:
        raise DomainError(
            _(
                "%(total)s votes were entered, more than %(valid)s valid ballots of at most %(seats)s names "
                "each can carry."
            )
            % {"total": sum(count.votes.values()), "valid": count.valid, "seats": count.seats},
            field="votes",
        )


@dataclass(frozen=True)
class Outcome:
    elected: list[str]  # by votes, most first
    tied: list[str]  # equal votes at the last seat: they are voted on again
    seats_left: int  # the tie's seats (a further vote among `tied`) and those for another round
    needed: int


def outcome(count: Count, present: int, day: dt.date) -> Outcome:
    """Who is elected by a checked count: those with more votes than the threshold, most votes
    first, up to the seats; names tied at the last seat go to a further vote among them."""
    check(count)
    needed = votes_needed(present, day)
    passing = sorted(((v, n) for n, v in count.votes.items() if v >= needed), key=lambda p: -p[0])
    if len(passing) <= count.seats:
        elected = [n for _v, n in passing]
        return Outcome(elected, [], count.seats - len(elected), needed)
    cut = passing[count.seats - 1][0]
    elected = [n for v, n in passing if v > cut]
    tied = [n for v, n in passing if v == cut]
    if len(elected) + len(tied) <= count.seats:
        elected, tied = elected + tied, []
    return Outcome(elected, tied, count.seats - len(elected), needed)
