"""An election's steps (选举工作条例 2020; the 1990 暂行条例 before), each a `do_*` function that
checks, writes the election and its audit event in one transaction, and refuses with a message a
clerk can act on. Who may call which is `elections.access`: the organization's officers draft,
nominate and record the meeting; the approving superior replies, reviews and approves.

The result is written into the registry by `orgs.services.do_install_committee` (posts, the
new term by the dated term rule, the leaders' talk to-dos, the end of the term's reminders)."""

import datetime as dt
from collections.abc import Iterable, Mapping

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from audit.models import AuditEvent
from audit.services import record
from core import clock
from core.errors import DomainError
from core.periods import add_months, add_years
from core.rules import Rule
from core.strokes import sorted_by_strokes
from elections import queries, rules, tally
from elections.models import (
    OPEN_STEPS,
    Election,
    Method,
    Nominee,
    Round,
    Standing,
    Step,
    TermChange,
    TermChangeKind,
    TermChangeStatus,
    Vote,
)
from members.models import Member
from orgs import rules as term_rules
from orgs.models import PartyOrganization, PostRole
from orgs.queries import approving_committee
from orgs.services import do_install_committee, do_move_term_end

# How far ahead a planned date may lie (the term's reminders start 6 months before its end).
PLANNING_MONTHS = 18


def _check_day(day: dt.date, label: str, field: str, *, not_before: dt.date | None = None) -> None:
    if day > clock.today():
        raise DomainError(_("%(what)s cannot be later than today.") % {"what": label}, field=field)
    if not_before is not None and day < not_before:
        raise DomainError(
            _("%(what)s cannot be earlier than %(day)s.") % {"what": label, "day": f"{not_before:%Y-%m-%d}"},
            field=field,
        )


def _check_step(election: Election, *steps: str) -> None:
    if election.step not in steps:
        raise DomainError(
            _("This election is at the step “%(step)s”: the action is not open now.")
            % {"step": election.get_step_display()}
        )


def _locked(election: Election) -> Election:
    """The election row, locked for the step's transaction (two clerks cannot both move it)."""
    return Election.objects.select_for_update().get(pk=election.pk)


def _move(election: Election, step: str, day: dt.date, fields: Iterable[str] = ()) -> None:
    election.step, election.step_since = step, day
    election.save(update_fields=["step", "step_since", *fields])


def _audit(verb: str, election: Election, acting_user: User | None, **new) -> None:
    record(
        f"elections.election.{verb}",
        actor=acting_user,
        target=election,
        organization=election.organization,
        new={"step": election.step, **{k: v.isoformat() if isinstance(v, dt.date) else v for k, v in new.items()}},
    )


def _check_not_own(obj: Election | TermChange, sent: str, acting_user: User | None) -> None:
    """The superior's decision is not taken by the person who sent what it decides (a committee
    officer may enter an organization's steps for it, but then another officer decides)."""
    if acting_user is None:
        return
    sender = (
        AuditEvent.objects.filter(action=sent, target_type=obj._meta.label_lower, target_id=str(obj.pk))
        .order_by("-pk")
        .values_list("actor_id", flat=True)
        .first()
    )
    if sender == acting_user.pk:
        raise DomainError(
            _("You sent this to the superior yourself: another officer of the approving committee decides it.")
        )


# -- the request (请示) and the reply (批复) ---------------------------------------------------


def check_may_start(org: PartyOrganization, day: dt.date) -> None:
    """An election is prepared from the first reminder mark before the term's end (6 months by
    default) or once it has passed; an organization with no term recorded may start any time."""
    if org.dissolved is not None:
        raise DomainError(_("This organization is dissolved already."))
    if not term_rules.has_term(org.kind):
        raise DomainError(_("This organization is not elected for a term."))
    if Election.objects.filter(organization=org, step__in=OPEN_STEPS).exists():
        raise DomainError(_("An election of this organization is under way already."))
    marks = term_rules.reminder_months(day)
    if org.term_end and queries.term_status(org.term_end, day) == queries.IN_TERM:
        raise DomainError(
            _(
                "The present term ends on %(end)s: the election is prepared from %(months)s months before"
                " its end. To hold it earlier, ask the superior to advance it."
            )
            % {"end": f"{org.term_end:%Y-%m-%d}", "months": max(marks)}
        )


