"""The dues pages: a branch's month (the collector's page, built for a phone: tick who paid,
save once), the committee's overview, a member's dues with their bases and reliefs, the forms
that set a base and approve a relief, and a member's own dues. Each form posts to its own view,
which calls one service; a refusal re-renders the page with what was typed kept."""

import datetime as dt
import re
from collections import Counter
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.roles import RECORD_DUES
from accounts.scope import may
from audit.services import record
from core import clock
from core.errors import DomainError
from core.forms import add_domain_error
from core.pagination import paginate
from core.params import YEAR_MAX, YEAR_MIN, clean_text, text_param
from core.periods import add_months
from core.validators import PlainTextValidator
from dues import queries, rules, services
from dues.access import (
    dues_scope,
    get_member_for_dues,
    get_member_for_relief,
    get_member_to_record,
    get_organization_for_dues,
    get_organization_to_record,
    may_grant_relief,
    may_record,
    may_reveal_base,
    may_see_dues,
    relief_approver,
)
from dues.forms import BaseForm, PaymentBatchForm, ReliefForm
from dues.models import DuesBase, MonthlyDues, PaymentWay, Relief, month_of
from dues.money import ZERO, FenSum, parse_yuan
from members.models import Member
from orgs.models import MEMBER_HOLDING_KINDS, PartyOrganization

MASK = "****"
AMOUNT_MAX_LENGTH = 20  # "9,999,999.99 元" and spaces: longer is no amount
_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")


def _valid_month(year: int, month: int) -> dt.date | None:
    if YEAR_MIN <= year <= YEAR_MAX and 1 <= month <= 12:
        return dt.date(year, month, 1)
    return None


def month_url(org: PartyOrganization, month: dt.date, name: str = "dues:month") -> str:
    return reverse(name, kwargs={"pk": org.pk, "year": month.year, "month": f"{month:%m}"})


def _this_month() -> dt.date:
    return month_of(clock.today())


def _month_or_redirect(request, org: PartyOrganization, year: int, month: int):
    """The month of the address, or a redirect to this month when it is no month or one to come."""
    found = _valid_month(year, month)
    if found is None:
        messages.warning(request, _("That is not a month: showing this month."))
        return None, redirect(month_url(org, _this_month()))
    if found > _this_month():
        messages.warning(request, _("%(month)s is a month to come: showing this month.") % {"month": f"{found:%Y-%m}"})
        return None, redirect(month_url(org, _this_month()))
    return found, None


# -- the committee's overview ------------------------------------------------------------------


def _month_param(request) -> dt.date:
    raw = text_param(request, "month")
    if raw:
        m = _MONTH.fullmatch(raw)
        found = _valid_month(int(m[1]), int(m[2])) if m else None
        if found is not None and found <= _this_month():
            return found
        messages.warning(
            request,
            _("“%(value)s” is not a month that can be shown: enter a past month as 2026-03. Showing this month.")
            % {"value": raw[:30]},
        )
    return _this_month()


@login_required
@require_GET
def index(request):
    """Each organization holding members in the user's scope, for a month: due, paid, unpaid,
    members behind by the reminder and lapse rules. A user with a single branch goes to it."""
    if not may_see_dues(request.user):
        raise PermissionDenied
    month = _month_param(request)
    orgs = dues_scope(
        request.user, PartyOrganization.objects.filter(kind__in=MEMBER_HOLDING_KINDS, dissolved__isnull=True)
    ).order_by("path")
    page, query = paginate(request, orgs)
    if "page" not in request.GET and page.paginator.count == 1:
        return redirect(month_url(page.object_list[0], month))
    ids = [o.pk for o in page.object_list]
    sums = {
        row["organization_id"]: row
        for row in MonthlyDues.objects.filter(month=month, organization_id__in=ids)
        .values("organization_id")
        .annotate(
            members=Count("id"),
            total_due=FenSum("due"),
            total_paid=FenSum("paid"),
            unpaid=Count("id", filter=Q(paid__lt=F("due"))),
        )
        .order_by()
    }
    remind = rules.rule_on("arrears_reminder_months", month).current()
    lapse = rules.rule_on("lapse_months", month).current()
    runs = queries.unpaid_run(MonthlyDues.objects.filter(organization_id__in=ids), month)
    behind = {m: n for m, n in runs.items() if n >= remind}
    held = dict(
        MonthlyDues.objects.filter(month=month, member_id__in=list(behind), organization_id__in=ids).values_list(
            "member_id", "organization_id"
        )
    )
    reminded = Counter(held[m] for m in behind if m in held)
    lapsed = Counter(held[m] for m in behind if m in held and behind[m] >= lapse)
    for org in page.object_list:
        org.figures = sums.get(org.pk)  # sums in whole fen (FenSum): exact on SQLite too
        org.behind_remind, org.behind_lapse = reminded[org.pk], lapsed[org.pk]
        org.url = month_url(org, month)
    scope_totals = queries.totals(dues_scope(request.user, MonthlyDues.objects.filter(month=month)))
    return render(
        request,
        "dues/index.html",
        {
            "month": month,
            "previous": add_months(month, -1),
            "next": add_months(month, 1) if month < _this_month() else None,
            "page": page,
            "query": query,
            "totals": scope_totals,
            "remind": remind,
            "lapse": lapse,
        },
    )


