import datetime as dt
from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.roles import EDIT_REGISTRY, VIEW_REGISTRY
from accounts.scope import get_for_user, may, require_capability, scope_paths, scope_queryset
from audit.services import record
from core import clock
from core.errors import DomainError
from core.export import xlsx_response
from core.forms import add_domain_error
from core.shortcuts import render_form
from development import documents, services
from development.forms import ApplicationForm, QuotaForm, RecordMoveForm, StepForm
from development.models import OPEN_STAGES, VOTE_KINDS, Candidate, DevelopmentQuota, Stage, Step, StepKind
from development.services import ALLOWED, MOVABLE_STAGES, SUPERIOR_STEPS, due
from exchange import export
from members import rights
from members import services as member_services
from members.models import Member, Status
from orgs.models import MEMBER_HOLDING_KINDS, OrgKind, PartyOrganization
from orgs.queries import find_organization
from orgs.views import get_organization_for_user


def get_candidate_for_user(request, pk) -> Candidate:
    return get_for_user(request.user, Candidate.objects.select_related("organization", "member"), pk)


def _decider(candidate: Candidate, kind: str) -> PartyOrganization | None:
    """Who records a step: the branch, or for the superior's steps the party committee that
    approves its admissions."""
    if kind in SUPERIOR_STEPS:
        return services.approving_organization(candidate.organization)
    return candidate.organization


@login_required
@require_GET
def overview(request):
    """The committee's (or an officer's) view across their subtree."""
    require_capability(request.user, VIEW_REGISTRY)
    today = clock.today()
    candidates = scope_queryset(request.user, Candidate.objects.all())
    # One row per organization one level below the user's own: departments for the committee,
    # branches for an organ party committee's officer.
    paths = scope_paths(request.user, VIEW_REGISTRY)
    step = PartyOrganization.steplen
    level = (min(len(p) for p in paths) // step + 1) * step if paths else step
    by_group = Counter()
    for path, stage in candidates.filter(stage__in=OPEN_STAGES).values_list("organization__path", "stage"):
        by_group[(path[:level], stage)] += 1
    groups = PartyOrganization.objects.filter(path__in={p for p, _s in by_group}).order_by("path")
    rows = [(o, [by_group[(o.path, s)] for s in services.STAGE_ORDER]) for o in groups]
    years = _per_year(candidates, today.year)
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


def _per_year(candidates, this_year: int) -> list[tuple[int, int, int, int]]:
    """(year, applications, admitted, converted) for the last five years."""
    first = this_year - 4
    steps = Step.objects.filter(candidate__in=candidates, date__year__gte=first)
    counts = Counter()
    kinds = [StepKind.APPLICATION, StepKind.APPROVAL, StepKind.CONVERSION_APPROVAL]
    for kind, day in steps.filter(kind__in=kinds).values_list("kind", "date"):
        counts[(kind, day.year)] += 1
    return [
        (
            y,
            counts[(StepKind.APPLICATION, y)],
            counts[(StepKind.APPROVAL, y)],
            counts[(StepKind.CONVERSION_APPROVAL, y)],
        )
        for y in range(this_year, first - 1, -1)
    ]


@login_required
@require_GET
def board(request, pk):
    """A branch's board: counts per stage, and who is due next for what."""
    organization = get_organization_for_user(request, pk)
    return render(
        request,
        "development/board.html",
        {
            "organization": organization,
            "rows": _board_rows(organization),
            "counts": services.stage_counts(Candidate.objects.filter(organization__path__startswith=organization.path)),
            "stages": [Stage(s).label for s in services.STAGE_ORDER],
            "can_apply": organization.kind in MEMBER_HOLDING_KINDS and may(request.user, EDIT_REGISTRY, organization),
            "closed": Candidate.objects.filter(organization=organization)
            .exclude(stage__in=OPEN_STAGES)
            .order_by("-pk")[:20],
        },
    )


def _board_rows(organization) -> list[tuple[Candidate, str, dt.date | None, bool]]:
    """(candidate, next step, due date, overdue) for everyone in progress in the subtree, by
    stage and then due date; the board and its export show the same rows."""
    today = clock.today()
    candidates = list(
        Candidate.objects.filter(organization__path__startswith=organization.path, stage__in=OPEN_STAGES)
        .select_related("organization", "member")
        .order_by("stage", "applied_on")
    )
    steps: dict[int, list[Step]] = {c.pk: [] for c in candidates}
    for s in Step.objects.filter(candidate__in=[c.pk for c in candidates]).order_by("date", "pk"):
        steps[s.candidate_id].append(s)
    rows, cache = (
        [],
        services.party_group_reviews(list({c.organization_id: c.organization for c in candidates}.values())),
    )
    for c in candidates:
        next_ = due(c, steps[c.pk], today, review_cache=cache)
        rows.append((c, next_.step, next_.date, next_.overdue(today)))
    order = {s: i for i, s in enumerate(services.STAGE_ORDER)}
    rows.sort(key=lambda r: (order.get(r[0].stage, 9), r[2] or dt.date.max))
    return rows


@login_required
@require_GET
def board_export(request, pk):
    """The board as .xlsx (names of people: the export is audited)."""
    organization = get_organization_for_user(request, pk)
    rows = [
        (
            c.name,
            c.organization.name,
            c.get_stage_display(),
            c.applied_on.isoformat(),
            str(step.label) if step else "",
            when.isoformat() if when else "",
            "是" if overdue else "",
        )
        for c, step, when, overdue in _board_rows(organization)
    ]
    headers = ["姓名", "所在党组织", "阶段", "申请入党日期", "下一步", "应办日期", "是否逾期"]
    member_services.do_record_export(
        count=len(rows),
        revealed=False,
        query=f"development:{organization.pk}",
        acting_user=request.user,
        what="发展党员名单",
    )
    return xlsx_response(export.list_xlsx("发展党员", headers, rows), f"development-{organization.code}.xlsx")


@login_required
@require_http_methods(["GET", "POST"])
def apply(request, pk):
    organization = get_organization_for_user(request, pk, for_write=True)
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
        cancel_url=f"/development/organizations/{organization.pk}/",
    )


