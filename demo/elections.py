"""The demo's elections (换届选举, issue 19): a few under way at each step, a few completed with the
new committee in post, and one request to delay an election awaiting its reply — all recorded
through `elections.services`, as the clerks would have, in the weeks before today.

The services date each step by the clock (nothing later than today, a planned date not before
it), so each step is taken with the clock moved to its day: core.clock reads DANGJIAN_TODAY
outside production, the setting the demonstrations of dated procedures use. In production the
clock cannot be moved and the demo records no election.

Only organizations whose term is due or overdue hold an election. Those of the demo accounts
come first: the branch of `zhibushuji` is nominating, and the superior's steps (the reply, the
review, the approval of a result) wait at branches under the organ party committee of
`jiguandangwei`; the rest are branches of the base district, longest overdue first."""

import datetime as dt
import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.test.utils import override_settings

from core import clock
from core.errors import DomainError
from core.periods import add_months
from elections import queries, services, tally
from elections.models import Election, Method, Step, TermChange, TermChangeKind
from members.models import Member
from orgs.models import PartyOrganization, Post
from orgs.services import ELECTED_ROLES
from transfers.models import IN_PROGRESS, Transfer

SEED = 20260019  # the elections' own generator: the rest of the demo draws what it drew before


@dataclass(frozen=True)
class Plan:
    """How far one election went, and on which day (days before today) each step was taken:
    draft, request, reply, nominations, preliminary list, review, meeting, officers, approval.
    `rounds`: whether the meeting filled every seat at once or left one to a second round."""

    step: str
    days: tuple[int, ...]
    near: bool  # at the demo accounts' organizations when one is free
    rounds: int = 1


PLANS = (
    Plan(Step.NOMINATING, (35, 32, 25, 12), near=True),
    Plan(Step.REQUESTED, (9, 6), near=True),
    Plan(Step.REVIEW, (50, 47, 40, 30, 21), near=True),
    Plan(Step.REPORTED, (75, 72, 64, 52, 44, 33, 16, 15), near=True),
    Plan(Step.FORMAL, (60, 57, 50, 40, 32, 20), near=False),
    Plan(Step.VOTING, (70, 66, 60, 48, 40, 28, 4), near=False, rounds=2),
    Plan(Step.DONE, (120, 116, 108, 95, 86, 74, 45, 44, 38), near=False),
    Plan(Step.DONE, (100, 97, 90, 78, 70, 58, 30, 29, 22), near=False, rounds=2),
    Plan(Step.DONE, (130, 126, 118, 104, 96, 82, 60, 59, 52), near=False),
)
MIN_ENTITLED = 8  # three seats, four candidates, and voters enough to choose among them
POSTPONE_REASON = "本单位正在进行机构改革，内设机构和人员尚未调整到位，拟待改革完成后进行换届。"


@contextmanager
def _on(day: dt.date) -> Iterator[None]:
    """The clock at `day`, for the steps taken that day."""
    with override_settings(DANGJIAN_TODAY=day):
        yield


def build(branch_ids: list[int], *, near: PartyOrganization, secretary_branch: int) -> dict[str, int]:
    """The elections of `branch_ids` (the base district's branches) and of the organizations
    under `near` (the organ party committee of the demo's officer), `secretary_branch` (the demo
    secretary's) first. Returns counts for the builder's log."""
    if settings.PRODUCTION:
        return {}
    today = clock.today()
    rng = random.Random(SEED)
    close = list(
        queries.elected_organizations(PartyOrganization.objects.filter(path__startswith=near.path))
        .exclude(pk=near.pk)
        .order_by("kind", "path")  # branches before the general branch, whose roll is its branches'
    )
    close.sort(key=lambda o: o.pk != secretary_branch)
    far = list(
        PartyOrganization.objects.filter(pk__in=branch_ids, dissolved__isnull=True, term_end__lt=today)
        .exclude(path__startswith=near.path)
        .order_by("term_end", "path")
    )
    used: set[int] = set()
    counts: dict[str, int] = {}
    for plan in PLANS:
        draft_day = today - dt.timedelta(days=plan.days[0])
        pool = [*close, *far] if plan.near else [*far, *close]
        org = next((o for o in pool if o.pk not in used and _may_hold(o, draft_day)), None)
        if org is None:
            continue
        used.add(org.pk)
        try:
            with transaction.atomic():
                _hold(org, plan, today, rng)
        except DomainError:
            # a registry seen on another "today" may not fit a step (a post taken up after the
            # planned approval): that election is left out, the log says so
            counts["refused"] = counts.get("refused", 0) + 1
            continue
        counts[str(plan.step)] = counts.get(str(plan.step), 0) + 1
    delayed = next((o for o in [*close, *far] if o.pk not in used and _due(o, today)), None)
    if delayed is not None:
        assert delayed.term_end is not None
        with _on(today - dt.timedelta(days=7)):
            services.do_request_term_change(
                TermChange(
                    organization=delayed,
                    kind=TermChangeKind.POSTPONE,
                    new_end=add_months(delayed.term_end, 6),
                    reason=POSTPONE_REASON,
                ),
                acting_user=None,
            )
        counts["delay"] = 1
    return counts