# -- a branch's month --------------------------------------------------------------------------


@login_required
@require_GET
def organization(request, pk):
    org = get_organization_for_dues(request.user, pk)
    return redirect(month_url(org, _this_month()))


@login_required
@require_GET
def month_page(request, pk, year, month):
    org = get_organization_for_dues(request.user, pk)
    found, away = _month_or_redirect(request, org, year, month)
    if away:
        return away
    return _month_page(request, org, found)


def _month_page(request, org, month, *, batch=None, typed=None, checked=None, errors=None):
    """The month's rows with their marks; `batch`, `typed` (member id → the amount typed),
    `checked` (member ids ticked) and `errors` (member id → message) after a refused save."""
    user, today = request.user, clock.today()
    rows = list(
        MonthlyDues.objects.filter(organization=org, month=month)
        .select_related("member")
        .order_by("member__name_pinyin", "member_id")
    )
    ids = [r.member_id for r in rows]
    runs = queries.unpaid_run(MonthlyDues.objects.filter(member_id__in=ids), month) if ids else {}
    reliefs = {r.member_id: r for r in Relief.objects.filter(member_id__in=ids, first__lte=month, last__gte=month)}
    remind = rules.rule_on("arrears_reminder_months", month).current()
    lapse = rules.rule_on("lapse_months", month).current()
    centre = rules.rule_on("voluntary_to_centre", month)
    typed, checked, errors = typed or {}, checked or set(), errors or {}
    for r in rows:
        r.run = runs.get(r.member_id, 0)
        r.behind_lapse = r.run >= lapse
        r.behind_remind = not r.behind_lapse and r.run >= remind
        r.relief = reliefs.get(r.member_id)
        r.to_centre = r.extra >= Decimal(centre.current())
        r.typed = typed.get(r.member_id, "")
        r.checked = r.member_id in checked
        r.error = errors.get(r.member_id, "")
    recorder = may_record(user, org)
    closed = ""
    try:
        services.check_payment_month(month, today)
    except DomainError as e:
        closed = e.message
    if batch is None:
        last_way = (
            MonthlyDues.objects.filter(organization=org)
            .exclude(way="")
            .order_by("-paid_on", "-pk")
            .values_list("way", flat=True)
            .first()
        )
        batch = PaymentBatchForm(initial={"day": today, "way": last_way or PaymentWay.CASH})
    unreckoned = services.roll_without_dues(org, month)
    based = set(
        DuesBase.objects.filter(member__in=unreckoned, month__lte=month).values_list("member_id", flat=True)
    ) | set(
        Relief.objects.filter(member__in=unreckoned, first__lte=month, last__gte=month).values_list(
            "member_id", flat=True
        )
    )
    no_base = [m for m in unreckoned if m.pk not in based]
    not_computed = [m for m in unreckoned if m.pk in based]
    due = sum((r.due for r in rows), ZERO)
    paid = sum((r.paid for r in rows), ZERO)
    return render(
        request,
        "dues/month.html",
        {
            "org": org,
            "month": month,
            "rows": rows,
            "no_base": no_base,
            "not_computed": not_computed,
            "may_record": recorder,
            "editable": recorder and not closed and bool(rows),
            "closed": closed,
            "batch": batch,
            "previous_url": month_url(org, add_months(month, -1)),
            "next_url": month_url(org, add_months(month, 1)) if month < month_of(today) else "",
            "record_url": month_url(org, month, "dues:record"),
            "compute_url": month_url(org, month, "dues:compute"),
            "totals": {
                "due": due,
                "paid": paid,
                "extra": sum((r.extra for r in rows), ZERO),
                "unpaid": sum(1 for r in rows if r.paid < r.due),
                "members": len(rows),
            },
            "remind": remind,
            "lapse": lapse,
            "centre": centre,
            "row_errors": bool(errors),
        },
    )


