"""Requests to delay or advance an election (选举工作条例 第三条): the organization's officers
ask, the approving committee's officers reply; an approval moves the term's end (orgs), and the
oversight and the reminders follow it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.roles import EDIT_REGISTRY, VIEW_REGISTRY
from accounts.scope import require_capability, scope_paths, scope_queryset
from core import clock
from core.errors import DomainError
from core.forms import add_domain_error
from core.pagination import paginate
from elections import services
from elections.access import get_term_change_for_user, may_act_as_superior
from elections.forms_terms import TermChangeDecisionForm, TermChangeForm
from elections.models import TermChange, TermChangeKind, TermChangeStatus
from orgs import rules as term_rules
from orgs.access import get_organization_for_user


def within(paths: list[str], path: str) -> bool:
    """Whether a tree path lies in one of the subtrees `paths` (a user's scope for a capability,
    `accounts.scope.scope_paths`): the per-row test of a list, without a query per row."""
    return any(path.startswith(p) for p in paths)


def _windows(org, day):
    """(kind label, first, last) for each kind of request, as the service will check them."""
    found = []
    rule = None
    for kind in TermChangeKind:
        first, last, rule = services.term_change_window(org.term_end, kind, day)
        found.append((kind.label, first, last if first <= last else None))
    return found, rule


@login_required
@require_http_methods(["GET", "POST"])
def term_change_request(request, pk):
    """The organization's officers ask the superior to delay or advance the election."""
    org = get_organization_for_user(request.user, pk, for_write=True)
    day = clock.today()
    pending = TermChange.objects.filter(organization=org, status=TermChangeStatus.REQUESTED).first()
    form = TermChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        change = form.save(commit=False)
        change.organization = org
        try:
            change = services.do_request_term_change(change, acting_user=request.user)
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, _("The request was sent to %(superior)s.") % {"superior": change.approving})
            return redirect("elections:term_change", pk=change.pk)
    windows, rule = _windows(org, day) if org.term_end else ([], None)
    return render(
        request,
        "elections/term_change_form.html",
        {
            "org": org,
            "form": form,
            "windows": windows,
            "rule": rule,
            "pending": pending,
            "elected": term_rules.has_term(org.kind) and org.dissolved is None,
        },
    )


@login_required
@require_GET
def term_changes(request):
    """The requests in the user's scope, those awaiting a reply first; the ones the user may
    answer (officers of the approving committee) are marked."""
    require_capability(request.user, VIEW_REGISTRY)
    rows = (
        scope_queryset(request.user, TermChange.objects.select_related("organization", "approving"))
        .annotate(
            waiting=Case(
                When(status=TermChangeStatus.REQUESTED, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        )
        .order_by("waiting", "-requested_on", "-pk")
    )
    page, query = paginate(request, rows)
    paths = scope_paths(request.user, EDIT_REGISTRY)
    for change in page:
        change.to_answer = change.status == TermChangeStatus.REQUESTED and within(paths, change.approving.path)
    return render(request, "elections/term_change_list.html", {"page": page, "query": query})


def _detail(request, change: TermChange, form: TermChangeDecisionForm | None = None):
    may_decide = change.status == TermChangeStatus.REQUESTED and may_act_as_superior(request.user, change)
    if may_decide and form is None:
        form = TermChangeDecisionForm()
    return render(
        request,
        "elections/term_change_detail.html",
        {"change": change, "form": form if may_decide else None},
    )


@login_required
@require_GET
def term_change(request, pk):
    return _detail(request, get_term_change_for_user(request.user, pk))


@login_required
@require_POST
def term_change_decide(request, pk):
    """The approving committee's reply: approved, the term's end moves to the new end."""
    change = get_term_change_for_user(request.user, pk)
    if not may_act_as_superior(request.user, change):
        raise PermissionDenied
    form = TermChangeDecisionForm(request.POST)
    if form.is_valid():
        try:
            change = services.do_decide_term_change(
                change,
                approve=form.approve,
                day=form.cleaned_data["day"],
                note=form.cleaned_data["note"],
                acting_user=request.user,
            )
        except DomainError as e:
            add_domain_error(form, e)
        else:
            if change.status == TermChangeStatus.APPROVED:
                messages.success(
                    request,
                    _("Approved: the term of %(org)s now ends on %(end)s.")
                    % {"org": change.organization, "end": f"{change.new_end:%Y-%m-%d}"},
                )
            else:
                messages.success(request, _("The request was not approved."))
            return redirect("elections:term_change", pk=change.pk)
    return _detail(request, change, form)
