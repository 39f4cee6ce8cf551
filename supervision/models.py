"""The committee's oversight of the organizations it leads directly (issue 21):

- 年度报告工作: the committee opens a year's reporting (`ReportRound`: the year and its
  deadline), which expects one `AnnualReport` from each organization it leads on that day. The
  organization submits the standard sections or a document (or both), late or not; the committee
  accepts it or returns it with comments; a returned report is submitted again. Every step is a
  `ReportEvent` (what was submitted is kept in the event: the history is never overwritten).
- 专题督查: an `Inspection` over some organizations, its `Finding`s per organization and each
  finding's `RectificationItem`s (整改事项) with a deadline. The organization reports an item
  done; the inspector accepts it (closed) or reopens it with a reason. Every step is an
  `ItemEvent`.

Written only by `supervision.services`."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.uploads import stored_name
from orgs.models import _path_q

SECTION_MAX = 3000  # characters of one section of a report
NOTE_MAX = 1000


def _file_path(instance, filename: str) -> str:
    return stored_name("supervision", filename)


class ReportRound(models.Model):
    """A year's reporting opened by the committee: who is expected is fixed when it opens."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    deadline = models.DateField(_("deadline"))
    opened_on = models.DateField(_("opened on"))
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-year"]
        verbose_name = _("annual reporting")

    def __str__(self) -> str:
        return str(self.year)


class ReportStatus(models.TextChoices):
    MISSING = "missing", _("Not submitted")  # 未提交
    SUBMITTED = "submitted", _("Submitted")  # 已提交
    RETURNED = "returned", _("Returned")  # 已退回
    ACCEPTED = "accepted", _("Accepted")  # 已接收


# The standard sections of an annual work report (field name, label), in order.
SECTIONS = (
    ("responsibility", _("Fulfilment of the party-building responsibility system")),  # 履行党建工作责任制情况
    ("organization_building", _("Organization building")),  # 组织建设
    ("education", _("Education and management of members")),  # 党员教育管理
    ("conduct", _("Work style and clean government")),  # 作风建设和党风廉政建设
    ("problems", _("Problems")),  # 存在问题
    ("plans", _("Next steps")),  # 下一步打算
)
SECTION_NAMES = tuple(name for name, _label in SECTIONS)


class AnnualReport(models.Model):
    """One organization's report for a year: its present text and state (the steps are events)."""

    round = models.ForeignKey(ReportRound, on_delete=models.PROTECT, related_name="reports", verbose_name=_("year"))
    organization = models.ForeignKey(
        "orgs.PartyOrganization", on_delete=models.PROTECT, related_name="+", verbose_name=_("organization")
    )
    status = models.CharField(_("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.MISSING)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    responsibility = models.TextField(SECTIONS[0][1], blank=True)
    organization_building = models.TextField(SECTIONS[1][1], blank=True)
    education = models.TextField(SECTIONS[2][1], blank=True)
    conduct = models.TextField(SECTIONS[3][1], blank=True)
    problems = models.TextField(SECTIONS[4][1], blank=True)
    plans = models.TextField(SECTIONS[5][1], blank=True)
    file = models.FileField(_("document"), upload_to=_file_path, max_length=200, blank=True)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)  # the last submission
    first_submitted_on = models.DateField(_("first submitted on"), null=True, blank=True)
    late = models.BooleanField(_("late"), default=False)  # first submitted after the deadline
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)

    class Meta:
        ordering = ["round", "organization__path"]
        verbose_name = _("annual work report")
        constraints = [models.UniqueConstraint(fields=["round", "organization"], name="supervision_report_once")]

    def __str__(self) -> str:
        return f"{self.organization} {self.round.year}"

    @classmethod
    def scope_q(cls, paths: list[str]) -> Q:
        return _path_q("organization__path", paths)

    @property
    def sections(self) -> list[tuple[object, str]]:
        return [(label, getattr(self, name)) for name, label in SECTIONS]


