from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core import clock
from discipline.access import in_scope, require_discipline
from discipline.models import Case, Clue
from discipline.views_cases import url_or_empty

DESK_LIMIT = 50


@login_required
@require_GET
def index(request):
    """The discipline desk: open clues by the body they are routed to, open cases by their time
    limit (overdue first), and the way to talks and sanctions, in the user's scope."""
    require_discipline(request.user)
    today = clock.today()
    open_clues = in_scope(request.user, Clue.objects.open().select_related("routed_to"))
    by_body: dict = {}
    for clue in open_clues.order_by("routed_to__sort_order", "routed_to_id", "received_on"):
        by_body.setdefault(clue.routed_to, []).append(clue)
    open_cases = list(
        in_scope(request.user, Case.objects.open().with_limit().select_related("member", "routed_to")).order_by(
            "limit", "pk"
        )[:DESK_LIMIT]
    )
    context = {
        "clues_by_body": [(body, len(rows)) for body, rows in by_body.items()],
        "open_clue_count": sum(len(rows) for rows in by_body.values()),
        "open_cases": open_cases,
        "overdue_count": sum(1 for c in open_cases if c.limit < today),
        "today": today,
        # talks and sanctions are other parts' pages: linked when they exist
        "talks_url": url_or_empty("discipline:talks"),
        "sanctions_url": url_or_empty("discipline:sanctions"),
    }
    return render(request, "discipline/index.html", context)
