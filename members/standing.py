"""What each 党籍 event means and when it may be recorded, for people: the member page's event
form (the kinds an officer may record for this member, each with its conditions and their
source), the warnings a flag carries once a rule's months have passed, and the codes statistics
use. The refusals themselves are `members.services`'."""

import datetime as dt

from django.utils.translation import gettext_lazy as _

from core.i18n import format_lazy
from core.periods import add_months, add_years
from members import rules
from members.models import Category, EventKind, FlagKind, Member, MemberFlag, Status

# The codes of `members.queries.standing_events` (statistics, the annual report, the discipline
# command's "events"): every kind that changes the 党籍, in this order.
EVENT_CODES: dict[str, str] = {
    EventKind.DECEASED: "death",
    EventKind.EXPELLED: "expelled",
    EventKind.REMOVED: "removed",
    EventKind.LAPSED: "lapsed",
    EventKind.WITHDREW: "withdrew",
    EventKind.PROBATION_CANCELLED: "probation_cancelled",
    EventKind.SUSPENDED: "suspended",
    EventKind.RESTORED: "restored",
}

# How the old single "left" event reads now that the kinds are told apart.
LEFT_UNCLASSIFIED = _("Left the party (unclassified)")


def event_label(kind: str) -> str:
    return LEFT_UNCLASSIFIED if kind == EventKind.LEFT else EventKind(kind).label


def conditions() -> dict[str, str]:
    """Each kind's conditions, with the rule it rests on (lazy: read in the reader's language)."""
    return {
        EventKind.CONVERTED: _(
            "A probationary member whose year of probation is over, after the branch general meeting's vote and "
            "the superior committee's approval; a member with a development record is converted there."
        ),
        EventKind.DECEASED: _("The date of death. Posts and the membership end on that day."),
        EventKind.REMOVED: _(
            "Decided by the branch general meeting and approved by the superior committee (a member who lacks "
            "revolutionary will and does not change after education, or does not fulfil a member's duties)."
        ),
        EventKind.LAPSED: format_lazy(
            _(
                "%(months)s months in a row without organizational life, dues or assigned work, without a "
                "proper reason; or out of contact %(years)s years after the membership was suspended "
                "(%(citation)s). The attention list of organizational life lists such members; the branch decides."
            ),
            months=rules.INACTIVE_MONTHS.current(),
            years=rules.LOST_CONTACT_REMOVAL_YEARS.current(),
            citation=rules.INACTIVE_MONTHS.citation,
        ),
        EventKind.WITHDREW: _("The member asked to withdraw; the branch general meeting decides and reports it."),
        EventKind.PROBATION_CANCELLED: _(
            "A probationary member who does not meet the conditions of membership; a member with a development "
            "record is cancelled there."
        ),
        EventKind.SUSPENDED: format_lazy(
            _(
                "Out of contact for %(months)s months or more and not found by every means; or settled "
                "abroad, or studying abroad for more than %(years)s years without returning (%(citation)s). The "
                "member leaves the roll; the membership may be restored."
            ),
            months=rules.LOST_CONTACT_MONTHS.current(),
            years=rules.ABROAD_YEARS.current(),
            citation=rules.LOST_CONTACT_MONTHS.citation,
        ),
        EventKind.RESTORED: format_lazy(
            _(
                "A suspended member who meets the conditions comes back on the roll of the branch chosen, "
                "from the date given. One who withdrew, was removed or expelled may in principle only join again "
                "(%(citation)s)."
            ),
            citation=rules.RESTORE_AFTER_LEAVING.citation,
        ),
    }


def offered_kinds(member: Member) -> list[str]:
    """The kinds an officer may record for `member` on the member page: never 开除党籍 (a
    discipline decision writes it) nor the old "left"; conversion and cancellation only for a
    probationary member, restoration only for a suspended one."""
    if member.status == Status.ACTIVE:
        kinds = [EventKind.DECEASED, EventKind.REMOVED, EventKind.LAPSED, EventKind.WITHDREW, EventKind.SUSPENDED]
        if member.category == Category.PROBATIONARY:
            kinds = [EventKind.CONVERTED, EventKind.PROBATION_CANCELLED, *kinds]
        return kinds
    if member.status == Status.SUSPENDED:
        return [EventKind.RESTORED, EventKind.DECEASED, EventKind.REMOVED, EventKind.LAPSED, EventKind.WITHDREW]
    return []


def flag_warning(flag: MemberFlag, day: dt.date) -> str:
    """What an open flag asks people to consider on `day` once a rule's time has passed ("" if
    nothing yet): the system warns, people decide."""
    if flag.valid_to is not None and flag.valid_to <= day:
        return ""
    if flag.kind == FlagKind.LOST_CONTACT and add_months(flag.valid_from, rules.LOST_CONTACT_MONTHS.current()) <= day:
        return format_lazy(
            _(
                "Out of contact for %(months)s months or more: if not found by every means, suspending the "
                "membership may be considered (%(citation)s)."
            ),
            months=rules.LOST_CONTACT_MONTHS.current(),
            citation=rules.LOST_CONTACT_MONTHS.citation,
        )
    if flag.kind == FlagKind.ABROAD and add_years(flag.valid_from, rules.ABROAD_YEARS.current()) < day:
        return format_lazy(
            _(
                "Abroad for more than %(years)s years: if settled or studying there without returning, the "
                "membership is normally suspended (%(citation)s)."
            ),
            years=rules.ABROAD_YEARS.current(),
            citation=rules.ABROAD_YEARS.citation,
        )
    if flag.kind == FlagKind.MOBILE and add_months(flag.valid_from, rules.MOBILE_MONTHS.current()) <= day:
        return format_lazy(
            _(
                "Away for %(months)s months or more: at a fixed place the membership should be transferred; "
                "otherwise the member belongs to this branch and takes part in organizational life where they "
                "are too (%(citation)s)."
            ),
            months=rules.MOBILE_MONTHS.current(),
            citation=rules.MOBILE_MONTHS.citation,
        )
    return ""


FLAG_HELP = {
    FlagKind.LOST_CONTACT: _("The date the branch lost contact; the place last known, if any."),
    FlagKind.MOBILE: _(
        "Away from the branch (work, study, residence) without transferring the membership; one branch "
        "keeps the membership, organizational life may be taken part in at both places."
    ),
    FlagKind.ABROAD: _("The date of leaving and the country or region."),
}
