"""Membership transfers. Every change of a member's organization outside a plan goes through
here: one transaction each, the member's row locked, the membership facts closed and opened
on the same day, an audit event written."""

import datetime as dt

from django.db import IntegrityError, transaction

from audit.services import known_user, record
from core import clock
from core.errors import DomainError
from core.periods import add_months
from core.rules import LETTER_VALIDITY_MONTHS
from members.models import Member, Membership, Status
from members.services import do_create_member
from orgs.models import PartyOrganization, Post
from transfers.models import Transfer, TransferKind, TransferStatus


def _check_day(day: dt.date, field: str = "day") -> None:
    if day > clock.today():
        raise DomainError("日期不能晚于今天。", field=field)


def _check_destination(destination: PartyOrganization) -> None:
    if not destination.holds_members:
        raise DomainError("党员的组织关系只能转入党支部（或临时党支部）。", field="destination")
    if destination.dissolved:
        raise DomainError("接收党组织已撤销。", field="destination")


def _pending_guard(member: Member) -> None:
    pending = member.transfers.filter(status=TransferStatus.PENDING).first()
    if pending:
        raise DomainError(
            f"该党员已有一笔未办结的组织关系转接（{pending.issued_on}，转往{pending.to_label}），请先办结或撤回。",
            field="member",
        )


def _locked(member: Member) -> Member:
    return Member.objects.select_for_update(of=("self",)).select_related("organization").get(pk=member.pk)


def _move(member: Member, destination: PartyOrganization | None, day: dt.date, reason: str) -> None:
    """Close the member's open fact at `day`; open one in `destination` (None: off the roll).
    Posts held in the organization left end the same day."""
    fact = member.memberships.select_for_update().get(valid_to__isnull=True)
    if day <= fact.valid_from:
        raise DomainError(f"该党员自{fact.valid_from}起在现党组织，转接日期应晚于这一天。", field="day")
    fact.valid_to = day
    fact.save(update_fields=["valid_to"])
    Post.objects.filter(
        member=member, organization=member.organization, valid_to__isnull=True, valid_from__lt=day
    ).update(valid_to=day)
    if destination is not None:
        Membership.objects.create(member=member, organization=destination, valid_from=day, reason=reason)
        member.organization = destination
        member.save(update_fields=["organization"])


def _create(transfer: Transfer) -> Transfer:
    try:
        with transaction.atomic():
            transfer.save()
    except IntegrityError:
        raise DomainError("该党员已有一笔未办结的组织关系转接（可能刚由他人办理）。", field="member") from None
    return transfer


# -- within the district ----------------------------------------------------------------------


def do_issue_transfer(
    member: Member, *, destination: PartyOrganization, day: dt.date, reason: str, acting_user
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
    members: list[Member], *, destination: PartyOrganization, day: dt.date, reason: str, acting_user
) -> list[Transfer]:
    """Several members to one branch at once: all issued or none."""
    if not members:
        raise DomainError("请至少选择一名党员。", field="members")
    with transaction.atomic():
        return [
            do_issue_transfer(m, destination=destination, day=day, reason=reason, acting_user=acting_user)
            for m in members
        ]


_DONE = {TransferStatus.COMPLETED: "办结", TransferStatus.RETURNED: "退回", TransferStatus.CANCELLED: "撤回"}


def _pending(transfer: Transfer, kind: str) -> Transfer:
    transfer = (
        Transfer.objects.select_for_update(of=("self",)).select_related("source", "destination").get(pk=transfer.pk)
    )
    if transfer.kind != kind:
        raise DomainError("这笔转接不能这样办理。")
    if transfer.status != TransferStatus.PENDING:
        raise DomainError(f"这笔转接已{_DONE[transfer.status]}（可能刚由他人办理）。")
    return transfer


def _decide(transfer: Transfer, status: str, day: dt.date, acting_user, *extra_fields: str) -> None:
    transfer.status, transfer.decided_on, transfer.decided_by = status, day, known_user(acting_user)
    transfer.save(update_fields=["status", "decided_on", "decided_by", *extra_fields])


def do_accept_transfer(transfer: Transfer, *, day: dt.date, acting_user) -> Transfer:
    """The receiving organization accepts: from `day` the member is its member."""
    _check_day(day)
    with transaction.atomic():
        member = _locked(transfer.member)
        transfer = _pending(transfer, TransferKind.WITHIN)
        if day < transfer.issued_on:
            raise DomainError("接收日期不能早于转出日期。", field="day")
        if member.status != Status.ACTIVE or member.organization_id != transfer.source_id:
            raise DomainError("该党员的组织关系已不在转出党组织，这笔转接不能再接收。")
        _check_destination(transfer.destination)
        _move(member, transfer.destination, day, "组织关系转接")
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


