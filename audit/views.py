import datetime as dt

from django import forms
from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_GET

from accounts.roles import HANDLE_DISCIPLINE, VIEW_AUDIT
from accounts.scope import require_capability, scope_paths
from audit.actions import action_label, registered
from audit.models import AuditEvent
from core.forms import BootstrapMixin, DateInput
from core.pagination import paginate
from core.params import text_param
from exchange import lists


def _action_groups() -> list[tuple[str, str]]:
    """The kinds of action a reader filters by: each app that records events (its code prefix),
    and exports of people on their own (what a reviewer most often looks for)."""
    prefixes = sorted({code.split(".")[0] for code in registered()})
    groups = [("", gettext_lazy("All actions")), ("members.exported", action_label("members.exported"))]
    for prefix in prefixes:
        # core records through the apps above it and has no name of its own for people.
        label = gettext_lazy("System") if prefix == "core" else apps.get_app_config(prefix).verbose_name
        groups.append((f"{prefix}.", label))
    return groups


class AuditFilterForm(BootstrapMixin, forms.Form):
    person = forms.CharField(label=gettext_lazy("Person"), required=False)
    action = forms.ChoiceField(label=gettext_lazy("Action"), required=False, choices=_action_groups)
    organization = forms.CharField(label=gettext_lazy("Party organization"), required=False)
    start = forms.DateField(label=pgettext_lazy("audit filter", "From"), required=False, widget=DateInput())
    end = forms.DateField(label=pgettext_lazy("audit filter", "To"), required=False, widget=DateInput())


def _events(request):
    require_capability(request.user, VIEW_AUDIT)
    # Leaders see the events of their subtree and those tied to no organization (logins).
    in_scope = Q(organization__isnull=True)
    for path in scope_paths(request.user, VIEW_AUDIT):
        in_scope |= Q(organization__path__startswith=path)
    # Discipline's events (with whom a talk was held, whose case was read) are facts about people
    # that only the discipline capability may know: a reader sees them where they hold it too.
    discipline_paths = scope_paths(request.user, HANDLE_DISCIPLINE)
    discipline = Q(organization__isnull=True) if discipline_paths else Q(pk__in=[])
    for path in discipline_paths:
        discipline |= Q(organization__path__startswith=path)
    events = (
        AuditEvent.objects.filter(in_scope)
        .filter(~Q(action__startswith="discipline.") | discipline)
        .select_related("actor", "organization")
    )
    form = AuditFilterForm(request.GET)
    if form.is_valid():
        data = form.cleaned_data
        if data["person"]:
            events = events.filter(
                Q(actor__username__icontains=data["person"]) | Q(actor__display_name__icontains=data["person"])
            )
        if data["action"]:
            events = events.filter(action__startswith=data["action"].strip())
        if data["organization"]:
            events = events.filter(organization__name__icontains=data["organization"])
        tz = timezone.get_current_timezone()
        if data["start"]:
            events = events.filter(created_at__gte=dt.datetime.combine(data["start"], dt.time.min, tzinfo=tz))
        if data["end"]:
            events = events.filter(
                created_at__lt=dt.datetime.combine(data["end"] + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
            )
    return form, events.order_by("-pk")


@login_required
@require_GET
def event_list(request):
    form, events = _events(request)
    page, query = paginate(request, events)
    return render(request, "audit/event_list.html", {"form": form, "page": page, "query": query})


@login_required
@require_GET
def event_export(request):
    _form, events = _events(request)
    # The export's own audit event records the filters the page knows, not whatever the query
    # string carried: its keys are ours, its values short printable text.
    filters = {name: text_param(request, name) for name in AuditFilterForm.base_fields if request.GET.get(name)}
    return lists.audit_events_response(events, filters=filters, acting_user=request.user)
