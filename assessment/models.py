"""Target responsibility and the annual assessment (目标管理责任制, 年度考核; issue 21).

An **indicator table** (`IndicatorTable`) is one year's list of items in sections, each with its
points and how it is scored: computed from a source of `reports.indicators` by a rule, scored by
the committee with a reason (manual, deduction, bonus), or derived from the secretary's
述职评议 record (debrief). Tables are versioned like the authority list: a draft (usually a copy
of last year's) is edited, compared with the year before and adopted; one adopted table per
year, and an adopted table is not edited. Items are matched across versions by `code`.

An **assessment** (`Assessment`) is one organization's year under the adopted table: its
self-assessment, the committee's scores of the items it scores (`Entry`), its 述职评议 record
(`Debrief`), and, once the year is published, the result frozen as it was (figures, points,
sections, score and tier). Organizations are assessed; people are never scored or ranked.
Written only by `assessment.services`."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from orgs.models import _path_q


def points_field(verbose_name, **kwargs):
    return models.DecimalField(verbose_name, max_digits=6, decimal_places=2, **kwargs)


class TableStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ADOPTED = "adopted", _("Adopted")


class Tier(models.TextChoices):
    GOOD = "good", pgettext_lazy("tier", "good")  # 好
    FAIR = "fair", pgettext_lazy("tier", "fairly good")  # 较好
    AVERAGE = "average", pgettext_lazy("tier", "average")  # 一般
    POOR = "poor", pgettext_lazy("tier", "poor")  # 差


class IndicatorTable(models.Model):
    year = models.PositiveSmallIntegerField(_("year"))
    name = models.CharField(_("name"), max_length=100)
    status = models.CharField(_("status"), max_length=10, choices=TableStatus.choices, default=TableStatus.DRAFT)
    based_on = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("copied from")
    )
    # the tiers: a score at or above `good_from` is 好, at or above `fair_from` 较好, at or above
    # `average_from` 一般, below it 差
    good_from = points_field(_("good from"))
    fair_from = points_field(_("fairly good from"))
    average_from = points_field(_("average from"))
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(_("results published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "-pk"]
        verbose_name = _("indicator table")
        constraints = [
            models.UniqueConstraint(
                fields=["year"], condition=Q(status="adopted"), name="assessment_one_adopted_table_per_year"
            ),
            models.CheckConstraint(
                condition=Q(good_from__gt=F("fair_from"), fair_from__gt=F("average_from"), average_from__gte=0),
                name="assessment_tiers_descend",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def adopted(self) -> bool:
        return self.status == TableStatus.ADOPTED

    @property
    def published(self) -> bool:
        return self.published_at is not None

    @classmethod
    def scope_q(cls, paths: list[str]) -> Q:
        return Q() if paths else Q(pk__in=[])  # district-wide: the capability decides


class Section(models.Model):
    table = models.ForeignKey(IndicatorTable, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    name = models.CharField(_("section"), max_length=100)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["table", "name"], name="assessment_section_name_once")]

    def __str__(self) -> str:
        return self.name


class ItemKind(models.TextChoices):
    COMPUTED = "computed", _("Computed from the records")
    MANUAL = "manual", _("Scored by the committee")
    DEBRIEF = "debrief", _("Secretary's report on party building (述职评议)")
    DEDUCTION = "deduction", _("Deduction")
    BONUS = "bonus", _("Bonus")


# The kinds the committee scores by hand, each score with its reason.
SCORED_BY_HAND = (ItemKind.MANUAL, ItemKind.DEDUCTION, ItemKind.BONUS)


class ScoreRule(models.TextChoices):
    THRESHOLD = "threshold", _("Full points at or above the threshold, none below")
    PROPORTIONAL = "proportional", _("In proportion to the threshold")
    PER_SHORTFALL = "per_shortfall", _("Deduct per unit below the threshold")
    PER_EXCESS = "per_excess", _("Deduct per unit above the threshold")


class Item(models.Model):
    table = models.ForeignKey(IndicatorTable, on_delete=models.CASCADE, related_name="items")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="items", verbose_name=_("section"))
    code = models.CharField(_("code"), max_length=20)  # matches the item across years' tables
    name = models.CharField(_("item"), max_length=200)
    kind = models.CharField(_("scored"), max_length=10, choices=ItemKind.choices)
    # the most points the item gives (a deduction: the most it takes; a bonus: its cap)
    points = points_field(_("points"))
    source = models.CharField(_("source"), max_length=60, blank=True)  # a key of reports.indicators
    rule = models.CharField(_("scoring rule"), max_length=20, choices=ScoreRule.choices, blank=True)
    threshold = points_field(_("threshold"), null=True, blank=True)
    step = points_field(_("points per unit"), null=True, blank=True)
    criteria = models.CharField(_("criteria"), max_length=500, blank=True)  # the standard, as printed
    position = models.PositiveSmallIntegerField(_("position"), default=1)

    class Meta:
        ordering = ["section__position", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["table", "code"], name="assessment_item_code_once"),
            models.CheckConstraint(condition=Q(points__gt=0), name="assessment_item_points_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @classmethod
    def scope_q(cls, paths: list[str]) -> Q:
        return Q() if paths else Q(pk__in=[])  # district-wide, like its table

    @property
    def by_hand(self) -> bool:
        return self.kind in SCORED_BY_HAND


class Assessment(models.Model):
    """One organization's year under an adopted table."""

    table = models.ForeignKey(IndicatorTable, on_delete=models.PROTECT, related_name="assessments")
    organization = models.ForeignKey("orgs.PartyOrganization", on_delete=models.PROTECT, related_name="+")
    self_comment = models.TextField(_("self-assessment"), blank=True)
    self_submitted_at = models.DateTimeField(_("self-assessment submitted at"), null=True, blank=True)
    # frozen at publishing
    computed_score = points_field(_("computed points"), null=True, blank=True)
    score = points_field(_("score"), null=True, blank=True)
    tier = models.CharField(_("tier"), max_length=10, choices=Tier.choices, blank=True)
    sections = models.JSONField(default=list, blank=True)  # [[section name, points], …]

    class Meta:
        ordering = ["table", "organization__path"]
        constraints = [
            models.UniqueConstraint(fields=["table", "organization"], name="assessment_once_per_table"),
        ]

    def __str__(self) -> str:
        return f"{self.table.year} {self.organization}"

    @classmethod
    def scope_q(cls, paths: list[str]) -> Q:
        return _path_q("organization__path", paths)


