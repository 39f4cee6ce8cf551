"""Who may see and act on a transfer: the one way views fetch one for a user. Seeing one is the
registry's scope (either end, or the committee that issued the letter: `Transfer.scope_q`);
acting needs the registry's edit right over the organization that acts — the receiver accepts,
the sender withdraws, the issuing committee issues a letter out of the district and records its
receipt. Out of scope is 404; in scope without the right is 403, and where only the issuing
committee may act, `NotTheIssuer` (a 403 whose page names the issuer)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.roles import EDIT_REGISTRY
from accounts.scope import get_for_user, may
from orgs.models import PartyOrganization
from transfers.models import Transfer, TransferKind, TransferStatus


class NotTheIssuer(PermissionDenied):
    """Only the committee that issues `transfer`'s letter may do this; the refusal names it."""

    def __init__(self, transfer: Transfer):
        super().__init__()
        self.transfer = transfer


def acts_for(user, organization: PartyOrganization | None) -> bool:
    """`user` may act for `organization` (its officers, and those of the committees above it)."""
    return organization is not None and may(user, EDIT_REGISTRY, organization)


def may_issue(user, transfer: Transfer) -> bool:
    """Issue, print, void the letter; record its receipt; return a branch's request."""
    return transfer.kind == TransferKind.OUT and acts_for(user, transfer.issuing_organization)


def may_withdraw(user, transfer: Transfer) -> bool:
    """The sender withdraws its transfer or its request; an issued letter is the issuer's."""
    if transfer.kind == TransferKind.OUT and transfer.status == TransferStatus.PENDING:
        return may_issue(user, transfer)
    return transfer.kind != TransferKind.IN and acts_for(user, transfer.source)


def may_accept(user, transfer: Transfer) -> bool:
    """The receiving branch accepts a transfer within the district while it is pending."""
    return (
        transfer.status == TransferStatus.PENDING
        and transfer.kind == TransferKind.WITHIN
        and acts_for(user, transfer.destination)
    )


def may_confirm(user, transfer: Transfer) -> bool:
    """A returning member's letter in is confirmed (or returned) by the organization they left,
    or a committee above it, never by the receiver alone."""
    return (
        transfer.status == TransferStatus.CONFIRMING
        and transfer.kind == TransferKind.IN
        and acts_for(user, transfer.source)
    )


def _decider(transfer: Transfer) -> PartyOrganization | None:
    """Who accepts or returns: the receiver, or for a letter in the organization the member left."""
    return transfer.source if transfer.kind == TransferKind.IN else transfer.destination


def get_transfer_for_user(user, pk) -> Transfer:
    """The transfer `pk` if the user sees it (either end, or the issuer), else 404."""
    transfer = get_for_user(
        user,
        Transfer.objects.select_related("member", "source", "destination", "issuing_organization", "created_by"),
        pk,
    )
    return transfer


def get_transfer_to_accept(user, pk) -> Transfer:
    """The transfer `pk` if the user acts for its receiving organization (a returning member's
    letter in: for the organization they left)."""
    transfer = get_transfer_for_user(user, pk)
    if not acts_for(user, _decider(transfer)):
        raise PermissionDenied
    return transfer


def get_transfer_to_return(user, pk) -> Transfer:
    """A request for a letter out of the district goes back from the issuer; a transfer within
    the district goes back from the receiver."""
    transfer = get_transfer_for_user(user, pk)
    if transfer.kind == TransferKind.OUT:
        if not may_issue(user, transfer):
            raise NotTheIssuer(transfer)
    elif not acts_for(user, _decider(transfer)):
        raise PermissionDenied
    return transfer


def get_transfer_to_record_receipt(user, pk) -> Transfer:
    """The letter out of the district whose receipt the user may record: the issuer's."""
    transfer = get_transfer_for_user(user, pk)
    if not may_issue(user, transfer):
        raise NotTheIssuer(transfer)
    return transfer


def get_transfer_to_withdraw(user, pk) -> Transfer:
    """The transfer (or request) the user may withdraw (`may_withdraw`)."""
    transfer = get_transfer_for_user(user, pk)
    if not may_withdraw(user, transfer):
        if transfer.kind == TransferKind.OUT:
            raise NotTheIssuer(transfer)
        raise PermissionDenied
    return transfer


def get_letter_to_issue(user, pk) -> Transfer:
    """A transfer out of the district whose letter the user may issue (404 for other kinds);
    its status is the caller's to check, since a closed request is news, not an error."""
    transfer = get_transfer_for_user(user, pk)
    if transfer.kind != TransferKind.OUT:
        raise Http404
    if not may_issue(user, transfer):
        raise NotTheIssuer(transfer)
    return transfer


def get_letter_to_print(user, pk) -> Transfer:
    """An issued letter out of the district that the user may print (it shows the full ID
    number to those who may reveal it): 404 for anything that has no letter, the issuer only."""
    transfer = get_transfer_for_user(user, pk)
    if transfer.kind != TransferKind.OUT or transfer.status == TransferStatus.REQUESTED:
        raise Http404
    if not may_issue(user, transfer):
        raise NotTheIssuer(transfer)
    return transfer
