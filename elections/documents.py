"""The election's documents as .docx, from templates a locality can edit (docxtpl, core.docx):
the request (请示), the reply (批复), the election procedure (选举办法), the ballot (选票) and the
count report (计票结果报告). The wording is the templates' (templates/documents/elections/, built
by elections.document_templates); this module gathers the facts each is given, and every number
a rule holds is read here from elections.rules and elections.tally, on the election's day.

Which documents an election has depends on its step (`available`): the request from the draft
on, the reply once the superior approved the request, the procedure once the formal candidates
are set, the ballot while seats remain to be filled, the count report after the first round. A
cancelled election prints none."""

import datetime as dt
from fractions import Fraction

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy

from core import clock, docx
from core.errors import DomainError
from core.strokes import sorted_by_strokes, stroke_key
from elections import rules, services, tally
from elections.models import OPEN_STEPS, Election, Method, Standing, Step
from members.models import Member
from orgs.models import PostRole

DOCUMENTS = {
    "request": gettext_lazy("Request for the election (请示)"),
    "reply": gettext_lazy("Reply of the superior (批复)"),
    "procedure": gettext_lazy("Election procedure (选举办法)"),
    "ballot": gettext_lazy("Ballot (选票)"),
    "count_report": gettext_lazy("Count report (计票结果报告)"),
}

_AFTER_REPLY = {Step.NOMINATING, Step.REVIEW, Step.FORMAL, Step.VOTING, Step.OFFICERS, Step.REPORTED, Step.DONE}
_COUNTED = {Step.VOTING, Step.OFFICERS, Step.REPORTED, Step.DONE}
# The steps at which each document has its facts.
_STEPS = {
    "request": OPEN_STEPS | {Step.DONE},
    "reply": _AFTER_REPLY,
    "procedure": {Step.FORMAL} | _COUNTED,
    "ballot": {Step.FORMAL, Step.VOTING},
    "count_report": _COUNTED,
}
_CANCELLED = gettext_lazy("This election is cancelled: its documents are no longer printed.")
_TOO_EARLY = {
    "request": _CANCELLED,  # every other step has the request's facts
    "reply": gettext_lazy("The superior has not approved the request yet: there is no reply to print."),
    "procedure": gettext_lazy("The formal candidates are not set yet: the election procedure cannot be printed."),
    "ballot": gettext_lazy(
        "The ballot is printed once the formal candidates are set, and while seats remain to be filled."
    ),
    "count_report": gettext_lazy("No round has been counted yet: the count report cannot be printed."),
}


def available(election: Election) -> list[str]:
    """The documents the election's step has the facts for, in the order above."""
    return [name for name in DOCUMENTS if election.step in _STEPS[name]]


def render(election: Election, name: str) -> bytes:
    """The document `name` of `election` (DomainError when its step lacks the facts)."""
    if name not in DOCUMENTS:
        raise ValueError(f"no election document {name!r}")
    if election.step not in _STEPS[name]:
        message = _CANCELLED if election.step == Step.CANCELLED else _TOO_EARLY[name]
        raise DomainError(str(message))
    # The rules' titles and kind labels in the Chinese of the document, whoever prints it.
    with translation.override(settings.LANGUAGE_CODE):
        context = {**_common(election), **_FACTS[name](election)}
        return docx.render(f"elections/{name}.docx", context)


# -- the facts -------------------------------------------------------------------------------


def _day(day: dt.date | None) -> str:
    """A date as documents write it: 2026年12月15日."""
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


_NUMERALS = "零一二三四五六七八九十"


def _numeral(n: int) -> str:
    """1 → 一 … 10 → 十; larger numbers stay digits."""
    return _NUMERALS[n] if 0 <= n <= 10 else str(n)


def _share(value: Fraction) -> str:
    """A rule's share in words (4/5 → 五分之四), as regulations write it."""
    return f"{_numeral(value.denominator)}分之{_numeral(value.numerator)}"


def _election_day(election: Election) -> dt.date:
    return election.held_on or election.planned_on