def _due(org: PartyOrganization, day: dt.date) -> bool:
    return org.term_end is not None and queries.term_status(org.term_end, day) not in (queries.IN_TERM, queries.OVERDUE)


def _may_hold(org: PartyOrganization, day: dt.date) -> bool:
    """Due or overdue on `day` (its reminders have started) and enough voters to choose."""
    if org.term_end is None or queries.term_status(org.term_end, day) == queries.IN_TERM:
        return False
    return queries.entitled(org, day).count() >= MIN_ENTITLED


def _candidates(org: PartyOrganization, day: dt.date, n: int, rng: random.Random) -> list[Member]:
    """`n` members who may stand on `day`: the committee in post first (most stand again), then
    others drawn among those entitled; no one who is leaving with a transfer under way."""
    leaving = Transfer.objects.filter(status__in=IN_PROGRESS).values("member_id")
    entitled = list(queries.entitled(org, day).exclude(pk__in=leaving).order_by("pk"))
    serving = set(
        Post.objects.filter(organization=org, role__in=ELECTED_ROLES, valid_to__isnull=True).values_list(
            "member_id", flat=True
        )
    )
    first = [m for m in entitled if m.pk in serving]
    others = [m for m in entitled if m.pk not in serving]
    chosen = [*first, *rng.sample(others, len(others))][:n]
    return [m for m in chosen if queries.eligible(m, day)]


def _hold(org: PartyOrganization, plan: Plan, today: dt.date, rng: random.Random) -> Election:
    """Take `org`'s election through the services up to `plan.step`, each step on its day."""
    days = [today - dt.timedelta(days=d) for d in plan.days]
    meeting = days[6] if len(days) > 6 else today + dt.timedelta(days=rng.randint(10, 30))
    seats = 5 if queries.entitled(org, days[0]).count() >= 30 else 3
    with _on(days[0]):
        election = services.do_draft_election(
            Election(
                organization=org,
                method=Method.GENERAL_MEETING,
                seats=seats,
                deputies=1,
                competitive=True,
                planned_on=meeting,
            ),
            acting_user=None,
        )
    with _on(days[1]):
        services.do_send_request(election, day=days[1], acting_user=None)
    if plan.step == Step.REQUESTED:
        return election
    with _on(days[2]):
        services.do_reply_request(election, approve=True, day=days[2], note="", acting_user=None)
    needed = tally.min_candidates(seats, meeting)
    with _on(days[3]):
        # one name more than the list needs: the preliminary list leaves one nominee out
        nominees = services.do_nominate(election, _candidates(org, days[3], needed + 1, rng), acting_user=None)
    if plan.step == Step.NOMINATING:
        return election
    listed = [n.pk for n in nominees[:needed]]
    with _on(days[4]):
        services.do_send_candidates(election, listed, day=days[4], acting_user=None)
    if plan.step == Step.REVIEW:
        return election
    with _on(days[5]):
        services.do_review_candidates(election, listed, approve=True, day=days[5], note="", acting_user=None)
    if plan.step == Step.FORMAL:
        return election
    with _on(meeting):
        _vote(election, meeting, rng, filled=seats - 1 if plan.rounds == 2 else seats)
        if plan.rounds == 2 and plan.step != Step.VOTING:
            _vote(election, meeting, rng, filled=1)
    if plan.step == Step.VOTING:
        return election
    elected = list(election.nominees.filter(elected_in__isnull=False).order_by("elected_in", "pk"))
    with _on(days[7]):
        services.do_elect_officers(election, day=days[7], secretary=elected[0], deputies=elected[1:2], acting_user=None)
    if plan.step == Step.REPORTED:
        return election
    with _on(days[8]):
        services.do_decide_result(election, approve=True, day=days[8], note="", acting_user=None)
    return election


def _vote(election: Election, day: dt.date, rng: random.Random, *, filled: int) -> None:
    """Count a round that fills `filled` of the seats left: most of those entitled present (more
    than 4/5), a ballot or two invalid, the winners above half of those present and the others
    below it, no more votes than the valid ballots carry — a count the tally rules accept."""
    election.refresh_from_db()
    seats = services.seats_left(election)
    entitled = election.entitled or queries.entitled(election.organization, day).count()
    present = entitled - entitled // 10 - rng.randint(0, entitled // 20)
    invalid = rng.randint(0, 1)
    valid = present - invalid
    needed = tally.votes_needed(present, day)
    ballot = services.on_ballot(election)
    rng.shuffle(ballot)
    winners, losers = ballot[:filled], ballot[filled:]
    votes = {n.pk: rng.randint(needed // 2, needed - 1) // (i + 1) for i, n in enumerate(losers)}
    votes |= {n.pk: valid - rng.randint(0, (valid - needed) // 2) for n in winners}
    # each valid ballot marks at most `seats` names: take the excess from the winners' margins,
    # then from the others
    excess = sum(votes.values()) - valid * seats
    for n, floor in [*((n, needed) for n in winners), *((n, 0) for n in losers)]:
        take = max(0, min(excess, votes[n.pk] - floor))
        votes[n.pk] -= take
        excess -= take
    assert excess <= 0 and tally.quorum_met(entitled, present, day)
    services.do_record_round(
        election,
        held_on=day,
        present=present,
        issued=present,
        returned=present,
        invalid=invalid,
        votes=votes,
        acting_user=None,
    )
