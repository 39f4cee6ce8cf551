"""Talks (谈话) held with a member: before or on taking up a post, to remind, to admonish, or a
reply to a letter of inquiry. 谈心谈话 between members is organizational life
(`orglife.MeetingKind.TALK`), recorded there once."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.crypto import EncryptedNarrativeField
from orgs.models import _path_q


class TalkKind(models.TextChoices):
    # 任前谈话 / 新任党组织负责人谈话: a new secretary or deputy secretary's post asks for one
    APPOINTMENT = "appointment", _("Talk with a newly appointed leader")
    REMINDER = "reminder", _("Reminder talk")  # 提醒谈话
    ADMONITION = "admonition", _("Admonishment talk")  # 诫勉谈话: flags the person for its effect period
    LETTER_INQUIRY = "letter_inquiry", _("Reply to a letter of inquiry")  # 函询 reply


class Talk(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=TalkKind.choices)
    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name="talks", verbose_name=_("person talked to")
    )
    # the member's organization on the day: the record's scope stays where it was made
    organization = models.ForeignKey(
        "orgs.PartyOrganization", on_delete=models.PROTECT, related_name="+", verbose_name=_("organization")
    )
    date = models.DateField(_("date"))
    talker = models.CharField(_("talked by"), max_length=100)
    gist = EncryptedNarrativeField(_("gist"), blank=True)
    follow_up = EncryptedNarrativeField(_("follow-up"), blank=True)
    # 诫勉: the last day (exclusive) of its effect period, by `discipline.rules`
    effect_until = models.DateField(_("in effect until"), null=True, blank=True)
    # the post whose taking up asked for this talk (appointment talks)
    post = models.ForeignKey(
        "orgs.Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("post")
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("talk")
        indexes = [models.Index(fields=["member", "date"], name="talk_member_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.member} {self.date}"

    @classmethod
    def scope_q(cls, paths: list[str]) -> Q:
        return _path_q("organization__path", paths)
