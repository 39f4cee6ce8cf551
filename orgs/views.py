from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.roles import EDIT_AUTHORITY, EDIT_REGISTRY, EDIT_UNITS, HANDLE_DISCIPLINE, VIEW_REGISTRY
from accounts.scope import has_capability, may, require_capability, scope_queryset
from core import clock
from core.errors import DomainError
from core.forms import add_domain_error
from core.pagination import paginate
from core.params import id_param, text_param
from core.shortcuts import render_form
from discipline.queries import restrictions
from exchange import lists, roster
from members import queries as member_queries
from members.queries import annotate_counts
from orgs import queries, services
from orgs import rules as term_rules
from orgs.access import (
    get_organization_for_user,
    get_own_organization,
    get_post_for_user,
    get_seat_for_user,
    get_unit_category_for_write,
    get_unit_for_leadership_group,
    get_unit_for_user,
    get_working_body_for_user,
)
from orgs.forms import (
    EndGroupMemberForm,
    EndPostForm,
    GroupMemberForm,
    LeadershipGroupForm,
    OrganizationForm,
    OrgSearchForm,
    PostForm,
    UnitCategoryForm,
    UnitFilterForm,
    UnitForm,
    WorkingBodyForm,
)
from orgs.models import (
    GroupKind,
    GroupMember,
    GroupPost,
    LeadershipGroup,
    PartyOrganization,
    Post,
    Unit,
    UnitCategory,
    WorkingBody,
)
from orgs.queries import leadership_group_of

TREE_PAGE = 100


# -- the tree ---------------------------------------------------------------------------------


@login_required
@require_GET
def tree(request):
    user = request.user
    search = OrgSearchForm(request.GET)
    q = search.cleaned_data["q"].strip() if search.is_valid() else ""
    context = {"search": search, "q": q}
    if q:
        page, query = paginate(request, queries.searched(user, q))
        context.update(page=page, query=query, nodes=annotate_counts(list(page)))
    else:
        context["nodes"] = annotate_counts(list(queries.tree_roots(user)))
    return render(request, "orgs/tree.html", context)


def _search_text(request) -> str:
    search = OrgSearchForm(request.GET)
    return search.cleaned_data["q"].strip() if search.is_valid() else ""


@login_required
@require_GET
def children(request, pk):
    """The children of one node, for the tree's lazy expansion (an HTMX fragment)."""
    org = get_organization_for_user(request.user, pk)
    kids = PartyOrganization.objects.get_children(org).filter(dissolved__isnull=True).select_related("unit")
    page, _query = paginate(request, kids, TREE_PAGE)
    return render(
        request, "orgs/tree.html#node-list", {"nodes": annotate_counts(list(page)), "page": page, "parent": org}
    )


# -- organizations ----------------------------------------------------------------------------


@login_required
@require_GET
def organization_detail(request, pk):
    org = get_organization_for_user(request.user, pk)
    today = clock.today()
    superior = PartyOrganization.objects.get_parent(org)
    superior_visible = superior and may(request.user, VIEW_REGISTRY, superior)
    kids = annotate_counts(list(PartyOrganization.objects.get_children(org).select_related("unit")[:TREE_PAGE]))
    page, query = paginate(request, member_queries.active_in(request.user, org))
    context = {
        "org": org,
        "superior": superior,
        "superior_visible": superior_visible,
        "term_expired": org.term_expired(today),
        "term_rule": term_rules.term_rule(org.kind, org.term_start),
        "posts": org.posts.filter(valid_to__isnull=True).select_related("member").order_by("role", "valid_from"),
        "working_bodies": org.working_bodies.all(),
        "children": kids,
        "more_children": org.numchild > len(kids),
        "page": page,
        "query": query,
        "can_edit": may(request.user, EDIT_REGISTRY, org),
        "ancestors": scope_queryset(request.user, PartyOrganization.objects.get_ancestors(org)),
        "can_propose": has_capability(request.user, EDIT_AUTHORITY),
    }
    return render(request, "orgs/organization_detail.html", context)


@login_required
@require_GET
def my_organization(request):
    """A member's own branch, as a member may know it: what it is, whom it answers to and who
    its officers are (the people to turn to). Officers' phone numbers are personal data and stay
    out; the full organization page is for those who may see the registry."""
    org = get_own_organization(request.user)
    if org is None:
        return render(request, "orgs/my_organization.html", {"org": None})
    if may(request.user, VIEW_REGISTRY, org):
        return redirect("orgs:organization", pk=org.pk)
    context = {
        "org": org,
        "superior": PartyOrganization.objects.get_parent(org),
        "posts": org.posts.filter(valid_to__isnull=True).select_related("member").order_by("role", "valid_from"),
    }
    return render(request, "orgs/my_organization.html", context)


