from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.roles import EDIT_REGISTRY, VIEW_REGISTRY
from accounts.scope import require_capability, scope_paths, scope_queryset
from core import clock
from core.pagination import paginate
from core.params import text_param
from elections import queries
from elections.models import TermChange, TermChangeStatus
from elections.views_terms import within
from orgs import rules as term_rules
from orgs.models import PartyOrganization

IN_ELECTION = "in_election"


@login_required
@require_GET
def oversight(request):
    """换届: every elected organization in the user's scope by where it stands in its term —
    overdue first — with the counts of each status as tabs, and the elections under way. A row
    offers what its organization's officers can do next: start the election (from the first
    reminder mark), open the one under way, or ask to delay or advance it. A few queries
    whatever the number of rows: the scope's paths decide each row's links."""
    require_capability(request.user, VIEW_REGISTRY)
    day = clock.today()
    scope = scope_queryset(request.user, PartyOrganization.objects.all())
    found = queries.terms_by_status(day, scope)
    under_way = list(queries.in_progress(scope))
    labels = {
        queries.OVERDUE: _("Term overdue"),
        **{queries.due(m): _("Ending within %(n)s months") % {"n": m} for m in term_rules.reminder_months(day)},
        IN_ELECTION: _("In election"),
        queries.IN_TERM: _("In term"),
        queries.UNRECORDED: _("No term recorded"),
    }
    tabs = [(s, labels[s], len(rows)) for s, rows in found.items()]
    tabs.insert(len(tabs) - 2, (IN_ELECTION, labels[IN_ELECTION], len(under_way)))
    status = text_param(request, "status", max_length=20)
    if status not in labels:
        status = queries.OVERDUE
    page, query = paginate(request, under_way if status == IN_ELECTION else found[status])
    pending = dict(
        TermChange.objects.filter(status=TermChangeStatus.REQUESTED, organization__in=scope).values_list(
            "organization_id", "pk"
        )
    )
    if status != IN_ELECTION:
        elections = {e.organization_id: e for e in under_way}
        paths = scope_paths(request.user, EDIT_REGISTRY)
        # elections.services.check_may_start: from the first reminder mark, after the end, or
        # with no term recorded; an organization in the middle of its term asks to advance.
        may_start = status != queries.IN_TERM
        for org in page:
            org.election = elections.get(org.pk)
            org.editable = within(paths, org.path)
            org.may_start = org.editable and may_start and org.election is None
            org.pending_change = pending.get(org.pk)
            org.may_request = org.editable and org.term_end is not None and org.pending_change is None
    return render(
        request,
        "elections/oversight.html",
        {
            "day": day,
            "status": status,
            "in_election": status == IN_ELECTION,
            "tabs": tabs,
            "label": labels[status],
            "page": page,
            "query": query,
            "pending_changes": len(pending),
        },
    )
