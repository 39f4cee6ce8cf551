"""Recording a branch's democratic evaluation of its members (民主评议党员).

A round is opened with its roll (the membership facts on its date), each member's assessments
and 测评 counts are recorded, the branch's verdict is given, and the round is concluded; a 不合格
verdict's outcome is recorded afterwards. Every refusal cites its rule (`evaluation.rules`)."""

import datetime as dt
from typing import NamedTuple

from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import known_user, record
from core.errors import DomainError
from core.i18n import stored
from evaluation import rules
from evaluation.models import EvaluationRound, FollowUp, Grade, Participant, RoundStatus
from evaluation.signals import follow_up_recorded
from members.models import Member
from orgs.models import MEMBER_HOLDING_KINDS, PartyOrganization


def roll_on(organization: PartyOrganization, day: dt.date) -> list[tuple[Member, bool]]:
    """The branch's members on `day` by the membership facts, each with whether they were
    probationary that day; not those already graded that year by another branch (a member who
    moved is evaluated once a year: the result is kept per member per year)."""
    graded = Participant.objects.filter(round__year=day.year, round__status=RoundStatus.CONCLUDED).exclude(grade="")
    members = (
        Member.objects.of(organization, day).exclude(pk__in=graded.values("member_id")).order_by("name_pinyin", "pk")
    )
    return [(m, m.full_member_date is None or m.full_member_date > day) for m in members]


def do_open_round(
    organization: PartyOrganization, *, day: dt.date, meeting: str = "", acting_user: User | None
) -> EvaluationRound:
    """Open the year's evaluation round of a branch, with its roll on `day`."""
    if organization.kind not in MEMBER_HOLDING_KINDS:
        raise DomainError(
            _("Members are evaluated by the branch that holds them: %(name)s holds no members.")
            % {"name": organization.name}
        )
    if EvaluationRound.objects.filter(organization=organization, year=day.year).exists():
        raise DomainError(
            _("%(name)s already has its democratic evaluation of %(year)s (one a year: %(citation)s).")
            % {"name": organization.name, "year": day.year, "citation": rules.PROCEDURE.citation},
            field="day",
        )
    roll = roll_on(organization, day)
    if not roll:
        raise DomainError(
            _("%(name)s had no members on %(day)s.") % {"name": organization.name, "day": day}, field="day"
        )
    with transaction.atomic():
        evaluation = EvaluationRound.objects.create(
            organization=organization, year=day.year, date=day, meeting=meeting, created_by=known_user(acting_user)
        )
        Participant.objects.bulk_create(
            Participant(round=evaluation, member=member, probationary=probationary) for member, probationary in roll
        )
        record(
            "evaluation.round.opened",
            actor=acting_user,
            target=evaluation,
            organization=organization,
            new={"year": day.year, "date": day.isoformat(), "members": len(roll)},
        )
    return evaluation


def excellent_limit(evaluation: EvaluationRound) -> tuple[int, int | None]:
    """(full members graded, how many of them may be excellent: None when uncapped)."""
    graded = evaluation.participants.filter(probationary=False).count()
    return graded, rules.excellent_cap(graded, evaluation.date)


def _check_open(evaluation: EvaluationRound) -> None:
    if evaluation.concluded:
        raise DomainError(_("This evaluation round is concluded: its records can no longer be changed."))


def check_grade(participant: Participant, grade: str) -> None:
    """Refuse a verdict the rules forbid: any grade for a probationary member, an excellent
    beyond the share."""
    if not grade:
        return
    evaluation = participant.round
    if participant.probationary:
        _refuse_probationary(participant)
    if grade == Grade.EXCELLENT:
        others = evaluation.participants.filter(grade=Grade.EXCELLENT).exclude(pk=participant.pk).count()
        _check_excellent(evaluation, others, others + 1)


def _refuse_probationary(participant: Participant) -> None:
    evaluation = participant.round
    rule = rules.rules_on(evaluation.date)[rules.PROBATIONARY_NOT_GRADED.code]
    raise DomainError(
        _(
            "%(name)s was a probationary member on %(day)s: probationary members take part but are not graded "
            "(%(citation)s)."
        )
        % {"name": participant.member.name, "day": evaluation.date, "citation": rule.citation},
        field="grade",
    )


