"""The organizational life of the departments' leadership groups (党组 / 党委 / 领导班子, see
`orgs.models.LeadershipGroup`): their central-group study (中心组学习) and their yearly
democratic life meeting (民主生活会).

Attendance is recorded against the group's seats (`orgs.models.GroupMember`) valid on the day,
so a person who left the group is not expected and a newcomer is; a seat linked to a member's
record counts in that member's own organizational life (双重组织生活). What the local rules
expect (`leadership.rules`) is computed, never stored; overdue steps become work items in
`work.services` from `leadership.queries`."""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from orgs.models import PartyOrganization, _path_q

# The authority list's matters these records answer to (codes are matched across versions).
STUDY_MATTER = "PRO-01"  # 区直部门中心组学习督促检查
LIFE_MATTER = "DIS-01"  # 区直部门领导班子民主生活会管理和督促检查


def _units_q(field: str, paths: list[str]) -> Q:
    """Rows of units that have an organization in one of the subtrees (as `Unit.scope_q`)."""
    return Q(**{f"{field}__in": PartyOrganization.objects.filter(_path_q("path", paths)).values("unit_id")})


class SeatAttendance(models.TextChoices):
    PRESENT = "present", _("Present")
    EXCUSED = "excused", _("Excused")  # 请假, with a reason
    ABSENT = "absent", _("Absent")


