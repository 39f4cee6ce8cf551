"""Organizational life of party organizations (组织生活): meetings with their attendance, the
party groups (党小组) inside a branch, and each organization's year plan.

A meeting is recorded once, by the organization's officers, and every count reads it from
here: the year's calendar, the committee's compliance table, the member's own page, the
ledger (台账), reminders of silent organizations. What the rules expect of an organization is
computed from `orglife.rules`, never stored."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.dated import EffectiveDated
from orgs.models import _path_q


class MeetingKind(models.TextChoices):
    """Kinds of organizational life (三会一课 and the rest). The codes are the keys of
    `manage.py orglife --json` and of the rules (`orglife.rules`)."""

    BRANCH_ASSEMBLY = "branch_assembly", _("Branch general meeting")  # 支部党员大会
    COMMITTEE = "committee", _("Branch committee meeting")  # 支部委员会
    GROUP = "group", _("Party group meeting")  # 党小组会
    LECTURE = "lecture", _("Party lecture")  # 党课
    THEME_DAY = "theme_day", _("Theme party day")  # 主题党日
    LIFE_MEETING = "life_meeting", _("Organizational life meeting")  # 组织生活会
    TALK = "talk", _("Heart-to-heart talk")  # 谈心谈话 (a pair)
    TRAINING = "training", _("Concentrated training")  # 党员集中培训


class PartyGroup(EffectiveDated):
    """A party group (党小组) inside a branch from valid_from to valid_to (exclusive)
    (支部工作条例 第十三条: branches with many members or scattered members divide into groups)."""

    branch = models.ForeignKey(
        "orgs.PartyOrganization", on_delete=models.PROTECT, related_name="party_groups", verbose_name=_("branch")
    )
    name = models.CharField(_("name"), max_length=50)

    class Meta(EffectiveDated.Meta):
        ordering = ["branch", "name"]
        verbose_name = _("party group")
        constraints = [
            *EffectiveDated.Meta.constraints,
            models.UniqueConstraint(
                fields=["branch", "name"], condition=Q(valid_to__isnull=True), name="one_current_group_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def scope_q(cls, paths: list[str]) -> Q:
        return _path_q("branch__path", paths)


class PartyGroupMember(EffectiveDated):
    """`member` belongs to party group `group` from valid_from to valid_to (exclusive); at most
    one group at a time. `is_leader`: the group's leader (党小组组长), who convenes its meetings."""

    group = models.ForeignKey(PartyGroup, on_delete=models.CASCADE, related_name="seats")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="party_group_seats")
    is_leader = models.BooleanField(_("group leader"), default=False)

    class Meta(EffectiveDated.Meta):
        ordering = ["-is_leader", "valid_from", "pk"]
        verbose_name = _("party group member")
        constraints = [
            *EffectiveDated.Meta.constraints,
            models.UniqueConstraint(
                fields=["member"], condition=Q(valid_to__isnull=True), name="one_current_party_group"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group} {self.member}"

    @classmethod
    def scope_q(cls, paths: list[str]) -> Q:
        return _path_q("group__branch__path", paths)


class Meeting(models.Model):
    """One meeting of a party organization, as it was held. Attachments are optional (no photo
    quotas). `quorate` is None for kinds without a quorum rule; a meeting that was not quorate
    is kept (it happened) but does not count towards the rule it was meant to meet."""

    organization = models.ForeignKey(
        "orgs.PartyOrganization", on_delete=models.PROTECT, related_name="meetings", verbose_name=_("organization")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MeetingKind.choices)
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=100, blank=True)
    topic = models.CharField(_("topic"), max_length=200)
    content = models.TextField(_("content"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)
    # people: members on the roll where they are; the lecturer of a party lecture may come from outside
    host = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("host")
    )
    recorder = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorder")
    )
    lecturer = models.CharField(_("lecturer"), max_length=50, blank=True)
    party_group = models.ForeignKey(
        PartyGroup,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings",
        verbose_name=_("party group"),
    )
    # class hours (学时) each member present earns towards the yearly training hours
    hours = models.DecimalField(_("class hours"), max_digits=4, decimal_places=1, null=True, blank=True)
    quorate = models.BooleanField(_("quorate"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("meeting")
        indexes = [
            # the calendar, the ledger and the compliance table: an organization's meetings in a year, by kind
            models.Index(fields=["organization", "date", "kind"], name="meeting_org_date_kind_idx"),
            # the committee's year and silent organizations: meetings by date
            models.Index(fields=["date", "organization"], name="meeting_date_org_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()} {self.topic}"

    @classmethod
    def scope_q(cls, paths: list[str]) -> Q:
        return _path_q("organization__path", paths)


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    EXCUSED = "excused", _("Excused")  # 请假, with a reason
    ABSENT = "absent", _("Absent")


class Attendance(models.Model):
    """Whether `member` attended `meeting`. The roll proposed for a meeting is the membership
    facts on its date (the committee's members for a 支委会, the group's for a 党小组会)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="attendance")
    status = models.CharField(_("attendance"), max_length=10, choices=AttendanceStatus.choices)
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        ordering = ["meeting", "pk"]
        verbose_name = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="one_attendance_per_member"),
        ]
        indexes = [
            # a member's own attendance and the list of members without organizational life
            models.Index(fields=["member", "status"], name="attendance_member_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} {self.member} {self.get_status_display()}"

    @classmethod
    def scope_q(cls, paths: list[str]) -> Q:
        return _path_q("meeting__organization__path", paths)


class PlanItem(models.Model):
    """One planned meeting of an organization's year plan: generated from the rules, then
    edited by the organization. Recording a meeting of the same kind in the item's month
    fulfils it (`meeting`); a past month's item without one is missed."""

    organization = models.ForeignKey(
        "orgs.PartyOrganization", on_delete=models.PROTECT, related_name="plan_items", verbose_name=_("organization")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"))
    kind = models.CharField(_("kind"), max_length=20, choices=MeetingKind.choices)
    planned_date = models.DateField(_("planned date"), null=True, blank=True)
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=100, blank=True)
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    meeting = models.OneToOneField(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="plan_item", verbose_name=_("meeting")
    )

    class Meta:
        ordering = ["organization", "year", "month", "kind", "pk"]
        verbose_name = _("planned meeting")
        constraints = [
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="plan_item_month_range"),
        ]
        indexes = [
            # the year plan and calendar of an organization; the iCal feed
            models.Index(fields=["organization", "year", "month"], name="plan_item_org_year_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d} {self.get_kind_display()}"

    @classmethod
    def scope_q(cls, paths: list[str]) -> Q:
        return _path_q("organization__path", paths)


def _attachment_path(instance, filename: str) -> str:
    """Where an attachment is stored: a random name under orglife/ keeping only the checked
    extension (never the name a person typed: that is kept in `name`)."""
    return f"orglife/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class MeetingAttachment(models.Model):
    """A file kept with a meeting's record (the minutes scanned, a photo, a lecture's text):
    optional, never required. Stored under MEDIA_ROOT (DANGJIAN_MEDIA_ROOT), which no URL
    serves: only the attachment view hands a file out, to those who see the meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=_attachment_path, max_length=200)
    name = models.CharField(_("name"), max_length=200)  # as uploaded, to name the download
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting", "pk"]
        verbose_name = _("attachment")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def scope_q(cls, paths: list[str]) -> Q:
        return _path_q("meeting__organization__path", paths)


class CalendarFeed(models.Model):
    """The secret address of an organization's calendar of planned meetings (an iCal feed a
    calendar app subscribes to without logging in). Only the SHA-256 of the token is kept: the
    address is shown once, when it is made; regenerating replaces the hash, revoking deletes
    the row, and either way the old address answers 404 (`orglife.feeds`)."""

    organization = models.OneToOneField(
        "orgs.PartyOrganization",
        on_delete=models.CASCADE,
        related_name="calendar_feed",
        verbose_name=_("organization"),
    )
    token_hash = models.CharField(_("token hash"), max_length=64)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("calendar feed")

    def __str__(self) -> str:
        return f"{self.organization}"

    @classmethod
    def scope_q(cls, paths: list[str]) -> Q:
        return _path_q("organization__path", paths)
