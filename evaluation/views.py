"""Pages of the democratic evaluation: the rounds of a year and of an organization, a round's
roll (phone-first cards), one member's row, concluding, the follow-up of a 不合格 verdict, the
results as .xlsx, and a member's own results."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.roles import EDIT_REGISTRY, VIEW_REGISTRY
from accounts.scope import may, require_capability, scope_paths
from core import clock
from core.errors import DomainError
from core.forms import add_domain_error, errors_text
from core.pagination import paginate
from core.params import year_param
from core.shortcuts import render_form
from evaluation import export, queries, rules, services
from evaluation.access import get_participant_for_user, get_round_for_user
from evaluation.forms import VOTE_FIELDS, ConcludeForm, FollowUpForm, ParticipantForm, RollForm, RoundForm
from evaluation.models import Grade
from orgs.access import get_organization_for_user
from orgs.models import MEMBER_HOLDING_KINDS, PartyOrganization


@login_required
@require_GET
def index(request):
    """The year's rounds the user sees, and the way to the organizations they manage."""
    require_capability(request.user, VIEW_REGISTRY)
    year = year_param(request, default=clock.today().year)
    roots = PartyOrganization.objects.filter(path__in=scope_paths(request.user, EDIT_REGISTRY)).order_by("path")
    page, query = paginate(request, queries.rounds_of_year(request.user, year))
    return render(
        request,
        "evaluation/index.html",
        {"year": year, "rounds": page, "page": page, "query": query, "managed": roots},
    )


@login_required
@require_GET
def organization(request, pk):
    """An organization's rounds (its own and those under it), and opening the year's round."""
    org = get_organization_for_user(request.user, pk)
    page, query = paginate(request, queries.rounds_under(request.user, org))
    return render(
        request,
        "evaluation/organization.html",
        {
            "organization": org,
            "rounds": page,
            "page": page,
            "query": query,
            "can_open": org.kind in MEMBER_HOLDING_KINDS and may(request.user, EDIT_REGISTRY, org),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def round_create(request, pk):
    org = get_organization_for_user(request.user, pk, for_write=True)
    form = RoundForm(request.POST or None, initial={"day": clock.today()})
    if request.method == "POST" and form.is_valid():
        try:
            evaluation = services.do_open_round(
                org, day=form.cleaned_data["day"], meeting=form.cleaned_data["meeting"], acting_user=request.user
            )
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(
                request, _("The evaluation round is open with %(n)s members.") % {"n": len(queries.roll(evaluation))}
            )
            return redirect("evaluation:round", pk=evaluation.pk)
    return render_form(
        request,
        form,
        title=_("Open the democratic evaluation: %(org)s") % {"org": org.name},
        cancel_url=reverse("evaluation:organization", args=[org.pk]),
        intro=_(
            "Self-assessment, mutual assessment and a democratic appraisal come before the branch's verdict "
            "(%(citation)s). Probationary members take part but are not graded."
        )
        % {"citation": rules.PROCEDURE.citation},
    )


def _cap_context(evaluation) -> dict:
    graded, cap = services.excellent_limit(evaluation)
    excellent = evaluation.participants.filter(grade=Grade.EXCELLENT).count()
    return {"graded": graded, "cap": cap, "excellent": excellent}


@login_required
@require_GET
def round_detail(request, pk):
    evaluation = get_round_for_user(request.user, pk)
    can_edit = may(request.user, EDIT_REGISTRY, evaluation.organization)
    roll = queries.roll(evaluation)
    return render(
        request,
        "evaluation/round.html",
        {
            "round": evaluation,
            "roll": roll,
            "can_edit": can_edit,
            "conclude_form": ConcludeForm(initial={"day": clock.today(), "meeting": evaluation.meeting})
            if can_edit and not evaluation.concluded
            else None,
            "ungraded": sum(1 for p in roll if not p.probationary and not p.grade),
            **_cap_context(evaluation),
        },
    )


@login_required
@require_POST
def round_conclude(request, pk):
    evaluation = get_round_for_user(request.user, pk, for_write=True)
    form = ConcludeForm(request.POST)
    if not form.is_valid():
        messages.error(request, errors_text(form))
        return redirect("evaluation:round", pk=evaluation.pk)
    try:
        services.do_conclude_round(
            evaluation, day=form.cleaned_data["day"], meeting=form.cleaned_data["meeting"], acting_user=request.user
        )
    except DomainError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, _("The evaluation round is concluded."))
    return redirect("evaluation:round", pk=evaluation.pk)


@login_required
@require_GET
def round_xlsx(request, pk):
    evaluation = get_round_for_user(request.user, pk)
    return export.round_xlsx(evaluation, queries.roll(evaluation), acting_user=request.user)


@login_required
@require_http_methods(["GET", "POST"])
def participant(request, pk):
    """One member's row: assessments, 测评 counts and the verdict."""
    row = get_participant_for_user(request.user, pk, for_write=True)
    evaluation = row.round
    back = reverse("evaluation:round", args=[evaluation.pk])
    if evaluation.concluded:
        messages.error(request, _("This evaluation round is concluded: its records can no longer be changed."))
        return redirect(back)
    initial = {
        "self_assessed": row.self_assessed,
        "self_assessment": row.self_assessment,
        "mutual_assessed": row.mutual_assessed,
        "grade": row.grade,
        **{name: getattr(row, name) for name in VOTE_FIELDS},
    }
    form = ParticipantForm(request.POST or None, initial=initial, probationary=row.probationary)
    if request.method == "POST" and form.is_valid():
        try:
            services.do_record_evaluation(
                row,
                self_assessed=form.cleaned_data["self_assessed"],
                self_assessment=form.cleaned_data["self_assessment"],
                mutual_assessed=form.cleaned_data["mutual_assessed"],
                votes=form.votes,
                grade=form.cleaned_data["grade"],
                acting_user=request.user,
            )
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, _("Saved: %(name)s.") % {"name": row.member.name})
            return redirect(f"{back}#p{row.pk}")
    graded, cap = services.excellent_limit(evaluation)
    intro = (
        _("%(name)s: probationary member, not graded.") % {"name": row.member.name}
        if row.probationary
        else _("Excellent: at most %(cap)s of %(graded)s full members.") % {"cap": cap, "graded": graded}
        if cap is not None
        else ""
    )
    return render_form(request, form, title=f"{evaluation}：{row.member.name}", cancel_url=back, intro=intro)


