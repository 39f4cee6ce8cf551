"""Membership transfers. Every change of a member's organization outside a plan goes through
here: one transaction each, the member's row locked, the membership facts closed and opened
on the same day, an audit event written.

Within the district the sender issues and the receiver accepts (`do_accept_transfer`). Out of
the district the branch requests and the issuing committee (transfers.rules.LETTER_ISSUER)
issues the letter and records its receipt."""

import datetime as dt
from functools import partial

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, pgettext_lazy

from accounts.models import User
from audit.services import known_user, record
from core import clock, crypto, idcard
from core.errors import DomainError
from core.i18n import stored
from core.periods import add_months
from dues.queries import paid_until
from members.models import Member, Status
from members.services import CANNOT_REGISTER, do_create_member, move_membership, refuse_registration, sees_member
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

# The reasons kept on the membership facts a transfer opens, and a refusal said in two places.
TRANSFERRED = pgettext_lazy("membership reason", "Membership transferred")
LEFT_THE_DISTRICT = pgettext_lazy("membership reason", "Transferred out of the district")
CAME_FROM_OUTSIDE = pgettext_lazy("membership reason", "Transferred in from outside the district")
_NO_LETTER = gettext_noop("The member's status is “%(status)s”: no letter can be issued.")


def _check_day(day: dt.date, field: str = "day") -> None:
    if day > clock.today():
        raise DomainError(_("The date cannot be later than today."), field=field)


def _check_destination(destination: PartyOrganization) -> None:
    if not destination.holds_members:
        raise DomainError(
            _("A membership can only be transferred to a party branch (or a temporary branch)."), field="destination"
        )
    if destination.dissolved:
        raise DomainError(_("The receiving organization is dissolved."), field="destination")


def _pending_guard(member: Member) -> None:
    pending = member.transfers.filter(status__in=IN_PROGRESS).first()
    if pending:
        raise DomainError(
            _(
                "The member has a transfer in progress (%(day)s, to %(destination)s): please complete or withdraw"
                " it first."
            )
            % {"day": pending.issued_on or pending.requested_on, "destination": pending.to_label},
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
        too_early=gettext_noop(
            "The member has been in their present organization since %(since)s: the transfer must be later than that."
        ),
    )
    end_posts(day, organization=left, member=member)


def _create(transfer: Transfer) -> Transfer:
    try:
        with transaction.atomic():
            transfer.save()
    except IntegrityError:
        raise DomainError(
            _("The member has a transfer in progress already (perhaps just now, by someone else)."), field="member"
        ) from None
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
            raise DomainError(
                _("The member's status is “%(status)s”: no transfer.") % {"status": member.get_status_display()},
                field="member",
            )
        if member.organization_id == destination.pk:
            raise DomainError(_("The receiving organization is the present one."), field="destination")
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
        raise DomainError(_("Please choose at least one member."), field="members")
    with transaction.atomic():
        return [
            do_issue_transfer(m, destination=destination, day=day, reason=reason, acting_user=acting_user)
            for m in members
        ]


_DONE: dict[str, str] = {
    TransferStatus.REQUESTED: gettext_noop(
        "This transfer has been submitted and awaits its letter (perhaps just now, by someone else)."
    ),
    TransferStatus.PENDING: gettext_noop("This transfer's letter has been issued (perhaps just now, by someone else)."),
    TransferStatus.COMPLETED: gettext_noop("This transfer has been completed (perhaps just now, by someone else)."),
    TransferStatus.RETURNED: gettext_noop("This transfer has been returned (perhaps just now, by someone else)."),
    TransferStatus.CANCELLED: gettext_noop("This transfer has been withdrawn (perhaps just now, by someone else)."),
    TransferStatus.CONFIRMING: gettext_noop("This letter in awaits confirmation by the organization the member left."),
}


