"""Sanctions' pages: the discipline capability within its scope only (404 otherwise); and the
member's own page of the decisions that concern them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import clock
from core.errors import DomainError
from core.forms import add_domain_error
from core.pagination import paginate
from core.params import id_param, text_param, year_param
from core.shortcuts import render_form
from discipline import sanctions as services
from discipline.access import get_in_scope, in_scope, require_act, require_discipline
from discipline.forms_sanctions import RevokeForm, SanctionForm
from discipline.models import Case, Sanction, SanctionStatus
from discipline.queries import sanctions_in_effect
from members.models import Member

STATES = ("effect", "all")


@login_required
@require_GET
def sanction_list(request):
    """Sanctions in the user's scope: those in effect today, or all of a year's decisions."""
    require_discipline(request.user)
    today = clock.today()
    state = text_param(request, "state", max_length=10)
    state = state if state in STATES else "effect"
    year = year_param(request, default=today.year)
    qs = in_scope(request.user, Sanction.objects.all()).select_related("member", "organization")
    if state == "effect":
        qs = qs.filter(pk__in=sanctions_in_effect(today).values("pk"))
    else:
        qs = qs.filter(decided_on__year=year)
    page, query = paginate(request, qs.order_by("-decided_on", "-pk"))
    return render(
        request,
        "discipline/sanctions/list.html",
        {"page": page, "query": query, "state": state, "year": year, "years": range(today.year, today.year - 10, -1)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def sanction_create(request):
    """Record a sanction decision; `?case=<id>` attaches it to a case in the user's scope."""
    require_discipline(request.user)
    case = None
    case_id = id_param(request, "case")
    if case_id is not None:
        case = in_scope(request.user, Case.objects.select_related("member")).filter(pk=case_id).first()
        if case is not None:
            require_act(request.user, case)  # a case routed to another body is read, not decided
    members = in_scope(request.user, Member.objects.active()).select_related("organization").order_by("name_pinyin")
    initial = {"member": case.member_id} if case is not None else None
    form = SanctionForm(request.POST or None, members=members, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sanction = services.do_impose_sanction(
                member=data["member"],
                kind=data["kind"],
                decided_on=data["decided_on"],
                decided_by=data["decided_by"],
                narrative=data["narrative"],
                probation_years=data["probation_years"],
                case=case,
                acting_user=request.user,
            )
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, _("Sanction recorded."))
            return redirect("discipline:sanction", pk=sanction.pk)
    return render_form(
        request,
        form,
        title=_("Record a disciplinary sanction"),
        cancel_url="discipline:sanctions",
        intro=_("The effects are written with it: no vote during a probation, posts ended, expulsion off the roll."),
    )


@login_required
@require_GET
def sanction_detail(request, pk):
    require_discipline(request.user)
    sanction = get_in_scope(request.user, Sanction.objects.select_related("member", "organization", "case"), pk)
    today = clock.today()
    return render(
        request,
        "discipline/sanctions/detail.html",
        {
            "sanction": sanction,
            "in_effect": sanction.in_effect_on(today),
            "can_end": sanction.status == SanctionStatus.IN_EFFECT and (sanction.due_on or today) <= today,
            "can_revoke": sanction.status in (SanctionStatus.IN_EFFECT, SanctionStatus.ENDED),
        },
    )


@login_required
@require_POST
def sanction_end(request, pk):
    """The period is over: mark the sanction ended (the daily pass does the same)."""
    require_discipline(request.user)
    sanction = get_in_scope(request.user, Sanction.objects.all(), pk)
    try:
        services.do_end_sanction(sanction, acting_user=request.user)
    except DomainError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _("The sanction's period has ended."))
    return redirect("discipline:sanction", pk=sanction.pk)


@login_required
@require_http_methods(["GET", "POST"])
def sanction_revoke(request, pk):
    """申诉 decided: revoke the sanction, or change it to another."""
    require_discipline(request.user)
    sanction = get_in_scope(request.user, Sanction.objects.select_related("member"), pk)
    form = RevokeForm(request.POST or None, initial={"decided_by": sanction.decided_by})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["change_to"]:
                new = services.do_change_sanction(
                    sanction,
                    day=data["day"],
                    reason=data["reason"],
                    kind=data["change_to"],
                    decided_by=data["decided_by"],
                    narrative=data["narrative"],
                    probation_years=data["probation_years"],
                    acting_user=request.user,
                )
            else:
                new = services.do_revoke_sanction(
                    sanction, day=data["day"], reason=data["reason"], acting_user=request.user
                )
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, _("Sanction changed.") if data["change_to"] else _("Sanction revoked."))
            return redirect("discipline:sanction", pk=new.pk)
    return render_form(
        request,
        form,
        title=_("Revoke or change: %(sanction)s") % {"sanction": sanction.get_kind_display()},
        cancel_url=reverse("discipline:sanction", args=[sanction.pk]),
        intro=_("What the sanction took is given back from this day: the vote, the posts it ended, the membership."),
    )


@login_required
@require_GET
def mine(request):
    """The decisions that concern the signed-in member (the decision is given to them)."""
    member_id = request.user.member_id
    sanctions = Sanction.objects.filter(member_id=member_id).order_by("-decided_on", "-pk") if member_id else []
    return render(request, "discipline/sanctions/mine.html", {"sanctions": sanctions, "linked": member_id is not None})
