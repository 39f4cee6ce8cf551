"""The assessment's pages. The committee's side: the year's overview of every assessed
organization (live until published, then frozen), the indicator tables (draft → compared →
adopted), scoring the items it scores, the 述职评议 record, publishing and the .xlsx for the
district's 岗位目标考核. An organization's side: its figures computed from the records (each
with its source and a link to the records: nothing to upload), its self-assessment, its
published result and its 责任书 (.docx). Views stay thin: access → form → one service → render."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.roles import EDIT_REGISTRY
from accounts.scope import scope_paths
from assessment import access, queries, services
from assessment.forms import CopyForm, DebriefForm, ItemForm, ScoreForm, SelfAssessmentForm, TableForm
from assessment.models import IndicatorTable, Item, ItemKind, TableStatus
from core import clock, docx
from core.errors import DomainError
from core.export import docx_response, download_name, xlsx_response
from core.forms import add_domain_error
from core.pagination import paginate
from core.params import id_param, year_param
from core.shortcuts import render_form
from core.xlsx import BOLD, Book, Style
from orgs.models import PartyOrganization, Post, PostRole, _path_q
from reports import indicators


def _org_url(org_pk: int, year: int) -> str:
    return f"{reverse('assessment:organization', args=[org_pk])}?year={year}"


def _year(request) -> int:
    return year_param(request, default=clock.today().year)


def _within(paths: list[str]):
    return _path_q("path", paths) if paths else None


@login_required
@require_GET
def index(request):
    """The committee goes to the year's overview; an organization's officers to their
    organizations assessed this year (straight to the one when there is one)."""
    if access.oversees(request.user):
        return redirect("assessment:overview")
    year = clock.today().year
    paths = scope_paths(request.user, EDIT_REGISTRY)
    orgs = list(queries.assessed(year).filter(_within(paths))) if paths else []
    if len(orgs) == 1:
        return redirect(_org_url(orgs[0].pk, year))
    return render(request, "assessment/index.html", {"organizations": orgs, "year": year})


@login_required
@require_GET
def overview(request):
    access.require_oversight(request.user)
    year = _year(request)
    table = queries.adopted_table(year)
    paths = access.oversight_paths(request.user)
    orgs = list(queries.assessed(year).filter(_within(paths)).select_related("unit"))
    results = queries.results(table, orgs) if table else []
    counts: dict[str, int] = {}
    for r in results:
        if r.tier:
            counts[r.tier] = counts.get(r.tier, 0) + 1
    page, query = paginate(request, results)
    return render(
        request,
        "assessment/overview.html",
        {
            "year": year,
            "years": queries.year_choices(clock.today()),
            "table": table,
            "draft": IndicatorTable.objects.filter(year=year, status=TableStatus.DRAFT).first(),
            "page": page,
            "query": query,
            "organizations": orgs,
            "tier_counts": counts,
            "unscored": sum(1 for r in results if r.unscored),
        },
    )


# -- indicator tables ---------------------------------------------------------------------------


@login_required
@require_GET
def tables(request):
    access.require_oversight(request.user)
    today = clock.today()
    form = CopyForm(initial={"year": today.year + 1, "based_on": queries.adopted_table(today.year)})
    return render(
        request, "assessment/tables.html", {"tables": IndicatorTable.objects.select_related("based_on"), "form": form}
    )


@login_required
@require_http_methods(["GET", "POST"])
def table_create(request):
    access.require_oversight(request.user)
    form = CopyForm(request.POST or None, initial={"year": clock.today().year + 1})
    if request.method == "POST" and form.is_valid():
        try:
            table = services.do_create_table(
                year=form.cleaned_data["year"], based_on=form.cleaned_data["based_on"], acting_user=request.user
            )
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, _("The draft of %(year)s is made.") % {"year": table.year})
            return redirect("assessment:table", table.pk)
    return render_form(request, form, title=_("New indicator table"), cancel_url=reverse("assessment:tables"))


@login_required
@require_GET
def table(request, pk):
    table = access.get_table_for_user(request.user, pk)
    items = queries.items_of(table)
    sections: dict[str, list[Item]] = {}
    for item in items:
        source = indicators.SOURCES.get(item.source)
        item.source_label = source.label if source else item.source  # type: ignore[attr-defined]
        sections.setdefault(item.section.name, []).append(item)
    previous = queries.previous_table(table)
    return render(
        request,
        "assessment/table.html",
        {
            "table": table,
            "sections": [
                (name, rows, sum(i.points for i in rows if i.kind != ItemKind.DEDUCTION and i.kind != ItemKind.BONUS))
                for name, rows in sections.items()
            ],
            "total": sum(i.points for i in items if i.kind not in (ItemKind.DEDUCTION, ItemKind.BONUS)),
            "computed": sum(1 for i in items if i.kind == ItemKind.COMPUTED),
            "count": len(items),
            "previous": previous,
            "changes": queries.compare(previous, table) if previous and not table.adopted else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def table_edit(request, pk):
    table = access.get_table_for_user(request.user, pk)
    initial = {
        "name": table.name,
        "good_from": table.good_from,
        "fair_from": table.fair_from,
        "average_from": table.average_from,
    }
    form = TableForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.do_set_tiers(
                table,
                name=data["name"],
                good=data["good_from"],
                fair=data["fair_from"],
                average=data["average_from"],
                acting_user=request.user,
            )
        except DomainError as e:
            add_domain_error(form, e)
        else:
            return redirect("assessment:table", table.pk)
    return render_form(
        request,
        form,
        title=_("Name and tiers: %(table)s") % {"table": table.name},
        cancel_url=reverse("assessment:table", args=[table.pk]),
    )


def _item_form(request, table: IndicatorTable, item: Item):
    form = ItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            services.do_save_item(
                form.save(commit=False), section_name=form.cleaned_data["section_name"], acting_user=request.user
            )
        except DomainError as e:
            add_domain_error(form, e)
        else:
            return redirect("assessment:table", table.pk)
    title = _("Change an item: %(table)s") if item.pk else _("Add an item: %(table)s")
    return render_form(
        request, form, title=title % {"table": table.name}, cancel_url=reverse("assessment:table", args=[table.pk])
    )


@login_required
@require_http_methods(["GET", "POST"])
def item_create(request, pk):
    table = access.get_table_for_user(request.user, pk)
    if table.adopted:
        messages.error(request, _("An adopted indicator table is not edited: make next year's draft instead."))
        return redirect("assessment:table", table.pk)
    return _item_form(request, table, Item(table=table, kind=ItemKind.COMPUTED))


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request, pk):
    item = access.get_item_for_user(request.user, pk)
    if item.table.adopted:
        messages.error(request, _("An adopted indicator table is not edited: make next year's draft instead."))
        return redirect("assessment:table", item.table_id)
    return _item_form(request, item.table, item)


@login_required
@require_POST
def item_delete(request, pk):
    item = access.get_item_for_user(request.user, pk)
    try:
        services.do_delete_item(item, acting_user=request.user)
    except DomainError as e:
        messages.error(request, e.message)
    return redirect("assessment:table", item.table_id)


@login_required
@require_GET
def table_compare(request, pk):
    table = access.get_table_for_user(request.user, pk)
    previous = queries.previous_table(table)
    return render(
        request,
        "assessment/compare.html",
        {"table": table, "previous": previous, "changes": queries.compare(previous, table)},
    )


@login_required
@require_POST
def table_adopt(request, pk):
    table = access.get_table_for_user(request.user, pk)
    try:
        services.do_adopt_table(table, acting_user=request.user)
    except DomainError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _("The indicator table of %(year)s is adopted.") % {"year": table.year})
    return redirect("assessment:table", table.pk)


@login_required
@require_POST
def table_publish(request, pk):
    table = access.get_table_for_user(request.user, pk)
    try:
        results = services.do_publish(table, acting_user=request.user)
    except DomainError as e:
        messages.error(request, e.message)
    else:
        messages.success(
            request,
            _("The results of %(year)s are published for %(n)s organizations.")
            % {"year": table.year, "n": len(results)},
        )
    return redirect(f"{reverse('assessment:overview')}?year={table.year}")


@login_required
@require_GET
def results_xlsx(request, pk):
    """For the district's 岗位目标考核: organization, score, tier, computed points and the points
    of each section (organizations only: nobody's personal data)."""
    table = access.get_table_for_user(request.user, pk)
    paths = access.oversight_paths(request.user)
    orgs = list(queries.assessed(table.year).filter(_within(paths)))
    results = queries.results(table, orgs)
    section_names = [name for name, _points in results[0].sections] if results else []
    book = Book()
    sheet = book.sheet(_("Assessment %(year)s") % {"year": table.year})
    state = (
        _("published %(at)s") % {"at": f"{clock.day_of(table.published_at):%Y-%m-%d}"}
        if table.published_at
        else _("not yet published: figures as of today")
    )
    sheet.append([f"{table.name}（{state}）"], style=Style(bold=True, size=13))
    sheet.append([_("organization"), _("score"), _("tier"), _("computed points"), *section_names], style=BOLD)
    for r in results:
        points = dict(r.sections)
        sheet.append(
            [
                r.organization.name,
                float(r.score),
                r.tier_label,
                float(r.computed_score),
                *(float(points.get(n, 0)) for n in section_names),
            ]
        )
    sheet.widths({1: 36, 2: 10, 3: 8, 4: 12, **{5 + i: 14 for i in range(len(section_names))}})
    return xlsx_response(book.to_bytes(), download_name(_("Assessment results"), scope=str(table.year), ext="xlsx"))


# -- an organization's year ---------------------------------------------------------------------


@login_required
@require_GET
def organization(request, pk):
    org = access.get_organization_for_user(request.user, pk)
    year = _year(request)
    table = queries.adopted_table(year)
    assessed = queries.assessed(year).filter(pk=org.pk).exists()
    result = queries.result_of(table, org) if table and assessed else None
    oversees = access.may_oversee(request.user, org)
    return render(
        request,
        "assessment/organization.html",
        {
            "org": org,
            "year": year,
            "table": table,
            "assessed": assessed,
            "result": result,
            "oversees": oversees,
            "may_self_assess": access.may_self_assess(request.user, org) and table and not table.published,
            "show_total": oversees or (table and table.published),
        },
    )


def _open_table_or_redirect(request, org: PartyOrganization, year: int):
    table = queries.adopted_table(year)
    if table is None or table.published or not queries.assessed(year).filter(pk=org.pk).exists():
        messages.error(request, _("There is no assessment of %(year)s open for this organization.") % {"year": year})
        return None
    return table


@login_required
@require_http_methods(["GET", "POST"])
def self_assessment(request, pk):
    org = access.get_organization_for_user(request.user, pk)
    year = _year(request)
    table = _open_table_or_redirect(request, org, year)
    if table is None:
        return redirect(_org_url(org.pk, year))
    result = queries.result_of(table, org)
    initial = {"overall": result.assessment.self_comment if result.assessment else ""}
    initial.update({f"item_{line.item.pk}": line.self_comment for line in result.lines})
    form = SelfAssessmentForm(request.POST or None, initial=initial, items=[line.item for line in result.lines])
    if request.method == "POST" and form.is_valid():
        try:
            services.do_submit_self_assessment(
                table, org, overall=form.cleaned_data["overall"], per_item=form.per_item(), acting_user=request.user
            )
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, _("The self-assessment is submitted."))
            return redirect(_org_url(org.pk, year))
    return render_form(
        request,
        form,
        title=_("Self-assessment of %(org)s, %(year)s") % {"org": org.name, "year": year},
        intro=_(
            "The overall comment is required; a comment per item is optional. "
            "Nothing is uploaded: the figures come from the records."
        ),
        cancel_url=_org_url(org.pk, year),
    )