def _pending(transfer: Transfer, kind: str, status: str = TransferStatus.PENDING) -> Transfer:
    """The transfer, locked, if it is still of `kind` in `status`; else a refusal saying where it is."""
    transfer = (
        Transfer.objects.select_for_update(of=("self",))
        .select_related("source", "destination", "issuing_organization")
        .get(pk=transfer.pk)
    )
    if transfer.kind != kind:
        raise DomainError(_("This transfer cannot be handled this way."))
    if transfer.status != status:
        raise DomainError(_(_DONE[transfer.status]))
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
            raise DomainError(_("The date of acceptance cannot be earlier than the date of issue."), field="day")
        if member.status != Status.ACTIVE or member.organization_id != transfer.source_id:
            raise DomainError(
                _("The member's membership is no longer in the sending organization: this transfer cannot be accepted.")
            )
        _check_destination(transfer.destination)
        _move(member, transfer.destination, day, stored(TRANSFERRED), acting_user=acting_user)
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
    """The receiver sends a transfer back with a reason, the issuing committee a branch's
    request for a letter out of the district, or the organization a returning member left their
    letter in; the member never moved."""
    if not reason.strip():
        raise DomainError(_("Please state the reason for returning it."), field="reason")
    with transaction.atomic():
        if transfer.kind == TransferKind.OUT:
            transfer = _pending(transfer, TransferKind.OUT, TransferStatus.REQUESTED)
            _check_issuer(_issuer(transfer), acting_user)
            deciding = transfer.issuing_organization
        elif transfer.kind == TransferKind.IN:
            transfer = _pending(transfer, TransferKind.IN, TransferStatus.CONFIRMING)
            _check_confirmer(transfer, acting_user)
            deciding = transfer.source
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
            raise DomainError(_("Only a transfer out that is not completed can be withdrawn."))
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
        raise DomainError(
            _(
                "No committee above %(name)s has the power to approve probationary members: no letter out of the"
                " district can be issued."
            )
            % {"name": branch.name}
        )
    return approving


def issuer_basis() -> str:
    """Why this committee issues: the local choice, and the article it stays within."""
    if letter_issuer_setting() == Issuer.WORKING_COMMITTEE:
        return _("by the district's rule, every letter out of the district is issued by the organs working committee")
    citation = APPROVING_COMMITTEE_TRANSFERS_NATIONWIDE.citation
    return _(
        "a primary-level committee with the power to approve probationary members transfers memberships directly"
        " nationwide, %(citation)s"
    ) % {"citation": citation}


def issuer_refusal(issuer: PartyOrganization | None) -> str:
    """What someone who is not the issuing committee's officer is told: who issues, and why."""
    name = issuer.name if issuer else _("the superior committee")
    return _(
        "Letters out of the district are issued by %(name)s, which also records their receipts (%(basis)s). A branch"
        " submits a request, and %(name)s issues the letter."
    ) % {"name": name, "basis": issuer_basis()}


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
        raise DomainError(_("Please enter the month the dues are paid until."), field="dues_paid_until")
    month = dt.date(dues_paid_until.year, dues_paid_until.month, 1)
    ahead = DUES_AHEAD_MONTHS.current()
    latest = add_months(dt.date(day.year, day.month, 1), ahead)
    if month > latest:
        raise DomainError(
            _(
                "The month the dues are paid until cannot be later than %(month)s/%(year)s (within %(n)s months after"
                " the letter's month): please check."
            )
            % {"year": latest.year, "month": latest.month, "n": ahead},
            field="dues_paid_until",
        )
    if member.join_date and month < add_months(dt.date(member.join_date.year, member.join_date.month, 1), -1):
        raise DomainError(
            _("The month the dues are paid until is earlier than the member joined (%(month)s/%(year)s): please check.")
            % {"year": member.join_date.year, "month": member.join_date.month},
            field="dues_paid_until",
        )
    return month


def dues_month(member: Member, typed: dt.date | None, day: dt.date) -> dt.date:
    """党费交至年月 for a letter: from the dues records when the member has any months recorded
    (`dues.queries.paid_until`: the month before the first month not settled), the month typed
    (checked) only when none is."""
    recorded = paid_until(member.pk)
    return recorded if recorded is not None else _check_dues(member, typed, day)


def _check_outgoing(member: Member, outside_organization: str) -> str:
    if not outside_organization.strip():
        raise DomainError(
            _("Please enter the receiving organization (the letter's addressee)."), field="outside_organization"
        )
    if member.status != Status.ACTIVE:
        raise DomainError(_(_NO_LETTER) % {"status": member.get_status_display()}, field="member")
    _pending_guard(member)
    return outside_organization.strip()


