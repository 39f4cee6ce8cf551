from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import render
from django.utils.translation import gettext as _

from accounts.roles import VIEW_REGISTRY
from accounts.scope import scope_paths, scope_queryset
from core import clock
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
    return render(request, "workbench/home.html", context)
