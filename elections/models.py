"""An organization's election (换届选举), from its request to the superior to the new committee
in post, and the requests to delay or advance one (选举工作条例 第三条).

The superior that replies (`approving`) is fixed when the election is drafted: the nearest party
committee above the organization (`orgs.queries.approving_committee`). Each step is recorded
once, on the election, by `elections.services`; the audit log keeps who did what."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from orgs.models import _path_q


class Step(models.TextChoices):
    # in order; RETURNED requests go back to DRAFT with the superior's reason
    DRAFT = "draft", _("Request being drafted")  # 请示起草
    REQUESTED = "requested", _("Awaiting the superior's reply")  # 已请示，待批复
    NOMINATING = "nominating", _("Nominating candidates")  # 已批复，酝酿提名
    REVIEW = "review", _("Candidates under the superior's review")  # 预备人选报审
    FORMAL = "formal", _("Formal candidates set")  # 正式候选人已确定
    VOTING = "voting", _("Voting")  # 选举大会：至少一轮已计票，尚有名额
    OFFICERS = "officers", _("Committee elected; electing the secretary")  # 委员会选举书记、副书记
    REPORTED = "reported", _("Result awaiting the superior's approval")  # 结果报批
    DONE = "done", _("New committee in post")  # 已批复，新班子到任
    CANCELLED = "cancelled", _("Election cancelled")


OPEN_STEPS = frozenset(
    {Step.DRAFT, Step.REQUESTED, Step.NOMINATING, Step.REVIEW, Step.FORMAL, Step.VOTING, Step.OFFICERS, Step.REPORTED}
)
# Steps the superior acts on; the organization acts on the others.
SUPERIOR_STEPS = frozenset({Step.REQUESTED, Step.REVIEW, Step.REPORTED})


class Method(models.TextChoices):
    GENERAL_MEETING = "general_meeting", _("General meeting of members")  # 党员大会
    DELEGATE_CONGRESS = "delegate_congress", _("Congress of delegates")  # 党员代表大会


class Election(models.Model):
    organization = models.ForeignKey(
        "orgs.PartyOrganization", on_delete=models.PROTECT, related_name="elections", verbose_name=_("organization")
    )
    approving = models.ForeignKey(
        "orgs.PartyOrganization", on_delete=models.PROTECT, related_name="+", verbose_name=_("approved by")
    )
    step = models.CharField(_("step"), max_length=20, choices=Step.choices, default=Step.DRAFT)
    step_since = models.DateField(_("at this step since"))
    # the term this election renews, as it stood when drafted
    term_end = models.DateField(_("term ends"), null=True, blank=True)

    # the request (请示)
    method = models.CharField(_("election method"), max_length=20, choices=Method.choices)
    dispersed = models.BooleanField(_("members are dispersed"), default=False)  # 代表大会 under 500 members
    seats = models.PositiveSmallIntegerField(_("committee seats"))
    deputies = models.PositiveSmallIntegerField(_("deputy secretaries"), default=0)
    competitive = models.BooleanField(_("competitive election"), default=True)  # 差额选举
    planned_on = models.DateField(_("planned election date"))
    requested_on = models.DateField(_("request sent on"), null=True, blank=True)
    # the superior's reply (批复) or its reason for returning the request, candidates or result
    replied_on = models.DateField(_("reply dated"), null=True, blank=True)
    reply_note = models.TextField(_("superior's remarks"), blank=True, max_length=1000)
    reviewed_on = models.DateField(_("candidates reviewed on"), null=True, blank=True)

    # the meeting (选举大会): entitled is counted on the day, by members.rights
    held_on = models.DateField(_("election held on"), null=True, blank=True)
    entitled = models.PositiveIntegerField(_("entitled to vote"), null=True, blank=True)
    present = models.PositiveIntegerField(_("present with the right to vote"), null=True, blank=True)
    # the meeting's decision to hold no further round, leaving seats not filled (with its reason)
    seats_note = models.TextField(_("seats left empty by the meeting's decision"), blank=True, max_length=1000)
    # the committee's first meeting (等额选举 of the secretary and deputies) and the report
    officers_on = models.DateField(_("secretary elected on"), null=True, blank=True)
    reported_on = models.DateField(_("result reported on"), null=True, blank=True)
    approved_on = models.DateField(_("result approved on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("election")
        constraints = [
            # one election under way per organization
            models.UniqueConstraint(
                fields=["organization"],
                condition=Q(step__in=sorted(OPEN_STEPS)),
                name="election_one_open_per_org",
            ),
        ]
        # the committee's overview lists elections by step
        indexes = [models.Index(fields=["step", "step_since"], name="election_step_idx")]

    def __str__(self) -> str:
        return f"{self.organization} {self.planned_on:%Y}"

    @classmethod
    def scope_q(cls, paths: list[str]) -> Q:
        return _path_q("organization__path", paths)

    @property
    def is_open(self) -> bool:
        return self.step in OPEN_STEPS


class Standing(models.TextChoices):
    NOMINATED = "nominated", _("Nominated")  # 提名
    PRELIMINARY = "preliminary", _("On the preliminary list")  # 预备人选
    FORMAL = "formal", _("Formal candidate")  # 正式候选人
    NOT_APPROVED = "not_approved", _("Not approved by the review")
    WRITE_IN = "write_in", _("Written in by voters")  # 另选他人


class Nominee(models.Model):
    """A member proposed for the committee (上下结合 nominations), and how far they went."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="nominees")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+", verbose_name=_("member"))
    standing = models.CharField(_("standing"), max_length=20, choices=Standing.choices, default=Standing.NOMINATED)
    # how many members' nominations named them (optional: the organization may not count)
    nominations = models.PositiveIntegerField(_("nominations received"), null=True, blank=True)
    elected_in = models.PositiveSmallIntegerField(_("elected in round"), null=True, blank=True)
    # the post the committee elected them to (secretary, deputy secretary), else a committee member
    role = models.CharField(_("elected as"), max_length=20, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["election", "member"], name="nominee_once_per_election")]

    def __str__(self) -> str:
        return self.member.name


