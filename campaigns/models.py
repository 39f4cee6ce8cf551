"""Carrier activities (载体活动) and creation campaigns (创建) as data, because their criteria
differ between localities: a campaign names who may apply, its criteria (each computed from the
registry of figures `reports.indicators` with a threshold, or assessed by the committee), and
how long a naming holds (文明单位: three years with an annual 复查).

Organizations apply; the committee assesses (computed criteria are filled in from the records,
never asked for), then names or refuses. A naming holds until its end, unless a 复查 fails or the
committee revokes it. Pairings (结对共建) and their joint activities, and the activities members
record themselves for the member campaigns (党员与群众心连心, 移民先锋工程), complete the app.
No points, no rankings of people, no quotas, no required uploads. Written only by
`campaigns.services`."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.uploads import stored_name
from orgs.models import OrgKind, _path_q


class CampaignKind(models.TextChoices):
    NAMING = "naming", _("Creation campaign")  # 创建: ends in a naming
    ACTIVITY = "activity", _("Carrier activity")  # 载体活动


class Campaign(models.Model):
    """One campaign. `applicant_kinds` lists the organization kinds that may apply (empty: any);
    `for_unit`: the naming is the unit's (文明单位), shown on the unit's page as well.
    `validity_years` None: a naming holds until revoked. `annual_review`: a naming is reviewed
    (复查) every year of its validity after the first. `members_record`: members record their
    own activities under it. `matter_code` names the authority list's matter whose lead body
    runs it (文明单位: PRO-03)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("campaign kind"), max_length=20, choices=CampaignKind.choices)
    matter_code = models.CharField(_("matter in the authority list"), max_length=20, blank=True)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    applicant_kinds = models.JSONField(_("who may apply"), default=list, blank=True)
    for_unit = models.BooleanField(_("the naming is the unit's"), default=False)
    validity_years = models.PositiveSmallIntegerField(_("validity of a naming (years)"), null=True, blank=True)
    annual_review = models.BooleanField(_("annual review"), default=False)
    members_record = models.BooleanField(_("members record their activities"), default=False)
    first_year = models.PositiveSmallIntegerField(_("first year"))
    last_year = models.PositiveSmallIntegerField(_("last year"), null=True, blank=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("campaign")
        constraints = [
            models.CheckConstraint(
                condition=Q(last_year__isnull=True) | Q(last_year__gte=models.F("first_year")),
                name="campaigns_years_in_order",
            ),
            models.CheckConstraint(
                condition=Q(annual_review=False) | Q(validity_years__gte=2), name="campaigns_review_needs_validity"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def is_active(self, year: int) -> bool:
        return self.first_year <= year and (self.last_year is None or year <= self.last_year)

    def may_apply(self, kind: str) -> bool:
        return self.kind == CampaignKind.NAMING and (not self.applicant_kinds or kind in self.applicant_kinds)

    def applicant_kinds_display(self) -> str:
        labels = dict(OrgKind.choices)
        return "、".join(str(labels.get(k, k)) for k in self.applicant_kinds)


class Comparison(models.TextChoices):
    AT_LEAST = "at_least", _("at least")
    AT_MOST = "at_most", _("at most")


class Criterion(models.Model):
    """One criterion of a campaign: `indicator` (a key of `reports.indicators`) with a
    threshold makes it computed; without one the committee assesses it."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="criteria")
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.CharField(_("criterion"), max_length=200)
    indicator = models.CharField(_("computed from"), max_length=40, blank=True)
    comparison = models.CharField(_("comparison"), max_length=10, choices=Comparison.choices, blank=True)
    threshold = models.DecimalField(_("threshold"), max_digits=8, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["campaign", "number"]
        verbose_name = _("criterion")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "number"], name="campaigns_criterion_number_once"),
            models.CheckConstraint(
                condition=Q(indicator="", comparison="", threshold__isnull=True)
                | (~Q(indicator="") & ~Q(comparison="") & Q(threshold__isnull=False)),
                name="campaigns_criterion_computed_whole",
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def is_computed(self) -> bool:
        return bool(self.indicator)


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Awaiting assessment")
    NAMED = "named", _("Named")
    REFUSED = "refused", _("Not named")


def _file_path(instance, filename: str) -> str:
    return stored_name("campaigns", filename)


class Application(models.Model):
    """An organization's application to a naming campaign for a year (one per year)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="applications")
    organization = models.ForeignKey(
        "orgs.PartyOrganization", on_delete=models.PROTECT, related_name="+", verbose_name=_("organization")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    statement = models.TextField(_("statement"), max_length=2000)
    file = models.FileField(_("attachment"), upload_to=_file_path, max_length=200, blank=True)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED
    )
    submitted_on = models.DateField(_("submitted on"))
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-year", "campaign", "organization"]
        verbose_name = _("application")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "organization", "year"], name="campaigns_apply_once_a_year"),
        ]
        indexes = [
            # a campaign's applications of a year, by status
            models.Index(fields=["campaign", "year", "status"], name="campaigns_app_campaign_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.campaign} {self.year}"

    @classmethod
    def scope_q(cls, paths: list[str]) -> Q:
        return _path_q("organization__path", paths)


class Assessment(models.Model):
    """The committee's finding on one criterion of an application: a computed one keeps the
    figure read from the registry at the time; an assessed one the committee's comment."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="assessments")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    met = models.BooleanField(_("met"))
    figure = models.DecimalField(_("figure"), max_digits=12, decimal_places=2, null=True, blank=True)
    comment = models.CharField(_("comment"), max_length=200, blank=True)
    assessed_on = models.DateField(_("assessed on"))

    class Meta:
        ordering = ["application", "criterion__number"]
        verbose_name = _("assessment of a criterion")
        constraints = [
            models.UniqueConstraint(fields=["application", "criterion"], name="campaigns_assess_once"),
        ]

    def __str__(self) -> str:
        return f"{self.application} {self.criterion.number}"


class Naming(models.Model):
    """An organization named under a campaign from `named_on` until `valid_until` (None: until
    revoked). `revoked_on`: it ended that day (a failed 复查 or the committee's decision)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="namings")
    organization = models.ForeignKey(
        "orgs.PartyOrganization", on_delete=models.PROTECT, related_name="+", verbose_name=_("organization")
    )
    application = models.OneToOneField(
        Application, null=True, blank=True, on_delete=models.PROTECT, related_name="naming"
    )
    named_on = models.DateField(_("named on"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    document_number = models.CharField(_("document number"), max_length=50)
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    revoke_reason = models.CharField(_("reason for revoking"), max_length=200, blank=True)

    class Meta:
        ordering = ["campaign", "-named_on"]
        verbose_name = _("naming")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gt=models.F("named_on")),
                name="campaigns_naming_valid_after_named",
            ),
            models.CheckConstraint(
                condition=Q(revoked_on__isnull=True) | Q(revoked_on__gte=models.F("named_on")),
                name="campaigns_naming_revoked_after_named",
            ),
        ]
        indexes = [
            # namings in force on a day (assessment's bonus items, the coverage figure)
            models.Index(fields=["named_on", "valid_until"], name="campaigns_naming_days_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.campaign}"

    @classmethod
    def scope_q(cls, paths: list[str]) -> Q:
        return _path_q("organization__path", paths)

    def in_force(self, day: dt.date) -> bool:
        return (
            self.named_on <= day
            and (self.valid_until is None or day <= self.valid_until)
            and (self.revoked_on is None or day < self.revoked_on)
        )


class Review(models.Model):
    """The annual 复查 of a naming for `year`: passed, or failed (the naming is revoked)."""

    naming = models.ForeignKey(Naming, on_delete=models.CASCADE, related_name="reviews")
    year = models.PositiveSmallIntegerField(_("year"))
    reviewed_on = models.DateField(_("reviewed on"))
    passed = models.BooleanField(_("passed"))
    comment = models.CharField(_("comment"), max_length=200, blank=True)

    class Meta:
        ordering = ["naming", "year"]
        verbose_name = _("annual review")
        constraints = [models.UniqueConstraint(fields=["naming", "year"], name="campaigns_review_once_a_year")]

    def __str__(self) -> str:
        return f"{self.naming} {self.year}"


class PartnerKind(models.TextChoices):
    ORGANIZATION = "organization", _("Party organization")
    COMMUNITY = "community", _("Community")  # 社区
    VILLAGE = "village", _("Village")  # 村


class Pairing(models.Model):
    """结对共建: `organization` paired with another party organization (`partner`) or with a
    community or village outside the registry (`partner_name`)."""

    organization = models.ForeignKey(
        "orgs.PartyOrganization", on_delete=models.PROTECT, related_name="+", verbose_name=_("organization")
    )
    partner_kind = models.CharField(_("partner"), max_length=20, choices=PartnerKind.choices)
    partner = models.ForeignKey(
        "orgs.PartyOrganization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("partner organization"),
    )
    partner_name = models.CharField(_("community or village"), max_length=100, blank=True)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    purpose = models.TextField(_("purpose"), max_length=2000)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-started_on", "pk"]
        verbose_name = _("pairing")
        constraints = [
            models.CheckConstraint(
                condition=Q(partner_kind="organization", partner__isnull=False, partner_name="")
                | (~Q(partner_kind="organization") & Q(partner__isnull=True) & ~Q(partner_name="")),
                name="campaigns_pairing_partner_by_kind",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="campaigns_pairing_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} — {self.partner_label}"

    @property
    def partner_label(self) -> str:
        return self.partner.name if self.partner is not None else self.partner_name

    @classmethod
    def scope_q(cls, paths: list[str]) -> Q:
        """Seen from either side."""
        return _path_q("organization__path", paths) | _path_q("partner__path", paths)


class JointActivity(models.Model):
    """A joint activity of a pairing, recorded by either side (`side`)."""

    pairing = models.ForeignKey(Pairing, on_delete=models.CASCADE, related_name="activities")
    side = models.ForeignKey(
        "orgs.PartyOrganization", on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=100)
    description = models.TextField(_("what was done"), max_length=2000)
    participants = models.PositiveIntegerField(_("participants"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("joint activity")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.title}"


class MemberActivity(models.Model):
    """What a member did under a member campaign, recorded by the member: the date, what was
    done, for whom; a photo if they wish. `organization` is the member's organization when
    recorded (its officers see it)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="member_activities")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    organization = models.ForeignKey(
        "orgs.PartyOrganization", on_delete=models.PROTECT, related_name="+", verbose_name=_("organization")
    )
    date = models.DateField(_("date"))
    description = models.TextField(_("what was done"), max_length=1000)
    for_whom = models.CharField(_("for whom"), max_length=100)
    photo = models.FileField(_("photo"), upload_to=_file_path, max_length=200, blank=True)
    photo_name = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("member's activity")
        indexes = [
            # a branch's records and the committee's counts per organization
            models.Index(fields=["organization", "campaign", "date"], name="campaigns_act_org_idx"),
            # a member's own page
            models.Index(fields=["member", "date"], name="campaigns_act_member_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.campaign}"

    @classmethod
    def scope_q(cls, paths: list[str]) -> Q:
        return _path_q("organization__path", paths)