class Entry(models.Model):
    """One item of one organization's assessment: its self-assessment comment, the committee's
    score and reason (items scored by hand), and at publishing the figure and points as they
    were."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="entries")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="+", verbose_name=_("item"))
    self_comment = models.CharField(_("self-assessment of the item"), max_length=500, blank=True)
    points = points_field(_("points"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    scored_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    scored_at = models.DateTimeField(null=True, blank=True)
    figure = models.JSONField(null=True, blank=True)  # frozen at publishing (computed items)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assessment", "item"], name="assessment_entry_once")]

    def __str__(self) -> str:
        return f"{self.assessment} {self.item.code}"


class DebriefGrade(models.TextChoices):
    GOOD = "good", pgettext_lazy("tier", "good")
    FAIR = "fair", pgettext_lazy("tier", "fairly good")
    AVERAGE = "average", pgettext_lazy("tier", "average")
    POOR = "poor", pgettext_lazy("tier", "poor")


class Debrief(models.Model):
    """书记抓党建述职评议: the secretary's report and its evaluation, once per organization and
    year; the debrief item's points derive from it (`assessment.scoring.debrief_points`)."""

    assessment = models.OneToOneField(Assessment, on_delete=models.CASCADE, related_name="debrief")
    date = models.DateField(_("date"))
    secretary = models.ForeignKey(
        "orgs.Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("secretary")
    )
    secretary_name = models.CharField(_("secretary"), max_length=50)
    good = models.PositiveIntegerField(pgettext_lazy("votes", "good"), default=0)
    fair = models.PositiveIntegerField(pgettext_lazy("votes", "fairly good"), default=0)
    average = models.PositiveIntegerField(pgettext_lazy("votes", "average"), default=0)
    poor = models.PositiveIntegerField(pgettext_lazy("votes", "poor"), default=0)
    grade = models.CharField(_("grade"), max_length=10, choices=DebriefGrade.choices, blank=True)
    comments = models.TextField(_("comments"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    def __str__(self) -> str:
        return f"{self.assessment} {self.secretary_name}"

    @property
    def votes(self) -> int:
        return self.good + self.fair + self.average + self.poor