def do_return_transfer(transfer: Transfer, *, reason: str, acting_user) -> Transfer:
    """The receiver sends it back with a reason; the member never left."""
    if not reason.strip():
        raise DomainError("请写明退回的理由。", field="reason")
    with transaction.atomic():
        transfer = _pending(transfer, TransferKind.WITHIN)
        transfer.return_reason = reason.strip()
        _decide(transfer, TransferStatus.RETURNED, clock.today(), acting_user, "return_reason")
        record(
            "transfers.within.returned",
            actor=acting_user,
            target=transfer.member,
            organization=transfer.destination,
            reason=reason,
        )
    return transfer


def do_cancel_transfer(transfer: Transfer, *, acting_user) -> Transfer:
    """The sender withdraws a transfer or a letter not yet completed."""
    with transaction.atomic():
        transfer = Transfer.objects.select_for_update().get(pk=transfer.pk)
        if transfer.status != TransferStatus.PENDING or transfer.kind == TransferKind.IN:
            raise DomainError("只有未办结的转出可以撤回。")
        _decide(transfer, TransferStatus.CANCELLED, clock.today(), acting_user)
        record(
            f"transfers.{transfer.kind}.cancelled",
            actor=acting_user,
            target=transfer.member,
            organization=transfer.source,
        )
    return transfer


# -- out of the district ----------------------------------------------------------------------


def _letter_number(day: dt.date) -> str:
    prefix = f"{day.year}-"
    last = (
        Transfer.objects.filter(kind=TransferKind.OUT, letter_number__startswith=prefix)
        .order_by("-letter_number")
        .values_list("letter_number", flat=True)
        .first()
    )
    return f"{prefix}{int(last.split('-')[1]) + 1 if last else 1:04d}"


def do_issue_letter(
    member: Member,
    *,
    outside_organization: str,
    day: dt.date,
    reason: str,
    validity_months: int | None = None,
    acting_user,
) -> Transfer:
    """An introduction letter out of the district. The member stays on the roll until the
    receipt comes back; a letter past its validity without one puts them on the 口袋党员 list."""
    _check_day(day)
    if not outside_organization.strip():
        raise DomainError("请填写接收党组织（介绍信抬头）。", field="outside_organization")
    months = validity_months or LETTER_VALIDITY_MONTHS.current()
    if not 1 <= months <= 6:
        raise DomainError("介绍信有效期应为1至6个月。", field="validity_months")
    with transaction.atomic():
        member = _locked(member)
        if member.status != Status.ACTIVE:
            raise DomainError(f"该党员当前状态为“{member.get_status_display()}”，不能开具介绍信。", field="member")
        _pending_guard(member)
        transfer = _create(
            Transfer(
                member=member,
                kind=TransferKind.OUT,
                source=member.organization,
                outside_organization=outside_organization.strip(),
                letter_number=_letter_number(day),
                issued_on=day,
                valid_until=add_months(day, months),
                reason=reason,
                created_by=known_user(acting_user),
            )
        )
        record(
            "transfers.out.issued",
            actor=acting_user,
            target=member,
            organization=member.organization,
            new={"letter": transfer.letter_number, "to": transfer.outside_organization, "day": day.isoformat()},
        )
    return transfer


def do_record_receipt(transfer: Transfer, *, day: dt.date, acting_user) -> Transfer:
    """The receipt (回执) is back: the member is 转出 from `day`."""
    _check_day(day)
    with transaction.atomic():
        member = _locked(transfer.member)
        transfer = _pending(transfer, TransferKind.OUT)
        if day < transfer.issued_on:
            raise DomainError("回执日期不能早于开具介绍信的日期。", field="day")
        if member.status != Status.ACTIVE:
            raise DomainError("该党员已不在册。")
        _move(member, None, day, "转出区外")
        member.status = Status.TRANSFERRED_OUT
        member.save(update_fields=["status"])
        _decide(transfer, TransferStatus.COMPLETED, day, acting_user)
        record(
            "transfers.out.received",
            actor=acting_user,
            target=member,
            organization=transfer.source,
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
    acting_user,
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
            Membership.objects.create(member=member, organization=destination, valid_from=day, reason="从区外转入")
            member.status, member.organization = Status.ACTIVE, destination
            member.save(update_fields=["status", "organization"])
        else:
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