@login_required
@require_GET
def roster_xlsx(request, pk):
    """The organization's member roster (党员花名册) to print, as a workbook."""
    org = get_organization_for_user(request.user, pk)
    return roster.xlsx(org, member_queries.active_in(request.user, org), acting_user=request.user)


@login_required
@require_GET
def roster_docx(request, pk):
    """The organization's member roster (党员花名册) to print, as a Word document."""
    org = get_organization_for_user(request.user, pk)
    return roster.word(org, member_queries.active_in(request.user, org), acting_user=request.user)


def _org_form(request, instance=None, data=None, initial=None):
    user = request.user
    superiors = queries.editable_organizations(user, PartyOrganization.objects.filter(dissolved__isnull=True))
    if instance and (parent := PartyOrganization.objects.get_parent(instance)):
        superiors = superiors | PartyOrganization.objects.filter(pk=parent.pk)
    units = scope_queryset(user, Unit.objects.filter(abolished__isnull=True))
    restructure = instance is None or services.may_restructure(instance, user)
    return OrganizationForm(
        data, instance=instance, initial=initial, superiors=superiors, units=units, restructure=restructure
    )


@login_required
@require_http_methods(["GET", "POST"])
def organization_create(request):
    require_capability(request.user, EDIT_REGISTRY)
    initial = {}
    if parent_pk := id_param(request, "parent"):
        initial["superior"] = get_organization_for_user(request.user, parent_pk, for_write=True)
    form = _org_form(request, data=request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            org = services.do_create_organization(
                form.save(commit=False), superior=form.cleaned_data["superior"], acting_user=request.user
            )
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, _("Organization created."))
            return redirect("orgs:organization", pk=org.pk)
    return render_form(request, form, title=_("New party organization"), cancel_url="orgs:tree")


@login_required
@require_http_methods(["GET", "POST"])
def organization_edit(request, pk):
    org = get_organization_for_user(request.user, pk, for_write=True)
    form = _org_form(
        request,
        instance=org,
        data=request.POST or None,
        initial={"superior": PartyOrganization.objects.get_parent(org)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.do_update_organization(
                form.save(commit=False),
                superior=form.cleaned_data["superior"],
                effective=form.cleaned_data.get("effective"),
                acting_user=request.user,
            )
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, _("Organization saved."))
            return redirect("orgs:organization", pk=org.pk)
    return render_form(request, form, title=_("Edit %(name)s") % {"name": org.name}, cancel_url=org.get_absolute_url())


# -- posts and working bodies -----------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def post_create(request, pk):
    org = get_organization_for_user(request.user, pk, for_write=True)
    form = PostForm(
        request.POST or None,
        members=member_queries.active_under(request.user, org),
        instance=Post(organization=org),
    )
    if request.method == "POST" and form.is_valid():
        post = form.save(commit=False)
        discreet = not has_capability(request.user, HANDLE_DISCIPLINE)
        flags = restrictions([post.member_id], post.valid_from, discreet=discreet).get(post.member_id)
        if flags and not form.cleaned_data["confirm_restrictions"]:
            form.ask_confirmation(_restrictions_warning(post.member.name, flags))
        else:
            try:
                services.do_appoint_post(post, acting_user=request.user)
            except DomainError as e:
                add_domain_error(form, e)
            else:
                messages.success(request, _("Post appointed."))
                return redirect(org.get_absolute_url())
    return render_form(
        request, form, title=_("Appoint a post in %(name)s") % {"name": org.name}, cancel_url=org.get_absolute_url()
    )


def _restrictions_warning(name: str, flags) -> str:
    """The flag an appointment shows: the kind and the end of each effect period, nothing more
    (the facts stay with the discipline office)."""
    periods = "；".join(
        _("%(kind)s until %(day)s") % {"kind": f.label, "day": f.until.isoformat()} if f.until else str(f.label)
        for f in flags
    )
    return _(
        "%(name)s is under an effect period on the day of appointment: %(periods)s. "
        "The appointing body decides: tick the box to confirm the appointment."
    ) % {"name": name, "periods": periods}


@login_required
@require_http_methods(["GET", "POST"])
def post_end(request, pk):
    post = get_post_for_user(request.user, pk, for_write=True)
    form = EndPostForm(request.POST or None, initial={"valid_to": clock.today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.do_end_post(post, day=form.cleaned_data["valid_to"], acting_user=request.user)
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, _("Post ended."))
            return redirect(post.organization.get_absolute_url())
    return render_form(
        request,
        form,
        title=_("End the post: %(post)s") % {"post": post},
        cancel_url=post.organization.get_absolute_url(),
    )


@login_required
@require_http_methods(["GET", "POST"])
def working_body_edit(request, pk=None, org_pk=None):
    if pk is not None:
        body = get_working_body_for_user(request.user, pk, for_write=True)
        org = body.organization
    else:
        org = get_organization_for_user(request.user, org_pk, for_write=True)
        body = WorkingBody(organization=org)
    form = WorkingBodyForm(request.POST or None, instance=body)
    if request.method == "POST" and form.is_valid():
        try:
            services.do_save_working_body(form.save(commit=False), acting_user=request.user)
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, _("Working body saved."))
            return redirect(org.get_absolute_url())
    return render_form(
        request, form, title=_("Working body of %(name)s") % {"name": org.name}, cancel_url=org.get_absolute_url()
    )


# -- units ------------------------------------------------------------------------------------


def _filtered_units(request):
    form = UnitFilterForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    return form, queries.filtered_units(request.user, **data)


@login_required
@require_GET
def unit_list(request):
    form, units = _filtered_units(request)
    page, query = paginate(request, units)
    return render(
        request,
        "orgs/unit_list.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "can_edit": has_capability(request.user, EDIT_UNITS),
            "export_query": request.GET.urlencode(),
        },
    )


