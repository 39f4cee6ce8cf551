import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.roles import EDIT_REGISTRY
from accounts.scope import get_for_user, may, require_capability, scope_queryset
from core import clock, crypto, idcard
from core.errors import DomainError
from core.export import xlsx_response
from core.forms import add_domain_error
from core.shortcuts import render_form
from exchange import export
from members import services as member_services
from members.models import Member, Status
from members.views import get_member_for_user
from orgs.models import PartyOrganization
from orgs.views import get_organization_for_user
from transfers import letters, services
from transfers.access import acts_for, may_issue, may_withdraw
from transfers.forms import (
    BatchTransferForm,
    DayForm,
    IncomingForm,
    IssueLetterForm,
    LetterForm,
    LetterRequestForm,
    ReturnForm,
    TransferForm,
)
from transfers.models import IN_PROGRESS, Transfer, TransferKind, TransferStatus
from transfers.rules import TRANSFER_ACCEPT_DAYS

RECENT = 20


def get_transfer_for_user(request, pk) -> Transfer:
    return get_for_user(
        request.user,
        Transfer.objects.select_related("member", "source", "destination", "issuing_organization", "created_by"),
        pk,
    )


def _refuse(request, message: str):
    """A refusal that says who may do it (403), instead of the bare error page."""
    return render(request, "transfers/refused.html", {"message": message}, status=403)


def _issuer_refusal(transfer: Transfer) -> str:
    return services.issuer_refusal(transfer.issuing_organization)


@login_required
@require_GET
def inbox(request):
    """An officer's transfers: waiting for them, waiting for others, overdue, 口袋党员."""
    require_capability(request.user, EDIT_REGISTRY)
    lists = _lists(request.user)
    lists["recent"] = lists.pop("all").exclude(status__in=IN_PROGRESS).order_by("-decided_on", "-pk")[:RECENT]
    return render(request, "transfers/inbox.html", {**lists, "accept_days": TRANSFER_ACCEPT_DAYS.current()})


def _lists(user) -> dict:
    """The inbox's lists of the transfers an officer handles; the page and the export share them."""
    today = clock.today()
    mine = scope_queryset(
        user,
        Transfer.objects.select_related("member", "source", "destination", "issuing_organization"),
        capability=EDIT_REGISTRY,
    )
    in_scope = scope_queryset(user, PartyOrganization.objects.all(), capability=EDIT_REGISTRY)
    pending = mine.filter(status=TransferStatus.PENDING)
    overdue_before = today - dt.timedelta(days=TRANSFER_ACCEPT_DAYS.current())
    to_issue = mine.filter(status=TransferStatus.REQUESTED, issuing_organization__in=in_scope)
    return {
        "to_issue": to_issue.order_by("requested_on", "pk"),
        "incoming": pending.filter(kind=TransferKind.WITHIN, destination__in=in_scope).order_by("issued_on"),
        "outgoing": mine.filter(status__in=IN_PROGRESS, source__in=in_scope)
        .exclude(pk__in=to_issue.values("pk"))
        .exclude(valid_until__lt=today)
        .order_by("issued_on", "requested_on"),
        "overdue": pending.filter(kind=TransferKind.WITHIN, issued_on__lt=overdue_before).order_by("issued_on"),
        "pocket": mine.pocket(today).filter(source__in=in_scope).order_by("valid_until"),
        "all": mine.order_by("-issued_on", "-pk"),
    }


EXPORT_TITLES = {
    "all": "组织关系转接台账",
    "to_issue": "待开具介绍信",
    "incoming": "待接收",
    "outgoing": "已开出未办结",
    "overdue": "逾期未接收",
    "pocket": "口袋党员",
}


@login_required
@require_GET
def inbox_export(request):
    """One of the inbox's lists (`?list=`, default every transfer handled) as .xlsx, audited."""
    require_capability(request.user, EDIT_REGISTRY)
    name = request.GET.get("list", "all")
    if name not in EXPORT_TITLES:
        raise Http404
    headers = [
        "姓名",
        "类型",
        "转出组织",
        "转入组织",
        "开具介绍信的党组织",
        "介绍信编号",
        "开具日期",
        "有效期至",
        "党费交至",
        "状态",
        "办结日期",
        "原因",
    ]
    rows = [
        (
            t.member.name,
            t.get_kind_display(),
            t.from_label,
            t.to_label,
            t.issuing_organization.name if t.issuing_organization else "",
            t.letter_number,
            t.issued_on.isoformat() if t.issued_on else "",
            t.valid_until.isoformat() if t.valid_until else "",
            f"{t.dues_paid_until:%Y-%m}" if t.dues_paid_until else "",
            t.get_status_display(),
            t.decided_on.isoformat() if t.decided_on else "",
            t.return_reason or t.reason,
        )
        for t in _lists(request.user)[name].iterator(chunk_size=2000)
    ]
    member_services.do_record_export(
        count=len(rows), revealed=False, query=f"transfers:{name}", acting_user=request.user, what=EXPORT_TITLES[name]
    )
    return xlsx_response(export.list_xlsx(EXPORT_TITLES[name], headers, rows), f"transfers-{name}.xlsx")


