import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from accounts.roles import EDIT_REGISTRY, VIEW_REGISTRY
from accounts.scope import may, require_capability, scope_paths, scope_queryset
from audit.services import record
from core import clock
from core.errors import DomainError
from core.export import docx_response, download_name
from core.forms import add_domain_error
from core.params import year_param
from core.shortcuts import render_form
from development import documents, queries, services
from development.access import (
    get_candidate_for_document,
    get_candidate_for_step,
    get_candidate_for_user,
    get_candidate_to_move,
    may_print,
    may_record,
)
from development.forms import ApplicationForm, QuotaForm, RecordMoveForm, StepForm
from development.models import VOTE_KINDS, Candidate, Stage, Step, StepKind
from development.services import ALLOWED, MOVABLE_STAGES, SUPERIOR_STEPS, NextStep, due
from exchange import lists
from members import rights
from orgs.access import get_organization_for_user
from orgs.models import MEMBER_HOLDING_KINDS
from orgs.queries import find_organization

# Steps a record holds at most once: once recorded, they are not offered again.
ONCE = frozenset(
    {
        StepKind.TALK,
        StepKind.ACTIVIST,
        StepKind.ACTIVIST_FILING,
        StepKind.OBJECT_NOTICE,
        StepKind.DEVELOPMENT_OBJECT,
        StepKind.OBJECT_FILING,
        StepKind.POLITICAL_REVIEW,
        StepKind.TRAINING,
        StepKind.BRANCH_COMMITTEE_REVIEW,
        StepKind.PRE_EXAMINATION,
        StepKind.PARTY_GROUP_REVIEW,
        StepKind.SUPERIOR_TALK,
        StepKind.APPROVAL,
        StepKind.OATH,
        StepKind.CONVERSION_APPROVAL,
        StepKind.CANCELLATION,
    }
)
# The step that records a NextStep, where its code is not the step's own.
NEXT_STEP_KIND = {
    NextStep.READY_FOR_OBJECT: StepKind.DEVELOPMENT_OBJECT,
    NextStep.EXTENSION_APPROVAL: StepKind.EXTENSION,
    NextStep.CANCELLATION_APPROVAL: StepKind.CANCELLATION,
}
# A button names what it does; the step's own label ("已终止") reads as a status.
ACTION_LABELS = {StepKind.STOPPED: pgettext_lazy("action", "Stop the development")}


@login_required
@require_GET
def overview(request):
    """The committee's (or an officer's) view across their subtree."""
    require_capability(request.user, VIEW_REGISTRY)
    today = clock.today()
    candidates = scope_queryset(request.user, Candidate.objects.all())
    rows = queries.by_group(request.user)
    years = queries.per_year(candidates, today.year)
    late = services.overdue(candidates, today)
    return render(
        request,
        "development/overview.html",
        {
            "counts": services.stage_counts(candidates),
            "stages": [Stage(s).label for s in services.STAGE_ORDER],
            "rows": rows,
            "overdue": late[:100],
            "overdue_total": len(late),
            "years": years,
            "today": today,
        },
    )


@login_required
@require_GET
def board(request, pk):
    """A branch's board: counts per stage, and who is due next for what."""
    organization = get_organization_for_user(request.user, pk)
    return render(
        request,
        "development/board.html",
        {
            "organization": organization,
            "rows": queries.board_rows(request.user, organization),
            "counts": services.stage_counts(queries.candidates_under(request.user, organization)),
            "stages": [Stage(s).label for s in services.STAGE_ORDER],
            "can_apply": organization.kind in MEMBER_HOLDING_KINDS and may(request.user, EDIT_REGISTRY, organization),
            "closed": queries.closed_in(request.user, organization),
        },
    )


@login_required
@require_GET
def board_export(request, pk):
    """The board as .xlsx (names of people: the export is audited)."""
    organization = get_organization_for_user(request.user, pk)
    return lists.development_board_response(
        organization, queries.board_rows(request.user, organization), acting_user=request.user
    )


