from typing import Any

from django.db import models

from audit.models import AuditEvent
from core.request import current_ip


def record(
    action: str,
    *,
    actor,
    target: models.Model,
    organization=None,
    old: dict[str, Any] | None = None,
    new: dict[str, Any] | None = None,
    reason: str = "",
) -> AuditEvent:
    """Write one audit event; call inside the service's transaction."""
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_repr=str(target)[:200],
        organization=organization,
        old=old or {},
        new=new or {},
        reason=reason,
        ip=current_ip(),
    )


def diff(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The old and new values of the keys that changed."""
    changed = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in changed}, {k: after[k] for k in changed}
