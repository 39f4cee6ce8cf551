"""The committee's own activities (机关工会, 团工委): large cultural or sports events, visits
for all members, youth social practice or showcases, with how many people each organization
sent. The yearly minimums are local rules (`activities.rules`); the check is computed, never
stored. Activities are the committee's, district-wide: every signed-in staff member with the
registry's view reads them; the committee's staff record them (`activities.access`)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Organizer(models.TextChoices):
    UNION = "union", _("Organs trade union")  # 机关工会
    YOUTH_LEAGUE = "youth_league", _("Youth League working committee")  # 团工委


class ActivityKind(models.TextChoices):
    CULTURAL_SPORTS = "cultural_sports", _("Large cultural or sports event")  # 大型文体活动
    VISIT = "visit", _("Visit for all members")  # 全员参观
    YOUTH = "youth", _("Youth social practice or showcase")  # 青年社会实践或展示活动


class Activity(models.Model):
    organizer = models.CharField(_("organizer"), max_length=20, choices=Organizer.choices)
    kind = models.CharField(_("activity kind"), max_length=20, choices=ActivityKind.choices)
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=100, blank=True)
    description = models.TextField(_("description"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("committee activity")
        indexes = [
            # the year's activities and the yearly check: activities by date, by kind
            models.Index(fields=["date", "kind"], name="activity_date_kind_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.title}"


class ActivityParticipation(models.Model):
    """How many people of `organization` took part in `activity`."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="participations")
    organization = models.ForeignKey(
        "orgs.PartyOrganization", on_delete=models.PROTECT, related_name="+", verbose_name=_("organization")
    )
    people = models.PositiveIntegerField(_("people"))

    class Meta:
        ordering = ["activity", "organization__path"]
        verbose_name = _("participation in an activity")
        constraints = [
            models.UniqueConstraint(fields=["activity", "organization"], name="one_participation_per_organization"),
            models.CheckConstraint(condition=Q(people__gt=0), name="participation_has_people"),
        ]

    def __str__(self) -> str:
        return f"{self.activity} {self.organization} {self.people}"
