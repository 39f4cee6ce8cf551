"""Membership transfers. Every change of a member's organization outside a plan goes through
here: one transaction each, the member's row locked, the membership facts closed and opened
on the same day, an audit event written.

Within the district the sender issues and the receiver accepts (`do_accept_transfer`). Out of
the district the branch requests and the issuing committee (transfers.rules.LETTER_ISSUER)
issues the letter and records its receipt."""

import datetime as dt
from functools import partial

from django.db import IntegrityError, transaction

from accounts.models import User
from audit.services import known_user, record
from core import clock, crypto, idcard
from core.errors import DomainError
from core.periods import add_months
from members.models import Member, Status
from members.services import do_create_member, move_membership
from orgs.models import OrgKind, PartyOrganization
from orgs.services import end_posts
from transfers.access import acts_for
from transfers.models import IN_PROGRESS, Transfer, TransferKind, TransferStatus
from transfers.rules import (
    APPROVING_COMMITTEE_TRANSFERS_NATIONWIDE,
    DUES_AHEAD_MONTHS,
    LETTER_VALIDITY_MONTHS,
    Issuer,
    letter_issuer_setting,
)


def _check_day(day: dt.date, field: str = "day") -> None:
    if day > clock.today():
        raise DomainError("日期不能晚于今天。", field=field)


def _check_destination(destination: PartyOrganization) -> None:
    if not destination.holds_members:
        raise DomainError("党员的组织关系只能转入党支部（或临时党支部）。", field="destination")
    if destination.dissolved:
        raise DomainError("接收党组织已撤销。", field="destination")


def _pending_guard(member: Member) -> None:
    pending = member.transfers.filter(status__in=IN_PROGRESS).first()
    if pending:
        raise DomainError(
            f"该党员已有一笔未办结的组织关系转接（{pending.issued_on or pending.requested_on}，"
            f"转往{pending.to_label}），请先办结或撤回。",
            field="member",
        )


def _locked(member: Member) -> Member:
    return Member.objects.select_for_update(of=("self",)).select_related("organization").get(pk=member.pk)


def _move(
    member: Member,
    destination: PartyOrganization | None,
    day: dt.date,
    reason: str,
    acting_user: User | None = None,
    status: str | None = None,
) -> None:
    """Move the member's membership (members.services; None: off the roll with `status`).
    Posts held in the organization left end the same day."""
    left = member.organization
    move_membership(
        member,
        destination,
        day,
        reason=reason,
        acting_user=acting_user,
        status=status,
        too_early="该党员自{since}起在现党组织，转接日期应晚于这一天。",
    )
    end_posts(day, organization=left, member=member)


def _create(transfer: Transfer) -> Transfer:
    try:
        with transaction.atomic():
            transfer.save()
    except IntegrityError:
        raise DomainError("该党员已有一笔未办结的组织关系转接（可能刚由他人办理）。", field="member") from None
    return transfer


# -- within the district ----------------------------------------------------------------------


def do_issue_transfer(
    member: Member, *, destination: PartyOrganization, day: dt.date, reason: str, acting_user: User | None
) -> Transfer:
    """The sending organization issues; the member stays until the receiver accepts."""
    _check_day(day)
    _check_destination(destination)
    with transaction.atomic():
        member = _locked(member)
        if member.status != Status.ACTIVE:
            raise DomainError(f"该党员当前状态为“{member.get_status_display()}”，不能转接。", field="member")
        if member.organization_id == destination.pk:
            raise DomainError("接收党组织与现党组织相同。", field="destination")
        _pending_guard(member)
        transfer = _create(
            Transfer(
                member=member,
                kind=TransferKind.WITHIN,
                source=member.organization,
                destination=destination,
                issued_on=day,
                reason=reason,
                created_by=known_user(acting_user),
            )
        )
        record(
            "transfers.within.issued",
            actor=acting_user,
            target=member,
            organization=member.organization,
            new={"to": destination.pk, "day": day.isoformat(), "reason": reason},
        )
    return transfer


