from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from accounts.roles import VIEW_REGISTRY
from accounts.scope import scope_paths, scope_queryset
from members.models import Category, Member
from orgs.models import OrgKind, PartyOrganization, Unit


@login_required
def home(request):
    user = request.user
    members = scope_queryset(user, Member.objects.active())
    orgs = scope_queryset(user, PartyOrganization.objects.filter(dissolved__isnull=True))
    roots = PartyOrganization.objects.filter(path__in=scope_paths(user, VIEW_REGISTRY))
    today = timezone.localdate()
    context = {
        "roots": roots,
        "member_count": members.count(),
        "probationary_count": members.filter(category=Category.PROBATIONARY).count(),
        "branch_count": orgs.filter(kind=OrgKind.BRANCH).count(),
        "organization_count": orgs.exclude(path__in=[r.path for r in roots]).count(),
        "unit_count": scope_queryset(user, Unit.objects.all()).count(),
        "expired_terms": orgs.filter(term_end__lt=today).count(),
        "own_member": user.member if user.member_id else None,
    }
    return render(request, "core/home.html", context)


def forbidden(request, exception=None):
    return render(request, "core/error.html", {"code": 403}, status=403)


def not_found(request, exception=None):
    return render(request, "core/error.html", {"code": 404}, status=404)