@login_required
@require_http_methods(["GET", "POST"])
def roll_edit(request, pk):
    """Self and mutual assessment and the 测评 counts of the whole roll on one page (the tally
    sheet at hand); verdicts are given member by member, where the share is checked."""
    evaluation = get_round_for_user(request.user, pk, for_write=True)
    back = reverse("evaluation:round", args=[evaluation.pk])
    if evaluation.concluded:
        messages.error(request, _("This evaluation round is concluded: its records can no longer be changed."))
        return redirect(back)
    form = RollForm(request.POST or None, roll=queries.roll(evaluation))
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.do_record_roll(evaluation, form.entries(), acting_user=request.user)
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, _("Saved: %(n)s members changed.") % {"n": changed})
            return redirect(back)
    return render(request, "evaluation/roll_edit.html", {"round": evaluation, "form": form, "cancel_url": back})


@login_required
@require_http_methods(["GET", "POST"])
def follow_up(request, pk):
    """The outcome of a 不合格 verdict: 教育转化 or 组织处置, as the branch decided."""
    row = get_participant_for_user(request.user, pk, for_write=True)
    back = reverse("evaluation:round", args=[row.round_id])
    if row.grade != Grade.UNQUALIFIED or not row.round.concluded:
        messages.error(request, _("Only a member graded unqualified in a concluded round is followed up."))
        return redirect(back)
    form = FollowUpForm(
        request.POST or None,
        initial={"follow_up": row.follow_up, "note": row.follow_up_note, "day": row.follow_up_on or clock.today()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.do_record_follow_up(
                row,
                follow_up=form.cleaned_data["follow_up"],
                note=form.cleaned_data["note"],
                day=form.cleaned_data["day"],
                acting_user=request.user,
            )
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, _("Follow-up recorded: %(name)s.") % {"name": row.member.name})
            return redirect(f"{back}#p{row.pk}")
    return render_form(
        request,
        form,
        title=_("Follow-up of %(name)s (unqualified, %(year)s)") % {"name": row.member.name, "year": row.round.year},
        cancel_url=back,
        intro=_("The system records the branch's decision; it does not make it."),
    )


@login_required
@require_GET
def mine(request):
    """我的评议: the signed-in member's own results, year by year."""
    member = request.user.member
    return render(
        request,
        "evaluation/mine.html",
        {"member": member, "verdicts": list(queries.verdicts_of(member)) if member else []},
    )