def _validity(validity_months: int | None) -> int:
    months = validity_months or LETTER_VALIDITY_MONTHS.current()
    if not 1 <= months <= 6:
        raise DomainError(_("A letter is valid for 1 to 6 months."), field="validity_months")
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
        dues = dues_month(member, dues_paid_until, day)
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
    """The issuing committee issues the letter a branch asked for. The dues month is read again
    from the dues records (payments since the request count); without records it may be
    corrected here after checking it."""
    _check_day(day)
    months = _validity(validity_months)
    with transaction.atomic():
        member = _locked(transfer.member)
        transfer = _pending(transfer, TransferKind.OUT, TransferStatus.REQUESTED)
        _check_issuer(_issuer(transfer), acting_user)
        assert transfer.requested_on is not None  # a request is dated when the branch submits it
        if day < transfer.requested_on:
            raise DomainError(_("The date of issue cannot be earlier than the branch's request."), field="day")
        if member.status != Status.ACTIVE:
            raise DomainError(_(_NO_LETTER) % {"status": member.get_status_display()}, field="member")
        old_dues = transfer.dues_paid_until
        transfer.dues_paid_until = dues_month(member, dues_paid_until, day)
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
            dues_paid_until=dues_month(member, dues_paid_until, day),
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
            raise DomainError(_("The date of the receipt cannot be earlier than the letter's."), field="day")
        if member.status != Status.ACTIVE:
            raise DomainError(_("The member is no longer on the roll."))
        _move(member, None, day, stored(LEFT_THE_DISTRICT), acting_user=acting_user, status=Status.TRANSFERRED_OUT)
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
#
# A letter in names a person by ID number. A new person is registered by whoever receives the
# letter. A member who once transferred out returns to the roll with their record; that record
# is the organization they left's, so only it (or a committee above it) places them: directly
# when the officer registering the letter acts for it too, else by confirming the request the
# letter becomes (`CONFIRMING`). Anyone else on file is refused with words that name no one.


def _check_letter_in(destination: PartyOrganization, outside_organization: str, letter_number: str, day: dt.date):
    _check_day(day)
    _check_destination(destination)
    if not letter_number.strip():
        raise DomainError(_("Please enter the letter's number."), field="letter_number")
    if not outside_organization.strip():
        raise DomainError(_("Please enter the organization that issued the letter."), field="outside_organization")


def _readmit(member: Member, destination: PartyOrganization, day: dt.date, acting_user: User | None) -> None:
    """Put a member who transferred out back on the roll of `destination` from `day` (the
    member's row locked by the caller)."""
    if member.status != Status.TRANSFERRED_OUT:
        raise DomainError(
            _("Only a member who transferred out of the district can return to the roll with their record."),
            field="member",
        )
    last = member.memberships.order_by("-valid_from").first()
    if last and last.valid_to and day < last.valid_to:
        raise DomainError(
            _("The member transferred out on %(day)s: the date of arrival cannot be earlier.") % {"day": last.valid_to},
            field="day",
        )
    # Back on the roll: a move like any other, so the development record's receiver hears it
    # (the record closed when they left; it stays closed).
    move_membership(member, destination, day, reason=stored(CAME_FROM_OUTSIDE), acting_user=acting_user)