@login_required
@require_http_methods(["GET", "POST"])
def score(request, pk):
    org = access.get_organization_for_user(request.user, pk, oversee=True)
    year = _year(request)
    table = _open_table_or_redirect(request, org, year)
    if table is None:
        return redirect(_org_url(org.pk, year))
    form = ScoreForm(request.POST or None, table=table, initial={"item": id_param(request, "item")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.do_score_item(
                table, org, data["item"], points=data["points"], reason=data["reason"], acting_user=request.user
            )
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, _("%(item)s scored.") % {"item": data["item"].name})
            return redirect(_org_url(org.pk, year))
    return render_form(
        request,
        form,
        title=_("Score an item: %(org)s, %(year)s") % {"org": org.name, "year": year},
        intro=_("Within the item's points, with the reason. A deduction's points are taken from the total."),
        cancel_url=_org_url(org.pk, year),
    )


@login_required
@require_http_methods(["GET", "POST"])
def debrief(request, pk):
    org = access.get_organization_for_user(request.user, pk, oversee=True)
    year = _year(request)
    table = _open_table_or_redirect(request, org, year)
    if table is None:
        return redirect(_org_url(org.pk, year))
    posts = list(
        Post.objects.filter(organization=org, role=PostRole.SECRETARY, valid_from__lte=dt.date(year, 12, 31))
        .exclude(valid_to__lt=dt.date(year, 1, 1))
        .select_related("member")
    )
    result = queries.result_of(table, org)
    existing = result.debrief
    initial = (
        {
            "date": existing.date,
            "secretary": str(existing.secretary_id or ""),
            "secretary_name": "" if existing.secretary_id else existing.secretary_name,
            "good": existing.good,
            "fair": existing.fair,
            "average": existing.average,
            "poor": existing.poor,
            "grade": existing.grade,
            "comments": existing.comments,
        }
        if existing
        else {"secretary": str(posts[-1].pk) if posts else ""}
    )
    form = DebriefForm(request.POST or None, initial=initial, posts=posts)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.do_record_debrief(
                table,
                org,
                date=data["date"],
                secretary=data["secretary"],
                secretary_name=data["secretary_name"],
                good=data["good"],
                fair=data["fair"],
                average=data["average"],
                poor=data["poor"],
                grade=data["grade"],
                comments=data["comments"],
                acting_user=request.user,
            )
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, _("The 述职评议 is recorded."))
            return redirect(_org_url(org.pk, year))
    return render_form(
        request,
        form,
        title=_("书记抓党建述职评议: %(org)s, %(year)s") % {"org": org.name, "year": year},
        intro=_("Entered once: the item's points derive from the votes (or the grade) by the table's rule."),
        cancel_url=_org_url(org.pk, year),
    )