def _check_request(election: Election) -> None:
    day = clock.today()
    org = election.organization
    if election.seats < 1:
        raise DomainError(_("At least one seat must be filled."), field="seats")
    if election.deputies >= election.seats:
        raise DomainError(
            _("The deputy secretaries and the secretary cannot outnumber the committee's seats."), field="deputies"
        )
    if election.planned_on < day or election.planned_on > add_months(day, PLANNING_MONTHS):
        raise DomainError(
            _("The election date must lie between today and %(months)s months from now.") % {"months": PLANNING_MONTHS},
            field="planned_on",
        )
    if election.method == Method.DELEGATE_CONGRESS and not election.dispersed:
        rule = rules.rule_on("delegate_congress_min_members", election.planned_on)
        members = Member.objects.under(org, day).count()
        if members < rule.current():
            raise DomainError(
                _(
                    "A congress of delegates elects where there are %(n)s members or more, or where they are"
                    " dispersed (%(source)s %(article)s); this organization has %(members)s."
                )
                % {"n": rule.current(), "source": rule.source, "article": rule.article, "members": members},
                field="method",
            )


def do_draft_election(election: Election, *, acting_user: User | None) -> Election:
    """Start an election of `election.organization` (unsaved) at the draft of its request, or save
    changes to a draft. The approving superior is the nearest party committee above."""
    org = election.organization
    day = clock.today()
    _check_request(election)
    with transaction.atomic():
        if election.pk is None:
            check_may_start(org, day)
            approving = approving_committee(org)
            if approving is None:
                raise DomainError(_("No superior committee is recorded above this organization to approve."))
            election.approving, election.term_end = approving, org.term_end
            election.step, election.step_since = Step.DRAFT, day
            election.save()
            verb = "drafted"
        else:
            _check_step(_locked(election), Step.DRAFT)
            election.save()
            verb = "request_changed"
        _audit(
            verb,
            election,
            acting_user,
            method=election.method,
            seats=election.seats,
            deputies=election.deputies,
            competitive=election.competitive,
            planned_on=election.planned_on,
        )
    return election


def do_send_request(election: Election, *, day: dt.date, acting_user: User | None) -> Election:
    _check_day(day, _("The date of the request"), "day", not_before=election.step_since)
    with transaction.atomic():
        election = _locked(election)
        _check_step(election, Step.DRAFT)
        _check_request(election)
        election.requested_on = day
        _move(election, Step.REQUESTED, day, ["requested_on"])
        _audit("requested", election, acting_user, requested_on=day)
    return election


def do_reply_request(
    election: Election, *, approve: bool, day: dt.date, note: str, acting_user: User | None
) -> Election:
    """The superior's 批复: approved, nominations open; returned (with its reason), the
    organization revises the draft."""
    _check_day(day, _("The date of the reply"), "day", not_before=election.requested_on)
    if not approve and not note.strip():
        raise DomainError(_("Please say why the request is returned."), field="note")
    with transaction.atomic():
        election = _locked(election)
        _check_step(election, Step.REQUESTED)
        _check_not_own(election, "elections.election.requested", acting_user)
        election.replied_on, election.reply_note = day, note.strip()
        _move(election, Step.NOMINATING if approve else Step.DRAFT, day, ["replied_on", "reply_note"])
        _audit("approved" if approve else "returned", election, acting_user, replied_on=day)
    return election


# -- candidates ----------------------------------------------------------------------------


def do_nominate(
    election: Election, members: Iterable[Member], *, nominations: int | None = None, acting_user: User | None
) -> list[Nominee]:
    """Add members of the organization to the nominees (上下结合: the members' nominations and
    the committee's, gathered by the organization). Whether they may stand is shown to the
    review, and checked when the preliminary list is sent."""
    members = list(members)
    if not members:
        raise DomainError(_("Please choose the members nominated."), field="members")
    with transaction.atomic():
        election = _locked(election)
        _check_step(election, Step.NOMINATING)
        roll = set(Member.objects.under(election.organization, clock.today()).values_list("pk", flat=True))
        if any(m.pk not in roll for m in members):
            raise DomainError(_("Only members of this organization can be nominated."), field="members")
        known = set(election.nominees.values_list("member_id", flat=True))
        if twice := [m.name for m in members if m.pk in known]:
            raise DomainError(_("Nominated already: %(names)s.") % {"names": "、".join(twice)}, field="members")
        added = [Nominee.objects.create(election=election, member=m, nominations=nominations) for m in members]
        _audit("nominated", election, acting_user, members=[m.pk for m in members])
    return added


