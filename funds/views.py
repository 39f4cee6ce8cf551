"""Activity funds pages: an organization's year (budgets by kind with what is spent and left,
its spending, the forms to set a budget and record a spending — usable on a phone), the overview
by organization for the committee and for the trade union's readers, and a spending's file.
Views stay thin: access → form → one service → render; a refusal keeps what was typed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core import clock
from core.errors import DomainError
from core.export import download
from core.forms import add_domain_error
from core.pagination import paginate
from core.params import text_param, year_param
from core.shortcuts import render_form
from funds import queries, rules, services
from funds.access import (
    get_budget_for_user,
    get_organization_for_funds,
    get_spending_for_user,
    kinds_of,
    may_record,
    require_overview,
)
from funds.forms import BudgetForm, SpendingForm
from funds.models import FundKind, Source


def _year_url(org_pk: int, year: int) -> str:
    return f"{reverse('funds:organization', args=[org_pk])}?year={year}"


@login_required
@require_GET
def overview(request):
    """Budget, spent, balance and the share used per organization, for one kind and year."""
    kinds = require_overview(request.user)
    kind = text_param(request, "kind")
    if kind not in kinds:
        kind = kinds[0]
    year = year_param(request, default=clock.today().year)
    orgs, totals = queries.overview(request.user, year, kind)
    page, query = paginate(request, orgs)
    rows = [(org, queries.overview_row(org)) for org in page.object_list]
    return render(
        request,
        "funds/overview.html",
        {
            "year": year,
            "kind": kind,
            "kinds": [FundKind(k) for k in kinds],
            "rows": rows,
            "totals": totals,
            "page": page,
            "query": query,
        },
    )


@login_required
@require_GET
def organization(request, pk):
    """An organization's year: each kind's budgets with spent and balance, then the spending."""
    org = get_organization_for_funds(request.user, pk)
    year = year_param(request, default=clock.today().year)
    kinds = kinds_of(request.user, org)
    lines = queries.year_lines(org, year, kinds)
    sections = []
    for kind in kinds:
        mine = [line for line in lines if line.budget.kind == kind]
        sections.append({"kind": FundKind(kind), "lines": mine, "total": queries.totals_of(mine)})
    page, query = paginate(request, queries.year_spending(org, year, kinds))
    return render(
        request,
        "funds/organization.html",
        {
            "org": org,
            "year": year,
            "sections": sections,
            "page": page,
            "query": query,
            "can_record": may_record(request.user, org),
            "this_year": clock.today().year,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def budget_set(request, pk):
    """Set or change one of the organization's budgets (a per-member allocation is reckoned)."""
    org = get_organization_for_funds(request.user, pk, for_write=True)
    initial = {"year": year_param(request, default=clock.today().year, warn=False), "kind": FundKind.PARTY}
    if (kind := text_param(request, "kind")) in FundKind.values:
        initial["kind"] = kind
    if (source := text_param(request, "source")) in Source.values:
        initial["source"] = source
    form = BudgetForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            budget = services.do_set_budget(
                org,
                year=data["year"],
                kind=data["kind"],
                source=data["source"],
                amount=data["amount"],
                counted_on=data["counted_on"],
                notes=data["notes"],
                acting_user=request.user,
            )
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(
                request,
                _("Budget set: %(source)s, %(amount)s yuan.")
                % {"source": budget.get_source_display(), "amount": budget.amount},
            )
            return redirect(_year_url(org.pk, budget.year))
    intro = _(
        "A per-member allocation counts the members on the roll of %(org)s and the organizations under it on the "
        "day given, at %(each)s yuan each (%(citation)s)."
    ) % {"org": org.name, "each": rules.per_member(), "citation": rules.PER_MEMBER.citation}
    return render_form(
        request,
        form,
        title=_("Budget of %(org)s") % {"org": org.name},
        cancel_url=_year_url(org.pk, initial["year"]),
        intro=intro,
    )


def _spending_page(request, form, budget, *, title: str, spending=None):
    line = queries.year_lines(budget.organization, budget.year, [budget.kind])
    current = next((x for x in line if x.budget.pk == budget.pk), None)
    return render(
        request,
        "funds/spending_form.html",
        {
            "form": form,
            "title": title,
            "budget": budget,
            "line": current,
            "spending": spending,
            "limit": rules.ATTACHMENT_MAX_MB.current(),
            "cancel_url": _year_url(budget.organization_id, budget.year),
        },
    )


def _spending_args(data) -> dict:
    return {"date": data["date"], "category": data["category"], "amount": data["amount"], "purpose": data["purpose"]}


@login_required
@require_http_methods(["GET", "POST"])
def spending_add(request, pk):
    """Record a spending against a budget (one short form: a phone is enough)."""
    budget = get_budget_for_user(request.user, pk, for_write=True)
    form = SpendingForm(
        request.POST or None,
        request.FILES or None,
        kind=budget.kind,
        initial={"date": queries.day_in(budget.year, clock.today())},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.do_record_spending(
                budget, **_spending_args(form.cleaned_data), upload=form.cleaned_data["file"], acting_user=request.user
            )
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, _("Spending recorded."))
            return redirect(_year_url(budget.organization_id, budget.year))
    title = _("Record a spending: %(org)s") % {"org": budget.organization.name}
    return _spending_page(request, form, budget, title=title)


@login_required
@require_http_methods(["GET", "POST"])
def spending_edit(request, pk):
    """Correct a spending as it was made."""
    spending = get_spending_for_user(request.user, pk, for_write=True)
    budget = spending.budget
    initial = {
        "date": spending.date,
        "category": spending.category,
        "amount": f"{spending.amount}",
        "purpose": spending.purpose,
    }
    form = SpendingForm(
        request.POST or None, request.FILES or None, kind=budget.kind, has_file=bool(spending.file), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.do_correct_spending(
                spending,
                **_spending_args(form.cleaned_data),
                upload=form.cleaned_data["file"],
                remove_file=form.cleaned_data.get("remove_file", False),
                acting_user=request.user,
            )
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, _("Spending corrected."))
            return redirect(_year_url(budget.organization_id, budget.year))
    title = _("Correct a spending: %(org)s") % {"org": budget.organization.name}
    return _spending_page(request, form, budget, title=title, spending=spending)


@login_required
@require_GET
def attachment(request, pk):
    """A spending's file, to those who see its budget: the only way it leaves."""
    spending = get_spending_for_user(request.user, pk)
    if not spending.file:
        raise Http404
    try:
        content = spending.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return download(content, spending.file_name, spending.content_type)
