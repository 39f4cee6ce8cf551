"""Clues and cases: lists, pages and the forms that change them. Only the discipline capability
within its scope sees them (404 otherwise); every read of a clue's or case's page is an audit
event; a user acting for a body changes only what is routed to it (`discipline.access`)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core import clock
from core.errors import DomainError
from core.forms import add_domain_error
from core.params import id_param
from core.shortcuts import render_form
from discipline import cases as services
from discipline.access import (
    acting_bodies,
    get_case_for_user,
    get_clue_for_user,
    in_scope,
    may_act,
    members_in_scope,
    require_act,
    require_discipline,
)
from discipline.forms_cases import CaseForm, CloseForm, ClueForm, DisposeForm, ExtendForm, OverrideForm, StepForm
from discipline.models import Case, Clue, Disposal, TalkKind
from discipline.routing import discipline_bodies, route
from members.queries import member_pool

LIST_LIMIT = 200


def url_or_empty(name: str, *args, query: str = "") -> str:
    """The URL `name`, or "" while the page it names is not built (talks and sanctions come
    from other parts of the discipline app)."""
    try:
        url = reverse(name, args=args)
    except NoReverseMatch:
        return ""
    return f"{url}?{query}" if query else url


# -- clues --------------------------------------------------------------------------------------


@login_required
@require_GET
def clues(request):
    """问题线索: the clues in the user's scope, newest first, with their routing and disposal."""
    require_discipline(request.user)
    rows = in_scope(request.user, Clue.objects.select_related("member", "organization", "routed_to"))
    return render(request, "discipline/cases/clues.html", {"clues": rows[:LIST_LIMIT]})


@login_required
@require_http_methods(["GET", "POST"])
def clue_create(request):
    require_discipline(request.user)
    members = members_in_scope(request.user, member_pool(request.user))
    form = ClueForm(request.POST or None, members=members)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            clue = services.do_register_clue(
                member=d["member"],
                received_on=d["received_on"],
                source=d["source"],
                summary=d["summary"],
                acting_user=request.user,
            )
        except DomainError as e:
            add_domain_error(form, e)
        else:
            if clue.routed_to is None:
                messages.warning(request, _("No authority list in force routes this clue: it is unrouted."))
            return redirect("discipline:clue", clue.pk)
    return render_form(request, form, title=_("Register a clue"), cancel_url="discipline:clues")


@login_required
@require_GET
def clue(request, pk):
    """A clue: routing (list, basis, matter, body), summary, disposal; a read is audited."""
    obj = get_clue_for_user(request.user, pk)
    with transaction.atomic():
        services.record_read(obj, acting_user=request.user)
    case = Case.objects.filter(clue=obj).first()
    can_act = may_act(request.user, obj)
    # 谈话函询 leads to recording the talk (or the letter's reply) on the talks' form
    talk_url = url_or_empty("discipline:talk_record", query=f"kind={TalkKind.LETTER_INQUIRY}&member={obj.member_id}")
    context = {
        "clue": obj,
        "case": case,
        "can_act": can_act,
        "may_dispose": can_act and obj.disposal in ("", Disposal.SHELVED),
        "may_open_case": can_act and obj.disposal == Disposal.PRELIMINARY and case is None,
        "talk_url": talk_url if obj.disposal == Disposal.TALK_INQUIRY else "",
    }
    return render(request, "discipline/cases/clue.html", context)