def do_withdraw_nominee(nominee: Nominee, *, acting_user: User | None) -> None:
    with transaction.atomic():
        election = _locked(nominee.election)
        _check_step(election, Step.NOMINATING)
        nominee.delete()
        _audit("nominee_withdrawn", election, acting_user, member=nominee.member_id)


def _check_candidates(election: Election, chosen: list[Nominee]) -> None:
    """The list holds together: enough names for a competitive election (the rule's 差额), as
    many as the seats for a non-competitive one, and everyone may stand on the planned day."""
    day = election.planned_on
    if election.competitive:
        needed = tally.min_candidates(election.seats, day)
        if len(chosen) < needed:
            rule = rules.rule_on("min_competition_percent", day)
            raise DomainError(
                _(
                    "A competitive election of %(seats)s seats needs at least %(needed)s candidates"
                    " (%(percent)s%% more, %(source)s); %(n)s are chosen."
                )
                % {
                    "seats": election.seats,
                    "needed": needed,
                    "percent": rule.current(),
                    "source": rule.source,
                    "n": len(chosen),
                },
                field="nominees",
            )
    elif len(chosen) != election.seats:
        raise DomainError(
            _("A non-competitive election has as many candidates as seats (%(seats)s); %(n)s are chosen.")
            % {"seats": election.seats, "n": len(chosen)},
            field="nominees",
        )
    barred = [n.member.name for n in chosen if not queries.eligible(n.member, day)]
    if barred:
        raise DomainError(
            _("Only full members with the right to vote and stand on the election day may be candidates: %(names)s.")
            % {"names": "、".join(barred)},
            field="nominees",
        )


def do_send_candidates(
    election: Election, nominee_ids: Iterable[int], *, day: dt.date, acting_user: User | None
) -> Election:
    """Send the preliminary list (预备人选) to the superior's review."""
    _check_day(day, _("The date of the report"), "day", not_before=election.step_since)
    with transaction.atomic():
        election = _locked(election)
        _check_step(election, Step.NOMINATING)
        ids = set(nominee_ids)
        chosen = list(election.nominees.filter(pk__in=ids).select_related("member"))
        _check_candidates(election, chosen)
        election.nominees.update(standing=Standing.NOMINATED)
        election.nominees.filter(pk__in=ids).update(standing=Standing.PRELIMINARY)
        _move(election, Step.REVIEW, day)
        _audit("candidates_sent", election, acting_user, nominees=sorted(ids))
    return election


def do_review_candidates(
    election: Election,
    approved_ids: Iterable[int],
    *,
    approve: bool,
    day: dt.date,
    note: str,
    acting_user: User | None,
) -> Election:
    """The superior's review (考察/审查): the approved names are the formal candidates, the
    others on the list are not approved; or the list is returned for new nominations."""
    _check_day(day, _("The date of the review"), "day", not_before=election.step_since)
    if not approve and not note.strip():
        raise DomainError(_("Please say why the list is returned."), field="note")
    with transaction.atomic():
        election = _locked(election)
        _check_step(election, Step.REVIEW)
        _check_not_own(election, "elections.election.candidates_sent", acting_user)
        election.reviewed_on, election.reply_note = day, note.strip()
        preliminary = election.nominees.filter(standing=Standing.PRELIMINARY)
        if not approve:
            preliminary.update(standing=Standing.NOMINATED)
            _move(election, Step.NOMINATING, day, ["reviewed_on", "reply_note"])
            _audit("candidates_returned", election, acting_user, reviewed_on=day)
            return election
        ids = set(approved_ids)
        chosen = list(preliminary.filter(pk__in=ids).select_related("member"))
        if len(chosen) != len(ids):
            raise DomainError(_("Only names on the preliminary list can be approved."), field="nominees")
        _check_candidates(election, chosen)
        preliminary.exclude(pk__in=ids).update(standing=Standing.NOT_APPROVED)
        preliminary.filter(pk__in=ids).update(standing=Standing.FORMAL)
        _move(election, Step.FORMAL, day, ["reviewed_on", "reply_note"])
        _audit("candidates_approved", election, acting_user, reviewed_on=day, nominees=sorted(ids))
    return election


