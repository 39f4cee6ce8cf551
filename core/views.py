from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.roles import VIEW_REGISTRY
from accounts.scope import scope_paths, scope_queryset
from core import clock
from core.forms import RulesDateForm
from core.rules import all_rule_sets, in_force
from members.models import Category, Member
from orgs.models import OrgKind, PartyOrganization, Unit


@login_required
def home(request):
    user = request.user
    members = scope_queryset(user, Member.objects.active())
    orgs = scope_queryset(user, PartyOrganization.objects.filter(dissolved__isnull=True))
    roots = PartyOrganization.objects.filter(path__in=scope_paths(user, VIEW_REGISTRY))
    today = clock.today()
    # One pass over the roll for both member figures (a million rows at a province's scale).
    counted = members.aggregate(total=Count("pk"), probationary=Count("pk", filter=Q(category=Category.PROBATIONARY)))
    figures = [
        (_("Units"), scope_queryset(user, Unit.objects.all()).count(), "unit-count"),
        (_("Party organizations"), orgs.exclude(path__in=[r.path for r in roots]).count(), "organization-count"),
        (_("Branches"), orgs.filter(kind=OrgKind.BRANCH).count(), "branch-count"),
        (_("Members"), counted["total"], "member-count"),
        (_("Probationary members"), counted["probationary"], "probationary-count"),
        (_("Terms expired"), orgs.filter(term_end__lt=today).count(), "expired-count"),
    ]
    context = {"roots": roots, "figures": figures, "own_member": user.member if user.member_id else None}
    return render(request, "core/home.html", context)


def error_page(request, code: int):
    return render(request, "core/error.html", {"code": code}, status=code)


def bad_request(request, exception=None):
    return error_page(request, 400)


def forbidden(request, exception=None):
    return error_page(request, 403)


def not_found(request, exception=None):
    return error_page(request, 404)


def server_error(request):
    # No context processors: they may need the database that just failed.
    return HttpResponseServerError(loader.get_template("core/500.html").render({}))


def csrf_failure(request, reason=""):
    return render(request, "core/error.html", {"code": 403, "csrf": True}, status=403)


@login_required
@require_GET
def rules(request):
    """Every rule in force on a date, with its document, article and whether the text was read:
    where the software enforces a number, the people it refuses can see where it comes from."""
    form = RulesDateForm(request.GET or None)
    day = (form.cleaned_data["on"] if form.is_valid() else None) or clock.today()
    sets = sorted(in_force(all_rule_sets(), day), key=lambda s: (s.family != "constitution", s.effective))
    return render(request, "core/rules.html", {"form": form, "day": day, "sets": sets})
