"""The committee's activities: the year's list with the check against the minimums, one
activity with its participants by organization, recording and editing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.roles import VIEW_REGISTRY
from accounts.scope import require_capability
from activities import queries, services
from activities.access import get_activity_for_user, may_edit, require_editor
from activities.forms import ActivityForm, ParticipationForm
from core import clock
from core.errors import DomainError
from core.forms import errors_text
from core.params import year_param
from core.shortcuts import render_form
from orgs.queries import organization_pool


@login_required
@require_GET
def index(request):
    require_capability(request.user, VIEW_REGISTRY)
    year = year_param(request, default=clock.today().year)
    return render(
        request,
        "activities/index.html",
        {
            "year": year,
            "activities": queries.of_year(year),
            "checks": queries.yearly_check(year),
            "can_edit": may_edit(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
    require_editor(request.user)
    form = ActivityForm(request.POST or None, initial={"date": clock.today()})
    if request.method == "POST" and form.is_valid():
        activity = services.do_save_activity(form.save(commit=False), acting_user=request.user)
        messages.success(request, _("Activity recorded."))
        return redirect("activities:activity", pk=activity.pk)
    return render_form(request, form, title=_("Record an activity"), cancel_url=reverse("activities:index"))


@login_required
@require_GET
def activity_detail(request, pk):
    activity = get_activity_for_user(request.user, pk)
    can_edit = may_edit(request.user)
    rows = list(activity.participations.select_related("organization"))
    return render(
        request,
        "activities/activity.html",
        {
            "activity": activity,
            "rows": rows,
            "total": sum(r.people for r in rows),
            "can_edit": can_edit,
            "form": ParticipationForm(organizations=organization_pool(request.user, "view")) if can_edit else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk):
    activity = get_activity_for_user(request.user, pk, for_write=True)
    form = ActivityForm(request.POST or None, instance=activity)
    if request.method == "POST" and form.is_valid():
        services.do_save_activity(form.save(commit=False), acting_user=request.user)
        messages.success(request, _("Activity saved."))
        return redirect("activities:activity", pk=activity.pk)
    return render_form(
        request,
        form,
        title=_("Edit: %(title)s") % {"title": activity.title},
        cancel_url=reverse("activities:activity", args=[activity.pk]),
    )


@login_required
@require_POST
def participation(request, pk):
    """Set how many people of an organization took part (posted from the activity's page)."""
    activity = get_activity_for_user(request.user, pk, for_write=True)
    form = ParticipationForm(request.POST, organizations=organization_pool(request.user, "view"))
    if not form.is_valid():
        messages.error(request, errors_text(form))
        return redirect("activities:activity", pk=activity.pk)
    try:
        services.do_set_participation(
            activity, form.cleaned_data["organization"], people=form.cleaned_data["people"], acting_user=request.user
        )
    except DomainError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _("Participants saved."))
    return redirect("activities:activity", pk=activity.pk)
