from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Case, F, Value, When
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.roles import EDIT_AUTHORITY
from accounts.scope import has_capability, require_capability
from authority.models import AuthorityList
from core import clock
from core.errors import DomainError
from core.forms import add_domain_error, errors_text
from core.pagination import paginate
from core.params import text_param
from core.shortcuts import render_form
from members.models import Member
from members.queries import active_under
from orgs.access import get_organization_for_user
from work import services
from work.access import actions_for, get_item_for_user, items_for, role_of, roles_by_matter, user_bodies
from work.forms import AppointmentForm, CloseForm, CommentForm, DecisionForm, ItemForm
from work.models import ItemKind, ItemStatus


@login_required
@require_GET
def todo(request):
    """My to-do: open items of my bodies and organizations, overdue first."""
    today = clock.today()
    items = items_for(request.user).select_related("lead_body", "organization")
    status = text_param(request, "status", default="open")
    if status in ItemStatus.values:
        items = items.filter(status=status)
    if matter := text_param(request, "matter"):
        items = items.filter(matter_code=matter)
    # Overdue first, then by due date; undated last. Ordered in SQL so only one page is loaded.
    items = items.order_by(
        Case(When(due_date__lt=today, then=Value(0)), default=Value(1)),
        F("due_date").asc(nulls_last=True),
        "pk",
    )
    page, query = paginate(request, items)
    bodies = user_bodies(request.user)
    roles = roles_by_matter(bodies)
    return render(
        request,
        "work/todo.html",
        {
            "page": page,
            "query": query,
            "today": today,
            "status": status,
            "matter": matter,
            "rows": [(i, role_of(i, bodies, roles)) for i in page],
            "can_file": has_capability(request.user, EDIT_AUTHORITY),
        },
    )


@login_required
@require_GET
def item_detail(request, pk):
    item = get_item_for_user(request.user, pk)
    bodies = user_bodies(request.user)
    role = role_of(item, bodies, roles_by_matter(bodies))
    return render(
        request,
        "work/item_detail.html",
        {
            "item": item,
            "role": role,
            "comments": item.comments.select_related("author"),
            "comment_form": CommentForm(),
            "close_form": CloseForm(),
            "decision_form": DecisionForm(),
            # the forms shown are exactly the actions the services accept (work.models.ACTIONS)
            "actions": actions_for(item, request.user),
            "nominee": Member.objects.filter(pk=item.payload.get("member")).first()
            if item.kind == ItemKind.APPOINTMENT
            else None,
        },
    )


@login_required
@require_POST
def item_comment(request, pk):
    item = get_item_for_user(request.user, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.do_comment(item, form.cleaned_data["text"], acting_user=request.user)
        except DomainError as e:
            messages.error(request, e.message)
        else:
            messages.success(request, _("Comment added."))
    else:
        messages.error(request, errors_text(form))
    return redirect("work:item", pk=pk)


@login_required
@require_POST
def item_close(request, pk):
    item = get_item_for_user(request.user, pk)
    form = CloseForm(request.POST)
    if form.is_valid():
        try:
            services.do_close_item(item, outcome=form.cleaned_data["outcome"], acting_user=request.user)
        except DomainError as e:
            messages.error(request, e.message)
        else:
            messages.success(request, _("Marked as done."))
    else:
        messages.error(request, errors_text(form))
    return redirect("work:item", pk=pk)


@login_required
@require_POST
def appointment_decide(request, pk):
    item = get_item_for_user(request.user, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to approve or reject.") if "decision" in form.errors else errors_text(form))
        return redirect("work:item", pk=pk)
    try:
        services.do_decide_appointment(
            item,
            approve=form.cleaned_data["decision"] == "approve",
            reason=form.cleaned_data["reason"],
            acting_user=request.user,
        )
    except DomainError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _("Decision recorded."))
    return redirect("work:item", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def item_create(request):
    require_capability(request.user, EDIT_AUTHORITY)
    in_force = AuthorityList.in_force(clock.today())
    matters = list(in_force.matters.all()) if in_force else []
    form = ItemForm(request.POST or None, matters=matters, initial={"matter_code": text_param(request, "matter")})
    if request.method == "POST" and form.is_valid():
        try:
            item = services.do_create_item(form.save(commit=False), acting_user=request.user)
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, _("Filed to %(body)s.") % {"body": item.lead_body})
            return redirect("work:item", pk=item.pk)
    return render_form(
        request,
        form,
        title=_("New work item"),
        cancel_url="work:todo",
        intro=_("The item goes to the lead body of its matter in the authority list in force."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def appointment_propose(request, org_pk):
    """The committee proposes a full-time secretary for an organ party committee."""
    org = get_organization_for_user(request.user, org_pk, for_write=True)
    require_capability(request.user, EDIT_AUTHORITY)
    form = AppointmentForm(
        request.POST or None,
        members=active_under(request.user, org),
        organization=org.pk,
        initial={"valid_from": clock.today()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = services.do_propose_appointment(
                org,
                member=data["member"],
                rank=data["rank"],
                valid_from=data["valid_from"],
                reason=data["reason"],
                acting_user=request.user,
            )
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, _("Proposed to %(body)s for vetting and approval.") % {"body": item.lead_body})
            return redirect("work:item", pk=item.pk)
    return render_form(
        request,
        form,
        title=_("Propose a full-time secretary for %(org)s") % {"org": org.name},
        cancel_url=org.get_absolute_url(),
    )
