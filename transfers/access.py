"""Who may act on a transfer. Seeing one is the registry's scope (either end, or the committee
that issued the letter: `Transfer.scope_q`); acting needs the registry's edit right over the
organization that acts — the receiver accepts, the sender withdraws, the issuing committee
issues a letter out of the district and records its receipt."""

from accounts.roles import EDIT_REGISTRY
from accounts.scope import may
from orgs.models import PartyOrganization
from transfers.models import Transfer, TransferKind, TransferStatus


def acts_for(user, organization: PartyOrganization | None) -> bool:
    """`user` may act for `organization` (its officers, and those of the committees above it)."""
    return may(user, EDIT_REGISTRY, organization)


def may_issue(user, transfer: Transfer) -> bool:
    """Issue, print, void the letter; record its receipt; return a branch's request."""
    return transfer.kind == TransferKind.OUT and acts_for(user, transfer.issuing_organization)


def may_withdraw(user, transfer: Transfer) -> bool:
    """The sender withdraws its transfer or its request; an issued letter is the issuer's."""
    if transfer.kind == TransferKind.OUT and transfer.status == TransferStatus.PENDING:
        return may_issue(user, transfer)
    return transfer.kind != TransferKind.IN and acts_for(user, transfer.source)