def do_issue_transfers(
    members: list[Member], *, destination: PartyOrganization, day: dt.date, reason: str, acting_user: User | None
) -> list[Transfer]:
    """Several members to one branch at once: all issued or none."""
    if not members:
        raise DomainError("请至少选择一名党员。", field="members")
    with transaction.atomic():
        return [
            do_issue_transfer(m, destination=destination, day=day, reason=reason, acting_user=acting_user)
            for m in members
        ]


_DONE: dict[str, str] = {
    TransferStatus.REQUESTED: "报送，尚未开具介绍信",
    TransferStatus.PENDING: "开具介绍信",
    TransferStatus.COMPLETED: "办结",
    TransferStatus.RETURNED: "退回",
    TransferStatus.CANCELLED: "撤回",
}


def _pending(transfer: Transfer, kind: str, status: str = TransferStatus.PENDING) -> Transfer:
    """The transfer, locked, if it is still of `kind` in `status`; else a refusal saying where it is."""
    transfer = (
        Transfer.objects.select_for_update(of=("self",))
        .select_related("source", "destination", "issuing_organization")
        .get(pk=transfer.pk)
    )
    if transfer.kind != kind:
        raise DomainError("这笔转接不能这样办理。")
    if transfer.status != status:
        raise DomainError(f"这笔转接已{_DONE[transfer.status]}（可能刚由他人办理）。")
    return transfer


def _decide(transfer: Transfer, status: str, day: dt.date, acting_user: User | None, *extra_fields: str) -> None:
    transfer.status, transfer.decided_on, transfer.decided_by = status, day, known_user(acting_user)
    transfer.save(update_fields=["status", "decided_on", "decided_by", *extra_fields])


def do_accept_transfer(transfer: Transfer, *, day: dt.date, acting_user: User | None) -> Transfer:
    """The receiving organization accepts: from `day` the member is its member."""
    _check_day(day)
    with transaction.atomic():
        member = _locked(transfer.member)
        transfer = _pending(transfer, TransferKind.WITHIN)
        # a transfer within the district is dated and names its receiver (transfer_dated_unless_no_letter)
        assert transfer.issued_on is not None and transfer.destination is not None
        if day < transfer.issued_on:
            raise DomainError("接收日期不能早于转出日期。", field="day")
        if member.status != Status.ACTIVE or member.organization_id != transfer.source_id:
            raise DomainError("该党员的组织关系已不在转出党组织，这笔转接不能再接收。")
        _check_destination(transfer.destination)
        _move(member, transfer.destination, day, "组织关系转接", acting_user=acting_user)
        _decide(transfer, TransferStatus.COMPLETED, day, acting_user)
        record(
            "transfers.within.accepted",
            actor=acting_user,
            target=member,
            organization=transfer.destination,
            old={"organization": transfer.source_id},
            new={"organization": transfer.destination_id, "day": day.isoformat()},
        )
    return transfer


def do_return_transfer(transfer: Transfer, *, reason: str, acting_user: User | None) -> Transfer:
    """The receiver sends a transfer back with a reason, or the issuing committee a branch's
    request for a letter out of the district; the member never left."""
    if not reason.strip():
        raise DomainError("请写明退回的理由。", field="reason")
    with transaction.atomic():
        if transfer.kind == TransferKind.OUT:
            transfer = _pending(transfer, TransferKind.OUT, TransferStatus.REQUESTED)
            _check_issuer(_issuer(transfer), acting_user)
            deciding = transfer.issuing_organization
        else:
            transfer = _pending(transfer, TransferKind.WITHIN)
            deciding = transfer.destination
        transfer.return_reason = reason.strip()
        _decide(transfer, TransferStatus.RETURNED, clock.today(), acting_user, "return_reason")
        record(
            f"transfers.{transfer.kind}.returned",
            actor=acting_user,
            target=transfer.member,
            organization=deciding,
            reason=reason,
        )
    return transfer


