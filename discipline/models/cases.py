"""Problem clues (问题线索) and cases (案件). A clue is routed, on the day it is received, by the
division of the authority list in force that day (`discipline.routing`); the routing is kept
with the clue, so a later list changes the routing of new clues only."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from core.crypto import EncryptedNarrativeField
from orgs.models import _path_q


class ClueSource(models.TextChoices):
    REPORT = "report", _("Letter or visit report")  # 信访举报
    SUPERVISION = "supervision", _("Found in supervision")  # 监督检查发现
    REFERRAL = "referral", _("Referred by another body")  # 上级交办 / 移送
    OTHER = "other", _("Other")


class RoutingBasis(models.TextChoices):
    """Which side of the division (DIS-03 / DIS-04 in the demo's list) a person falls on."""

    DISTRICT_CADRE = "district_cadre", _("Cadre managed by the district committee")  # 区管干部
    OTHER_MEMBER = "other_member", _("Other member of the organs")  # 一般党员


class Disposal(models.TextChoices):
    # 监督执纪工作规则: the four ways of disposing of a clue
    TALK_INQUIRY = "talk_inquiry", _("Talk or letter of inquiry")  # 谈话函询
    PRELIMINARY = "preliminary", _("Preliminary verification")  # 初步核实
    SHELVED = "shelved", _("Kept for later")  # 暂存待查
    CLOSED = "closed", _("Closed without action")  # 予以了结


class ClueQuerySet(models.QuerySet):
    def open(self):
        """Clues not yet disposed of, and those kept for later (暂存待查)."""
        return self.filter(disposal__in=["", Disposal.SHELVED])


class Clue(models.Model):
    received_on = models.DateField(_("received on"))
    source = models.CharField(_("source of the clue"), max_length=20, choices=ClueSource.choices)
    member = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, related_name="clues", verbose_name=_("person concerned")
    )
    organization = models.ForeignKey(
        "orgs.PartyOrganization", on_delete=models.PROTECT, related_name="+", verbose_name=_("organization")
    )
    summary = EncryptedNarrativeField(_("summary"))
    # routing, fixed on receipt: the list in force, the matter and its lead body
    authority_list = models.ForeignKey(
        "authority.AuthorityList",
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("authority list"),
    )
    basis = models.CharField(_("routing basis"), max_length=20, choices=RoutingBasis.choices)
    matter_code = models.CharField(_("matter"), max_length=20, blank=True)
    routed_to = models.ForeignKey(
        "authority.Body", null=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("handled by")
    )
    override_reason = EncryptedNarrativeField(_("reason for overriding the routing"), blank=True)
    disposal = models.CharField(_("disposal"), max_length=20, choices=Disposal.choices, blank=True)
    disposed_on = models.DateField(_("disposed on"), null=True, blank=True)
    disposal_note = EncryptedNarrativeField(_("disposal note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = ClueQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("clue")

    def __str__(self) -> str:
        return f"{self.member} {self.received_on}"

    @classmethod
    def scope_q(cls, paths: list[str]) -> Q:
        return _path_q("organization__path", paths)


class CaseQuerySet(models.QuerySet):
    def open(self):
        return self.filter(closed_on__isnull=True)

    def with_limit(self):
        """Annotated with `limit`: the investigation's due date, extended or not."""
        return self.annotate(limit=Coalesce("extended_to", "due_on"))

    def overdue(self, day):
        """Open cases whose investigation's time limit (extended or not) is before `day`."""
        return self.open().with_limit().filter(limit__lt=day)


class Case(models.Model):
    """A case opened (立案) on a member, with its time limit for 审查调查 (`discipline.rules`),
    extendable once, and its decision; sanctions come from it."""

    clue = models.OneToOneField(Clue, null=True, blank=True, on_delete=models.PROTECT, related_name="case")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="cases")
    organization = models.ForeignKey("orgs.PartyOrganization", on_delete=models.PROTECT, related_name="+")
    routed_to = models.ForeignKey("authority.Body", null=True, on_delete=models.PROTECT, related_name="+")
    opened_on = models.DateField(_("opened on"))
    due_on = models.DateField(_("investigation due on"))
    extended_to = models.DateField(_("extended to"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    decision = EncryptedNarrativeField(_("decision"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_on", "-pk"]
        verbose_name = _("case")

    def __str__(self) -> str:
        return f"{self.member} {self.opened_on}"

    @property
    def time_limit(self):
        """The investigation's due date, extended or not."""
        return self.extended_to or self.due_on

    def is_overdue(self, day) -> bool:
        return self.closed_on is None and self.time_limit < day

    @classmethod
    def scope_q(cls, paths: list[str]) -> Q:
        return _path_q("organization__path", paths)


class CaseStepKind(models.TextChoices):
    OPENED = "opened", _("Case opened")  # 立案
    INVESTIGATION = "investigation", _("Investigation")  # 审查调查
    EXTENDED = "extended", _("Time limit extended")  # 延长
    HEARING = "hearing", _("Hearing")  # 审理
    DECIDED = "decided", _("Decision")  # 作出处理决定
    CLOSED = "closed", _("Case closed")  # 结案


class CaseStep(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("step"), max_length=20, choices=CaseStepKind.choices)
    date = models.DateField(_("date"))
    note = EncryptedNarrativeField(_("note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date}"

    @classmethod
    def scope_q(cls, paths: list[str]) -> Q:
        return _path_q("case__organization__path", paths)