def _typed_amounts(post, rows: dict[int, MonthlyDues]) -> tuple[dict[int, str], dict[int, Decimal], dict[int, str]]:
    """(member id → text typed, → amount read, → message) for the rows whose amount was typed."""
    typed, amounts, errors = {}, {}, {}
    for member_id in rows:
        raw = post.get(f"amount-{member_id}", "").strip()
        if not raw:
            continue
        typed[member_id] = clean_text(raw, max_length=AMOUNT_MAX_LENGTH)  # shown back: nothing a page cannot hold
        try:
            PlainTextValidator()(raw)
            if len(raw) > AMOUNT_MAX_LENGTH:
                raise DomainError(_("Please enter an amount in yuan, e.g. 3000 or 3000.50."))
            amounts[member_id] = parse_yuan(raw)
        except ValidationError as e:
            errors[member_id] = e.messages[0]
        except DomainError as e:
            errors[member_id] = e.message
    return typed, amounts, errors


@login_required
@require_POST
def record_payments(request, pk, year, month):
    """Save the ticked members as paid in full (or all unpaid, with 「全部标记为已交」), and any
    amount typed for a row as that member's payment for the month: all or nothing."""
    org = get_organization_to_record(request.user, pk)
    found, away = _month_or_redirect(request, org, year, month)
    if away:
        return away
    rows = {r.member_id: r for r in MonthlyDues.objects.filter(organization=org, month=found)}
    batch = PaymentBatchForm(request.POST)
    checked = {int(v) for v in request.POST.getlist("paid") if v.isascii() and v.isdigit() and int(v) in rows}
    typed, amounts, errors = _typed_amounts(request.POST, rows)
    everyone = "all" in request.POST
    payments: dict[int, Decimal] = {}
    for member_id, row in rows.items():
        if member_id in amounts:
            payments[member_id] = amounts[member_id]
        elif (everyone and row.paid < row.due) or (member_id in checked and row.paid < row.due):
            payments[member_id] = row.due
    if not batch.is_valid() or errors:
        return _month_page(request, org, found, batch=batch, typed=typed, checked=checked, errors=errors)
    if not payments:
        batch.add_error(None, _("Tick the members who paid, or type an amount, then save."))
        return _month_page(request, org, found, batch=batch, typed=typed, checked=checked)
    try:
        n = services.do_record_payments(
            org,
            found,
            payments,
            day=batch.cleaned_data["day"],
            way=batch.cleaned_data["way"],
            acting_user=request.user,
        )
    except DomainError as e:
        add_domain_error(batch, e)
        return _month_page(request, org, found, batch=batch, typed=typed, checked=checked)
    messages.success(request, _("Dues recorded for %(n)s members for %(month)s.") % {"n": n, "month": f"{found:%Y-%m}"})
    centre = rules.rule_on("voluntary_to_centre", found)
    large = [rows[m].member.name for m, a in payments.items() if a - rows[m].due >= Decimal(centre.current())]
    if large:
        messages.info(
            request,
            _("A voluntary payment of %(amount)s yuan or more goes wholly to the centre (%(citation)s): %(names)s.")
            % {"amount": centre.current(), "citation": centre.citation, "names": "、".join(large)},
        )
    return redirect(month_url(org, found))


@login_required
@require_POST
def compute(request, pk, year, month):
    """Write (or bring up to date) each member's row of the month for this organization."""
    org = get_organization_to_record(request.user, pk)
    found, away = _month_or_redirect(request, org, year, month)
    if away:
        return away
    try:
        counts = services.do_compute_month(found, organizations=[org], acting_user=request.user)
    except DomainError as e:
        messages.error(request, e.message)
    else:
        messages.success(
            request,
            _("Dues of %(month)s: %(created)s members added, %(updated)s brought up to date.")
            % {"month": f"{found:%Y-%m}", "created": counts["created"], "updated": counts["updated"]},
        )
        if counts["no_base"]:
            messages.warning(
                request,
                _("%(n)s members have no base recorded: record their bases, then compute again.")
                % {"n": counts["no_base"]},
            )
    return redirect(month_url(org, found))