def do_cancel_transfer(transfer: Transfer, *, acting_user: User | None) -> Transfer:
    """The sender withdraws a transfer, or a request for a letter, not yet completed. A letter
    once issued is the issuing committee's: only it withdraws (voids) the letter."""
    with transaction.atomic():
        transfer = (
            Transfer.objects.select_for_update(of=("self",)).select_related("issuing_organization").get(pk=transfer.pk)
        )
        if transfer.status not in IN_PROGRESS or transfer.kind == TransferKind.IN:
            raise DomainError("只有未办结的转出可以撤回。")
        if transfer.kind == TransferKind.OUT and transfer.status == TransferStatus.PENDING:
            _check_issuer(_issuer(transfer), acting_user)
        _decide(transfer, TransferStatus.CANCELLED, clock.today(), acting_user)
        record(
            f"transfers.{transfer.kind}.cancelled",
            actor=acting_user,
            target=transfer.member,
            organization=transfer.source,
            new={"letter": transfer.letter_number} if transfer.letter_number else None,
        )
    return transfer


# -- out of the district ----------------------------------------------------------------------
#
# A branch does not issue letters out of the district (transfers.rules): it submits a request
# (申请/报送), and the issuing committee issues the letter, keeps its stub and records the
# receipt that comes back to it. An officer of the committee may also issue directly.

APPROVING_KINDS = frozenset({OrgKind.PARTY_COMMITTEE, OrgKind.ORGAN_PARTY_COMMITTEE, OrgKind.WORKING_COMMITTEE})


def letter_issuer(branch: PartyOrganization) -> PartyOrganization:
    """The committee that issues letters out of the district for members of `branch`.

    By default (`LETTER_ISSUER` = working_committee) the working committee above the branch;
    set to approving_committee, the nearest committee with the power to approve probationary
    members (a party committee, an organ party committee, else the working committee: a general
    branch has no such power), as development's approving organization is found. A branch with
    no working committee above it falls back to its approving committee."""
    ancestors = list(PartyOrganization.objects.get_ancestors(branch).order_by("-depth"))
    if letter_issuer_setting() == Issuer.WORKING_COMMITTEE:
        working = next((a for a in ancestors if a.kind == OrgKind.WORKING_COMMITTEE), None)
        if working is not None:
            return working
    approving = next((a for a in ancestors if a.kind in APPROVING_KINDS), None)
    if approving is None:
        raise DomainError(f"{branch.name}之上没有具有审批预备党员权限的党委，不能开具区外转接介绍信。")
    return approving


def issuer_basis() -> str:
    """Why this committee issues: the local choice, and the article it stays within."""
    if letter_issuer_setting() == Issuer.WORKING_COMMITTEE:
        return "本区规定区外转接一律经机关工委开具介绍信"
    citation = APPROVING_COMMITTEE_TRANSFERS_NATIONWIDE.citation
    return f"具有审批预备党员权限的基层党委在全国范围直接转移组织关系，{citation}"


def issuer_refusal(issuer: PartyOrganization | None) -> str:
    """What someone who is not the issuing committee's officer is told: who issues, and why."""
    name = issuer.name if issuer else "上级党委"
    return f"区外转接介绍信由{name}开具，回执也由其登记（{issuer_basis()}）。党支部请提交转出申请，由{name}开具介绍信。"


def _issuer(transfer: Transfer) -> PartyOrganization:
    """The committee that issues a letter out of the district (out_letter_names_its_issuer)."""
    assert transfer.issuing_organization is not None
    return transfer.issuing_organization


def _branch(member: Member) -> PartyOrganization:
    """The branch of a member on the roll (checked by the caller): set whenever they are active."""
    assert member.organization is not None
    return member.organization


def _check_issuer(issuer: PartyOrganization, acting_user: User | None) -> None:
    """Letters are issued, withdrawn and their receipts recorded by the issuing committee's
    officers. A command or the system (no signed-in user) acts for every committee."""
    user = known_user(acting_user)
    if user is not None and not acts_for(user, issuer):
        raise DomainError(issuer_refusal(issuer))


