from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.roles import EDIT_AUTHORITY
from accounts.scope import has_capability, require_capability
from authority.models import AuthorityList
from core import clock
from core.errors import DomainError
from core.forms import add_domain_error, errors_text
from core.pagination import paginate
from core.params import id_param, text_param
from core.shortcuts import render_form
from members.models import Member
from members.queries import active_under
from orgs.access import get_organization_for_user
from work import queries, services
from work.access import actions_for, get_item_for_user, role_of, roles_by_matter, user_bodies
from work.forms import AppointmentForm, CloseForm, CommentForm, DecisionForm, ItemForm
from work.models import ORGANIZATION, ItemKind, ItemStatus


@login_required
@require_GET
def todo(request):
    """My to-do: open items of my bodies and my own organizations, overdue first; filters by
    kind, organization, overdue and my part, the organizations below me on request (`scope`),
    and grouping (`group`)."""
    today = clock.today()
    user = request.user
    reach = queries.Reach.of(user)
    status = text_param(request, "status", default="open")
    matter = text_param(request, "matter")
    kind = text_param(request, "kind")
    kind = kind if kind in ItemKind.values else ""
    role = text_param(request, "role")
    role = role if role in queries.ROLES else ""
    group = text_param(request, "group")
    group = group if group in queries.GROUPS else ""
    overdue = text_param(request, "overdue") == "1"
    org_pk = id_param(request, "organization")
    organization = get_organization_for_user(user, org_pk) if org_pk else None
    # A chosen organization is looked at whole: its chores are what the user went there for.
    scope = text_param(request, "scope", default="all" if organization else "mine")
    scope = scope if scope in queries.SCOPES else "mine"

    base = queries.scoped(user, reach, scope)
    if status in ItemStatus.values:
        base = base.filter(status=status)
    if matter:
        base = base.filter(matter_code=matter)
    if organization:
        base = base.filter(organization__path__startswith=organization.path)
    if overdue:
        base = base.filter(queries.overdue_q(today))
    if role:
        base = base.filter(reach.role_q(role))
    kinds = queries.kind_counts(base)  # the kind choices count what the other filters leave
    items = base.filter(kind=kind) if kind else base
    items = queries.ordered(items.select_related("lead_body", "organization"), today, group=group, reach=reach)
    page, query = paginate(request, items)
    counts = {
        name: queries.scoped(user, reach, name).filter(status=ItemStatus.OPEN).count() for name in ("mine", "below")
    }
    role_names = dict(queries.role_choices())
    rows, previous = [], None
    for item in page:
        item_role = role_of(item, reach.bodies, reach.roles)
        if item_role == ORGANIZATION and item.organization and item.organization.path not in reach.paths:
            item_role = "below"  # an organization under the user's own: its officers act
        heading = None
        if group:
            heading = {
                "kind": item.get_kind_display(),
                "organization": item.organization.name if item.organization else "—",
                "role": role_names.get(item_role, _("Organizations below")),
            }[group]
            heading, previous = (heading if heading != previous else None), heading
        rows.append((heading, item, item_role))
    filters = {
        "status": status,
        "matter": matter,
        "kind": kind,
        "role": role,
        "group": group,
        "overdue": "1" if overdue else "",
        "organization": str(organization.pk) if organization else "",
        "scope": scope,
    }
    return render(
        request,
        "work/todo.html",
        {
            "page": page,
            "query": query,
            "today": today,
            "status": status,
            "matter": matter,
            "filters": filters,
            "organization": organization,
            "scope": scope,
            "counts": counts,
            "kinds": [(k, label, kinds.get(k, 0)) for k, label in ItemKind.choices if kinds.get(k) or k == kind],
            "roles": queries.role_choices(),
            "groups": [("kind", _("By kind")), ("organization", _("By organization")), ("role", _("By my part"))],
            "rows": rows,
            "can_file": has_capability(user, EDIT_AUTHORITY),
            "links": _filter_links(filters),
        },
    )


def _filter_links(filters: dict[str, str]) -> dict[str, str]:
    """Query strings that change one filter and keep the others (page back to 1)."""

    def with_(**changes) -> str:
        merged = {**filters, **changes}
        return urlencode({k: v for k, v in merged.items() if v})

    return {
        "open": with_(status="open"),
        "done": with_(status="done"),
        "all": with_(status="all"),
        "mine": with_(scope="mine"),
        "below": with_(scope="below"),
        "everything": with_(scope="all"),
        "no_organization": with_(organization=""),
        "no_overdue": with_(overdue=""),
    }


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
            "talk_url": _talk_url(item) if item.kind == ItemKind.NEW_LEADER_TALK and item.status == "open" else "",
        },
    )


def _talk_url(item) -> str:
    """Where a new leader's talk is recorded: the officers' recording page of the person's
    organization, with the person and the post filled in."""
    member = Member.objects.filter(pk=item.payload.get("member")).first()
    if member is None or member.organization_id is None:
        return ""
    url = reverse("discipline:talk_record_org", args=[member.organization_id])
    return f"{url}?{urlencode({'member': member.pk, 'post': item.payload.get('post', '')})}"


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