@login_required
@require_http_methods(["GET", "POST"])
def apply(request, pk):
    organization = get_organization_for_user(request.user, pk, for_write=True)
    form = ApplicationForm(request.POST or None, initial={"applied_on": clock.today()})
    if request.method == "POST" and form.is_valid():
        candidate = form.save(commit=False)
        candidate.organization = organization
        try:
            candidate = services.do_apply(
                candidate,
                id_number=form.cleaned_data["id_number"],
                phone=form.cleaned_data["phone"],
                decided_by=form.cleaned_data["decided_by"],
                acting_user=request.user,
            )
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, _("Application registered."))
            return redirect("development:candidate", pk=candidate.pk)
    return render_form(
        request,
        form,
        title=_("Register an application to join: %(org)s") % {"org": organization},
        cancel_url=reverse("development:board", args=[organization.pk]),
    )


@login_required
@require_GET
def candidate_detail(request, pk):
    candidate = get_candidate_for_user(request.user, pk)
    steps = list(candidate.steps.prefetch_related("members").select_related("recorded_by", "organization"))
    today = clock.today()
    next_ = due(candidate, steps, today)
    group_review = services.needs_party_group_review(candidate.organization)
    recorded = {s.kind for s in steps}
    done = recorded & ONCE
    if StepKind.EXTENSION in recorded:
        done |= {StepKind.EXTENSION_VOTE, StepKind.EXTENSION}  # probation is extended once
    actions = [
        (kind, ACTION_LABELS.get(kind, StepKind(kind).label), kind in SUPERIOR_STEPS)
        for kind, stages in ALLOWED.items()
        if candidate.stage in stages
        and kind not in done
        and (kind not in {StepKind.PARTY_GROUP_REVIEW, StepKind.CONVERSION_PARTY_GROUP_REVIEW} or group_review)
        and may_record(request.user, candidate, kind)
    ]
    # The step due next comes first; the rest (out of order, or rarely needed) behind "其他".
    next_kind = NEXT_STEP_KIND.get(next_.step, next_.step) if next_.step else None
    primary = [a for a in actions if a[0] == next_kind]
    others = [a for a in actions if a[0] != next_kind]
    for s in steps:
        recorded = _("recorded by %(u)s") % {"u": s.recorded_by} if s.recorded_by else ""
        s.byline = [part for part in (s.decided_by, recorded, s.note) if part]
    return render(
        request,
        "development/candidate.html",
        {
            "candidate": candidate,
            "steps": steps,
            "due_label": next_.step.label if next_.step else "",
            "due_date": next_.date,
            "overdue": next_.overdue(today),
            "actions": actions,
            "primary_actions": primary,
            "other_actions": others,
            "has_notice": any(s.kind in {StepKind.NOTICE, StepKind.CONVERSION_NOTICE} for s in steps),
            "has_vote": any(s.kind in VOTE_KINDS for s in steps),
            "probation_end": _probation_end(candidate, steps),
            "can_print": may_print(request.user, candidate),
            "can_move": candidate.stage in MOVABLE_STAGES and may(request.user, EDIT_REGISTRY, candidate.organization),
        },
    )


def _probation_end(candidate: Candidate, steps: list[Step]) -> dt.date | None:
    if candidate.stage != Stage.PROBATIONARY:
        return None
    try:
        return services.probation_end_of(candidate, steps)
    except DomainError:
        return None


