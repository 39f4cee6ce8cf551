from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.roles import EDIT_REGISTRY
from accounts.scope import require_capability
from core import clock
from core.errors import DomainError
from core.export import ExportKind, docx_response, download_name
from core.forms import add_domain_error
from core.params import text_param
from core.shortcuts import render_form
from dues.queries import paid_until
from exchange import lists
from members.access import get_member_for_user
from members.queries import active_in
from members.services import sees_member
from orgs.access import get_organization_for_user
from transfers import letters, services
from transfers.access import (
    NotTheIssuer,
    acts_for,
    get_letter_to_issue,
    get_letter_to_print,
    get_transfer_for_user,
    get_transfer_to_accept,
    get_transfer_to_record_receipt,
    get_transfer_to_return,
    get_transfer_to_withdraw,
    may_accept,
    may_confirm,
    may_issue,
    may_withdraw,
)
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
from transfers.models import IN_PROGRESS, TransferKind, TransferStatus
from transfers.queries import LIST_TITLES, handled
from transfers.queries import inbox as inbox_lists
from transfers.rules import TRANSFER_ACCEPT_DAYS

RECENT = 20


def _refuse(request, message: str):
    """A refusal that says who may do it (403), instead of the bare error page."""
    return render(request, "transfers/refused.html", {"message": message}, status=403)


def _not_the_issuer(request, refusal: NotTheIssuer):
    return _refuse(request, services.issuer_refusal(refusal.transfer.issuing_organization))


@login_required
@require_GET
def inbox(request):
    """An officer's transfers: waiting for them, waiting for others, overdue, 口袋党员."""
    require_capability(request.user, EDIT_REGISTRY)
    found: dict = inbox_lists(request.user)
    done = handled(request.user)["all"].exclude(status__in=IN_PROGRESS)
    found["recent"] = done.order_by("-decided_on", "-pk")[:RECENT]
    return render(request, "transfers/inbox.html", {**found, "accept_days": TRANSFER_ACCEPT_DAYS.current()})


@login_required
@require_GET
def inbox_export(request):
    """One of the inbox's lists (`?list=`, default every transfer handled) as .xlsx, audited."""
    require_capability(request.user, EDIT_REGISTRY)
    name = text_param(request, "list", default="all")
    if name not in LIST_TITLES:
        raise Http404
    return lists.transfers_response(
        handled(request.user)[name], title=LIST_TITLES[name], name=name, acting_user=request.user
    )


@login_required
@require_GET
def transfer_detail(request, pk):
    transfer = get_transfer_for_user(request.user, pk)
    today = clock.today()
    in_progress = transfer.status in IN_PROGRESS
    issuer = may_issue(request.user, transfer)
    requested = transfer.status == TransferStatus.REQUESTED
    return render(
        request,
        "transfers/transfer.html",
        {
            "transfer": transfer,
            # after a transfer the member may be on a roll the user no longer sees
            "member_visible": sees_member(request.user, transfer.member),
            "may_receive": may_accept(request.user, transfer),
            "may_confirm": may_confirm(request.user, transfer),
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


_ACCESS = {
    "accept": get_transfer_to_accept,
    "return": get_transfer_to_return,
    "receipt": get_transfer_to_record_receipt,
    "cancel": get_transfer_to_withdraw,
}


def _act(request, pk, action):
    try:
        transfer = _ACCESS[action](request.user, pk)
    except NotTheIssuer as refusal:
        return _not_the_issuer(request, refusal)
    form = ReturnForm(request.POST) if action == "return" else DayForm(request.POST)
    if action != "cancel" and not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("transfers:transfer", pk=transfer.pk)
    try:
        if action == "accept" and transfer.kind == TransferKind.IN:
            services.do_confirm_readmission(transfer, acting_user=request.user)
            messages.success(request, _("Confirmed: the member is back on the roll of the receiving branch."))
        elif action == "accept":
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
@require_GET
def transfer_accept_confirm(request, pk):
    """接收 moves a member onto the receiving roll: a page that says so, asks the date and
    waits for a second, deliberate click (no script: CSP)."""
    transfer = get_transfer_to_accept(request.user, pk)
    if transfer.kind == TransferKind.IN or transfer.status != TransferStatus.PENDING:
        return redirect("transfers:transfer", pk=transfer.pk)
    return render(request, "transfers/accept_confirm.html", {"transfer": transfer, "today": clock.today()})


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
    member = get_member_for_user(request.user, member_pk, for_write=True)
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
    organization = get_organization_for_user(request.user, org_pk, for_write=True)
    members = list(active_in(request.user, organization))
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
    member = get_member_for_user(request.user, member_pk, for_write=True)
    try:
        issuer = services.letter_issuer(member.organization)
    except DomainError as e:
        return _refuse(request, e.message)
    direct = acts_for(request.user, issuer)
    form = (LetterForm if direct else LetterRequestForm)(request.POST or None, recorded=paid_until(member.pk))
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
    try:
        transfer = get_letter_to_issue(request.user, pk)
    except NotTheIssuer as refusal:
        return _not_the_issuer(request, refusal)
    if transfer.status != TransferStatus.REQUESTED:
        messages.info(request, _("The letter has already been issued, or the request was closed."))
        return redirect("transfers:transfer", pk=transfer.pk)
    form = IssueLetterForm(
        request.POST or None,
        initial={"dues_paid_until": transfer.dues_paid_until},
        recorded=paid_until(transfer.member_id),
    )
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
    try:
        transfer = get_letter_to_print(request.user, pk)
    except NotTheIssuer as refusal:
        return _not_the_issuer(request, refusal)
    content = letters.introduction_letter(transfer, acting_user=request.user)
    filename = download_name(
        ExportKind.LETTER, scope=f"{transfer.member.name}-{transfer.letter_number}", day=transfer.issued_on, ext="docx"
    )
    return docx_response(content, filename)


@login_required
@require_http_methods(["GET", "POST"])
def incoming_create(request):
    require_capability(request.user, EDIT_REGISTRY)
    form = IncomingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if not acts_for(request.user, d["destination"]):
            form.add_error("destination", _("You may only place members in organizations you manage."))
        else:
            try:
                transfer = services.do_register_letter_in(
                    id_number=d["id_number"],
                    name=d["name"],
                    ethnicity=d["ethnicity"],
                    education=d["education"],
                    degree=d["degree"],
                    occupation=d["occupation"],
                    join_date=d["join_date"],
                    full_member_date=d["full_member_date"],
                    phone=d["phone"],
                    destination=d["destination"],
                    outside_organization=d["outside_organization"],
                    letter_number=d["letter_number"],
                    day=d["day"],
                    acting_user=request.user,
                )
            except DomainError as e:
                add_domain_error(form, e)
            else:
                if transfer.status == TransferStatus.CONFIRMING:
                    messages.info(
                        request,
                        _("The letter waits for %(org)s, which the member left, to confirm their return.")
                        % {"org": transfer.from_label},
                    )
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
            "If the ID number belongs to a member who once transferred out, their record returns to the roll once "
            "the organization they left confirms; otherwise fill in the new member's details."
        ),
    )