def _acting_form(request, obj, form, *, title, cancel, save):
    """A form on a clue or case the user acts on: save it, or show it with its errors."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except DomainError as e:
            add_domain_error(form, e)
        else:
            return redirect(cancel)
    return render_form(request, form, title=title, cancel_url=cancel)


@login_required
@require_http_methods(["GET", "POST"])
def clue_override(request, pk):
    """Hand the clue to another body than the division names: needs a reason; audited."""
    obj = get_clue_for_user(request.user, pk)
    require_act(request.user, obj)
    form = OverrideForm(request.POST or None, bodies=discipline_bodies(obj.received_on))
    return _acting_form(
        request,
        obj,
        form,
        title=_("Override the routing"),
        cancel=reverse("discipline:clue", args=[obj.pk]),
        save=lambda d: services.do_override_routing(obj, body=d["body"], reason=d["reason"], acting_user=request.user),
    )


@login_required
@require_http_methods(["GET", "POST"])
def clue_dispose(request, pk):
    obj = get_clue_for_user(request.user, pk)
    require_act(request.user, obj)
    form = DisposeForm(request.POST or None)
    return _acting_form(
        request,
        obj,
        form,
        title=_("Dispose of the clue"),
        cancel=reverse("discipline:clue", args=[obj.pk]),
        save=lambda d: services.do_dispose_clue(
            obj, disposal=d["disposal"], day=d["day"], note=d["note"], acting_user=request.user
        ),
    )


# -- cases --------------------------------------------------------------------------------------


@login_required
@require_GET
def cases(request):
    """案件: open cases first, by their time limit (so overdue ones lead), then closed ones."""
    require_discipline(request.user)
    qs = in_scope(request.user, Case.objects.with_limit().select_related("member", "organization", "routed_to"))
    rows = list(qs.filter(closed_on__isnull=True).order_by("limit", "pk")[:LIST_LIMIT])
    closed = list(qs.filter(closed_on__isnull=False).order_by("-closed_on", "-pk")[:LIST_LIMIT])
    today = clock.today()
    return render(
        request,
        "discipline/cases/cases.html",
        {"open_cases": rows, "closed_cases": closed, "today": today},
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_create(request):
    """立案: from a clue under preliminary verification (`?clue=`), or directly on a member."""
    require_discipline(request.user)
    clue_id = id_param(request, "clue")
    clue = get_clue_for_user(request.user, clue_id) if clue_id else None
    if clue is not None:
        require_act(request.user, clue)
    form = CaseForm(
        request.POST or None, members=None if clue else members_in_scope(request.user, member_pool(request.user))
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        bodies = acting_bodies(request.user)
        try:
            if (
                clue is None
                and bodies is not None
                and getattr(route(d["member"], d["opened_on"]).body, "pk", None) not in bodies
            ):
                raise DomainError(_("A case on this person is handled by another body."), field="member")
            case = services.do_open_case(
                opened_on=d["opened_on"],
                clue=clue,
                member=d.get("member"),
                note=d["note"],
                acting_user=request.user,
            )
        except DomainError as e:
            add_domain_error(form, e)
        else:
            return redirect("discipline:case", case.pk)
    intro = _("On the clue about %(name)s.") % {"name": clue.member.name} if clue else ""
    cancel = reverse("discipline:clue", args=[clue.pk]) if clue else reverse("discipline:cases")
    return render_form(request, form, title=_("Open a case"), cancel_url=cancel, intro=intro)


@login_required
@require_GET
def case(request, pk):
    """A case: its steps, time limit (flagged when overdue), decision and the sanction link; a
    read is audited."""
    obj = get_case_for_user(request.user, pk)
    with transaction.atomic():
        services.record_read(obj, acting_user=request.user)
    can_act = may_act(request.user, obj)
    today = clock.today()
    context = {
        "case": obj,
        "steps": list(obj.steps.all()),
        "can_act": can_act and obj.closed_on is None,
        "overdue": obj.is_overdue(today),
        "today": today,
        "sanction_url": url_or_empty("discipline:sanction_create", query=f"case={obj.pk}")
        if can_act and obj.closed_on
        else "",
    }
    return render(request, "discipline/cases/case.html", context)


def _open_case_for_action(request, pk):
    obj = get_case_for_user(request.user, pk)
    require_act(request.user, obj)
    return obj


@login_required
@require_http_methods(["GET", "POST"])
def case_extend(request, pk):
    obj = _open_case_for_action(request, pk)
    return _acting_form(
        request,
        obj,
        ExtendForm(request.POST or None),
        title=_("Extend the investigation"),
        cancel=reverse("discipline:case", args=[obj.pk]),
        save=lambda d: services.do_extend_case(obj, day=d["day"], reason=d["reason"], acting_user=request.user),
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_step(request, pk):
    obj = _open_case_for_action(request, pk)
    return _acting_form(
        request,
        obj,
        StepForm(request.POST or None),
        title=_("Record a step"),
        cancel=reverse("discipline:case", args=[obj.pk]),
        save=lambda d: services.do_record_step(
            obj, kind=d["kind"], day=d["day"], note=d["note"], acting_user=request.user
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_close(request, pk):
    obj = _open_case_for_action(request, pk)
    return _acting_form(
        request,
        obj,
        CloseForm(request.POST or None),
        title=_("Close the case"),
        cancel=reverse("discipline:case", args=[obj.pk]),
        save=lambda d: services.do_close_case(obj, day=d["day"], decision=d["decision"], acting_user=request.user),
    )
