"""Member development (发展党员): one record per person from application to full membership,
each step a dated record of who decided what. The person enters the member registry when the
superior approves the branch's vote, with the vote's date as their joining date."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from core.periods import add_months, add_years
from core.personal import PersonalNumbers
from members.codes import ETHNICITIES, HAN
from members.models import Degree, Education, Gender, Member, Occupation
from orgs.models import PartyOrganization, _path_q


class Stage(models.TextChoices):
    APPLICANT = "applicant", _("Applicant")
    ACTIVIST = "activist", _("Activist")
    DEVELOPMENT_OBJECT = "development_object", _("Development object")
    PROBATIONARY = "probationary", _("Probationary member")
    FULL = "full", _("Full member")
    STOPPED = "stopped", _("Stopped")
    CANCELLED = "cancelled", _("Probation cancelled")
    CLOSED = "closed", _("Closed: left the roll")


OPEN_STAGES = (Stage.APPLICANT, Stage.ACTIVIST, Stage.DEVELOPMENT_OBJECT, Stage.PROBATIONARY)


class Candidate(PersonalNumbers):
    """A person on the way to membership. ID and phone numbers are `PersonalNumbers`, as
    members' are."""

    name = models.CharField(_("Name"), max_length=50)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    birth_date = models.DateField(_("birth date"))
    ethnicity = models.CharField(_("ethnicity"), max_length=2, choices=ETHNICITIES, default=HAN, blank=True)
    education = models.CharField(_("education"), max_length=20, choices=Education.choices)
    degree = models.CharField(_("degree"), max_length=10, choices=Degree.choices, blank=True)
    work_post = models.CharField(_("position at work"), max_length=100, blank=True)
    occupation = models.CharField(_("occupation"), max_length=20, choices=Occupation.choices, blank=True)
    organization = models.ForeignKey(
        PartyOrganization, on_delete=models.PROTECT, related_name="candidates", verbose_name=_("branch")
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.APPLICANT)
    applied_on = models.DateField(_("date of application"))
    member = models.OneToOneField(Member, null=True, blank=True, on_delete=models.PROTECT, related_name="development")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organization", "applied_on", "pk"]
        verbose_name = _("development record")
        constraints = [
            # One open record per person: a second application waits for the first to end.
            models.UniqueConstraint(
                fields=["id_number_hash"],
                condition=Q(stage__in=["applicant", "activist", "development_object", "probationary"]),
                name="one_open_development_record",
            ),
        ]
        indexes = [models.Index(fields=["organization", "stage"], name="candidate_org_stage_idx")]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def scope_q(cls, paths: list[str]) -> Q:
        return _path_q("organization__path", paths)


class StepKind(models.TextChoices):
    APPLICATION = "application", _("Application")
    TALK = "talk", _("Talk with the applicant")
    ACTIVIST = "activist", _("Made an activist")
    ACTIVIST_FILING = "activist_filing", _("Activist filed with the superior")
    CONTACTS = "contacts", _("Contact persons assigned")
    ASSESSMENT = "assessment", _("Half-yearly assessment")
    OBJECT_NOTICE = "object_notice", _("Public notice before listing as a development object")
    DEVELOPMENT_OBJECT = "development_object", _("Made a development object")
    OBJECT_FILING = "object_filing", _("Development object filed with the superior")
    SPONSORS = "sponsors", _("Sponsors")
    POLITICAL_REVIEW = "political_review", _("Political review")
    TRAINING = "training", _("Concentrated training")
    BRANCH_COMMITTEE_REVIEW = "branch_committee_review", _("Review by the branch committee")
    PRE_EXAMINATION = "pre_examination", _("Pre-examination by the superior")
    NOTICE = "notice", _("Public notice")
    VOTE = "vote", _("Branch general meeting vote")
    PARTY_GROUP_REVIEW = "party_group_review", _("Discussion or review by the department's party group")
    SUPERIOR_TALK = "superior_talk", _("Talk by the superior")
    APPROVAL = "approval", _("Approval by the superior")
    OATH = "oath", _("Oath")
    PROBATION_ASSESSMENT = "probation_assessment", _("Probation assessment")
    CONVERSION_APPLICATION = "conversion_application", _("Application for full membership")
    CONVERSION_NOTICE = "conversion_notice", _("Public notice of conversion")
    CONVERSION_VOTE = "conversion_vote", _("Conversion vote")
    CONVERSION_PARTY_GROUP_REVIEW = (
        "conversion_party_group_review",
        _("Conversion discussed or reviewed by the department's party group"),
    )
    CONVERSION_APPROVAL = "conversion_approval", _("Approval of conversion")
    EXTENSION_VOTE = "extension_vote", _("Branch general meeting decides to extend probation")
    EXTENSION = "extension", _("Extension of probation approved by the superior")
    CANCELLATION_VOTE = "cancellation_vote", _("Branch general meeting decides to cancel probationary membership")
    CANCELLATION = "cancellation", _("Cancellation approved by the superior")
    TRANSFERRED = "transferred", _("Development record transferred")
    STOPPED = "stopped", _("Stopped")