class StudySession(models.Model):
    """One session of a leadership group's central-group study (中心组学习). Its length is
    counted in half-days; two half-days make the day the local rule counts."""

    group = models.ForeignKey(
        "orgs.LeadershipGroup", on_delete=models.PROTECT, related_name="study_sessions", verbose_name=_("group")
    )
    date = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=200)
    half_days = models.PositiveSmallIntegerField(_("half-days"), default=1)
    lecturer = models.CharField(_("lecturer"), max_length=50, blank=True)  # 领学人 / 主讲人, maybe from outside
    content = models.TextField(_("content"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("central-group study session")
        constraints = [
            models.CheckConstraint(condition=Q(half_days__gte=1), name="study_session_half_days_positive"),
        ]
        indexes = [
            # the supervision table and a unit's page: a group's sessions in a year
            models.Index(fields=["group", "date"], name="study_session_group_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.topic}"

    @property
    def days(self) -> Decimal:
        return Decimal(self.half_days) / 2

    @classmethod
    def scope_q(cls, paths: list[str]) -> Q:
        return _units_q("group__unit_id", paths)


class StudyAttendance(models.Model):
    """Whether the holder of `seat` attended `session` (the seats valid on its date)."""

    session = models.ForeignKey(StudySession, on_delete=models.CASCADE, related_name="attendance")
    seat = models.ForeignKey("orgs.GroupMember", on_delete=models.PROTECT, related_name="study_attendance")
    status = models.CharField(_("attendance"), max_length=10, choices=SeatAttendance.choices)
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        ordering = ["session", "pk"]
        verbose_name = _("central-group study attendance")
        constraints = [
            models.UniqueConstraint(fields=["session", "seat"], name="one_study_attendance_per_seat"),
            models.CheckConstraint(condition=~Q(status="excused") | ~Q(reason=""), name="study_excused_has_reason"),
        ]
        indexes = [
            # a member's own page: the sessions their seats attended
            models.Index(fields=["seat", "status"], name="study_attendance_seat_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.session} {self.seat.name} {self.get_status_display()}"

    @classmethod
    def scope_q(cls, paths: list[str]) -> Q:
        return _units_q("session__group__unit_id", paths)


class SpotCheck(models.Model):
    """A spot check (抽查) of a unit's central-group study by the supervising section (the lead
    of matter PRO-01), with what it found and, when rectification is needed, by when."""

    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="study_checks", verbose_name=_("unit"))
    date = models.DateField(_("date"))
    subject = models.CharField(_("what was checked"), max_length=200)
    findings = models.TextField(_("findings"))
    rectification_needed = models.BooleanField(_("rectification needed"), default=False)
    rectify_by = models.DateField(_("rectify by"), null=True, blank=True)
    rectified_on = models.DateField(_("rectified on"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("spot check of central-group study")
        constraints = [
            models.CheckConstraint(
                condition=Q(rectification_needed=False) | Q(rectify_by__isnull=False), name="spot_check_has_deadline"
            ),
        ]
        indexes = [
            # overdue rectifications (reminders): open checks by deadline
            models.Index(fields=["rectified_on", "rectify_by"], name="spot_check_open_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.unit} {self.subject}"

    @classmethod
    def scope_q(cls, paths: list[str]) -> Q:
        return _units_q("unit_id", paths)


class LifeStage(models.TextChoices):
    """Where a democratic life meeting stands (computed, never stored)."""

    PLANNED = "planned", _("Planned")
    PLAN_REPORTED = "plan_reported", _("Plan reported")
    HELD = "held", _("Held")
    REPORTED = "reported", _("Report submitted")


class LifeMeeting(models.Model):
    """A leadership group's democratic life meeting (民主生活会) of one year: the topic and plan
    reported to the supervising bodies ahead of it, the meeting itself, the report after it and
    its rectification items. A postponement moves `planned_date` and keeps its reason."""

    group = models.ForeignKey(
        "orgs.LeadershipGroup", on_delete=models.PROTECT, related_name="life_meetings", verbose_name=_("group")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    topic = models.CharField(_("topic"), max_length=200)
    planned_date = models.DateField(_("planned date"))
    plan_reported_on = models.DateField(_("topic and plan reported on"), null=True, blank=True)
    postponement_reason = models.CharField(_("reason for postponement"), max_length=200, blank=True)
    held_on = models.DateField(_("held on"), null=True, blank=True)
    record = models.TextField(_("meeting record"), blank=True)
    report_submitted_on = models.DateField(_("report submitted on"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "group"]
        verbose_name = _("democratic life meeting")
        constraints = [
            models.UniqueConstraint(fields=["group", "year"], name="one_life_meeting_per_group_and_year"),
            models.CheckConstraint(
                condition=Q(report_submitted_on__isnull=True) | Q(held_on__isnull=False), name="life_report_after_held"
            ),
        ]
        indexes = [
            # the overview of a year and the overdue steps
            models.Index(fields=["year", "held_on"], name="life_meeting_year_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.group} {self.topic}"

    @property
    def stage(self) -> LifeStage:
        if self.report_submitted_on:
            return LifeStage.REPORTED
        if self.held_on:
            return LifeStage.HELD
        if self.plan_reported_on:
            return LifeStage.PLAN_REPORTED
        return LifeStage.PLANNED

    @property
    def day(self) -> dt.date:
        """The meeting's date: when it was held, else when it is planned."""
        return self.held_on or self.planned_date

    @classmethod
    def scope_q(cls, paths: list[str]) -> Q:
        return _units_q("group__unit_id", paths)


class LifeMeetingSupervisor(models.Model):
    """A body supervising the meeting (a role on matter DIS-01 in the authority list in force on
    the meeting's date), and whether it attended."""

    meeting = models.ForeignKey(LifeMeeting, on_delete=models.CASCADE, related_name="supervisors")
    body = models.ForeignKey("authority.Body", on_delete=models.PROTECT, related_name="+", verbose_name=_("body"))
    attended = models.BooleanField(_("attended"), default=False)

    class Meta:
        ordering = ["meeting", "body__sort_order", "pk"]
        verbose_name = _("supervising body")
        constraints = [models.UniqueConstraint(fields=["meeting", "body"], name="one_supervisor_row_per_body")]

    def __str__(self) -> str:
        return f"{self.meeting} {self.body}"

    @classmethod
    def scope_q(cls, paths: list[str]) -> Q:
        return _units_q("meeting__group__unit_id", paths)


class LifeMeetingAttendance(models.Model):
    meeting = models.ForeignKey(LifeMeeting, on_delete=models.CASCADE, related_name="attendance")
    seat = models.ForeignKey("orgs.GroupMember", on_delete=models.PROTECT, related_name="life_attendance")
    status = models.CharField(_("attendance"), max_length=10, choices=SeatAttendance.choices)
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        ordering = ["meeting", "pk"]
        verbose_name = _("democratic life meeting attendance")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "seat"], name="one_life_attendance_per_seat"),
            models.CheckConstraint(condition=~Q(status="excused") | ~Q(reason=""), name="life_excused_has_reason"),
        ]
        indexes = [
            # a member's own page: the life meetings their seats attended
            models.Index(fields=["seat", "status"], name="life_attendance_seat_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} {self.seat.name} {self.get_status_display()}"

    @classmethod
    def scope_q(cls, paths: list[str]) -> Q:
        return _units_q("meeting__group__unit_id", paths)


class Rectification(models.Model):
    """A rectification item (整改事项) after a democratic life meeting: its owner is a seat of the
    group or a name, with a deadline; `done_on` once it is done."""

    meeting = models.ForeignKey(LifeMeeting, on_delete=models.CASCADE, related_name="rectifications")
    item = models.CharField(_("item"), max_length=200)
    owner_seat = models.ForeignKey(
        "orgs.GroupMember", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("owner")
    )
    owner_name = models.CharField(_("owner (name)"), max_length=50, blank=True)
    deadline = models.DateField(_("deadline"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["deadline", "pk"]
        verbose_name = _("rectification item")
        constraints = [
            models.CheckConstraint(
                condition=Q(owner_seat__isnull=False) | ~Q(owner_name=""), name="rectification_has_owner"
            ),
        ]
        indexes = [
            # overdue rectifications (reminders): open items by deadline
            models.Index(fields=["done_on", "deadline"], name="rectification_open_idx"),
        ]

    def __str__(self) -> str:
        return self.item

    @property
    def owner(self) -> str:
        return self.owner_seat.name if self.owner_seat else self.owner_name

    @classmethod
    def scope_q(cls, paths: list[str]) -> Q:
        return _units_q("meeting__group__unit_id", paths)