@login_required
@require_http_methods(["GET", "POST"])
def step_create(request, pk, kind):
    candidate = get_candidate_for_step(request.user, pk, kind)
    pool = root = None
    if kind in {StepKind.SPONSORS, StepKind.CONTACTS}:
        pool = queries.sponsor_pool(request.user, candidate)
        root = queries.sponsor_picker_root(request.user, candidate).pk
    form = StepForm(request.POST or None, kind=kind, pool=pool, pool_root=root)
    if request.method == "POST" and form.is_valid():
        step = Step(candidate=candidate, kind=kind, **form.step_fields())
        try:
            step = services.do_record_step(
                step, members=form.cleaned_data.get("members") or [], acting_user=request.user
            )
        except DomainError as e:
            add_domain_error(form, e)
        else:
            if step.warning:
                messages.warning(request, step.warning)
            messages.success(request, _("%(step)s recorded.") % {"step": StepKind(kind).label})
            return redirect("development:candidate", pk=candidate.pk)
    return render_form(
        request,
        form,
        title=f"{candidate.name}：{ACTION_LABELS.get(kind, StepKind(kind).label)}",
        cancel_url=reverse("development:candidate", args=[candidate.pk]),
        intro=_("Rules applied: %(rules)s. A step the rules forbid is refused; a late one is recorded with a warning.")
        % {"rules": services.rules_on(clock.today()).document}
        + (_entitled_today(candidate) if kind in VOTE_KINDS else ""),
    )


def _entitled_today(candidate: Candidate) -> str:
    """The figure the vote is counted against, so nobody has to count it by hand."""
    today = clock.today()
    branch = services.branch_on(candidate, today)
    return " " + _(
        "Today %(branch)s has %(n)s full members entitled to vote (probationary members, members under "
        "probation within the party and approved absences are not counted); the vote is counted against "
        "the number on the meeting's date."
    ) % {"branch": branch.name, "n": rights.entitled_voters(branch, today).count()}


@login_required
@require_http_methods(["GET", "POST"])
def record_move(request, pk):
    """培养关系转移: the branch holding an applicant's, activist's or development object's record
    hands it to another branch (the person changed unit); the training so far counts on."""
    candidate = get_candidate_to_move(request.user, pk)
    form = RecordMoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            destination = find_organization(
                form.cleaned_data["destination"], field="destination", kinds=MEMBER_HOLDING_KINDS
            )
            services.do_transfer_record(
                candidate,
                destination=destination,
                day=form.cleaned_data["day"],
                note=form.cleaned_data["note"],
                acting_user=request.user,
            )
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, _("The development record was transferred to %(o)s.") % {"o": destination.name})
            if may(request.user, VIEW_REGISTRY, destination):
                return redirect("development:candidate", pk=candidate.pk)
            return redirect("development:board", pk=candidate.organization_id)
    return render_form(
        request,
        form,
        title=f"{candidate.name}：{_('Transfer the development record')}",
        cancel_url=reverse("development:candidate", args=[candidate.pk]),
        intro=_("The time as an activist counts on in the receiving branch, which continues the record."),
    )


@login_required
@require_GET
def document(request, pk, name):
    candidate = get_candidate_for_document(request.user, pk, name)
    try:
        content = documents.DOCUMENTS[name](candidate)
    except DomainError as e:
        messages.error(request, e.message)
        return redirect("development:candidate", pk=candidate.pk)
    with transaction.atomic():
        record(
            "development.document.printed",
            actor=request.user,
            target=candidate,
            organization=candidate.organization,
            new={"document": name},
        )
    return docx_response(content, download_name(documents.DOCUMENT_TITLES[name], scope=candidate.name, ext="docx"))


@login_required
@require_http_methods(["GET", "POST"])
def plan(request):
    """The annual development plan: planned per organization against those admitted that year."""
    require_capability(request.user, VIEW_REGISTRY)
    year = year_param(request, default=clock.today().year)
    form = QuotaForm(request.POST or None, initial={"year": year})
    if request.method == "POST" and form.is_valid():
        try:
            org = find_organization(form.cleaned_data["organization"], field="organization")
            if not may(request.user, EDIT_REGISTRY, org):
                raise DomainError(
                    _("You can set development plans only for organizations you manage."), field="organization"
                )
            services.do_set_quota(
                org, year=form.cleaned_data["year"], planned=form.cleaned_data["planned"], acting_user=request.user
            )
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, _("Plan saved."))
            return redirect(f"{request.path}?year={form.cleaned_data['year']}")
    return render(
        request,
        "development/plan.html",
        {
            "year": year,
            "rows": queries.plan_rows(request.user, year),
            "form": form,
            "can_edit": bool(scope_paths(request.user, EDIT_REGISTRY)),
        },
    )
