import hashlib
import json

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from audit.actions import changes, event_label


class AppendOnly(Exception):
    pass


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnly("audit events cannot be changed")

    def delete(self):
        raise AppendOnly("audit events cannot be deleted")


class AuditEvent(models.Model):
    """One row per service call that changed something, and per login, reveal and export.

    Rows are never changed or deleted (the model and its querysets refuse), and each row's
    `hash` covers its content and the previous row's hash, so a row changed behind the
    application's back breaks the chain (`manage.py verify_audit`)."""

    created_at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(_("action"), max_length=80)
    target_type = models.CharField(max_length=50)
    target_id = models.CharField(max_length=40)
    target_repr = models.CharField(_("object"), max_length=200)
    organization = models.ForeignKey("orgs.PartyOrganization", null=True, on_delete=models.PROTECT, related_name="+")
    old = models.JSONField(default=dict)
    new = models.JSONField(default=dict)
    reason = models.TextField(blank=True)
    ip = models.GenericIPAddressField(null=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        indexes = [
            # "what happened to this object": an object's history
            models.Index(fields=["target_type", "target_id"], name="audit_target_idx"),
            # the audit page filtered by action prefix, newest first
            models.Index(fields=["action", "created_at"], name="audit_action_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.target_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnly("audit events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("audit events cannot be deleted")

    def compute_hash(self) -> str:
        content = {
            "created_at": self.created_at.isoformat(),
            "actor": self.actor_id,
            "action": self.action,
            "target": [self.target_type, self.target_id, self.target_repr],
            "organization": self.organization_id,
            "old": self.old,
            "new": self.new,
            "reason": self.reason,
            "ip": self.ip,
            "prev": self.prev_hash,
        }
        canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
        return hashlib.sha256(canonical.encode()).hexdigest()

    @property
    def action_label(self) -> str:
        return event_label(self.action, self.new)

    @property
    def changes(self) -> list[tuple[str, str | None, str]]:
        return changes(self.old, self.new, self.action)