# -- the meeting -----------------------------------------------------------------------------


def on_ballot(election: Election) -> list[Nominee]:
    """The names on the next round's ballot, in 姓氏笔画 order: the formal candidates in the first
    round; then those not yet elected — only the tied, when a tie at the last seat is decided."""
    nominees = list(election.nominees.select_related("member"))
    last = election.rounds.order_by("-number").first()
    if last is None:
        names = [n for n in nominees if n.standing == Standing.FORMAL]
    else:
        tied = _tied(last)
        names = (
            [n for n in nominees if n.pk in tied]
            if tied
            else [n for n in nominees if n.elected_in is None and n.standing == Standing.FORMAL]
        )
    return sorted_by_strokes(names, key=lambda n: n.member.name)


def seats_left(election: Election) -> int:
    return election.seats - election.nominees.filter(elected_in__isnull=False).count()


def _tied(round_: Round) -> set[int]:
    """Nominees of `round_` who reached the threshold with the votes of the last seat and were
    not elected: a tie, voted on again among them."""
    rows = list(round_.votes.select_related("nominee"))
    needed = tally.votes_needed(round_.present, round_.held_on)
    passing_unelected = [v for v in rows if v.votes >= needed and v.nominee.elected_in is None]
    return {v.nominee_id for v in passing_unelected}


def _keys(nominees: Iterable[Nominee]) -> dict[str, Nominee]:
    """Names for the count's messages; namesakes get their order on the ballot."""
    found: dict[str, Nominee] = {}
    for nominee in nominees:
        key = nominee.member.name
        n = 2
        while key in found:
            key, n = f"{nominee.member.name}（{n}）", n + 1
        found[key] = nominee
    return found