class ReportStep(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    ACCEPTED = "accepted", _("Accepted")


class ReportEvent(models.Model):
    """A step of a report: a submission keeps what was submitted (`content`), a return its comments."""

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="events")
    step = models.CharField(_("step"), max_length=20, choices=ReportStep.choices)
    day = models.DateField(_("date"))
    comment = models.TextField(_("comments"), blank=True)
    content = models.JSONField(default=dict, blank=True)
    late = models.BooleanField(default=False)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.report} {self.step}"


class Inspection(models.Model):
    """A 专题督查: its topic, year, dates, inspectors and the matter of the authority list it serves
    (whose bodies see its overdue items)."""

    topic = models.CharField(_("topic"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"))
    matter_code = models.CharField(_("matter"), max_length=20, default="DIS-02")
    organizations = models.ManyToManyField(
        "orgs.PartyOrganization", related_name="+", verbose_name=_("organizations inspected")
    )
    inspectors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("inspectors")
    )
    other_inspectors = models.CharField(_("other inspectors"), max_length=200, blank=True)
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"))
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "-starts_on", "-pk"]
        verbose_name = _("inspection")

    def __str__(self) -> str:
        return self.topic

    @classmethod
    def scope_q(cls, paths: list[str]) -> Q:
        from orgs.models import PartyOrganization

        seen = PartyOrganization.objects.filter(_path_q("path", paths))
        return Q(pk__in=cls.organizations.through.objects.filter(partyorganization__in=seen).values("inspection_id"))


class Finding(models.Model):
    """What the inspection found at one of its organizations."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="findings", verbose_name=_("inspection")
    )
    organization = models.ForeignKey(
        "orgs.PartyOrganization", on_delete=models.PROTECT, related_name="+", verbose_name=_("organization")
    )
    text = models.TextField(_("finding"))
    file = models.FileField(_("attachment"), upload_to=_file_path, max_length=200, blank=True)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organization__path", "pk"]
        verbose_name = _("finding")

    def __str__(self) -> str:
        return self.text[:40]

    @classmethod
    def scope_q(cls, paths: list[str]) -> Q:
        return _path_q("organization__path", paths)


class ItemState(models.TextChoices):
    OPEN = "open", _("To rectify")  # 待整改 (also when reopened)
    REPORTED = "reported", _("Reported done, awaiting acceptance")  # 已报整改, 待验收
    CLOSED = "closed", _("Rectified")  # 已整改


class RectificationItem(models.Model):
    """A rectification item (整改事项) of a finding, owned by the finding's organization."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="items", verbose_name=_("finding"))
    organization = models.ForeignKey(
        "orgs.PartyOrganization", on_delete=models.PROTECT, related_name="+", verbose_name=_("organization")
    )
    text = models.CharField(_("rectification item"), max_length=500)
    responsible = models.CharField(_("responsible person"), max_length=50, blank=True)
    deadline = models.DateField(_("deadline"))
    state = models.CharField(_("state"), max_length=20, choices=ItemState.choices, default=ItemState.OPEN)
    reported_on = models.DateField(_("reported on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    class Meta:
        ordering = ["deadline", "pk"]
        verbose_name = _("rectification item")
        indexes = [models.Index(fields=["state", "deadline"], name="supervision_item_state_idx")]

    def __str__(self) -> str:
        return self.text[:40]

    @classmethod
    def scope_q(cls, paths: list[str]) -> Q:
        return _path_q("organization__path", paths)

    def overdue_on(self, day) -> bool:
        return self.state == ItemState.OPEN and self.deadline < day


class ItemStep(models.TextChoices):
    REPORTED = "reported", _("Reported done")
    ACCEPTED = "accepted", _("Accepted as rectified")
    REOPENED = "reopened", _("Reopened")


class ItemEvent(models.Model):
    item = models.ForeignKey(RectificationItem, on_delete=models.CASCADE, related_name="events")
    step = models.CharField(_("step"), max_length=20, choices=ItemStep.choices)
    day = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)
    file = models.FileField(_("attachment"), upload_to=_file_path, max_length=200, blank=True)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.item} {self.step}"

    @classmethod
    def scope_q(cls, paths: list[str]) -> Q:
        return _path_q("item__organization__path", paths)