def _common(election: Election) -> dict:
    day = _election_day(election)
    # the list was checked against the 差额 in force on the planned day (services._check_candidates)
    competition = rules.rule_on("min_competition_percent", election.planned_on)
    return {
        "organization": election.organization.name,
        "approving": election.approving.name,
        "congress": election.method == Method.DELEGATE_CONGRESS,
        "dispersed": election.dispersed,
        "seats": election.seats,
        "deputies": election.deputies,
        "competitive": election.competitive,
        "min_candidates": tally.min_candidates(election.seats, election.planned_on),
        "competition_percent": competition.current(),
        "planned_on": _day(election.planned_on),
        "regulation": str(competition.source),
        "quorum_share": _share(rules.share("election_quorum", day)),
        "majority_share": _share(rules.share("election_majority", day)),
    }


def _request(election: Election) -> dict:
    org = election.organization
    counted_on = election.requested_on or clock.today()
    roll = Member.objects.under(org, counted_on)
    members, full = roll.count(), roll.filter(full_member_date__lte=counted_on).count()
    # The term this election renews: the organization's own until the new one is written.
    term_start = org.term_start if org.term_end == election.term_end else None
    return {
        "term_start": _day(term_start),
        "term_end": _day(election.term_end),
        "term_ended": election.term_end is not None and election.term_end < counted_on,
        "counted_on": _day(counted_on),
        "members": members,
        "full_members": full,
        "probationary": members - full,
        "delegate_min": rules.rule_on("delegate_congress_min_members", election.planned_on).current(),
        "signed_on": _day(counted_on),
    }


def _reply(election: Election) -> dict:
    return {"requested_on": _day(election.requested_on), "replied_on": _day(election.replied_on)}


def _procedure(election: Election) -> dict:
    candidates = election.nominees.filter(standing=Standing.FORMAL).count()
    return {"candidates": candidates}


def _ballot(election: Election) -> dict:
    left = services.seats_left(election)
    return {
        "number": election.rounds.count() + 1,
        "names": [n.member.name for n in services.on_ballot(election)],
        "seats_left": left,
        "write_ins": list(range(left)),
    }


def _count_report(election: Election) -> dict:
    nominees = list(election.nominees.select_related("member"))
    rounds = []
    for round_ in election.rounds.prefetch_related("votes__nominee__member"):
        votes = sorted(round_.votes.all(), key=lambda v: (-v.votes, stroke_key(v.nominee.member.name)))
        rounds.append(
            {
                "number": round_.number,
                "ordinal": _numeral(round_.number),
                "held_on": _day(round_.held_on),
                "seats": round_.seats,
                "present": round_.present,
                "issued": round_.issued,
                "returned": round_.returned,
                "valid": round_.returned - round_.invalid,
                "invalid": round_.invalid,
                "needed": tally.votes_needed(round_.present, round_.held_on),
                "other_votes": round_.other_votes,
                "votes": [
                    {
                        "name": v.nominee.member.name,
                        "votes": v.votes,
                        "write_in": v.nominee.standing == Standing.WRITE_IN,
                        "elected": v.nominee.elected_in == round_.number,
                    }
                    for v in votes
                ],
                "elected": [v.nominee.member.name for v in votes if v.nominee.elected_in == round_.number],
            }
        )
    elected = [n for n in nominees if n.elected_in is not None]
    officers = election.step in {Step.REPORTED, Step.DONE}
    secretary = next((n.member.name for n in elected if n.role == PostRole.SECRETARY), "") if officers else ""
    deputies = [n.member.name for n in elected if n.role == PostRole.DEPUTY_SECRETARY] if officers else []
    last = election.rounds.order_by("-number").first()
    return {
        "entitled": election.entitled,
        "held_on": _day(election.held_on),
        "rounds": rounds,
        "complete": election.step != Step.VOTING,
        "seats_left": services.seats_left(election),
        "committee": sorted_by_strokes([n.member.name for n in elected]),
        "officers_on": _day(election.officers_on),
        "secretary": secretary,
        "deputy_names": sorted_by_strokes(deputies),
        "reported": officers,
        "signed_on": _day(election.reported_on if officers else last.held_on if last else None),
    }


_FACTS = {
    "request": _request,
    "reply": _reply,
    "procedure": _procedure,
    "ballot": _ballot,
    "count_report": _count_report,
}