def _check_confirmer(transfer: Transfer, acting_user: User | None) -> None:
    """A returning member's letter in is confirmed (or returned) by the organization they left,
    or a committee above it."""
    user = known_user(acting_user)
    if user is not None and not acts_for(user, transfer.source):
        raise DomainError(_("Only the organization the member left, or a committee above it, can confirm this."))


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
    reactivating the record of a member who once transferred out (by an officer who acts for
    the organization they left: `do_register_letter_in` routes everyone else to a request) or
    registering a new one."""
    _check_letter_in(destination, outside_organization, letter_number, day)
    if member is not None and known_user(acting_user) is not None and not acts_for(acting_user, member.organization):
        raise DomainError(_(CANNOT_REGISTER), field="id_number")
    with transaction.atomic():
        if member is not None:
            member = _locked(member)
            _readmit(member, destination, day, acting_user)
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


def do_request_readmission(
    member: Member,
    *,
    destination: PartyOrganization,
    outside_organization: str,
    letter_number: str,
    day: dt.date,
    acting_user: User | None,
) -> Transfer | None:
    """A letter in for a member who transferred out of an organization the officer does not act
    for: nothing moves; the letter waits (`CONFIRMING`) for the organization the member left
    (`source`), or a committee above it, to confirm it (`do_confirm_readmission`). The officer
    is told no more than a refusal (the caller's): whether this number was on file is not theirs
    to know. None if the member has a transfer in progress already (that one stands)."""
    _check_letter_in(destination, outside_organization, letter_number, day)
    with transaction.atomic():
        member = _locked(member)
        if member.status != Status.TRANSFERRED_OUT or member.transfers.filter(status__in=IN_PROGRESS).exists():
            return None
        try:
            with transaction.atomic():
                transfer = Transfer.objects.create(
                    member=member,
                    kind=TransferKind.IN,
                    status=TransferStatus.CONFIRMING,
                    source=member.organization,
                    destination=destination,
                    outside_organization=outside_organization.strip(),
                    letter_number=letter_number.strip(),
                    issued_on=day,
                    created_by=known_user(acting_user),
                )
        except IntegrityError:
            return None  # a request for the same member, just now
        record(
            "transfers.in.readmission_requested",
            actor=acting_user,
            target=member,
            organization=member.organization,
            new={
                "to": destination.pk,
                "letter": transfer.letter_number,
                "from": transfer.outside_organization,
                "day": day.isoformat(),
            },
        )
    return transfer


def do_confirm_readmission(transfer: Transfer, *, acting_user: User | None) -> Transfer:
    """The organization a returning member left (or a committee above it) confirms their letter
    in: they are back on the roll of the receiving branch from the day the letter arrived."""
    with transaction.atomic():
        member = _locked(transfer.member)
        transfer = _pending(transfer, TransferKind.IN, TransferStatus.CONFIRMING)
        _check_confirmer(transfer, acting_user)
        # a letter in is dated and names its receiver
        assert transfer.issued_on is not None and transfer.destination is not None
        _check_destination(transfer.destination)
        _readmit(member, transfer.destination, transfer.issued_on, acting_user)
        _decide(transfer, TransferStatus.COMPLETED, clock.today(), acting_user)
        record(
            "transfers.in.readmission_confirmed",
            actor=acting_user,
            target=member,
            organization=transfer.destination,
            old={"organization": transfer.source_id},
            new={
                "organization": transfer.destination_id,
                "letter": transfer.letter_number,
                "day": transfer.issued_on.isoformat(),
            },
        )
    return transfer


def _require_new_member_details(name: str, education: str, join_date: dt.date | None) -> dt.date:
    """The joining date, once a new member's required details are all there."""
    if not name or not education or not join_date:
        raise DomainError(
            _("For a member registered anew, please enter the name, the education and the date of joining."),
            field="name",
        )
    return join_date


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
    ethnicity: str = "",
    degree: str = "",
    occupation: str = "",
) -> Transfer:
    """A letter from outside the district as the officer typed it: the ID number decides.

    The number is matched over the whole roll, not the officer's scope: a member who transferred
    out belongs to no organization's roll. What the officer learns of a match depends on whether
    the person is theirs to know (`members.services.sees_member`):
    - nobody on file: a new member is registered from the details typed;
    - a member who transferred out of an organization the officer acts for: their record
      returns to the roll (the details typed are not used);
    - a member who transferred out of an organization the officer does not act for: the letter
      becomes a request that the organization they left confirms (`do_request_readmission`);
    - anyone the officer does not see, whatever their status: `CANNOT_REGISTER`, the same words
      for all (raised after the request, if any, is saved), with an audit event for the
      committee; anyone else the officer sees: the request (CONFIRMING) or a precise refusal."""
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
        if known_user(acting_user) is None or acts_for(acting_user, returning.organization):
            return register(member=returning)
        if not sees_member(acting_user, returning):
            # Asked of them as of anyone new, first: what is missing must not tell who is on file.
            _require_new_member_details(name, education, join_date)
        _check_letter_in(destination, outside_organization, letter_number, day)
        request = (
            do_request_readmission(
                returning,
                destination=destination,
                outside_organization=outside_organization,
                letter_number=letter_number,
                day=day,
                acting_user=acting_user,
            )
            if returning.status == Status.TRANSFERRED_OUT
            else None
        )
        if not sees_member(acting_user, returning):
            raise refuse_registration(
                returning,
                attempted="transfers.in.registered",
                details={
                    "to": destination.pk,
                    "letter": letter_number.strip(),
                    "from": outside_organization.strip(),
                    "request": request.pk if request else None,
                },
                acting_user=acting_user,
            )
        # theirs to see, not theirs to place (e.g. an officer who sees more than they manage)
        if request is None:
            if returning.status == Status.TRANSFERRED_OUT:
                _pending_guard(returning)
            raise DomainError(
                _("Only a member who transferred out of the district can return to the roll with their record."),
                field="id_number",
            )
        return request
    join_date = _require_new_member_details(name, education, join_date)
    new = Member(
        name=name,
        ethnicity=ethnicity,
        education=education,
        degree=degree,
        occupation=occupation,
        join_date=join_date,
        full_member_date=full_member_date,
    )
    return register(member=None, new_member=new, id_number=number, phone=phone)