def _check_dues(member: Member, dues_paid_until: dt.date | None, day: dt.date) -> dt.date:
    """党费交至年月, as the first day of its month: not before the member joined (the month before
    the admission, when nothing was due yet, at the earliest), not more than DUES_AHEAD_MONTHS
    after the letter's month."""
    if dues_paid_until is None:
        raise DomainError("请填写党费交至年月。", field="dues_paid_until")
    month = dt.date(dues_paid_until.year, dues_paid_until.month, 1)
    ahead = DUES_AHEAD_MONTHS.current()
    latest = add_months(dt.date(day.year, day.month, 1), ahead)
    if month > latest:
        raise DomainError(
            f"党费交至年月不能晚于{latest.year}年{latest.month}月（介绍信所在月份后{ahead}个月以内），请核对。",
            field="dues_paid_until",
        )
    if member.join_date and month < add_months(dt.date(member.join_date.year, member.join_date.month, 1), -1):
        raise DomainError(
            f"党费交至年月早于该党员入党的时间（{member.join_date.year}年{member.join_date.month}月），请核对。",
            field="dues_paid_until",
        )
    return month


def _check_outgoing(member: Member, outside_organization: str) -> str:
    if not outside_organization.strip():
        raise DomainError("请填写接收党组织（介绍信抬头）。", field="outside_organization")
    if member.status != Status.ACTIVE:
        raise DomainError(f"该党员当前状态为“{member.get_status_display()}”，不能开具介绍信。", field="member")
    _pending_guard(member)
    return outside_organization.strip()


def _validity(validity_months: int | None) -> int:
    months = validity_months or LETTER_VALIDITY_MONTHS.current()
    if not 1 <= months <= 6:
        raise DomainError("介绍信有效期应为1至6个月。", field="validity_months")
    return months


def _letter_number(issuer: PartyOrganization, day: dt.date) -> str:
    """The issuer's next number of the year. The issuer's row is locked first, so two letters
    issued at once by one committee cannot take the same number."""
    list(PartyOrganization.objects.select_for_update().filter(pk=issuer.pk).values_list("pk", flat=True))
    prefix = f"{day.year}-"
    last = (
        Transfer.objects.filter(kind=TransferKind.OUT, issuing_organization=issuer, letter_number__startswith=prefix)
        .order_by("-letter_number")
        .values_list("letter_number", flat=True)
        .first()
    )
    return f"{prefix}{int(last.split('-')[1]) + 1 if last else 1:04d}"


def _issue(transfer: Transfer, day: dt.date, months: int) -> None:
    transfer.letter_number = _letter_number(_issuer(transfer), day)
    transfer.issued_on, transfer.valid_until = day, add_months(day, months)
    transfer.status = TransferStatus.PENDING


def do_request_letter(
    member: Member,
    *,
    outside_organization: str,
    day: dt.date,
    reason: str,
    dues_paid_until: dt.date | None,
    acting_user: User | None,
) -> Transfer:
    """The branch submits a transfer out of the district (申请/报送) to the committee that issues
    the letter. Nothing moves; the member's one transfer in progress is this request."""
    _check_day(day)
    with transaction.atomic():
        member = _locked(member)
        outside = _check_outgoing(member, outside_organization)
        dues = _check_dues(member, dues_paid_until, day)
        issuer = letter_issuer(_branch(member))
        transfer = _create(
            Transfer(
                member=member,
                kind=TransferKind.OUT,
                status=TransferStatus.REQUESTED,
                source=member.organization,
                issuing_organization=issuer,
                outside_organization=outside,
                requested_on=day,
                dues_paid_until=dues,
                reason=reason,
                created_by=known_user(acting_user),
            )
        )
        record(
            "transfers.out.requested",
            actor=acting_user,
            target=member,
            organization=member.organization,
            new={"to": outside, "issuer": issuer.pk, "dues": f"{dues:%Y-%m}", "day": day.isoformat()},
        )
    return transfer


