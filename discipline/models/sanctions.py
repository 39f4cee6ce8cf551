"""Party disciplinary sanctions (党纪处分) and the effects the rest of the system obeys: during
留党察看 no vote (a `members.VotingSuspension`, written here), 撤销党内职务 and 留党察看 end the
member's posts on the decision date, 开除党籍 is a 党籍 event (`members.EventKind.EXPELLED`).
Ending or revoking a sanction restores what it took."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.crypto import EncryptedNarrativeField
from core.periods import add_years
from orgs.models import _path_q


class SanctionKind(models.TextChoices):
    WARNING = "warning", _("Warning")  # 警告
    SERIOUS_WARNING = "serious_warning", _("Serious warning")  # 严重警告
    REMOVAL = "removal", _("Removal from party posts")  # 撤销党内职务
    PROBATION = "probation", _("Probation within the party")  # 留党察看
    EXPULSION = "expulsion", _("Expulsion from the party")  # 开除党籍


class SanctionStatus(models.TextChoices):
    IN_EFFECT = "in_effect", _("In effect")
    ENDED = "ended", _("Period ended")  # 影响期满 / 察看期满恢复党员权利
    REVOKED = "revoked", _("Revoked")  # 申诉后撤销
    CHANGED = "changed", _("Changed")  # 申诉后改变 (a new sanction replaces it)


class Sanction(models.Model):
    case = models.ForeignKey(
        "discipline.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="sanctions"
    )
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="sanctions")
    organization = models.ForeignKey("orgs.PartyOrganization", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("sanction"), max_length=20, choices=SanctionKind.choices)
    decided_on = models.DateField(_("decided on"))
    decided_by = models.CharField(_("decided by"), max_length=100)
    probation_years = models.PositiveSmallIntegerField(_("probation (years)"), null=True, blank=True)
    # the end (exclusive) of the effect period by `discipline.rules` in force on decided_on
    effect_until = models.DateField(_("effect period until"), null=True, blank=True)
    narrative = EncryptedNarrativeField(_("facts and reasons"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=SanctionStatus.choices, default=SanctionStatus.IN_EFFECT
    )
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = EncryptedNarrativeField(_("reason for ending"), blank=True)
    # the posts (orgs.Post ids) the sanction ended: a revocation appoints them again from its day
    ended_posts = models.JSONField(default=list, blank=True)
    replaced_by = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaces")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_on", "-pk"]
        verbose_name = _("sanction")
        indexes = [models.Index(fields=["member", "decided_on"], name="sanction_member_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.member} {self.decided_on}"

    @property
    def probation_until(self) -> dt.date | None:
        """留党察看: the day the member's rights come back (exclusive end of the probation)."""
        if self.kind != SanctionKind.PROBATION or not self.probation_years:
            return None
        return add_years(self.decided_on, self.probation_years)

    @property
    def due_on(self) -> dt.date | None:
        """The day the sanction's period ends of itself: the probation's end (rights restored),
        else the end of the effect period."""
        return self.probation_until or self.effect_until

    def in_effect_on(self, day: dt.date) -> bool:
        """Under the sanction's effect period on `day` (flagged in appointments, no commendation)."""
        if self.decided_on > day or (self.effect_until is not None and self.effect_until <= day):
            return False
        cut = self.status in (SanctionStatus.REVOKED, SanctionStatus.CHANGED)
        return not (cut and self.ended_on is not None and self.ended_on <= day)

    @classmethod
    def scope_q(cls, paths: list[str]) -> Q:
        return _path_q("organization__path", paths)
