"""Whether a nominee may be commended, read from the records on a day: the registry (full
membership, on the roll, an organization not dissolved, its term), discipline's effect periods
(`discipline.queries.restrictions`) and the democratic evaluations' verdicts of the round's
period. Each finding names its reason and the rule it applies (commendations.rules); a finding
that `bars` refuses the approval, the others are flags the committee weighs. Which conditions
apply is the round's (the committee's switches).

What a reader without the discipline capability reads of a sanction or an admonishment is
neutral — that the nominee is under an effect period and to ask the discipline office — never
its kind or end, as in the elections' candidate review."""

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from commendations import rules
from commendations.models import Nomination, Round
from core.rules import Text
from discipline.queries import restrictions
from evaluation.models import Grade, Participant, RoundStatus
from members.models import Status


@dataclass(frozen=True)
class Finding:
    bars: bool  # refuses the approval (else a flag)
    reason: str
    citation: Text

    @property
    def text(self) -> str:
        return _("%(reason)s — %(citation)s") % {"reason": self.reason, "citation": self.citation}


def check_day(round_: Round) -> dt.date:
    """The day a round's nominees are checked on: the decision day once decided, else today
    (the decision has not been taken: today's records are what the committee weighs)."""
    from core import clock

    return round_.decided_on if round_.decided_on else clock.today()


def unqualified_years(member_ids: Iterable[int], first: int, last: int) -> dict[int, list[int]]:
    """The years from `first` to `last` in which each member was graded 不合格 in a concluded
    democratic evaluation (members without such a verdict are absent)."""
    rows = Participant.objects.filter(
        member_id__in=list(member_ids),
        grade=Grade.UNQUALIFIED,
        round__status=RoundStatus.CONCLUDED,
        round__year__gte=first,
        round__year__lte=last,
    ).values_list("member_id", "round__year")
    found: dict[int, list[int]] = {}
    for member_id, year in rows.order_by("round__year"):
        found.setdefault(member_id, []).append(year)
    return found


def findings(
    nominations: list[Nomination], day: dt.date, *, discipline_details: Collection[int] = ()
) -> dict[int, list[Finding]]:
    """Each nomination's findings on `day` (nominations with none are absent), in a fixed number
    of queries whatever their count. `discipline_details`: the members whose sanction's kind and
    end of effect period the reader may read (the discipline capability over them); for the
    others a neutral reason."""
    found: dict[int, list[Finding]] = {}
    by_round: dict[int, Round] = {n.round_id: n.round for n in nominations}
    member_noms = [n for n in nominations if n.member_id]
    member_ids = {n.member_id for n in member_noms}
    flags = restrictions(member_ids, day) if member_ids else {}
    verdicts: dict[int, dict[int, list[int]]] = {}
    for round_id, round_ in by_round.items():
        if round_.check_evaluation:
            first, last = rules.period_years(round_.year)
            ids = {n.member_id for n in member_noms if n.round_id == round_id}
            verdicts[round_id] = unqualified_years(ids, first, last) if ids else {}
    for n in member_noms:
        round_, member = by_round[n.round_id], n.member
        mine = found.setdefault(n.pk, [])
        if member.status != Status.ACTIVE:
            mine.append(Finding(True, _("not on the roll (%(status)s)") % {"status": member.get_status_display()}, ""))
        if round_.check_full_member and (member.full_member_date is None or member.full_member_date > day):
            mine.append(
                Finding(True, _("not a full member on %(day)s") % {"day": day.isoformat()}, rules.FULL_MEMBER.citation)
            )
        if round_.check_discipline:
            for flag in flags.get(n.member_id, []):
                if n.member_id in discipline_details:
                    until = flag.until.isoformat() if flag.until else _("no end recorded")
                    reason = _("in the effect period of %(kind)s (until %(until)s)") % {
                        "kind": flag.label,
                        "until": until,
                    }
                else:
                    reason = _("in an effect period; please ask the discipline office")
                finding = Finding(True, reason, rules.NO_DISCIPLINE.citation)
                if finding not in mine:
                    mine.append(finding)
        for year in verdicts.get(n.round_id, {}).get(n.member_id, []):
            mine.append(
                Finding(
                    True,
                    _("graded unqualified in the democratic evaluation of %(year)s") % {"year": year},
                    rules.NOT_UNQUALIFIED.citation,
                )
            )
    for n in nominations:
        if not n.nominee_organization_id:
            continue
        org, round_ = n.nominee_organization, by_round[n.round_id]
        mine = found.setdefault(n.pk, [])
        if org.dissolved is not None and org.dissolved <= day:
            mine.append(
                Finding(
                    True,
                    _("dissolved on %(day)s") % {"day": org.dissolved.isoformat()},
                    rules.ORGANIZATION_EXISTS.citation,
                )
            )
        elif round_.flag_term_overdue and org.term_end is not None and org.term_end < day:
            mine.append(
                Finding(
                    False,
                    _("its term ended on %(day)s and no election is recorded") % {"day": org.term_end.isoformat()},
                    rules.TERM_ON_TIME.citation,
                )
            )
    return {pk: rows for pk, rows in found.items() if rows}


def eligible(nomination: Nomination, day: dt.date) -> bool:
    """No finding that bars the approval on `day`."""
    return not any(f.bars for f in findings([nomination], day).get(nomination.pk, []))
