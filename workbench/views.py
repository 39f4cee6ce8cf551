from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import render
from django.utils.translation import gettext as _

from accounts.roles import EDIT_REGISTRY, VIEW_REGISTRY, VIEW_STATS
from accounts.scope import has_capability, scope_paths, scope_queryset
from core import clock
from members.models import Category, Member
from orgs.models import OrgKind, PartyOrganization, Unit
from work.queries import open_summary
from workbench import queries


@login_required
def home(request):
    """What is waiting for this user, each line a link to where it is done, then the figures of
    their scope, each a link to its list."""
    user = request.user
    today = clock.today()
    context: dict = {
        "today": today,
        "own_member": user.member if user.member_id else None,
        "todo": open_summary(user, today),
        "exchange": queries.exchange_of(user),
        "own": queries.own_affairs(user),
        "can_view_stats": has_capability(user, VIEW_STATS),
        "can_edit": has_capability(user, EDIT_REGISTRY),
    }
    context["transfers"], context["transfers_below"] = queries.transfers_waiting(user)
    if context["can_edit"]:
        # Steps and elections are waiting only for those who record them; a read-only district
        # body sees the figures, not a list of other people's chores.
        context["development"] = queries.development_due(user, today)
        context["terms"] = queries.terms_due(user, today)
    if has_capability(user, VIEW_REGISTRY):
        members = scope_queryset(user, Member.objects.active())
        orgs = scope_queryset(user, PartyOrganization.objects.filter(dissolved__isnull=True))
        roots = list(PartyOrganization.objects.filter(path__in=scope_paths(user, VIEW_REGISTRY)))
        # One pass over the roll for both member figures (a million rows at a province's scale).
        counted = members.aggregate(
            total=Count("pk"), probationary=Count("pk", filter=Q(category=Category.PROBATIONARY))
        )
        context |= {
            "roots": roots,
            # (label, value, test id, the list that shows what is counted)
            "figures": [
                (_("Units"), scope_queryset(user, Unit.objects.all()).count(), "unit-count", "orgs:units", ""),
                (
                    _("Party organizations"),
                    # The committee's own organization is not one it manages (the 461 of the
                    # seed); a branch or an organ party committee counts itself.
                    orgs.exclude(path__in=[r.path for r in roots if r.kind == OrgKind.WORKING_COMMITTEE]).count(),
                    "organization-count",
                    "orgs:tree",
                    "",
                ),
                (_("Branches"), orgs.filter(kind=OrgKind.BRANCH).count(), "branch-count", "orgs:tree", ""),
                (_("Members"), counted["total"], "member-count", "members:list", ""),
                (
                    _("Probationary members"),
                    counted["probationary"],
                    "probationary-count",
                    "members:list",
                    f"category={Category.PROBATIONARY}",
                ),
                (
                    _("Terms expired"),
                    orgs.filter(term_end__lt=today).count(),
                    "expired-count",
                    "work:todo" if context["can_edit"] else "orgs:tree",
                    "kind=term_expired&scope=all" if context["can_edit"] else "",
                ),
            ],
        }
    return render(request, "workbench/home.html", context)