def _check_excellent(evaluation: EvaluationRound, given: int, wanted: int) -> None:
    """Refuse `wanted` excellents in the round (of which `given` are recorded) beyond the share."""
    graded, cap = excellent_limit(evaluation)
    if cap is None or wanted <= cap:
        return
    rule = rules.rules_on(evaluation.date)[rules.EXCELLENT_ONE_IN.code]
    raise DomainError(
        _(
            "Excellent may be given to at most %(share)s of the full members evaluated (at most %(cap)s of "
            "%(graded)s; %(given)s given already): %(citation)s."
        )
        % {
            "share": rules.share_words(int(rule.current())),
            "cap": cap,
            "graded": graded,
            "given": given,
            "citation": rule.citation,
        },
        field="grade",
    )


def do_record_evaluation(
    participant: Participant,
    *,
    self_assessed: bool,
    self_assessment: str,
    mutual_assessed: bool,
    votes: tuple[int, int, int, int],
    grade: str,
    acting_user: User | None,
) -> Participant:
    """Record a member's self-assessment, mutual assessment, 测评 counts and verdict."""
    evaluation = participant.round
    _check_open(evaluation)
    _check_votes(votes, evaluation.participants.count())
    with transaction.atomic():
        # one verdict at a time per round: the share is counted against the rows locked here
        list(EvaluationRound.objects.select_for_update().filter(pk=evaluation.pk))
        check_grade(participant, grade)
        old = {"grade": participant.grade, "votes": list(participant.votes)}
        participant.self_assessed = self_assessed or bool(self_assessment.strip())
        participant.self_assessment = self_assessment.strip()
        participant.mutual_assessed = mutual_assessed
        (
            participant.votes_excellent,
            participant.votes_qualified,
            participant.votes_basically_qualified,
            participant.votes_unqualified,
        ) = votes
        participant.grade = grade
        participant.save()
        record(
            "evaluation.member.recorded",
            actor=acting_user,
            target=participant,
            organization=evaluation.organization,
            old=old,
            new={
                "grade": grade,
                "votes": list(votes),
                "self_assessed": participant.self_assessed,
                "mutual_assessed": mutual_assessed,
            },
        )
    return participant


class RollEntry(NamedTuple):
    """What the roll page records for one member: the assessments done and the 测评 counts."""

    self_assessed: bool
    mutual_assessed: bool
    votes: tuple[int, int, int, int]
    grade: str = ""  # a probationary member's is always empty


def do_record_roll(evaluation: EvaluationRound, entries: dict[int, RollEntry], *, acting_user: User | None) -> int:
    """Record the whole roll at once (the tally sheet at hand), keyed by participant id: the
    assessments done, the 测评 counts and the verdicts, checked as one verdict at a time is (no
    grade for a probationary member; the excellent of the whole roll within the share). Returns
    how many rows changed."""
    _check_open(evaluation)
    with transaction.atomic():
        list(EvaluationRound.objects.select_for_update().filter(pk=evaluation.pk))
        rows = {p.pk: p for p in evaluation.participants.select_related("member", "round")}
        if set(entries) - set(rows):
            raise DomainError(_("The roll has changed: please reload the page."))
        for pk, entry in entries.items():
            _check_votes(entry.votes, len(rows))
            if entry.grade and rows[pk].probationary:
                _refuse_probationary(rows[pk])
        final = {pk: entries[pk].grade if pk in entries else p.grade for pk, p in rows.items()}
        given = sum(1 for p in rows.values() if p.grade == Grade.EXCELLENT)
        _check_excellent(evaluation, given, sum(1 for g in final.values() if g == Grade.EXCELLENT))
        changed = []
        verdicts: dict[str, str] = {}  # whose verdict changed, by name: "合格→优秀" (a record)
        for pk, entry in entries.items():
            p = rows[pk]
            before = (p.self_assessed, p.mutual_assessed, p.votes, p.grade)
            if entry.grade != p.grade:
                verdicts[p.member.name] = f"{_grade_label(p.grade)}→{_grade_label(entry.grade)}"
            p.self_assessed, p.mutual_assessed = entry.self_assessed or bool(p.self_assessment), entry.mutual_assessed
            (p.votes_excellent, p.votes_qualified, p.votes_basically_qualified, p.votes_unqualified) = entry.votes
            p.grade = entry.grade
            if (p.self_assessed, p.mutual_assessed, p.votes, p.grade) != before:
                changed.append(p)
        Participant.objects.bulk_update(
            changed,
            [
                "self_assessed",
                "mutual_assessed",
                "votes_excellent",
                "votes_qualified",
                "votes_basically_qualified",
                "votes_unqualified",
                "grade",
            ],
        )
        record(
            "evaluation.roll.recorded",
            actor=acting_user,
            target=evaluation,
            organization=evaluation.organization,
            new={
                "changed": len(changed),
                "verdicts": verdicts,
                **{g: sum(1 for v in final.values() if v == g) for g in Grade.values},
            },
        )
    return len(changed)


