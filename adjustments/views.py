import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.roles import APPROVE_PLANS, EDIT_PLANS, VIEW_PLANS
from accounts.scope import has_capability, require_capability
from adjustments import preview, services
from adjustments.access import get_plan_for_user, get_plan_to_change, get_plan_to_decide
from adjustments.forms import DecisionForm, OperationForm, PlanForm
from adjustments.models import AdjustmentPlan, PlanStatus
from core.errors import DomainError
from core.export import ExportKind, download_name, xlsx_response
from core.forms import add_domain_error, errors_text
from core.params import date_param, id_list_param, text_param
from core.shortcuts import render_form
from core.xlsx import BOLD, Book
from orgs.models import WorkingCommittee

MAX_COMPARED = 6


@login_required
@require_GET
def index(request):
    require_capability(request.user, VIEW_PLANS)
    plans = list(AdjustmentPlan.objects.select_related("reversal_of").order_by("-pk"))
    # The reversal written at execution is a draft nobody asked for: listed under its plan,
    # not at the top of the drafts as if someone proposed to undo the reform.
    reversal_drafts = {p.reversal_of_id: p for p in plans if p.reversal_of_id and p.status == PlanStatus.DRAFT}
    for p in plans:
        p.reversal_draft = reversal_drafts.get(p.pk)
    listed = [p for p in plans if not (p.reversal_of_id and p.status == PlanStatus.DRAFT)]
    return render(
        request,
        "adjustments/index.html",
        {
            "groups": [
                (label, [p for p in listed if p.status == status])
                for status, label in (
                    (PlanStatus.DRAFT, _("Drafts")),
                    (PlanStatus.APPROVED, _("Approved, not yet executed")),
                    (PlanStatus.EXECUTED, _("Executed")),
                    (PlanStatus.REJECTED, _("Not adopted")),
                )
            ],
            "plans": plans,
            "can_edit": has_capability(request.user, EDIT_PLANS),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request, pk=None):
    if pk is not None:
        plan = get_plan_to_change(request.user, pk)
    else:
        require_capability(request.user, EDIT_PLANS)
        committee = WorkingCommittee.objects.select_related("organization").first()
        if committee is None:
            raise Http404
        plan = AdjustmentPlan(committee=committee.organization)
    form = PlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.do_save_plan(form.save(commit=False), acting_user=request.user)
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, _("Plan saved."))
            return redirect("adjustments:plan", pk=plan.pk)
    return render_form(
        request,
        form,
        title=_("Edit plan") if pk is not None else _("New adjustment plan"),
        cancel_url=reverse("adjustments:plan", args=[pk]) if pk is not None else "adjustments:index",
        intro=_(
            "A plan is an ordered list of steps with one effective date. Nothing changes until the "
            "committee leader approves it and it is executed."
        ),
    )


