"""民主评议党员 (党员教育管理工作条例 2019 第十八条): once a year a branch holds an evaluation
round — 个人自评, 党员互评, 民主测评 — and gives each full member its verdict (评定意见).

The roll of a round is taken from the membership facts on its date when it is opened, one
`Participant` row per member, with whether they were probationary that day: probationary members
take part (self and mutual assessment, the 测评 may count them) but are not graded (a check
constraint and the service both say so). A verdict of 不合格 is followed up (教育转化 or
组织处置): the branch records the outcome on the participant, and the follow-up to-do that
`work` created for it closes. What the system records are the branch's decisions; it makes none."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from orgs.models import _path_q


class Grade(models.TextChoices):
    """The four grades of 评定意见 (rules.md 2.4)."""

    EXCELLENT = "excellent", _("Excellent")  # 优秀
    QUALIFIED = "qualified", _("Qualified")  # 合格
    BASICALLY_QUALIFIED = "basically_qualified", _("Basically qualified")  # 基本合格
    UNQUALIFIED = "unqualified", _("Unqualified")  # 不合格


class FollowUp(models.TextChoices):
    """What the branch decided for a member graded 不合格."""

    EDUCATION = "education", _("Education and correction within a time limit")  # 教育转化（限期改正）
    DISPOSAL = "disposal", _("Organizational disposal (advised to leave or removed)")  # 组织处置（劝退/除名）


class RoundStatus(models.TextChoices):
    OPEN = "open", _("In progress")
    CONCLUDED = "concluded", _("Concluded")


class EvaluationRound(models.Model):
    """A branch's democratic evaluation of its members in one year."""

    organization = models.ForeignKey(
        "orgs.PartyOrganization",
        on_delete=models.PROTECT,
        related_name="evaluation_rounds",
        verbose_name=_("organization"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    date = models.DateField(_("date"))
    status = models.CharField(_("status"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN)
    concluded_on = models.DateField(_("concluded on"), null=True, blank=True)
    # where the verdicts were given (支委会 / 党员大会, often with the 组织生活会): free text, so this
    # app does not depend on orglife's meetings
    meeting = models.CharField(_("meeting where the verdicts were given"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "organization"]
        verbose_name = _("evaluation round")
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="one_evaluation_round_a_year"),
            models.CheckConstraint(
                condition=Q(status=RoundStatus.OPEN, concluded_on__isnull=True)
                | Q(status=RoundStatus.CONCLUDED, concluded_on__isnull=False),
                name="evaluation_round_concluded_has_date",
            ),
        ]
        indexes = [
            # rounds_held: concluded rounds of a year, by organization
            models.Index(fields=["year", "status", "organization"], name="eval_round_year_status_idx"),
        ]

    def __str__(self) -> str:
        return _("%(organization)s democratic evaluation %(year)s") % {
            "organization": self.organization.name,
            "year": self.year,
        }

    @classmethod
    def scope_q(cls, paths: list[str]) -> Q:
        return _path_q("organization__path", paths)

    @property
    def concluded(self) -> bool:
        return self.status == RoundStatus.CONCLUDED


class Participant(models.Model):
    """One member on a round's roll: what they did and what the branch decided. `probationary`
    is the member's standing on the round's date (such a member is not graded)."""

    round = models.ForeignKey(EvaluationRound, on_delete=models.CASCADE, related_name="participants")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="evaluations")
    probationary = models.BooleanField(_("probationary member"), default=False)
    self_assessed = models.BooleanField(_("self-assessment received"), default=False)
    self_assessment = models.TextField(_("self-assessment"), blank=True)
    mutual_assessed = models.BooleanField(_("mutual assessment done"), default=False)
    # 民主测评: how many votes the member received for each grade
    votes_excellent = models.PositiveSmallIntegerField(_("votes for excellent"), default=0)
    votes_qualified = models.PositiveSmallIntegerField(_("votes for qualified"), default=0)
    votes_basically_qualified = models.PositiveSmallIntegerField(_("votes for basically qualified"), default=0)
    votes_unqualified = models.PositiveSmallIntegerField(_("votes for unqualified"), default=0)
    grade = models.CharField(_("verdict"), max_length=20, choices=Grade.choices, blank=True)
    follow_up = models.CharField(_("follow-up"), max_length=20, choices=FollowUp.choices, blank=True)
    follow_up_note = models.TextField(_("follow-up decision"), blank=True)
    follow_up_on = models.DateField(_("follow-up decided on"), null=True, blank=True)

    class Meta:
        ordering = ["round", "probationary", "member__name_pinyin", "pk"]
        verbose_name = _("evaluated member")
        constraints = [
            models.UniqueConstraint(fields=["round", "member"], name="one_participant_per_round"),
            # 预备党员参加评议，不评定等次
            models.CheckConstraint(condition=Q(probationary=False) | Q(grade=""), name="probationary_not_graded"),
            models.CheckConstraint(
                condition=Q(follow_up="") | Q(grade=Grade.UNQUALIFIED, follow_up_on__isnull=False),
                name="follow_up_only_when_unqualified",
            ),
        ]
        indexes = [
            # verdicts_of(member): a member's verdicts across the years
            models.Index(fields=["member", "round"], name="eval_participant_member_idx"),
            # the follow-up reminders: unqualified verdicts without an outcome
            models.Index(fields=["grade", "follow_up"], name="eval_participant_grade_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.round} {self.member}"

    @classmethod
    def scope_q(cls, paths: list[str]) -> Q:
        return _path_q("round__organization__path", paths)

    @property
    def votes(self) -> tuple[int, int, int, int]:
        return (self.votes_excellent, self.votes_qualified, self.votes_basically_qualified, self.votes_unqualified)