@login_required
@require_GET
def candidate_detail(request, pk):
    candidate = get_candidate_for_user(request, pk)
    steps = list(candidate.steps.prefetch_related("members").select_related("recorded_by", "organization"))
    today = clock.today()
    next_ = due(candidate, steps, today)
    group_review = services.needs_party_group_review(candidate.organization)
    recorded = {s.kind for s in steps}
    once = {StepKind.EXTENSION_VOTE, StepKind.EXTENSION} if StepKind.EXTENSION in recorded else set()
    actions = [
        (kind, StepKind(kind).label, kind in SUPERIOR_STEPS)
        for kind, stages in ALLOWED.items()
        if candidate.stage in stages
        and kind not in once  # probation is extended once
        and (kind not in {StepKind.PARTY_GROUP_REVIEW, StepKind.CONVERSION_PARTY_GROUP_REVIEW} or group_review)
        and may(request.user, EDIT_REGISTRY, _decider(candidate, kind))
    ]
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
            "has_notice": any(s.kind in {StepKind.NOTICE, StepKind.CONVERSION_NOTICE} for s in steps),
            "has_vote": any(s.kind in VOTE_KINDS for s in steps),
            "probation_end": _probation_end(candidate, steps),
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


def _pool(candidate: Candidate):
    """Who may be named sponsor or contact person: full members on the roll of the candidate's
    department (the subtree under its organ party committee or party committee, else the branch)."""
    org = candidate.organization
    for ancestor in PartyOrganization.objects.get_ancestors(org).order_by("-depth"):
        if ancestor.kind in {OrgKind.ORGAN_PARTY_COMMITTEE, OrgKind.PARTY_COMMITTEE, OrgKind.GENERAL_BRANCH}:
            org = ancestor
        else:
            break
    return Member.objects.filter(
        organization__path__startswith=org.path, status=Status.ACTIVE, category="full"
    ).order_by("name_pinyin")


@login_required
@require_http_methods(["GET", "POST"])
def step_create(request, pk, kind):
    candidate = get_candidate_for_user(request, pk)
    if kind not in ALLOWED:
        raise Http404
    if not may(request.user, EDIT_REGISTRY, _decider(candidate, kind)):
        raise PermissionDenied
    pool = _pool(candidate) if kind in {StepKind.SPONSORS, StepKind.CONTACTS} else None
    form = StepForm(request.POST or None, kind=kind, pool=pool)
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
        title=f"{candidate.name}：{StepKind(kind).label}",
        cancel_url=f"/development/{candidate.pk}/",
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
    candidate = get_candidate_for_user(request, pk)
    if candidate.stage not in MOVABLE_STAGES:
        raise Http404
    if not may(request.user, EDIT_REGISTRY, candidate.organization):
        raise PermissionDenied
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
        cancel_url=f"/development/{candidate.pk}/",
        intro=_("The time as an activist counts on in the receiving branch, which continues the record."),
    )


@login_required
@require_GET
def document(request, pk, name):
    candidate = get_candidate_for_user(request, pk)
    if name not in documents.DOCUMENTS:
        raise Http404
    if not may(request.user, EDIT_REGISTRY, candidate.organization):
        raise PermissionDenied
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
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}-{candidate.pk}.docx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def plan(request):
    """The annual development plan: planned per organization against those admitted that year."""
    require_capability(request.user, VIEW_REGISTRY)
    try:
        year = int(request.GET.get("year") or clock.today().year)
    except ValueError:
        year = clock.today().year
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
    quotas = list(
        scope_queryset(request.user, DevelopmentQuota.objects.filter(year=year).select_related("organization"))
    )
    admitted = Counter()
    approvals = Step.objects.filter(kind=StepKind.APPROVAL, candidate__member__join_date__year=year).values_list(
        "candidate__organization__path", flat=True
    )
    for path in approvals:
        for q in quotas:
            if path.startswith(q.organization.path):
                admitted[q.pk] += 1
    return render(
        request,
        "development/plan.html",
        {
            "year": year,
            "rows": [(q, admitted[q.pk]) for q in sorted(quotas, key=lambda q: q.organization.path)],
            "form": form,
            "can_edit": bool(scope_paths(request.user, EDIT_REGISTRY)),
        },
    )
