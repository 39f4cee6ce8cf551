"""Commendation rounds (二年表彰, issue 21 item 4). A `Round` is the committee's: its categories
(the three standard ones and local ones, as data), which eligibility conditions it applies (the
committee's switches, commendations.rules cites each), the quotas per nominating organization and
category, then the nominations those organizations make, the committee's review, the public
notice (公示) on the working-day calendar with the objections received, and the decision. An
approved nomination of a decided round is an honour (`commendations.queries.Honour`): honours
are not copied into another table. Written only by `commendations.services`."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.uploads import stored_name
from orgs.models import _path_q

DEFAULT_LEVEL = "区直机关工委"  # the commending body unless the round records a higher one


class Status(models.TextChoices):
    NOMINATION = "nomination", _("Nomination and review")  # 推荐、审核
    NOTICE = "notice", _("Public notice")  # 公示
    DECIDED = "decided", _("Decided")  # 表彰决定


class NomineeKind(models.TextChoices):
    MEMBER = "member", _("A party member")
    ORGANIZATION = "organization", _("A party organization")


class Standard(models.TextChoices):
    """The standard categories; a local category has none (its name is the committee's)."""

    ADVANCED_ORGANIZATION = "advanced_organization", _("Advanced primary-level party organization")  # 先进基层党组织
    EXCELLENT_MEMBER = "excellent_member", _("Excellent Communist Party member")  # 优秀共产党员
    EXCELLENT_WORKER = "excellent_worker", _("Excellent party worker")  # 优秀党务工作者


STANDARD_KINDS = {
    Standard.ADVANCED_ORGANIZATION: NomineeKind.ORGANIZATION,
    Standard.EXCELLENT_MEMBER: NomineeKind.MEMBER,
    Standard.EXCELLENT_WORKER: NomineeKind.MEMBER,
}


class NominationStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Nominations that hold a quota seat.
ACTIVE = (NominationStatus.PENDING, NominationStatus.APPROVED)


class Round(models.Model):
    """One commendation round of the committee. `level` is the commending body (区直机关工委 by
    default; a round decided by the 区委 records it). The checks are the committee's switches
    of the eligibility conditions (commendations.rules)."""

    name = models.CharField(_("name"), max_length=100)
    year = models.PositiveSmallIntegerField(_("year"))
    level = models.CharField(_("commending body"), max_length=50, default=DEFAULT_LEVEL)
    opens_on = models.DateField(_("nominations open on"))
    closes_on = models.DateField(_("nominations close on"))
    check_full_member = models.BooleanField(_("nominees must be full members"), default=True)
    check_discipline = models.BooleanField(_("no sanction or admonishment in its effect period"), default=True)
    check_evaluation = models.BooleanField(_("not graded unqualified in the round's period"), default=True)
    flag_term_overdue = models.BooleanField(_("flag organizations whose term is overdue"), default=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NOMINATION)
    notice_starts = models.DateField(_("public notice from"), null=True, blank=True)
    notice_ends = models.DateField(_("public notice until"), null=True, blank=True)
    decided_on = models.DateField(_("date of the decision"), null=True, blank=True)
    document_number = models.CharField(_("document number"), max_length=50, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "-pk"]
        verbose_name = _("commendation round")
        constraints = [
            models.UniqueConstraint(fields=["year"], name="commendations_one_round_a_year"),
            models.CheckConstraint(condition=Q(closes_on__gte=models.F("opens_on")), name="commendations_round_dates"),
            models.CheckConstraint(
                condition=Q(status=Status.NOMINATION) | Q(notice_starts__isnull=False, notice_ends__isnull=False),
                name="commendations_notice_has_dates",
            ),
            models.CheckConstraint(
                condition=~Q(status=Status.DECIDED) | Q(decided_on__isnull=False),
                name="commendations_decided_has_date",
            ),
        ]
        indexes = [
            # queries.honours(start, end): decided rounds by decision date
            models.Index(fields=["status", "decided_on"], name="comm_round_decided_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def decided(self) -> bool:
        return self.status == Status.DECIDED


class Category(models.Model):
    """A category of a round: a standard one (`standard` set) or a local one named by the
    committee. `nominee_kind` says whether it honours members or organizations."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="categories")
    standard = models.CharField(_("standard category"), max_length=30, choices=Standard.choices, blank=True)
    local_name = models.CharField(_("name"), max_length=50, blank=True)
    nominee_kind = models.CharField(_("nominees"), max_length=20, choices=NomineeKind.choices)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["round", "order", "pk"]
        verbose_name = _("commendation category")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "standard"], condition=~Q(standard=""), name="commendations_standard_once"
            ),
            models.UniqueConstraint(
                fields=["round", "local_name"], condition=~Q(local_name=""), name="commendations_local_once"
            ),
            models.CheckConstraint(
                condition=(Q(standard="") & ~Q(local_name="")) | (~Q(standard="") & Q(local_name="")),
                name="commendations_category_named_once",
            ),
        ]

    def __str__(self) -> str:
        return str(self.name)

    @property
    def name(self):
        return self.get_standard_display() if self.standard else self.local_name

    @property
    def for_members(self) -> bool:
        return self.nominee_kind == NomineeKind.MEMBER


class Quota(models.Model):
    """How many nominations `organization` may make in `category` (the committee's table)."""

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="quotas")
    organization = models.ForeignKey("orgs.PartyOrganization", on_delete=models.PROTECT, related_name="+")
    seats = models.PositiveSmallIntegerField(_("quota"))

    class Meta:
        ordering = ["organization__path", "category__order"]
        verbose_name = _("quota")
        constraints = [
            models.UniqueConstraint(fields=["category", "organization"], name="commendations_quota_once"),
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.category} {self.seats}"

    @classmethod
    def scope_q(cls, paths: list[str]) -> Q:
        return _path_q("organization__path", paths)


def _file_path(instance, filename: str) -> str:
    return stored_name("commendations", filename)


class Nomination(models.Model):
    """A nominating organization's nomination of a member or an organization of its subtree in a
    category, with the basis (主要事迹). Eligibility is not stored: it is checked from the records
    each time it is shown (commendations.eligibility), so a sanction recorded after the
    nomination shows at once. An ineligible nomination may be kept, never approved."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="nominations")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="nominations")
    organization = models.ForeignKey(
        "orgs.PartyOrganization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("nominating organization"),
    )
    member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("member")
    )
    nominee_organization = models.ForeignKey(
        "orgs.PartyOrganization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organization nominated"),
    )
    basis = models.TextField(_("main deeds"))
    file = models.FileField(_("attachment"), upload_to=_file_path, max_length=200, blank=True)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=NominationStatus.choices, default=NominationStatus.PENDING
    )
    review_reason = models.CharField(_("reason"), max_length=300, blank=True)
    reviewed_on = models.DateField(_("reviewed on"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organization__path", "category__order", "pk"]
        verbose_name = _("nomination")
        constraints = [
            models.CheckConstraint(
                condition=Q(member__isnull=False, nominee_organization__isnull=True)
                | Q(member__isnull=True, nominee_organization__isnull=False),
                name="commendations_one_nominee",
            ),
            # a nominee is nominated once per category while the nomination stands
            models.UniqueConstraint(
                fields=["category", "member"],
                condition=Q(status__in=["pending", "approved"], member__isnull=False),
                name="commendations_member_once",
            ),
            models.UniqueConstraint(
                fields=["category", "nominee_organization"],
                condition=Q(status__in=["pending", "approved"], nominee_organization__isnull=False),
                name="commendations_organization_once",
            ),
        ]
        indexes = [
            # the round page and the quota count: a round's nominations by organization
            models.Index(fields=["round", "organization", "status"], name="comm_nom_round_idx"),
            # a member's honours on their page
            models.Index(fields=["member", "status"], name="comm_nom_member_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.category} {self.nominee}"

    @property
    def nominee(self):
        return self.member if self.member_id else self.nominee_organization

    @property
    def active(self) -> bool:
        return self.status in ACTIVE

    @classmethod
    def scope_q(cls, paths: list[str]) -> Q:
        return _path_q("organization__path", paths)


class Objection(models.Model):
    """An objection received during the public notice, as the committee recorded it."""

    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT, related_name="objections")
    received_on = models.DateField(_("received on"))
    text = models.TextField(_("objection"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["received_on", "pk"]
        verbose_name = _("objection")

    def __str__(self) -> str:
        return f"{self.received_on:%Y-%m-%d} {self.nomination}"

    @classmethod
    def scope_q(cls, paths: list[str]) -> Q:
        return _path_q("nomination__organization__path", paths)
