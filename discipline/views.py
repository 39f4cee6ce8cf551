from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from discipline.access import require_discipline


@login_required
@require_GET
def index(request):
    """The discipline desk: talks, clues, cases and sanctions in the user's scope."""
    require_discipline(request.user)
    return render(request, "discipline/index.html", {})
