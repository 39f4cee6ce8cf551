"""Remittances and accounts: an organization's month (what it collected, what came from each
organization below, what it keeps and remits, the remit form), the receiver's list of
remittances to confirm, the annual account of an organization and of a committee's subtree,
and the documents (a member's receipt, the annual account). Views: access → form → one service
→ render; a refusal re-renders with the message and what was typed."""

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_GET, require_POST

from audit.services import record
from core import clock
from core.errors import DomainError
from core.export import docx_response, download_name
from core.forms import BootstrapMixin, DateInput, add_domain_error, errors_text
from core.pagination import paginate
from core.params import int_param, year_param
from core.periods import add_months
from dues import documents, remittance, rules
from dues.access_remittance import (
    get_member_for_receipt,
    get_organization_for_dues,
    get_organization_to_remit,
    get_remittance_to_confirm,
    may_remit,
    own_member,
    remittances_to_confirm,
)
from dues.models import MonthlyDues, month_of


class RemitForm(BootstrapMixin, forms.Form):
    year = forms.IntegerField(min_value=2008, max_value=2100, widget=forms.HiddenInput)
    month = forms.IntegerField(min_value=1, max_value=12, widget=forms.HiddenInput)
    day = forms.DateField(label=gettext_lazy("remitted on"), widget=DateInput())


class ConfirmForm(BootstrapMixin, forms.Form):
    day = forms.DateField(label=pgettext_lazy("dues", "received on"), widget=DateInput())


def _month_param(request) -> dt.date:
    today = clock.today()
    year = year_param(request, default=today.year)
    month = int_param(request, "month", lo=1, hi=12, default=today.month, label=_("month"))
    return dt.date(year, month, 1)


def _month_url(org_pk: int, month: dt.date) -> str:
    return f"{reverse('dues:remittance_month', args=[org_pk])}?year={month.year}&month={month.month}"


# -- an organization's month ------------------------------------------------------------------


@login_required
@require_GET
def remittance_month(request, pk):
    org = get_organization_for_dues(request.user, pk)
    month = _month_param(request)
    form = RemitForm(initial={"year": month.year, "month": month.month, "day": clock.today()})
    return _month_page(request, org, month, form)


def _month_page(request, org, month: dt.date, form: RemitForm, status: int = 200):
    state = remittance.month_status(org, month)
    today = month_of(clock.today())
    context = {
        "org": org,
        "month": month,
        "state": state,
        "form": form,
        "share_percent": documents.percent(state["pending"].share) if state["keeps_account"] else "",
        "may_remit": may_remit(request.user, org) and state["keeps_account"] and month <= today,
        "previous_url": _month_url(org.pk, add_months(month, -1)),
        "next_url": _month_url(org.pk, add_months(month, 1)) if month < today else "",
        "account_url": f"{reverse('dues:account', args=[org.pk])}?year={month.year}",
        "subtree_url": f"{reverse('dues:subtree_account', args=[org.pk])}?year={month.year}"
        if org.kind in remittance.COMMITTEE_KINDS
        else "",
    }
    return render(request, "dues/remittance_month.html", context, status=status)


@login_required
@require_POST
def remit(request, pk):
    org = get_organization_to_remit(request.user, pk)
    form = RemitForm(request.POST)
    if not form.is_valid():
        month = _posted_month(form)
        return _month_page(request, org, month, form)
    month = dt.date(form.cleaned_data["year"], form.cleaned_data["month"], 1)
    try:
        row = remittance.do_remit(org, month, day=form.cleaned_data["day"], acting_user=request.user)
    except DomainError as e:
        add_domain_error(form, e)
        return _month_page(request, org, month, form)
    if row.receiver:
        messages.success(
            request,
            _("%(amount)s yuan of %(month)s remitted to %(receiver)s: it awaits their confirmation.")
            % {"amount": f"{row.remitted:.2f}", "month": f"{month:%Y-%m}", "receiver": row.receiver.name},
        )
    else:
        messages.success(
            request,
            _("%(amount)s yuan of %(month)s remitted to the district organization department.")
            % {"amount": f"{row.remitted:.2f}", "month": f"{month:%Y-%m}"},
        )
    return redirect(_month_url(org.pk, month))


def _posted_month(form: RemitForm) -> dt.date:
    """The month a refused form was for, when its hidden fields held one; else this month."""
    year, month = form.cleaned_data.get("year"), form.cleaned_data.get("month")
    return dt.date(year, month, 1) if year and month else month_of(clock.today())


# -- the receiver's side -----------------------------------------------------------------------


@login_required
@require_GET
def to_confirm(request):
    rows = remittances_to_confirm(request.user)
    page, query = paginate(request, rows, per_page=50)
    for row in page:
        row.own = row.remitted_by_id == request.user.pk
    context = {"page": page, "query": query, "form": ConfirmForm(initial={"day": clock.today()})}
    return render(request, "dues/remittance_confirm_list.html", context)


