from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.roles import VIEW_REGISTRY
from accounts.scope import require_capability, scope_queryset
from core import clock
from core.pagination import paginate
from core.params import text_param
from elections import queries
from orgs import rules as term_rules
from orgs.models import PartyOrganization


@login_required
@require_GET
def oversight(request):
    """换届: every elected organization in the user's scope by where it stands in its term —
    overdue first — with the counts of each status as tabs."""
    require_capability(request.user, VIEW_REGISTRY)
    day = clock.today()
    found = queries.terms_by_status(day, scope_queryset(request.user, PartyOrganization.objects.all()))
    labels = {
        queries.OVERDUE: _("Term overdue"),
        **{queries.due(m): _("Ending within %(n)s months") % {"n": m} for m in term_rules.reminder_months(day)},
        queries.IN_TERM: _("In term"),
        queries.UNRECORDED: _("No term recorded"),
    }
    status = text_param(request, "status", max_length=20)
    if status not in found:
        status = queries.OVERDUE
    page, query = paginate(request, found[status])
    return render(
        request,
        "elections/oversight.html",
        {
            "day": day,
            "status": status,
            "tabs": [(s, labels[s], len(rows)) for s, rows in found.items()],
            "label": labels[status],
            "page": page,
            "query": query,
        },
    )
