"""Where every elected organization stands in its term (the committee's 换届 oversight): in
term, due within one of the reminder marks (6 and 3 months by default, local configuration in
orgs.rules), or overdue; organizations whose term was never recorded are counted apart.
Periods are counted back from the term's end in calendar months (orgs.rules.mark_reached)."""

import datetime as dt

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from discipline.queries import restrictions
from elections.models import OPEN_STEPS, Election
from members.models import Member
from members.rights import entitled_voters, has_voting_rights, without_voting_rights
from orgs import rules as term_rules
from orgs.models import PartyOrganization

IN_TERM, OVERDUE, UNRECORDED = "in_term", "overdue", "unrecorded"


def due(months: int) -> str:
    """The status of a term within `months` of its end: "due_6m", "due_3m" with the default marks."""
    return f"due_{months}m"


def statuses(day: dt.date) -> tuple[str, ...]:
    """Overdue, each reminder mark nearest first, in term: the order the overview shows."""
    return (OVERDUE, *(due(m) for m in sorted(term_rules.reminder_months(day))), IN_TERM)


def entitled(organization: PartyOrganization, day: dt.date) -> QuerySet[Member]:
    """Those who count as entitled (应到会) at the organization's election on `day` (选举工作条例
    第五条): its full members then (of the organizations under it too: a committee's general
    meeting of members), less every recorded suspension — rights taken (留党察看,
    detention) and approved absences, which keep the rights but not the seat — the same function
    that counts development votes."""
    return entitled_voters(organization, day, subtree=True)


def candidate_flags(members: list[Member], day: dt.date, *, discreet: bool = True) -> dict[int, list[str]]:
    """What the superior's review (审查) must see of each would-be candidate on the election
    day: not a full member or without the right to stand (these bar a candidacy), and any
    sanction's or admonishment's effect period (these the reviewers weigh). Members with
    nothing to show are absent. `discreet`: an admonishment is named only to the discipline
    capability (discipline.queries)."""
    found: dict[int, list[str]] = {}
    barred = without_voting_rights(members, day)
    for member in members:
        if member.full_member_date is None or member.full_member_date > day:
            found.setdefault(member.pk, []).append(_("not a full member on the election day"))
        elif member.pk in barred:
            found.setdefault(member.pk, []).append(_("without the right to stand on the election day"))
    for member_id, flags in restrictions([m.pk for m in members], day, discreet=discreet).items():
        found.setdefault(member_id, []).extend(str(flag.label) for flag in flags)
    return found


def eligible(member: Member, day: dt.date) -> bool:
    """May stand: a full member with the right to vote and stand on the election day."""
    return has_voting_rights(member, day)


def term_status(term_end: dt.date, day: dt.date) -> str:
    """The status of a term ending on `term_end`, seen on `day`: overdue once the end has passed
    (a term ending today is still due), else the nearest reminder mark reached — the same test
    the to-do reminders use (orgs.rules.mark_reached) — else in term."""
    if term_end < day:
        return OVERDUE
    mark = term_rules.mark_reached(term_end, day)
    return IN_TERM if mark is None else due(mark)


def elected_organizations(within: QuerySet[PartyOrganization] | None = None) -> QuerySet[PartyOrganization]:
    """Live organizations of a kind elected for a term (within `within`, when given)."""
    rows = within if within is not None else PartyOrganization.objects.all()
    return rows.filter(dissolved__isnull=True).exclude(kind__in=term_rules.NO_TERM_KINDS)


def terms_by_status(day: dt.date, within: QuerySet[PartyOrganization] | None = None) -> dict[str, list]:
    """Each status → its organizations, soonest end first; "unrecorded" → those with no term end."""
    found: dict[str, list] = {status: [] for status in (*statuses(day), UNRECORDED)}
    rows = elected_organizations(within).only("pk", "name", "kind", "path", "term_start", "term_end")
    for org in rows.order_by("term_end", "path").iterator(2000):
        found[term_status(org.term_end, day) if org.term_end else UNRECORDED].append(org)
    return found


def term_counts(day: dt.date, within: QuerySet[PartyOrganization] | None = None) -> dict[str, int]:
    """The organizations elected for a term, those overdue on `day` (`term_status`: the end has
    passed) and those with no term end, counted in one statement (the annual report's figures,
    for tens of thousands of organizations)."""
    return elected_organizations(within).aggregate(
        elected=Count("pk"),
        overdue=Count("pk", filter=Q(term_end__lt=day)),
        unrecorded=Count("pk", filter=Q(term_end__isnull=True)),
    )


def in_progress(within: QuerySet[PartyOrganization] | None = None) -> QuerySet:
    """Elections under way (of organizations within `within`), the longest at their step first."""
    rows = Election.objects.filter(step__in=OPEN_STEPS).select_related("organization")
    if within is not None:
        rows = rows.filter(organization__in=within)
    return rows.order_by("step_since", "organization__path")


def oversight(day: dt.date, within: QuerySet[PartyOrganization] | None = None) -> dict:
    """The figures of `manage.py elections --json`: the organizations by term status, and each
    election under way with its step and the day it reached it."""
    found = terms_by_status(day, within)
    return {
        "as_of": day.isoformat(),
        **{status: len(rows) for status, rows in found.items()},
        "in_progress": [
            {"organization": e.organization.name, "step": e.step, "since": e.step_since.isoformat()}
            for e in in_progress(within)
        ],
    }