@login_required
@require_GET
def plan_detail(request, pk):
    plan = get_plan_for_user(request.user, pk)
    operations = list(plan.operations.select_related("organization", "target", "unit"))
    result = None if plan.ledger is not None else preview.build(plan)
    return render(
        request,
        "adjustments/plan.html",
        {
            "plan": plan,
            "operations": operations,
            "preview": result,
            "ledger": plan.ledger if result is None else result.ledger,
            "reversal": AdjustmentPlan.objects.filter(reversal_of=plan).first(),
            "can_edit": plan.editable and has_capability(request.user, EDIT_PLANS),
            "can_decide": has_capability(request.user, APPROVE_PLANS),
            "decision_form": DecisionForm(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def operation_create(request, pk):
    plan = get_plan_to_change(request.user, pk)
    form = OperationForm(request.POST or None, initial={"kind": text_param(request, "kind", default="move")})
    if request.method == "POST" and form.is_valid():
        try:
            services.do_add_operation(form.operation(plan), acting_user=request.user)
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, _("Step added."))
            return redirect("adjustments:plan", pk=plan.pk)
    return render_form(
        request,
        form,
        title=_("Add a step to %(plan)s") % {"plan": plan},
        cancel_url=reverse("adjustments:plan", args=[plan.pk]),
        intro=_(
            "Move: organization and new superior. Create: superior, name and kind. Merge: the "
            "organization and the one it merges into (members and subordinate organizations move "
            "with it). Dissolve: an organization with no members and no subordinates. Rename, "
            "change kind: the organization and the new value."
        ),
    )


@login_required
@require_POST
def operation_delete(request, pk, position):
    plan = get_plan_for_user(request.user, pk, for_write=True)
    operation = plan.operations.filter(position=position).first()
    if operation is None:
        raise Http404
    try:
        services.do_delete_operation(operation, acting_user=request.user)
    except DomainError as e:
        messages.error(request, e.message)
    return redirect("adjustments:plan", pk=plan.pk)


def _decide(request, pk, action):
    plan = get_plan_to_decide(request.user, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, errors_text(form))
        return redirect("adjustments:plan", pk=plan.pk)
    note = form.cleaned_data["note"]
    try:
        if action == "approve":
            services.do_approve_plan(plan, note=note, acting_user=request.user)
            messages.success(request, _("Plan approved. It changes nothing until it is executed."))
        elif action == "reject":
            services.do_reject_plan(plan, note=note, acting_user=request.user)
            messages.success(request, _("Plan recorded as not adopted."))
        else:
            services.do_execute_plan(plan, acting_user=request.user)
            messages.success(request, _("Plan executed. Its reversal plan was written as a draft."))
    except DomainError as e:
        messages.error(request, e.message)
    return redirect("adjustments:plan", pk=plan.pk)


@login_required
@require_POST
def plan_approve(request, pk):
    return _decide(request, pk, "approve")


@login_required
@require_POST
def plan_reject(request, pk):
    return _decide(request, pk, "reject")


@login_required
@require_POST
def plan_execute(request, pk):
    return _decide(request, pk, "execute")


@login_required
@require_GET
def compare(request):
    require_capability(request.user, VIEW_PLANS)
    pks = id_list_param(request, "plan", limit=MAX_COMPARED)
    plans = list(AdjustmentPlan.objects.filter(pk__in=pks).order_by("pk"))
    if len(plans) < 2:
        messages.error(request, _("Choose at least two plans to compare."))
        return redirect("adjustments:index")
    trees = {}  # one snapshot per effective date
    columns = []
    for plan in plans:
        if plan.ledger is not None:  # decided plans keep the figures of their decision
            columns.append({"plan": plan, "ledger": plan.ledger, "preview": None})
        else:
            if plan.effective not in trees:
                trees[plan.effective] = preview.load_tree(plan.effective)
            result = preview.build(plan, trees[plan.effective])
            columns.append({"plan": plan, "ledger": result.ledger, "preview": result})
    return render(request, "adjustments/compare.html", {"columns": columns})


def _period(request, *, warn: bool = True) -> tuple[dt.date | None, dt.date | None]:
    return (
        date_param(request, "start", label=_("start date"), warn=warn),
        date_param(request, "end", label=_("end date"), warn=warn),
    )


@login_required
@require_GET
def ledger(request):
    require_capability(request.user, VIEW_PLANS)
    start, end = _period(request)
    data = services.ledger_for_period(start, end)
    return render(
        request,
        "adjustments/ledger.html",
        {**data, "moves": _moves(data["plans"]), "start": start, "end": end, "query": request.GET.urlencode()},
    )


def _moves(plans: list[AdjustmentPlan]) -> list[dict]:
    """One row per organization moved (or merge's members moved) out of or into the
    committee, for the page and the download alike. Plans executed before the rows were kept
    have totals only."""
    sides = {"out": pgettext("ledger", "Out"), "in": pgettext("ledger", "In")}
    moves = []
    for p in plans:
        for row in (p.ledger or {}).get("rows", []):
            organization = row["organization"]
            if row.get("kind") == "members":
                organization = _("Members of %(organization)s (merged into %(target)s)") % {
                    "organization": organization,
                    "target": row["to"],
                }
            moves.append(
                {
                    "plan": p,
                    "side": sides[row["side"]],
                    "organization": organization,
                    "from": row["from"],
                    "to": row["to"],
                    "members": row["members"],
                }
            )
    return moves


@login_required
@require_GET
def ledger_xlsx(request):
    require_capability(request.user, VIEW_PLANS)
    start, end = _period(request, warn=False)
    data = services.ledger_for_period(start, end)
    book = Book()
    sheet = book.sheet(_("Adjustment ledger"))
    header = [
        _("Plan"),
        _("Effective date"),
        _("Organizations out"),
        _("Members out"),
        _("Organizations in"),
        _("Members in"),
        _("Departments adjusted"),
    ]
    sheet.append(header, style=BOLD)
    for p in data["plans"]:
        row = [
            p.name,
            p.effective.isoformat(),
            p.ledger["out"]["organizations"],
            p.ledger["out"]["members"],
            p.ledger["in"]["organizations"],
            p.ledger["in"]["members"],
            p.ledger["adjusted"],
        ]
        sheet.append(row)
    t = data["total"]
    sheet.append(
        [
            _("Total"),
            "",
            t["out"]["organizations"],
            t["out"]["members"],
            t["in"]["organizations"],
            t["in"]["members"],
            t["adjusted"],
        ]
    )
    sheet.widths({1: 40})
    moves = book.sheet(_("Organizations moved"))
    moves.widths({1: 40, 2: 12, 3: 8, 4: 40, 5: 30, 6: 30})
    moves.append(
        [
            _("Plan"),
            _("Effective date"),
            _("Out or in"),
            _("Party organization"),
            _("Former superior"),
            _("New superior"),
            _("Members"),
        ],
        style=BOLD,
    )
    for m in _moves(data["plans"]):
        moves.append(
            [
                m["plan"].name,
                m["plan"].effective.isoformat(),
                m["side"],
                m["organization"],
                m["from"],
                m["to"],
                m["members"],
            ]
        )
    # The ledger covers a period: the file is named by its first and last day.
    period = f"{start:%Y-%m-%d}至{end:%Y-%m-%d}" if start and end else ""
    return xlsx_response(
        book.to_bytes(), download_name(ExportKind.ADJUSTMENT_LEDGER, scope=period, day=end, ext="xlsx")
    )
