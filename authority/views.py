from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.roles import ADOPT_AUTHORITY, EDIT_AUTHORITY, VIEW_AUTHORITY
from accounts.scope import has_capability, require_capability
from authority import services
from authority.access import get_list_for_user, get_list_to_decide, get_matter_for_user
from authority.forms import AdoptForm, ListForm, MatterForm, RejectForm
from authority.models import AuthorityList, Body, Domain, ListStatus, Matter, RoleKind
from core import clock
from core.errors import DomainError
from core.export import ExportKind, download_name, xlsx_response
from core.forms import add_domain_error
from core.params import id_param, parse_id, text_param
from core.shortcuts import render_form
from core.xlsx import Book, Style
from work.models import WorkItem


@login_required
@require_GET
def list_index(request):
    require_capability(request.user, VIEW_AUTHORITY)
    lists = list(AuthorityList.objects.all().order_by("status", "-effective_from", "round", "pk"))
    return render(
        request,
        "authority/list_index.html",
        {
            "in_force": AuthorityList.in_force(clock.today()),
            "adopted": [x for x in lists if x.status == ListStatus.ADOPTED],
            "drafts": [x for x in lists if x.status == ListStatus.DRAFT],
            "rejected": [x for x in lists if x.status == ListStatus.REJECTED],
            "all_lists": sorted(lists, key=lambda x: x.pk),
            "can_edit": has_capability(request.user, EDIT_AUTHORITY),
        },
    )


def _matrix(authority_list: AuthorityList, request):
    bodies = list(Body.objects.all())
    matters = authority_list.matters.prefetch_related("roles__body")  # the phone cards name each body
    body = parse_id(request.GET.get("body", ""))  # a filter: what cannot be an id filters nothing
    body_filter = str(body) if body else ""
    domain = text_param(request, "domain")
    if domain in Domain.values:
        matters = matters.filter(domain=domain)
    if body:
        matters = matters.filter(roles__body_id=body).distinct()
    rows = []
    for m in matters:
        by_body = {r.body_id: r for r in m.roles.all()}
        rows.append((m, [by_body.get(b.pk) for b in bodies]))
    used = {b.pk for m, cells in rows for b, c in zip(bodies, cells, strict=True) if c}
    columns = [i for i, b in enumerate(bodies) if b.pk in used]
    return [bodies[i] for i in columns], [(m, [cells[i] for i in columns]) for m, cells in rows], body_filter, domain


def _open_work(rows) -> dict[str, int]:
    """Open work items per matter code, for the matrix's links to the to-do list."""
    codes = [m.code for m, _cells in rows]
    counts = WorkItem.objects.filter(status="open", matter_code__in=codes).values("matter_code").annotate(n=Count("pk"))
    return {c["matter_code"]: c["n"] for c in counts}


@login_required
@require_GET
def list_detail(request, pk):
    authority_list = get_list_for_user(request.user, pk)
    bodies, rows, body_filter, domain = _matrix(authority_list, request)
    open_work = _open_work(rows)
    return render(
        request,
        "authority/list_detail.html",
        {
            "list": authority_list,
            "bodies": bodies,
            "rows": [(m, cells, open_work.get(m.code, 0)) for m, cells in rows],
            "all_bodies": Body.objects.all(),
            "domains": Domain.choices,
            "body_filter": body_filter,
            "domain": domain,
            "editable": authority_list.status == ListStatus.DRAFT and has_capability(request.user, EDIT_AUTHORITY),
            "can_decide": authority_list.status == ListStatus.DRAFT and has_capability(request.user, ADOPT_AUTHORITY),
            "query": request.GET.urlencode(),
        },
    )