def do_record_round(
    election: Election,
    *,
    held_on: dt.date,
    present: int,
    issued: int,
    returned: int,
    invalid: int,
    votes: Mapping[int, int],
    write_ins: Mapping[Member, int] | None = None,
    other_votes: int = 0,
    entitled: int | None = None,
    acting_user: User | None,
) -> Round:
    """Record one round's count (计票结果): `votes` by nominee id for the names on the ballot,
    `write_ins` for members of the organization written in (另选他人), `other_votes` for names
    that are no member. Those entitled are counted on the day (`queries.entitled`) for a general
    meeting; a congress of delegates gives its number (`entitled`). The quorum, the count and
    the outcome are `elections.tally`'s; seats left go to another round."""
    write_ins = dict(write_ins or {})
    with transaction.atomic():
        election = _locked(election)
        _check_step(election, Step.FORMAL, Step.VOTING)
        first = election.rounds.order_by("number").first()
        _check_day(
            held_on,
            _("The date of the election"),
            "held_on",
            not_before=first.held_on if first else election.reviewed_on,
        )
        if first is None:
            if election.method == Method.GENERAL_MEETING:
                entitled = queries.entitled(election.organization, held_on).count()
            elif entitled is None or entitled < 1:
                raise DomainError(_("Please enter the number of delegates entitled to vote."), field="entitled")
            election.held_on, election.entitled = held_on, entitled
        total = election.entitled or 0
        if present > total:
            raise DomainError(
                _("%(present)s present with the right to vote, but only %(entitled)s are entitled.")
                % {"present": present, "entitled": total},
                field="present",
            )
        if not tally.quorum_met(total, present, held_on):
            rule = rules.rule_on("election_quorum", held_on)
            raise DomainError(
                _(
                    "%(present)s of %(entitled)s entitled are present: an election needs more than %(share)s of them"
                    " (%(source)s, %(article)s). The meeting cannot elect."
                )
                % {
                    "present": present,
                    "entitled": total,
                    "share": rule.current(),
                    "source": rule.source,
                    "article": rule.article,
                },
                field="present",
            )
        if issued > present:
            raise DomainError(
                _("%(issued)s ballots were handed out to %(present)s voters present.")
                % {"issued": issued, "present": present},
                field="issued",
            )
        ballot = on_ballot(election)
        if barred := [n.member.name for n in ballot if not queries.eligible(n.member, held_on)]:
            raise DomainError(
                _(
                    "%(names)s may not stand on %(day)s (no longer a full member with the right to vote and stand):"
                    " the list must go back to the superior's review."
                )
                % {"names": "、".join(barred), "day": f"{held_on:%Y-%m-%d}"},
                field="held_on",
            )
        listed = {n.pk for n in ballot}
        if set(votes) - listed:
            raise DomainError(_("Votes can be entered only for the names on this round's ballot."), field="votes")
        written: list[tuple[Nominee, int]] = []
        roll = set(Member.objects.under(election.organization, held_on).values_list("pk", flat=True))
        for member, n in write_ins.items():
            if member.pk not in roll:
                raise DomainError(_("Only members of this organization can be written in."), field="write_ins")
            nominee, _created = Nominee.objects.get_or_create(
                election=election, member=member, defaults={"standing": Standing.WRITE_IN}
            )
            if nominee.pk not in listed and nominee.elected_in is None and nominee.standing != Standing.WRITE_IN:
                # a name the list left out (not sent, not approved) now stands by the voters' hand
                nominee.standing = Standing.WRITE_IN
                nominee.save(update_fields=["standing"])
            if nominee.pk in listed or nominee.elected_in is not None:
                raise DomainError(
                    _("%(name)s is on the ballot or elected already: enter the votes on their line.")
                    % {"name": member.name},
                    field="write_ins",
                )
            if not queries.eligible(member, held_on):
                raise DomainError(
                    _("%(name)s has no right to stand on the election day: count the votes as other names.")
                    % {"name": member.name},
                    field="write_ins",
                )
            written.append((nominee, n))
        written_votes = {n.pk: v for n, v in written}
        keys = _keys([*ballot, *(n for n, _v in written)])
        counted = {k: votes.get(n.pk, 0) if n.pk in listed else written_votes[n.pk] for k, n in keys.items()}
        seats = seats_left(election)
        others = _("other names")
        tally.check(tally.Count(seats, issued, returned, invalid, {**counted, others: other_votes}))
        result = tally.outcome(tally.Count(seats, issued, returned, invalid, counted), present, held_on)
        number = (election.rounds.order_by("-number").values_list("number", flat=True).first() or 0) + 1
        round_ = Round.objects.create(
            election=election,
            number=number,
            held_on=held_on,
            seats=seats,
            present=present,
            issued=issued,
            returned=returned,
            invalid=invalid,
            other_votes=other_votes,
        )
        Vote.objects.bulk_create([Vote(round=round_, nominee=keys[k], votes=v) for k, v in counted.items()])
        Nominee.objects.filter(pk__in=[keys[k].pk for k in result.elected]).update(elected_in=number)
        election.present = present
        step = Step.VOTING if result.seats_left else Step.OFFICERS
        _move(election, step, held_on, ["held_on", "entitled", "present"])
        _audit(
            "round_counted",
            election,
            acting_user,
            round=number,
            held_on=held_on,
            present=present,
            issued=issued,
            returned=returned,
            invalid=invalid,
            elected=[keys[k].member_id for k in result.elected],
            seats_left=result.seats_left,
        )
    return round_


def do_close_voting(election: Election, *, day: dt.date, note: str, acting_user: User | None) -> Election:
    """The meeting decides to hold no further round and to leave the seats not filled: the
    committee is those elected (the organization records the meeting's decision and its reason;
    the superior sees it when it approves the result)."""
    if not note.strip():
        raise DomainError(_("Please record the meeting's decision and its reason."), field="note")
    with transaction.atomic():
        election = _locked(election)
        _check_step(election, Step.VOTING)
        _check_day(day, _("The date of the decision"), "day", not_before=election.held_on)
        elected = election.nominees.filter(elected_in__isnull=False).count()
        if elected < 1:
            raise DomainError(_("No one is elected yet: the seats cannot be left empty."), field="note")
        seats = election.seats
        election.seats, election.seats_note = elected, note.strip()
        _move(election, Step.OFFICERS, day, ["seats", "seats_note"])
        _audit("seats_reduced", election, acting_user, seats_before=seats, seats=elected, day=day)
    return election


