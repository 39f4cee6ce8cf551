from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from audit.models import AuditEvent
from core.params import clean_text
from core.request import current_ip

GENESIS = "0" * 64
# Arbitrary constant key of the advisory lock that keeps the hash chain a single line.
AUDIT_LOCK_KEY = 0x61756469


def _chain_lock() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [AUDIT_LOCK_KEY])


def known_user(user):
    """The signed-in user to name as actor or decider, or None (a command, the system)."""
    return user if user is not None and user.is_authenticated else None


def _storable(value: Any) -> Any:
    """`value` with every string, dictionary keys included, reduced to text PostgreSQL can hold
    in a text or jsonb column (no NUL, no lone surrogate) and an export can print (no other
    control character but tab and line breaks). Whatever a request carried, the audit row is
    written: a failed write would lose the event, or the operation with it."""
    if isinstance(value, str):
        return clean_text(value, max_length=None, lines=True)
    if isinstance(value, dict):
        return {_storable(k) if isinstance(k, str) else k: _storable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_storable(v) for v in value]
    return value


def record(
    action: str,
    *,
    actor,
    target: models.Model | None = None,
    target_label: tuple[str, str, str] | None = None,
    organization=None,
    old: dict[str, Any] | None = None,
    new: dict[str, Any] | None = None,
    reason: str = "",
) -> AuditEvent:
    """Append one audit event; call inside the service's transaction. `target_label`
    (type, id, text) names a target that is not a saved model (e.g. an unknown user name)."""
    if target is not None:
        target_label = (target._meta.label_lower, str(target.pk), str(target)[:200])
    target_type, target_id, target_repr = (_storable(str(part)) for part in target_label or ("", "", ""))
    with transaction.atomic():
        _chain_lock()
        last = AuditEvent.objects.order_by("-pk").values_list("hash", flat=True).first()
        event = AuditEvent(
            created_at=timezone.now(),
            actor=known_user(actor),
            action=_storable(action),
            target_type=target_type,
            target_id=target_id,
            target_repr=target_repr[:200],
            organization=organization,
            old=_storable(old or {}),
            new=_storable(new or {}),
            reason=_storable(reason),
            ip=current_ip(),
            prev_hash=last or GENESIS,
        )
        event.hash = event.compute_hash()
        event.save()
    return event


def diff(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The old and new values of the keys that changed."""
    changed = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in changed}, {k: after[k] for k in changed}


def verify_chain() -> tuple[int, AuditEvent | None]:
    """Walk the chain in order; return (rows checked, first broken row or None)."""
    previous = GENESIS
    checked = 0
    for event in AuditEvent.objects.order_by("pk").iterator(chunk_size=2000):
        # Values read back from the database must hash to what was written.
        if event.prev_hash != previous or event.compute_hash() != event.hash:
            return checked, event
        previous = event.hash
        checked += 1
    return checked, None