@login_required
@require_GET
def transfer_detail(request, pk):
    transfer = get_transfer_for_user(request, pk)
    today = clock.today()
    in_progress = transfer.status in IN_PROGRESS
    issuer = may_issue(request.user, transfer)
    requested = transfer.status == TransferStatus.REQUESTED
    return render(
        request,
        "transfers/transfer.html",
        {
            "transfer": transfer,
            "may_receive": transfer.status == TransferStatus.PENDING
            and transfer.kind == TransferKind.WITHIN
            and acts_for(request.user, transfer.destination),
            "may_issue": in_progress and issuer and requested,
            "may_handle_letter": in_progress and issuer and not requested,
            "may_withdraw": in_progress and may_withdraw(request.user, transfer),
            "today": today,
            "pocket": transfer.kind == TransferKind.OUT
            and transfer.status == TransferStatus.PENDING
            and transfer.valid_until
            and transfer.valid_until < today,
        },
    )


def _act(request, pk, action):
    transfer = get_transfer_for_user(request, pk)
    if action == "receipt" or (action == "return" and transfer.kind == TransferKind.OUT):
        if not may_issue(request.user, transfer):
            return _refuse(request, _issuer_refusal(transfer))
    elif action == "cancel":
        if not may_withdraw(request.user, transfer):
            if transfer.kind == TransferKind.OUT:
                return _refuse(request, _issuer_refusal(transfer))
            raise PermissionDenied
    elif not acts_for(request.user, transfer.destination):  # accept, or return a transfer within
        raise PermissionDenied
    form = ReturnForm(request.POST) if action == "return" else DayForm(request.POST)
    if action != "cancel" and not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("transfers:transfer", pk=transfer.pk)
    try:
        if action == "accept":
            services.do_accept_transfer(transfer, day=form.cleaned_data["day"], acting_user=request.user)
            messages.success(request, _("Accepted: the member now belongs to your organization."))
        elif action == "return":
            services.do_return_transfer(transfer, reason=form.cleaned_data["reason"], acting_user=request.user)
            messages.success(request, _("Returned to the sending organization."))
        elif action == "receipt":
            services.do_record_receipt(transfer, day=form.cleaned_data["day"], acting_user=request.user)
            messages.success(request, _("Receipt recorded: the member has transferred out."))
        else:
            services.do_cancel_transfer(transfer, acting_user=request.user)
            messages.success(request, _("Withdrawn."))
    except DomainError as e:
        messages.error(request, e.message)
    return redirect("transfers:transfer", pk=transfer.pk)


@login_required
@require_POST
def transfer_accept(request, pk):
    return _act(request, pk, "accept")


@login_required
@require_POST
def transfer_return(request, pk):
    return _act(request, pk, "return")


@login_required
@require_POST
def transfer_receipt(request, pk):
    return _act(request, pk, "receipt")


@login_required
@require_POST
def transfer_cancel(request, pk):
    return _act(request, pk, "cancel")


@login_required
@require_http_methods(["GET", "POST"])
def transfer_create(request, member_pk):
    member = get_member_for_user(request, member_pk, for_write=True)
    form = TransferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            transfer = services.do_issue_transfer(
                member,
                destination=form.cleaned_data["destination"],
                day=form.cleaned_data["day"],
                reason=form.cleaned_data["reason"],
                acting_user=request.user,
            )
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, _("Transfer issued. The member moves when the receiving branch accepts."))
            return redirect("transfers:transfer", pk=transfer.pk)
    return render_form(
        request,
        form,
        title=_("Transfer %(name)s within the district") % {"name": member.name},
        cancel_url=reverse("members:member", args=[member.pk]),
        intro=_("Until the receiving branch accepts, %(org)s stays responsible for the member.")
        % {"org": member.organization},
    )


@login_required
@require_http_methods(["GET", "POST"])
def batch_create(request, org_pk):
    """Several members of one branch to one receiving branch, all or none."""
    organization = get_organization_for_user(request, org_pk, for_write=True)
    members = list(Member.objects.filter(organization=organization, status=Status.ACTIVE).order_by("name_pinyin"))
    form = BatchTransferForm(request.POST or None, members=members)
    if request.method == "POST" and form.is_valid():
        chosen = [m for m in members if str(m.pk) in form.cleaned_data["members"]]
        try:
            services.do_issue_transfers(
                chosen,
                destination=form.cleaned_data["destination"],
                day=form.cleaned_data["day"],
                reason=form.cleaned_data["reason"],
                acting_user=request.user,
            )
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, _("%(n)d transfers issued.") % {"n": len(chosen)})
            return redirect("transfers:inbox")
    return render_form(
        request,
        form,
        title=_("Transfer members of %(org)s") % {"org": organization},
        cancel_url=organization.get_absolute_url(),
    )


