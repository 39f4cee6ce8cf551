"""The secret address of an organization's calendar feed: made, replaced and revoked by the
organization's officers, read by calendar apps that cannot log in.

The token is 32 random bytes (256 bits: not guessable, so a fast hash is enough); only its
SHA-256 is stored, so a copy of the database opens no calendar. The address names the
organization and carries the token; a wrong token, a revoked one and an unknown organization
are one and the same 404, and the comparison takes the same time whatever the token holds."""

import hashlib
import hmac
import secrets

from django.db import transaction

from audit.services import record
from core.params import ID_MAX
from orglife.models import CalendarFeed
from orgs.models import PartyOrganization

TOKEN_BYTES = 32
TOKEN_MAX = 100  # characters: a token is 43; anything longer is not one of ours


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def do_issue_calendar_feed(organization: PartyOrganization, *, acting_user) -> str:
    """A new secret address for `organization`'s calendar; an address issued before stops
    working. Returns the token, which is not kept: the page shows it once."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    with transaction.atomic():
        replaced = CalendarFeed.objects.filter(organization=organization).exists()
        CalendarFeed.objects.update_or_create(
            organization=organization, defaults={"token_hash": token_hash(token), "created_by": acting_user}
        )
        record(
            "orglife.calendar_feed.issued",
            actor=acting_user,
            target=organization,
            organization=organization,
            new={"replaced": replaced},
        )
    return token


def do_revoke_calendar_feed(organization: PartyOrganization, *, acting_user) -> bool:
    """Stop `organization`'s calendar address from working; False when there was none."""
    with transaction.atomic():
        deleted, _ = CalendarFeed.objects.filter(organization=organization).delete()
        if deleted:
            record("orglife.calendar_feed.revoked", actor=acting_user, target=organization, organization=organization)
    return bool(deleted)


def has_calendar_feed(organization: PartyOrganization) -> bool:
    return CalendarFeed.objects.filter(organization=organization).exists()


def organization_of_feed(pk: int, token: str) -> PartyOrganization | None:
    """The organization whose calendar address is (`pk`, `token`), or None: an unknown
    organization, one without an address, and a wrong token all give None. The hash of the
    given token is compared in constant time with the stored one (or with a dummy, so an
    unknown organization costs the same)."""
    in_range = 0 < pk <= ID_MAX and len(token) <= TOKEN_MAX
    feed = CalendarFeed.objects.select_related("organization").filter(organization_id=pk).first() if in_range else None
    stored = feed.token_hash if feed else "0" * 64
    if hmac.compare_digest(token_hash(token), stored) and feed is not None:
        return feed.organization
    return None