class Round(models.Model):
    """One round of voting at the meeting: the first for all seats, another for those left."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField(_("round"))
    held_on = models.DateField(_("held on"))
    seats = models.PositiveSmallIntegerField(_("seats to fill"))
    present = models.PositiveIntegerField(_("present with the right to vote"))
    issued = models.PositiveIntegerField(_("ballots issued"))
    returned = models.PositiveIntegerField(_("ballots returned"))
    invalid = models.PositiveIntegerField(_("invalid ballots"))
    # votes for names that are no member of the organization (counted, never elected)
    other_votes = models.PositiveIntegerField(_("votes for other names"), default=0)

    class Meta:
        ordering = ["election", "number"]
        constraints = [models.UniqueConstraint(fields=["election", "number"], name="round_number_once")]

    def __str__(self) -> str:
        return f"{self.election} #{self.number}"


class Vote(models.Model):
    """The votes in favour of one name in one round."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="votes")
    nominee = models.ForeignKey(Nominee, on_delete=models.CASCADE, related_name="votes")
    votes = models.PositiveIntegerField(_("votes in favour"))

    class Meta:
        ordering = ["-votes", "pk"]
        constraints = [models.UniqueConstraint(fields=["round", "nominee"], name="vote_once_per_round")]

    def __str__(self) -> str:
        return f"{self.nominee} {self.votes}"


class TermChangeKind(models.TextChoices):
    POSTPONE = "postpone", _("Delay the election")  # 延期换届
    ADVANCE = "advance", _("Hold the election early")  # 提前换届


class TermChangeStatus(models.TextChoices):
    REQUESTED = "requested", _("Awaiting the superior's reply")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Not approved")


class TermChange(models.Model):
    """A request to delay or advance an election (第三条: with the superior's approval, by at
    most a year); approved, it moves the term's end."""

    organization = models.ForeignKey(
        "orgs.PartyOrganization", on_delete=models.PROTECT, related_name="+", verbose_name=_("organization")
    )
    approving = models.ForeignKey(
        "orgs.PartyOrganization", on_delete=models.PROTECT, related_name="+", verbose_name=_("approved by")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=TermChangeKind.choices)
    term_end = models.DateField(_("term ends"))  # as it stood when requested
    new_end = models.DateField(_("new term end"))
    reason = models.TextField(_("reason"), max_length=1000)
    requested_on = models.DateField(_("requested on"))
    status = models.CharField(_("status"), max_length=20, choices=TermChangeStatus.choices, default="requested")
    decided_on = models.DateField(_("reply dated"), null=True, blank=True)
    reply_note = models.TextField(_("superior's remarks"), blank=True, max_length=1000)

    class Meta:
        ordering = ["-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization"], condition=Q(status="requested"), name="term_change_one_open_per_org"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.get_kind_display()}"

    @classmethod
    def scope_q(cls, paths: list[str]) -> Q:
        return _path_q("organization__path", paths)