@login_required
@require_http_methods(["GET", "POST"])
def letter_create(request, member_pk):
    """A transfer out of the district. An officer of the issuing committee issues the letter
    here; a branch's officer submits the request to that committee."""
    member = get_member_for_user(request, member_pk, for_write=True)
    try:
        issuer = services.letter_issuer(member.organization)
    except DomainError as e:
        return _refuse(request, e.message)
    direct = acts_for(request.user, issuer)
    form = (LetterForm if direct else LetterRequestForm)(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if direct:
                transfer = services.do_issue_letter(member, acting_user=request.user, **form.cleaned_data)
            else:
                transfer = services.do_request_letter(member, acting_user=request.user, **form.cleaned_data)
        except DomainError as e:
            add_domain_error(form, e)
        else:
            if direct:
                messages.success(request, _("Letter issued. Print it; the member stays on the roll until the receipt."))
            else:
                messages.success(
                    request,
                    _("Request submitted to %(issuer)s, which issues the letter. The member stays on your roll.")
                    % {"issuer": issuer.name},
                )
            return redirect("transfers:transfer", pk=transfer.pk)
    names = {"name": member.name, "issuer": issuer.name, "basis": services.issuer_basis()}
    if direct:
        title = _("Introduction letter out of the district for %(name)s") % names
        intro = (
            _("Issued by %(issuer)s. The member stays on the roll until the receipt comes back to %(issuer)s.") % names
        )
    else:
        title = _("Request a letter out of the district for %(name)s") % names
        intro = (
            _(
                "Letters out of the district are issued by %(issuer)s (%(basis)s). Your request goes to it; the "
                "member stays on your roll until the receipt comes back."
            )
            % names
        )
    return render_form(request, form, title=title, cancel_url=reverse("members:member", args=[member.pk]), intro=intro)


@login_required
@require_http_methods(["GET", "POST"])
def letter_issue(request, pk):
    """The issuing committee issues the letter a branch asked for."""
    transfer = get_transfer_for_user(request, pk)
    if transfer.kind != TransferKind.OUT:
        raise Http404
    if not may_issue(request.user, transfer):
        return _refuse(request, _issuer_refusal(transfer))
    if transfer.status != TransferStatus.REQUESTED:
        messages.info(request, _("The letter has already been issued, or the request was closed."))
        return redirect("transfers:transfer", pk=transfer.pk)
    form = IssueLetterForm(request.POST or None, initial={"dues_paid_until": transfer.dues_paid_until})
    if request.method == "POST" and form.is_valid():
        try:
            services.do_issue_requested_letter(transfer, acting_user=request.user, **form.cleaned_data)
        except DomainError as e:
            add_domain_error(form, e)
        else:
            messages.success(request, _("Letter issued. Print it; the member stays on the roll until the receipt."))
            return redirect("transfers:transfer", pk=transfer.pk)
    return render(request, "transfers/letter_issue.html", {"transfer": transfer, "form": form})


@login_required
@require_GET
def letter_docx(request, pk):
    transfer = get_transfer_for_user(request, pk)
    if transfer.kind != TransferKind.OUT or transfer.status == TransferStatus.REQUESTED:
        raise Http404
    if not may_issue(request.user, transfer):
        return _refuse(request, _issuer_refusal(transfer))
    response = HttpResponse(
        letters.introduction_letter(transfer, acting_user=request.user),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="letter-{transfer.letter_number}.docx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def incoming_create(request):
    require_capability(request.user, EDIT_REGISTRY)
    form = IncomingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if not may(request.user, EDIT_REGISTRY, d["destination"]):
            form.add_error("destination", _("You may only place members in organizations you manage."))
        else:
            try:
                transfer = _register_incoming(request, d)
            except DomainError as e:
                add_domain_error(form, e)
            else:
                messages.success(
                    request, _("Registered: the member is on the roll of %(org)s.") % {"org": d["destination"]}
                )
                return redirect("transfers:transfer", pk=transfer.pk)
    return render_form(
        request,
        form,
        title=_("Register a letter from outside the district"),
        cancel_url="transfers:inbox",
        intro=_(
            "If the ID number belongs to a member who once transferred out, their record is put back on the "
            "roll; otherwise fill in the new member's details."
        ),
    )


def _register_incoming(request, d) -> Transfer:
    number = idcard.normalize(d["id_number"])
    returning = Member.objects.filter(id_number_hash=crypto.keyed_hash(number)).first()
    common = {
        "destination": d["destination"],
        "outside_organization": d["outside_organization"],
        "letter_number": d["letter_number"],
        "day": d["day"],
        "acting_user": request.user,
    }
    if returning is not None:
        return services.do_register_incoming(member=returning, **common)
    if not d["name"] or not d["education"] or not d["join_date"]:
        raise DomainError("新登记的党员请填写姓名、学历和入党日期。", field="name")
    new = Member(
        name=d["name"],
        education=d["education"],
        join_date=d["join_date"],
        full_member_date=d["full_member_date"],
    )
    return services.do_register_incoming(member=None, new_member=new, id_number=number, phone=d["phone"], **common)