@login_required
@require_GET
def list_xlsx(request, pk):
    authority_list = get_list_for_user(request.user, pk)
    bodies, rows, _b, _d = _matrix(authority_list, request)
    book = Book()
    sheet = book.sheet(_("Authority list"))
    sheet.append([authority_list.name], style=Style(bold=True, size=13))
    header = [_("Code"), _("Matter"), _("Division rule"), *[b.name for b in bodies], _("Basis")]
    sheet.append(header, style=Style(bold=True, wrap=True))
    for m, cells in rows:
        basis = " ".join(x for x in (m.basis_document, m.basis_article) if x)
        sheet.append([m.code, m.name, m.division_rule, *[c.get_role_display() if c else "" for c in cells], basis])
    sheet.widths({1: 10, 2: 36, 3: 24})
    return xlsx_response(
        book.to_bytes(), download_name(ExportKind.AUTHORITY_LIST, scope=authority_list.name, ext="xlsx")
    )


@login_required
@require_http_methods(["GET", "POST"])
def list_create(request):
    require_capability(request.user, EDIT_AUTHORITY)
    initial = {}
    if base := id_param(request, "based_on"):
        initial["based_on"] = get_list_for_user(request.user, base)
    form = ListForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        authority_list = services.do_create_list(form.save(commit=False), acting_user=request.user)
        messages.success(request, _("Draft created."))
        return redirect("authority:list", pk=authority_list.pk)
    return render_form(request, form, title=_("New draft of the authority list"), cancel_url="authority:index")


@login_required
@require_http_methods(["GET", "POST"])
def matter_edit(request, pk=None, list_pk=None):
    if pk is not None:
        matter = get_matter_for_user(request.user, pk)
    else:
        matter = Matter(authority_list=get_list_for_user(request.user, list_pk, for_write=True))
    if matter.authority_list.status != ListStatus.DRAFT:
        raise PermissionDenied
    form = MatterForm(request.POST or None, instance=matter, bodies=Body.objects.all())
    if request.method == "POST" and form.is_valid():
        try:
            services.do_save_matter(form.save(commit=False), roles=form.roles(), acting_user=request.user)
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, _("Matter saved."))
            return redirect("authority:list", pk=matter.authority_list_id)
    return render_form(
        request,
        form,
        title=_("Matter of %(list)s") % {"list": matter.authority_list},
        cancel_url=reverse("authority:list", args=[matter.authority_list_id]),
        intro=_("Give exactly one body the lead; others may co-handle, guide or be informed."),
    )


@login_required
@require_POST
def matter_delete(request, pk):
    matter = get_matter_for_user(request.user, pk)
    try:
        services.do_delete_matter(matter, acting_user=request.user)
    except DomainError as e:
        messages.error(request, e.message)
    return redirect("authority:list", pk=matter.authority_list_id)


@login_required
@require_http_methods(["GET", "POST"])
def list_adopt(request, pk):
    authority_list = get_list_to_decide(request.user, pk)
    form = AdoptForm(request.POST or None, initial={"effective_from": clock.today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.do_adopt_list(
                authority_list, effective_from=form.cleaned_data["effective_from"], acting_user=request.user
            )
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, _("Adopted."))
            return redirect("authority:list", pk=pk)
    return render_form(
        request,
        form,
        title=_("Adopt %(list)s") % {"list": authority_list},
        cancel_url=reverse("authority:list", args=[pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def list_reject(request, pk):
    authority_list = get_list_to_decide(request.user, pk)
    form = RejectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.do_reject_list(authority_list, reason=form.cleaned_data["reason"], acting_user=request.user)
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, _("Recorded as not adopted."))
            return redirect("authority:list", pk=pk)
    return render_form(
        request,
        form,
        title=_("Do not adopt %(list)s") % {"list": authority_list},
        cancel_url=reverse("authority:list", args=[pk]),
    )


@login_required
@require_GET
def list_compare(request):
    require_capability(request.user, VIEW_AUTHORITY)
    old = get_list_for_user(request.user, id_param(request, "old", required=True))
    new = get_list_for_user(request.user, id_param(request, "new", required=True))
    return render(
        request, "authority/compare.html", {"cmp": services.compare(old, new), "role_labels": RoleKind.choices}
    )
