"""What the home page lists for a user, read from the apps that own each thing. Every function
runs a fixed number of queries whatever the number of rows (the first few rows and counts)."""

import datetime as dt

from django.db.models import Count, Q

from accounts.roles import EDIT_REGISTRY, VIEW_REGISTRY
from accounts.scope import has_capability, scope_paths, scope_queryset
from core.periods import add_months
from development import services as development
from development.models import OPEN_STAGES, Candidate, Step
from exchange.queries import recent_exports, recent_imports
from orgs import rules as term_rules
from orgs.models import PartyOrganization
from transfers.models import IN_PROGRESS, Transfer
from transfers.queries import handled

SHOWN = 5  # rows per section; the section's link leads to the rest
DEVELOPMENT_DAYS = 30  # a development step due within this many days is listed with the overdue ones
# The transfer lists that wait for the user (not those that wait for someone else).
TRANSFERS_WAITING = ("to_issue", "to_confirm", "incoming", "overdue", "pocket")


def transfers_waiting(user) -> tuple[dict[str, tuple[int, list[Transfer]]], int]:
    """({list name: (how many, the first few)} of the transfer inbox's lists where one of the
    user's own organizations is the one that acts, empty lists left out; and how many more wait
    for the organizations below them). A committee issues letters and chases receipts; a branch
    accepts and confirms: a committee's home page is not its branches' inbox."""
    if not has_capability(user, EDIT_REGISTRY):
        return {}, 0
    lists = handled(user)
    own = scope_paths(user, EDIT_REGISTRY)
    acting = {
        "to_issue": Q(issuing_organization__path__in=own),
        "to_confirm": Q(source__path__in=own),
        "incoming": Q(destination__path__in=own),
        "overdue": Q(destination__path__in=own),
        "pocket": Q(issuing_organization__path__in=own) | Q(issuing_organization__isnull=True, source__path__in=own),
    }
    out, below = {}, 0
    for name in TRANSFERS_WAITING:
        mine = lists[name].filter(acting[name])
        first = list(mine[: SHOWN + 1])
        total = len(first) if len(first) <= SHOWN else mine.count()
        if total:
            out[name] = (total, first[:SHOWN])
        if name in ("to_issue", "to_confirm", "incoming"):  # overdue is a part of incoming
            below += lists[name].exclude(acting[name]).count()
    return out, below


def development_due(user, today: dt.date) -> tuple[list[tuple[Candidate, development.Due]], int, int]:
    """(the first rows, how many, how many overdue) of development records in the user's scope
    whose next step is overdue or due within DEVELOPMENT_DAYS: overdue first, then by date.
    Three queries for any number of records, as development.services.overdue."""
    if not has_capability(user, VIEW_REGISTRY):
        return [], 0, 0
    open_ = list(
        scope_queryset(user, Candidate.objects.filter(stage__in=OPEN_STAGES)).select_related("organization", "member")
    )
    steps: dict[int, list[Step]] = {c.pk: [] for c in open_}
    for s in Step.objects.filter(candidate__in=[c.pk for c in open_]).order_by("date", "pk"):
        steps[s.candidate_id].append(s)
    cache = development.party_group_reviews(list({c.organization_id: c.organization for c in open_}.values()))
    horizon = today + dt.timedelta(days=DEVELOPMENT_DAYS)
    rows = []
    for c in open_:
        next_ = development.due(c, steps[c.pk], today, review_cache=cache)
        if next_.date is not None and next_.date <= horizon:
            rows.append((c, next_))
    rows.sort(key=lambda r: (r[1].date, r[0].pk))
    late = sum(1 for _c, n in rows if n.overdue(today))
    return rows[:SHOWN], len(rows), late


def terms_due(user, today: dt.date) -> dict:
    """Terms ended or ending (within the first reminder mark): the user's own organizations one
    by one; those below as two counts (their officers act, the committee watches)."""
    if not has_capability(user, VIEW_REGISTRY):
        return {"own": [], "ended": 0, "ending": 0}
    soon = add_months(today, max(term_rules.reminder_months(today)))
    due = scope_queryset(
        user,
        PartyOrganization.objects.filter(
            dissolved__isnull=True, term_years__isnull=False, term_end__isnull=False, term_end__lte=soon
        ).exclude(kind__in=term_rules.NO_TERM_KINDS),
    )
    own_paths = scope_paths(user, EDIT_REGISTRY) or scope_paths(user, VIEW_REGISTRY)
    counted = due.exclude(path__in=own_paths).aggregate(
        ended=Count("pk", filter=Q(term_end__lt=today)), ending=Count("pk", filter=Q(term_end__gte=today))
    )
    return {"own": list(due.filter(path__in=own_paths).order_by("term_end")), **counted}


def exchange_of(user) -> dict:
    """The user's recent imports and exports."""
    return {
        "imports": list(recent_imports(user)),
        "exports": recent_exports(user),
    }


def own_affairs(user) -> dict:
    """A member's own development record and transfer in progress."""
    if not user.member_id:
        return {}
    return {
        "candidate": Candidate.objects.filter(member_id=user.member_id, stage__in=OPEN_STAGES).first(),
        "transfers": list(
            Transfer.objects.filter(member_id=user.member_id, status__in=IN_PROGRESS).select_related(
                "source", "destination"
            )[:3]
        ),
    }