@login_required
@require_POST
def confirm(request, pk):
    row = get_remittance_to_confirm(request.user, pk)
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, errors_text(form))
        return redirect("dues:remittances_to_confirm")
    try:
        remittance.do_confirm_receipt(row, day=form.cleaned_data["day"], acting_user=request.user)
    except DomainError as e:
        messages.error(request, e.message)
    else:
        messages.success(
            request,
            _("Receipt confirmed: %(amount)s yuan of %(month)s from %(org)s.")
            % {"amount": f"{row.remitted:.2f}", "month": f"{row.month:%Y-%m}", "org": row.organization.name},
        )
    return redirect("dues:remittances_to_confirm")


# -- accounts ----------------------------------------------------------------------------------


def _year(request) -> int:
    return year_param(request, default=clock.today().year)


@login_required
@require_GET
def account(request, pk):
    org = get_organization_for_dues(request.user, pk)
    year = _year(request)
    found = remittance.account(org, year)
    share = rules.kept_share(org.kind, dt.date(year, 1, 1))
    context = {
        "org": org,
        "year": year,
        "account": found,
        "keeps_account": share is not None,
        "share_percent": documents.percent(share) if share is not None else "",
        "receiver": remittance.receiver_of(org),
        "month_urls": [_month_url(org.pk, line.month) for line in found["lines"]],
        "years": _years(year),
        "subtree_url": f"{reverse('dues:subtree_account', args=[org.pk])}?year={year}"
        if org.kind in remittance.COMMITTEE_KINDS
        else "",
    }
    context["lines"] = list(zip(found["lines"], context["month_urls"], strict=True))
    return render(request, "dues/account_year.html", context)


@login_required
@require_GET
def subtree_account(request, pk):
    org = get_organization_for_dues(request.user, pk)
    year = _year(request)
    context = {"org": org, "year": year, "account": remittance.subtree_account(org, year), "years": _years(year)}
    return render(request, "dues/account_subtree.html", context)


def _years(year: int) -> list[int]:
    last = clock.today().year
    return list(range(last, max(2008, last - 5) - 1, -1)) if year <= last else [year]


@login_required
@require_GET
def account_docx(request, pk):
    org = get_organization_for_dues(request.user, pk)
    year = year_param(request, default=clock.today().year, warn=False)
    try:
        content = documents.annual_account(org, year)
    except DomainError as e:
        messages.error(request, e.message)
        return redirect(f"{reverse('dues:account', args=[org.pk])}?year={year}")
    title = f"{year}{documents.DOCUMENTS['annual_account']}"
    return docx_response(content, download_name(title, scope=org.name, ext="docx"))


# -- a member's receipt ------------------------------------------------------------------------


def _receipt_page(request, member):
    year = _year(request)
    rows = list(
        MonthlyDues.objects.filter(member=member, month__year=year).select_related("organization").order_by("month")
    )
    context = {
        "member": member,
        "year": year,
        "rows": rows,
        "docx_url": reverse("dues:receipt_docx", args=[member.pk]),
        "years": _years(year),
        "paid_any": any(r.paid or r.extra for r in rows),
    }
    return render(request, "dues/remittance_receipt.html", context)


def _receipt_docx(request, member):
    """The receipt of the months ticked (`m`, 1–12) of `year`, or of every month paid in it."""
    year = year_param(request, default=clock.today().year, warn=False)
    chosen = [_month_number(v) for v in request.GET.getlist("m")]
    months = [dt.date(year, m, 1) for m in chosen if m is not None] or [dt.date(year, m, 1) for m in range(1, 13)]
    try:
        content = documents.receipt(member, months)
    except DomainError as e:
        messages.error(request, e.message)
        return None
    with transaction.atomic():
        record(
            "dues.receipt.printed",
            actor=request.user,
            target=member,
            organization=member.organization,
            new={"year": year, "months": ",".join(str(m.month) for m in months)},
        )
    title = documents.DOCUMENTS["receipt"]
    return docx_response(content, download_name(title, scope=member.name, ext="docx"))


def _month_number(raw: str) -> int | None:
    """A month number 1–12 from the receipt's list of months (ASCII digits only), else None."""
    return int(raw) if raw in {str(m) for m in range(1, 13)} else None


@login_required
@require_GET
def receipt(request, pk):
    member = get_member_for_receipt(request.user, pk)
    return _receipt_page(request, member)


@login_required
@require_GET
def receipt_docx(request, pk):
    member = get_member_for_receipt(request.user, pk)
    response = _receipt_docx(request, member)
    return response or redirect(f"{reverse('dues:receipt', args=[member.pk])}?year={_year(request)}")


@login_required
@require_GET
def my_receipt(request):
    """The signed-in member's own receipt page."""
    member = own_member(request.user)
    if member is None:
        return render(request, "dues/remittance_receipt.html", {"no_member": True})
    return redirect("dues:receipt", pk=member.pk)