# -- a member's dues, base and relief -----------------------------------------------------------


def _member_context(request, member: Member, *, own: bool) -> dict:
    """The member's months (the last two years), bases (masked unless the user may reveal them)
    and reliefs. Showing another member's bases in full is audited."""
    user = request.user
    bases = list(DuesBase.objects.filter(member=member).order_by("-month"))
    revealed = own or may_reveal_base(user, member)
    for b in bases:
        b.shown = f"{b.base:,.2f}" if revealed else MASK
    if revealed and bases and not own:
        with transaction.atomic():
            record("dues.base.revealed", actor=user, target=member, organization=member.organization)
    since = add_months(_this_month(), -23)
    return {
        "member": member,
        "months": MonthlyDues.objects.filter(member=member, month__gte=since)
        .select_related("organization")
        .order_by("-month"),
        "bases": bases,
        "revealed": revealed,
        "reliefs": Relief.objects.filter(member=member).select_related("approved_by").order_by("-first"),
        "current_base": next((b for b in bases if b.month <= _this_month()), None),
    }


@login_required
@require_GET
def member_dues(request, pk):
    member = get_member_for_dues(request.user, pk)
    own = member.pk == request.user.member_id
    context = _member_context(request, member, own=own)
    context["may_set_base"] = may(request.user, RECORD_DUES, member)
    context["may_grant"] = may_grant_relief(request.user, member)
    org = member.organization
    seen = org is not None and dues_scope(request.user, PartyOrganization.objects.filter(pk=org.pk)).exists()
    context["month_url"] = month_url(org, _this_month()) if seen else ""
    return render(request, "dues/member.html", context)


@login_required
@require_GET
def mine(request):
    """The signed-in member's own dues: their months, base (in full) and reliefs."""
    member = getattr(request.user, "member", None)
    context = {"member": member}
    if member is not None:
        context.update(_member_context(request, member, own=True))
    return render(request, "dues/mine.html", context)


def _member_url(member: Member) -> str:
    return reverse("dues:member", args=[member.pk])


@login_required
@require_http_methods(["GET", "POST"])
def set_base(request, pk):
    member = get_member_to_record(request.user, pk)
    form = BaseForm(request.POST or None, initial={"month": _this_month()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.do_set_base(
                member, kind=data["kind"], amount=data["amount"], month=data["month"], acting_user=request.user
            )
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(
                request,
                _("The base of %(name)s from %(month)s is recorded. Compute the month again to update unpaid dues.")
                % {"name": member.name, "month": f"{data['month']:%Y-%m}"},
            )
            return redirect(_member_url(member))
    return render(
        request,
        "core/form.html",
        {
            "form": form,
            "title": _("Record the dues base: %(name)s") % {"name": member.name},
            "intro": _("The base is personal data: it is stored encrypted and shown masked in lists."),
            "cancel_url": _member_url(member),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def grant_relief(request, pk):
    member = get_member_for_relief(request.user, pk)
    form = ReliefForm(request.POST or None, initial={"first": _this_month(), "approved_on": clock.today()})
    rule = rules.rule_on("relief_max_months", clock.today())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.do_grant_relief(
                member,
                kind=data["kind"],
                amount=data["amount"],
                first=data["first"],
                last=data["last"],
                basis=data["basis"],
                approved_on=data["approved_on"],
                acting_user=request.user,
            )
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, _("The relief of %(name)s is recorded.") % {"name": member.name})
            return redirect(_member_url(member))
    approver = relief_approver(member)
    intro = _(
        "The branch (%(org)s) decides on a member's hardship; %(approver)s approves. One relief lasts at most "
        "%(n)s months (%(citation)s); the periods of one member may not overlap."
    ) % {
        "org": member.organization.name if member.organization else "",
        "approver": approver.name if approver else "",
        "n": rule.current(),
        "citation": rule.citation,
    }
    return render(
        request,
        "core/form.html",
        {
            "form": form,
            "title": _("Hardship relief: %(name)s") % {"name": member.name},
            "intro": intro,
            "cancel_url": _member_url(member),
        },
    )