def do_elect_officers(
    election: Election,
    *,
    day: dt.date,
    secretary: Nominee,
    deputies: Iterable[Nominee] = (),
    discipline: Nominee | None = None,
    acting_user: User | None,
) -> Election:
    """The new committee's first meeting elects the secretary and deputies among its members
    (等额选举) and divides the work — the discipline member (纪检委员), when it names one, takes
    that post —, and the result is reported to the superior for approval."""
    deputies = list(deputies)
    with transaction.atomic():
        election = _locked(election)
        _check_step(election, Step.OFFICERS)
        assert election.held_on is not None  # the meeting was recorded to reach this step
        _check_day(day, _("The date of the committee's meeting"), "day", not_before=election.held_on)
        elected = {n.pk for n in election.nominees.filter(elected_in__isnull=False)}
        if secretary.pk not in elected or any(d.pk not in elected for d in deputies):
            raise DomainError(_("The secretary and deputies are elected among the new committee."), field="secretary")
        deputy_ids = {d.pk for d in deputies}
        if secretary.pk in deputy_ids:
            raise DomainError(_("The secretary cannot also be a deputy secretary."), field="deputies")
        if discipline is not None and (discipline.pk not in elected or discipline.pk in {secretary.pk, *deputy_ids}):
            raise DomainError(
                _("The discipline member is another member of the new committee than its secretaries."),
                field="discipline",
            )
        if len(deputies) > election.deputies:
            raise DomainError(
                _("The request approved %(n)s deputy secretaries.") % {"n": election.deputies}, field="deputies"
            )
        election.nominees.update(role="")
        election.nominees.filter(pk=secretary.pk).update(role=PostRole.SECRETARY)
        election.nominees.filter(pk__in=[d.pk for d in deputies]).update(role=PostRole.DEPUTY_SECRETARY)
        if discipline is not None:
            election.nominees.filter(pk=discipline.pk).update(role=PostRole.DISCIPLINE_MEMBER)
        election.officers_on = election.reported_on = day
        _move(election, Step.REPORTED, day, ["officers_on", "reported_on"])
        _audit(
            "reported", election, acting_user, secretary=secretary.member_id, deputies=[d.member_id for d in deputies]
        )
    return election


def do_decide_result(
    election: Election, *, approve: bool, day: dt.date, note: str, acting_user: User | None
) -> Election:
    """The superior approves the result: the new committee takes office on `day` (the old posts
    end that day), the term starts on the election day and ends by the term rule in force then;
    or it returns the officers' election with its reason."""
    _check_day(day, _("The date of the approval"), "day", not_before=election.reported_on)
    if not approve and not note.strip():
        raise DomainError(_("Please say why the result is returned."), field="note")
    with transaction.atomic():
        election = _locked(election)
        _check_step(election, Step.REPORTED)
        _check_not_own(election, "elections.election.reported", acting_user)
        election.reply_note = note.strip()
        if not approve:
            _move(election, Step.OFFICERS, day, ["reply_note"])
            _audit("result_returned", election, acting_user)
            return election
        assert election.held_on is not None
        elected = list(election.nominees.filter(elected_in__isnull=False).select_related("member"))
        do_install_committee(
            election.organization,
            [(n.member, n.role or PostRole.COMMITTEE_MEMBER) for n in elected],
            day=day,
            term_start=election.held_on,
            acting_user=acting_user,
        )
        election.approved_on = day
        _move(election, Step.DONE, day, ["approved_on", "reply_note"])
        _audit("result_approved", election, acting_user, approved_on=day)
    return election


def do_cancel_election(election: Election, *, note: str, acting_user: User | None) -> Election:
    if not note.strip():
        raise DomainError(_("Please say why the election is cancelled."), field="note")
    with transaction.atomic():
        election = _locked(election)
        _check_step(election, *OPEN_STEPS)
        election.reply_note = note.strip()
        _move(election, Step.CANCELLED, clock.today(), ["reply_note"])
        _audit("cancelled", election, acting_user)
    return election


# -- delay or advance (第三条) ----------------------------------------------------------------