@login_required
@require_GET
def responsibility_docx(request, pk):
    """目标管理责任书: the year's items and points, with signature lines."""
    org = access.get_organization_for_user(request.user, pk)
    year = _year(request)
    table = queries.adopted_table(year)
    if table is None:
        messages.error(request, _("The indicator table of %(year)s is not adopted yet.") % {"year": year})
        return redirect(_org_url(org.pk, year))
    items = queries.items_of(table)
    sections: dict[str, list[dict]] = {}
    for item in items:
        source = indicators.SOURCES.get(item.source) if item.kind == ItemKind.COMPUTED else None
        sections.setdefault(item.section.name, []).append(
            {
                "code": item.code,
                "name": item.name,
                "points": f"{item.points.normalize():f}",
                "kind": str(item.get_kind_display()),
                "criteria": item.criteria or (str(source.description) if source else ""),
            }
        )
    content = docx.render(
        "assessment/responsibility.docx",
        {
            "year": year,
            "organization": org.name,
            "table": table.name,
            "sections": [{"name": name, "rows": rows} for name, rows in sections.items()],
            "good_from": f"{table.good_from.normalize():f}",
            "fair_from": f"{table.fair_from.normalize():f}",
            "average_from": f"{table.average_from.normalize():f}",
        },
    )
    return docx_response(
        content, download_name(_("Target responsibility letter"), scope=f"{org.name}{year}", ext="docx")
    )