def do_issue_requested_letter(
    transfer: Transfer,
    *,
    day: dt.date,
    dues_paid_until: dt.date | None,
    validity_months: int | None = None,
    acting_user: User | None,
) -> Transfer:
    """The issuing committee issues the letter a branch asked for. The dues month may be
    corrected here after checking it."""
    _check_day(day)
    months = _validity(validity_months)
    with transaction.atomic():
        member = _locked(transfer.member)
        transfer = _pending(transfer, TransferKind.OUT, TransferStatus.REQUESTED)
        _check_issuer(_issuer(transfer), acting_user)
        assert transfer.requested_on is not None  # a request is dated when the branch submits it
        if day < transfer.requested_on:
            raise DomainError("开具日期不能早于党支部报送的日期。", field="day")
        if member.status != Status.ACTIVE:
            raise DomainError(f"该党员当前状态为“{member.get_status_display()}”，不能开具介绍信。", field="member")
        old_dues = transfer.dues_paid_until
        transfer.dues_paid_until = _check_dues(member, dues_paid_until, day)
        _issue(transfer, day, months)
        transfer.save(update_fields=["dues_paid_until", "letter_number", "issued_on", "valid_until", "status"])
        record(
            "transfers.out.issued",
            actor=acting_user,
            target=member,
            organization=transfer.issuing_organization,
            old={"dues": f"{old_dues:%Y-%m}" if old_dues else ""},
            new={
                "letter": transfer.letter_number,
                "to": transfer.outside_organization,
                "dues": f"{transfer.dues_paid_until:%Y-%m}",
                "day": day.isoformat(),
            },
        )
    return transfer


def do_issue_letter(
    member: Member,
    *,
    outside_organization: str,
    day: dt.date,
    reason: str,
    dues_paid_until: dt.date | None,
    validity_months: int | None = None,
    acting_user: User | None,
) -> Transfer:
    """The issuing committee issues an introduction letter out of the district directly, with
    no request from the branch. The member stays on the roll until the receipt comes back; a
    letter past its validity without one puts them on the 口袋党员 list."""
    _check_day(day)
    months = _validity(validity_months)
    with transaction.atomic():
        member = _locked(member)
        outside = _check_outgoing(member, outside_organization)
        issuer = letter_issuer(_branch(member))
        _check_issuer(issuer, acting_user)
        transfer = Transfer(
            member=member,
            kind=TransferKind.OUT,
            source=member.organization,
            issuing_organization=issuer,
            outside_organization=outside,
            dues_paid_until=_check_dues(member, dues_paid_until, day),
            reason=reason,
            created_by=known_user(acting_user),
        )
        _issue(transfer, day, months)
        _create(transfer)
        record(
            "transfers.out.issued",
            actor=acting_user,
            target=member,
            organization=issuer,
            new={
                "letter": transfer.letter_number,
                "to": outside,
                "dues": f"{transfer.dues_paid_until:%Y-%m}",
                "day": day.isoformat(),
            },
        )
    return transfer


def do_record_receipt(transfer: Transfer, *, day: dt.date, acting_user: User | None) -> Transfer:
    """The receipt (回执) is back at the issuing committee: the member is 转出 from `day`."""
    _check_day(day)
    with transaction.atomic():
        member = _locked(transfer.member)
        transfer = _pending(transfer, TransferKind.OUT)
        _check_issuer(_issuer(transfer), acting_user)
        assert transfer.issued_on is not None  # a pending letter is dated (transfer_dated_unless_no_letter)
        if day < transfer.issued_on:
            raise DomainError("回执日期不能早于开具介绍信的日期。", field="day")
        if member.status != Status.ACTIVE:
            raise DomainError("该党员已不在册。")
        _move(member, None, day, "转出区外", acting_user=acting_user, status=Status.TRANSFERRED_OUT)
        _decide(transfer, TransferStatus.COMPLETED, day, acting_user)
        record(
            "transfers.out.received",
            actor=acting_user,
            target=member,
            organization=transfer.issuing_organization,
            new={"letter": transfer.letter_number, "day": day.isoformat()},
        )
    return transfer