def term_change_window(end: dt.date, kind: str, day: dt.date) -> tuple[dt.date, dt.date, Rule]:
    """The first and last new end a request of `kind` may ask for a term ending on `end`, seen
    on `day`, and the rule that sets the limit (第三条). An advance that cannot lie between today
    and the present end gives first > last."""
    rule = rules.rule_on("max_postponement_years", day)
    limit = rule.current()
    if kind == TermChangeKind.POSTPONE:
        return end + dt.timedelta(days=1), add_years(end, limit), rule
    return max(day, add_years(end, -limit)), end - dt.timedelta(days=1), rule


def do_request_term_change(change: TermChange, *, acting_user: User | None) -> TermChange:
    """Ask the superior to delay or advance the election: the new end lies within the rule's
    limit of the present end (at most a year, 第三条), and an advance not before today."""
    org = change.organization
    day = clock.today()
    if org.dissolved is not None:
        raise DomainError(_("This organization is dissolved already."))
    if not term_rules.has_term(org.kind):
        raise DomainError(_("This organization is not elected for a term."))
    if org.term_end is None:
        raise DomainError(_("No term end is recorded: please record the present term first."), field="new_end")
    if not change.reason.strip():
        raise DomainError(_("Please give the reason."), field="reason")
    end = org.term_end
    first, last, rule = term_change_window(end, change.kind, day)
    if not first <= change.new_end <= last:
        raise DomainError(
            _(
                "An election is delayed or advanced by at most %(years)s year (%(source)s %(article)s): the new end"
                " must lie between %(first)s and %(last)s."
            )
            % {
                "years": rule.current(),
                "source": rule.source,
                "article": rule.article,
                "first": f"{first:%Y-%m-%d}",
                "last": f"{last:%Y-%m-%d}",
            },
            field="new_end",
        )
    approving = approving_committee(org)
    if approving is None:
        raise DomainError(_("No superior committee is recorded above this organization to approve."))
    with transaction.atomic():
        if TermChange.objects.filter(organization=org, status=TermChangeStatus.REQUESTED).exists():
            raise DomainError(_("A request to move this term is awaiting its reply already."))
        change.approving, change.term_end, change.requested_on = approving, end, day
        change.reason = change.reason.strip()
        change.save()
        record(
            "elections.term_change.requested",
            actor=acting_user,
            target=change,
            organization=org,
            new={"kind": change.kind, "term_end": end.isoformat(), "new_end": change.new_end.isoformat()},
        )
    return change


def do_decide_term_change(
    change: TermChange, *, approve: bool, day: dt.date, note: str, acting_user: User | None
) -> TermChange:
    _check_day(day, _("The date of the reply"), "day", not_before=change.requested_on)
    if not approve and not note.strip():
        raise DomainError(_("Please say why the request is not approved."), field="note")
    with transaction.atomic():
        change = TermChange.objects.select_for_update().get(pk=change.pk)
        if change.status != TermChangeStatus.REQUESTED:
            raise DomainError(_("This request has been answered already."))
        _check_not_own(change, "elections.term_change.requested", acting_user)
        current = PartyOrganization.objects.get(pk=change.organization_id)
        first, last, _rule = term_change_window(change.term_end, change.kind, day)
        if approve and not first <= change.new_end <= last:
            raise DomainError(
                _("The new end asked for is no longer within the limit on %(day)s: please decline the request.")
                % {"day": f"{day:%Y-%m-%d}"},
                field="note",
            )
        if approve and current.term_end != change.term_end:
            raise DomainError(
                _(
                    "The term has changed since the request (it now ends on %(end)s): this request no longer"
                    " applies; please decline it."
                )
                % {"end": f"{current.term_end:%Y-%m-%d}" if current.term_end else "—"},
                field="note",
            )
        change.status = TermChangeStatus.APPROVED if approve else TermChangeStatus.RETURNED
        change.decided_on, change.reply_note = day, note.strip()
        change.save(update_fields=["status", "decided_on", "reply_note"])
        if approve:
            do_move_term_end(change.organization, change.new_end, acting_user=acting_user)
        record(
            "elections.term_change.decided",
            actor=acting_user,
            target=change,
            organization=change.organization,
            new={"status": change.status, "decided_on": day.isoformat()},
        )
    return change