# Steps decided by a branch general meeting's vote, counted by the same rule (细则 第二十、二十一条).
VOTE_KINDS = frozenset({StepKind.VOTE, StepKind.CONVERSION_VOTE, StepKind.EXTENSION_VOTE, StepKind.CANCELLATION_VOTE})


class Step(models.Model):
    """One dated step. Which of the optional fields it uses depends on `kind`: the notice its
    end date, working days and objections; the votes their counts; sponsors and contact persons
    their members; training its days or hours; an extension its months."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("step"), max_length=30, choices=StepKind.choices)
    # The branch that held the record on the step's date (for a transfer: the receiving one).
    organization = models.ForeignKey(
        PartyOrganization, null=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("branch")
    )
    date = models.DateField(_("date"))
    decided_by = models.CharField(_("decided by"), max_length=100, blank=True)
    note = models.TextField(_("note"), blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)  # days, hours or months
    members = models.ManyToManyField(Member, blank=True, related_name="+", verbose_name=_("members"))
    voting = models.PositiveIntegerField(_("members entitled to vote"), null=True, blank=True)
    present = models.PositiveIntegerField(_("voting members present"), null=True, blank=True)
    yes = models.PositiveIntegerField(_("yes"), null=True, blank=True)
    no = models.PositiveIntegerField(_("no"), null=True, blank=True)
    abstain = models.PositiveIntegerField(_("abstain"), null=True, blank=True)
    # Written opinions of absent full members handed in before the meeting (细则 第二十一条).
    written_yes = models.PositiveIntegerField(_("written opinions in favour"), default=0)
    written_no = models.PositiveIntegerField(_("written opinions against"), default=0)
    written_abstain = models.PositiveIntegerField(_("written abstentions"), default=0)
    reference = models.CharField(_("number of the application form"), max_length=30, blank=True)
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    rules = models.CharField(_("rules applied"), max_length=100, blank=True)
    warning = models.CharField(_("warning"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("development step")
        constraints = [
            models.CheckConstraint(
                condition=Q(yes__isnull=True) | Q(present__gte=models.F("yes")), name="step_yes_within_present"
            ),
            models.CheckConstraint(
                condition=Q(present__isnull=True)
                | Q(
                    voting__gte=models.F("present")
                    + models.F("written_yes")
                    + models.F("written_no")
                    + models.F("written_abstain")
                ),
                name="step_present_within_voting",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.candidate} {self.get_kind_display()} {self.date}"


class CalendarDay(models.Model):
    """A day the official calendar package does not know (a year it does not cover yet): a
    holiday on a weekday, or a make-up working day on a weekend. Entered by an administrator."""

    date = models.DateField(_("date"), unique=True)
    is_workday = models.BooleanField(_("working day"))
    note = models.CharField(_("note"), max_length=50, blank=True)

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        kind = pgettext("calendar day", "work") if self.is_workday else pgettext("calendar day", "off")
        return f"{self.date} {kind}"


class DevelopmentQuota(models.Model):
    """The annual development plan of an organization: how many to admit in a year."""

    organization = models.ForeignKey(PartyOrganization, on_delete=models.CASCADE, related_name="development_quotas")
    year = models.PositiveSmallIntegerField(_("year"))
    planned = models.PositiveIntegerField(_("planned"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "year"], name="one_quota_per_year")]

    def __str__(self) -> str:
        return f"{self.organization} {self.year}: {self.planned}"

    @classmethod
    def scope_q(cls, paths: list[str]) -> Q:
        return _path_q("organization__path", paths)


def probation_end(vote_day: dt.date, extended_months: int = 0) -> dt.date:
    """Probation is one year from the admitting vote (细则 第二十七条), plus an extension if one
    was approved; periods as the Civil Code counts them."""
    return add_months(add_years(vote_day, 1), extended_months)