# -- into the district ------------------------------------------------------------------------


def do_register_incoming(
    *,
    member: Member | None,
    new_member: Member | None = None,
    id_number: str = "",
    phone: str = "",
    destination: PartyOrganization,
    outside_organization: str,
    letter_number: str,
    day: dt.date,
    acting_user: User | None,
) -> Transfer:
    """A letter from outside the district: place the member in a branch from `day`, either
    reactivating the record of a member who once transferred out or registering a new one."""
    _check_day(day)
    _check_destination(destination)
    if not letter_number.strip():
        raise DomainError("请填写介绍信编号。", field="letter_number")
    if not outside_organization.strip():
        raise DomainError("请填写开具介绍信的党组织。", field="outside_organization")
    with transaction.atomic():
        if member is not None:
            member = _locked(member)
            if member.status != Status.TRANSFERRED_OUT:
                raise DomainError("只有已转出区外的党员可以按原档案恢复在册。", field="member")
            last = member.memberships.order_by("-valid_from").first()
            if last and last.valid_to and day < last.valid_to:
                raise DomainError(f"该党员于{last.valid_to}转出，转入日期不能早于这一天。", field="day")
            # Back on the roll: a move like any other, so the development record's receiver hears
            # it (the record closed when they left; it stays closed).
            move_membership(member, destination, day, reason="从区外转入", acting_user=acting_user)
        else:
            if new_member is None:
                raise ValueError("register either a returning member or a new one")
            member = do_create_member(
                new_member,
                id_number=id_number,
                phone=phone,
                organization=destination,
                since=day,
                acting_user=acting_user,
            )
        transfer = Transfer.objects.create(
            member=member,
            kind=TransferKind.IN,
            status=TransferStatus.COMPLETED,
            destination=destination,
            outside_organization=outside_organization.strip(),
            letter_number=letter_number.strip(),
            issued_on=day,
            decided_on=day,
            created_by=known_user(acting_user),
            decided_by=known_user(acting_user),
        )
        record(
            "transfers.in.registered",
            actor=acting_user,
            target=member,
            organization=destination,
            new={"letter": transfer.letter_number, "from": transfer.outside_organization, "day": day.isoformat()},
        )
    return transfer


def do_register_letter_in(
    *,
    id_number: str,
    name: str,
    education: str,
    join_date: dt.date | None,
    full_member_date: dt.date | None,
    phone: str,
    destination: PartyOrganization,
    outside_organization: str,
    letter_number: str,
    day: dt.date,
    acting_user: User | None,
) -> Transfer:
    """A letter from outside the district as the officer typed it: the ID number decides whether
    the record of a member who once transferred out returns to the roll (the details typed are
    then not used) or a new member is registered from them.

    The number is matched over the whole roll, not the officer's scope: a member who transferred
    out belongs to no organization, so no scope holds them. What the officer learns of a match
    is what the task needs: a returning member's record becomes theirs (and visible to them);
    a number that belongs to anyone else on file is refused with a message that names no one,
    no organization and no status, because the same person cannot be registered twice."""
    number = idcard.normalize(id_number)
    returning = Member.objects.filter(id_number_hash=crypto.keyed_hash(number)).first()
    register = partial(
        do_register_incoming,
        destination=destination,
        outside_organization=outside_organization,
        letter_number=letter_number,
        day=day,
        acting_user=acting_user,
    )
    if returning is not None:
        return register(member=returning)
    if not name or not education or not join_date:
        raise DomainError("新登记的党员请填写姓名、学历和入党日期。", field="name")
    new = Member(name=name, education=education, join_date=join_date, full_member_date=full_member_date)
    return register(member=None, new_member=new, id_number=number, phone=phone)
