"""The authority list (事权清单): which body leads, co-handles, guides or is told of each
matter of organ party work. A list is versioned: drafts are compared and one is adopted from an
effective date; the adopted version in force on a day answers "who is responsible"."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class BodyKind(models.TextChoices):
    DISTRICT_COMMITTEE = "district_committee", _("District party committee")
    WORKING_COMMITTEE = "working_committee", _("Working committee")
    SECTION = "section", _("Section of the working committee")
    DEPARTMENT = "department", _("Department of the district committee")
    DISCIPLINE = "discipline", _("Discipline body")
    MASS_ORGANIZATION = "mass_organization", _("Mass organization")


class Body(models.Model):
    """A body that holds authority (事权主体): the district committee, the working committee
    and its sections, the organization and propaganda departments, the discipline commission
    and the organs discipline working committee, the trade union."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=50, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=BodyKind.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="sections")
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = _("body")

    def __str__(self) -> str:
        return self.name


class ListStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ADOPTED = "adopted", _("Adopted")
    REJECTED = "rejected", _("Not adopted")


class AuthorityList(models.Model):
    """One version of the authority list: a draft plan, an adopted list, or a plan not adopted."""

    name = models.CharField(_("name"), max_length=100)
    round = models.PositiveSmallIntegerField(_("round"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ListStatus.choices, default=ListStatus.DRAFT)
    effective_from = models.DateField(_("effective from"), null=True, blank=True)
    rationale = models.TextField(_("rationale"), blank=True)
    based_on = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("based on")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-effective_from", "-pk"]
        verbose_name = _("authority list")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="adopted") | Q(effective_from__isnull=False), name="adopted_list_has_date"
            ),
            models.UniqueConstraint(
                fields=["effective_from"], condition=Q(status="adopted"), name="one_adopted_list_per_day"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def in_force(cls, day):
        """The adopted version in force on `day`, or None."""
        return (
            cls.objects.filter(status=ListStatus.ADOPTED, effective_from__lte=day).order_by("-effective_from").first()
        )


class Domain(models.TextChoices):
    ORGANIZATION = "organization", _("Organization work")
    PROPAGANDA = "propaganda", _("Propaganda and study")
    DISCIPLINE = "discipline", _("Discipline and supervision")
    UNION = "union", _("Trade union")
    GENERAL = "general", _("General")


class Matter(models.Model):
    """A matter (事项) of one version of the list, with its basis."""

    authority_list = models.ForeignKey(AuthorityList, on_delete=models.CASCADE, related_name="matters")
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=100)
    domain = models.CharField(_("domain"), max_length=20, choices=Domain.choices)
    description = models.TextField(_("description"), blank=True)
    division_rule = models.TextField(
        _("division rule"),
        blank=True,
        help_text=_("When two bodies split the matter, the rule that decides which one acts."),
    )
    basis_document = models.CharField(_("basis document"), max_length=200, blank=True)
    basis_date = models.DateField(_("basis date"), null=True, blank=True)
    basis_article = models.CharField(_("basis article"), max_length=50, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("matter")
        constraints = [models.UniqueConstraint(fields=["authority_list", "code"], name="matter_code_unique_in_list")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class RoleKind(models.TextChoices):
    LEAD = "lead", _("Lead")
    CO = "co", _("Co-handles")
    GUIDE = "guide", _("Guides")
    INFORMED = "informed", _("Informed")


class MatterRole(models.Model):
    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="roles")
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="matter_roles")
    role = models.CharField(_("role"), max_length=20, choices=RoleKind.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["matter", "body"], name="one_role_per_body_and_matter"),
            # at most one lead; "exactly one" is checked when a list is adopted
            models.UniqueConstraint(fields=["matter"], condition=Q(role="lead"), name="one_lead_per_matter"),
        ]

    def __str__(self) -> str:
        return f"{self.matter.code} {self.body} {self.get_role_display()}"