def _grade_label(grade: str) -> str:
    return stored(Grade(grade).label) if grade else "—"


def _check_votes(votes: tuple[int, int, int, int], roll: int) -> None:
    if any(v < 0 for v in votes):
        raise DomainError(_("Vote counts cannot be negative."), field="votes_excellent")
    if sum(votes) > roll:
        raise DomainError(
            _("%(votes)s votes counted, but the round's roll has %(roll)s members: each member votes once.")
            % {"votes": sum(votes), "roll": roll},
            field="votes_excellent",
        )


def do_conclude_round(
    evaluation: EvaluationRound, *, day: dt.date, meeting: str, acting_user: User | None
) -> EvaluationRound:
    """The branch gave its verdicts (支委会 or 党员大会): the round's results are final. Every
    full member still on the branch's roll that day has a verdict; one who left meanwhile is
    not graded by it."""
    _check_open(evaluation)
    if day < evaluation.date:
        raise DomainError(
            _("A round is concluded on or after its date (%(day)s).") % {"day": evaluation.date}, field="day"
        )
    # those who left the branch before the verdicts are not graded by it
    still_here = Member.objects.of(evaluation.organization, day)
    missing = evaluation.participants.filter(probationary=False, grade="", member__in=still_here).count()
    if missing:
        raise DomainError(
            _("%(n)s full members have no verdict yet: every full member evaluated is graded (%(citation)s).")
            % {"n": missing, "citation": rules.PROCEDURE.citation}
        )
    with transaction.atomic():
        evaluation.status, evaluation.concluded_on = RoundStatus.CONCLUDED, day
        evaluation.meeting = meeting.strip() or evaluation.meeting
        evaluation.save(update_fields=["status", "concluded_on", "meeting"])
        counts = dict(
            evaluation.participants.exclude(grade="").values("grade").annotate(n=Count("pk")).values_list("grade", "n")
        )
        record(
            "evaluation.round.concluded",
            actor=acting_user,
            target=evaluation,
            organization=evaluation.organization,
            new={"concluded_on": day.isoformat(), **{g: counts.get(g, 0) for g in Grade.values}},
        )
    return evaluation


def do_record_follow_up(
    participant: Participant, *, follow_up: str, note: str, day: dt.date, acting_user: User | None
) -> Participant:
    """Record what the branch decided for a member graded 不合格 (教育转化 or 组织处置); the
    follow-up to-do closes with it (`follow_up_recorded`). The decision is the branch's (and,
    for removal, its superior's): the system records it."""
    evaluation = participant.round
    if participant.grade != Grade.UNQUALIFIED or not evaluation.concluded:
        raise DomainError(_("Only a member graded unqualified in a concluded round is followed up."))
    if follow_up not in FollowUp.values:
        raise DomainError(_("Choose the follow-up decided."), field="follow_up")
    if day < (evaluation.concluded_on or evaluation.date):
        raise DomainError(
            _("The follow-up is decided after the verdict (%(day)s).") % {"day": evaluation.concluded_on}, field="day"
        )
    with transaction.atomic():
        old = {"follow_up": participant.follow_up}
        participant.follow_up, participant.follow_up_note, participant.follow_up_on = follow_up, note.strip(), day
        participant.save(update_fields=["follow_up", "follow_up_note", "follow_up_on"])
        record(
            "evaluation.follow_up.recorded",
            actor=acting_user,
            target=participant,
            organization=evaluation.organization,
            old=old,
            new={"follow_up": follow_up, "day": day.isoformat()},
        )
        follow_up_recorded.send(sender=Participant, participant=participant, acting_user=acting_user)
    return participant