@login_required
@require_GET
def unit_export(request):
    """The filtered unit list in the import template's columns."""
    _form, units = _filtered_units(request)
    return lists.units_response(units)


@login_required
@require_GET
def organization_export(request):
    """The organizations the tree shows (all the user sees, or those the search found), parents
    first, in the import template's columns."""
    return lists.organizations_response(queries.searched(request.user, _search_text(request)), acting_user=request.user)


@login_required
@require_GET
def post_export(request):
    """Every post in the organizations the user sees; full ID numbers only for those who may
    reveal them (audited like the member export)."""
    return lists.posts_response(queries.visible_posts(request.user), acting_user=request.user)


@login_required
@require_GET
def unit_detail(request, pk):
    unit = get_unit_for_user(request.user, pk)
    orgs = annotate_counts(list(scope_queryset(request.user, unit.organizations.order_by("path"))))
    staffing = list(unit.staffing.all())
    today = clock.today()
    group = leadership_group_of(unit, today)
    seats = list(group.seats.as_of(today).select_related("member")) if group else []
    rank = {code: i for i, code in enumerate(GroupPost.values)}  # 书记, 副书记, 委员, 成员
    seats.sort(key=lambda s: (rank[s.post], s.valid_from, s.pk))
    return render(
        request,
        "orgs/unit_detail.html",
        {
            "unit": unit,
            "organizations": orgs,
            "staffing": staffing,
            "establishment": sum(s.establishment for s in staffing),
            "actual": sum(s.actual for s in staffing),
            "can_edit": has_capability(request.user, EDIT_UNITS),
            "group": group,
            "seats": seats,
            "can_edit_group": may(request.user, EDIT_REGISTRY, unit),
        },
    )


