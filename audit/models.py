from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnly(Exception):
    pass


class AuditEvent(models.Model):
    """One row per service call that changed something. Rows are never changed or deleted."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=80)
    target_type = models.CharField(max_length=50)
    target_id = models.CharField(max_length=40)
    target_repr = models.CharField(max_length=200)
    organization = models.ForeignKey("orgs.PartyOrganization", null=True, on_delete=models.PROTECT, related_name="+")
    old = models.JSONField(default=dict)
    new = models.JSONField(default=dict)
    reason = models.TextField(blank=True)
    ip = models.GenericIPAddressField(null=True)

    class Meta:
        verbose_name = _("audit event")
        indexes = [
            # "what happened to this object": an object's history
            models.Index(fields=["target_type", "target_id"], name="audit_target_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.target_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnly("audit events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("audit events cannot be deleted")