# -- leadership groups ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def leadership_group_create(request, pk):
    """Record the unit's leadership group (a new one replaces the current one from its date)."""
    unit = get_unit_for_leadership_group(request.user, pk)
    initial = {"kind": GroupKind.PARTY_GROUP, "name": f"中共{unit.name}党组", "valid_from": clock.today()}
    form = LeadershipGroupForm(request.POST or None, instance=LeadershipGroup(unit=unit), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.do_create_leadership_group(form.save(commit=False), acting_user=request.user)
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, _("Leadership group recorded."))
            return redirect("orgs:unit", pk=unit.pk)
    return render_form(
        request,
        form,
        title=_("Leadership group of %(name)s") % {"name": unit.name},
        cancel_url=reverse("orgs:unit", args=[unit.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def group_member_create(request, pk):
    unit = get_unit_for_leadership_group(request.user, pk)
    group = leadership_group_of(unit, clock.today())
    if group is None:
        messages.warning(request, _("Record the unit's leadership group first."))
        return redirect("orgs:leadership_group_create", pk=unit.pk)
    form = GroupMemberForm(
        request.POST or None,
        members=member_queries.active_in_unit(request.user, unit),
        instance=GroupMember(group=group),
        initial={"valid_from": clock.today()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.do_appoint_group_member(form.save(commit=False), acting_user=request.user)
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, _("Member added to the leadership group."))
            return redirect("orgs:unit", pk=unit.pk)
    return render_form(
        request,
        form,
        title=_("Add a member to %(name)s") % {"name": group.name},
        cancel_url=reverse("orgs:unit", args=[unit.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def group_member_end(request, pk):
    seat = get_seat_for_user(request.user, pk, for_write=True)
    unit_url = reverse("orgs:unit", args=[seat.group.unit_id])
    form = EndGroupMemberForm(request.POST or None, initial={"valid_to": clock.today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.do_end_group_member(seat, day=form.cleaned_data["valid_to"], acting_user=request.user)
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, _("Seat ended."))
            return redirect("orgs:unit", pk=seat.group.unit_id)
    return render_form(
        request,
        form,
        title=_("End the seat: %(name)s, %(post)s") % {"name": seat.name, "post": seat.get_post_display()},
        cancel_url=unit_url,
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_edit(request, pk=None):
    if pk is not None:
        unit = get_unit_for_user(request.user, pk, for_write=True)
    elif has_capability(request.user, EDIT_UNITS):
        unit = Unit()
    else:
        raise PermissionDenied
    form = UnitForm(request.POST or None, instance=unit)
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.do_save_unit(
                form.save(commit=False), form.cleaned_data["staffing"], acting_user=request.user
            )
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, _("Unit saved."))
            return redirect("orgs:unit", pk=unit.pk)
    title = _("Edit %(name)s") % {"name": unit.name} if pk is not None else _("New unit")
    return render_form(request, form, title=title, cancel_url="orgs:units")


@login_required
@require_GET
def unit_category_list(request):
    """The district's unit categories in their order, each with the unit type the annual
    statistics count its units as, and how many live units of the user's scope it holds."""
    return render(
        request,
        "orgs/unit_categories.html",
        {
            "categories": queries.unit_categories(request.user),
            "can_edit": has_capability(request.user, EDIT_UNITS),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_category_edit(request, pk=None):
    if pk is not None:
        category = get_unit_category_for_write(request.user, pk)
    else:
        require_capability(request.user, EDIT_UNITS)
        category = UnitCategory()
    name = category.name  # the form writes what was typed into the instance, refused or not
    form = UnitCategoryForm(request.POST or None, instance=category)
    if request.method == "POST" and form.is_valid():
        try:
            services.do_save_unit_category(form.save(commit=False), acting_user=request.user)
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, _("Unit category saved."))
            return redirect("orgs:unit_categories")
    title = _("Edit the unit category %(name)s") % {"name": name} if pk is not None else _("New unit category")
    return render_form(
        request,
        form,
        title=title,
        intro=_(
            "A category's unit type decides how the annual statistics report counts its units: check it when a"
            " category is added or renamed."
        ),
        cancel_url="orgs:unit_categories",
    )


# -- the organization picker ----------------------------------------------------------------------


@login_required
@require_GET
def organization_pick(request):
    """The organization picker's options for what was typed (an HTML fragment for HTMX)."""
    pool = queries.organization_pool(
        request.user, text_param(request, "pool", max_length=20), text_param(request, "kinds", max_length=20)
    )
    query = text_param(request, "q", max_length=100)
    found, more = queries.search_organizations(pool, query)
    options = [
        {
            "value": picked.organization.pk,
            "label": queries.organization_label(picked.organization),
            "name": picked.organization.name,
            "detail": " · ".join(
                [" › ".join(picked.path), picked.organization.code, picked.organization.get_kind_display()]
                if picked.path
                # outside the scope: what is public (names of units too), not who leads it
                else filter(
                    None,
                    [
                        picked.organization.code,
                        picked.organization.get_kind_display(),
                        picked.organization.unit.name if picked.organization.unit else "",
                    ],
                )
            ),
        }
        for picked in queries.describe_organizations(request.user, found)
    ]
    return render(request, "core/picker_options.html", {"options": options, "query": query, "more": more})


@login_required
@require_GET
def unit_pick(request):
    """The unit picker's options for what was typed (an HTML fragment for HTMX)."""
    units = queries.unit_pool(request.user, text_param(request, "pool", max_length=20))
    query = text_param(request, "q", max_length=100)
    found, more = queries.search_units(units, query)
    options = [
        {"value": u.pk, "label": queries.unit_label(u), "name": u.name, "detail": f"{u.code} · {u.category}"}
        for u in found
    ]
    return render(request, "core/picker_options.html", {"options": options, "query": query, "more": more})
