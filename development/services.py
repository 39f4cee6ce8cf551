"""Recording member development. Each step is checked against the rules in force on its date:
order, intervals, deadlines and counts. A step the rules forbid is refused with the article;
a step late against a deadline is recorded with a warning — the software records decisions, it
does not make them. The person enters the member registry when the superior approves the vote."""

import datetime as dt
from collections.abc import Iterable
from typing import NamedTuple

from django.db import IntegrityError, models, transaction
from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from accounts.models import User
from accounts.roles import VIEW_REGISTRY
from accounts.scope import may
from audit.services import known_user, record
from core import clock
from core.errors import DomainError
from core.i18n import format_lazy, stored
from core.periods import add_months, add_years
from core.rules import PROBATION_YEARS, Text, of_age_to_join
from development import workdays
from development.models import (
    OPEN_STAGES,
    VOTE_KINDS,
    Candidate,
    DevelopmentQuota,
    Stage,
    Step,
    StepKind,
    probation_end,
)
from development.rules import ORGANS_2019, DevelopmentRules, Notice, rules_on
from members import rights
from members.models import EventKind, Member, Membership, Status
from members.services import (
    CANNOT_REGISTER,
    committee_of,
    do_create_member,
    do_record_member_event,
    refuse_registration,
    sees_member,
)
from orgs.models import MEMBER_HOLDING_KINDS, OrgKind, PartyOrganization
from orgs.queries import approving_committee, leadership_group_of, superiors_on

# Steps that belong to the superior (the branch cannot decide them itself).
SUPERIOR_STEPS = frozenset(
    {
        # the department's party group decides; the committee that approves records it
        StepKind.PARTY_GROUP_REVIEW,
        StepKind.CONVERSION_PARTY_GROUP_REVIEW,
        StepKind.PRE_EXAMINATION,
        StepKind.SUPERIOR_TALK,
        StepKind.APPROVAL,
        StepKind.CONVERSION_APPROVAL,
        StepKind.EXTENSION,
        StepKind.CANCELLATION,
    }
)
# In which stage each step may be recorded.
ALLOWED: dict[str, set[Stage]] = {
    StepKind.TALK: {Stage.APPLICANT},
    StepKind.ACTIVIST: {Stage.APPLICANT},
    StepKind.ACTIVIST_FILING: {Stage.ACTIVIST},
    StepKind.CONTACTS: {Stage.ACTIVIST, Stage.DEVELOPMENT_OBJECT},
    StepKind.ASSESSMENT: {Stage.ACTIVIST, Stage.DEVELOPMENT_OBJECT},
    StepKind.OBJECT_NOTICE: {Stage.ACTIVIST},
    StepKind.DEVELOPMENT_OBJECT: {Stage.ACTIVIST},
    StepKind.OBJECT_FILING: {Stage.DEVELOPMENT_OBJECT},
    StepKind.SPONSORS: {Stage.DEVELOPMENT_OBJECT},
    StepKind.POLITICAL_REVIEW: {Stage.DEVELOPMENT_OBJECT},
    StepKind.TRAINING: {Stage.DEVELOPMENT_OBJECT},
    StepKind.BRANCH_COMMITTEE_REVIEW: {Stage.DEVELOPMENT_OBJECT},
    StepKind.PRE_EXAMINATION: {Stage.DEVELOPMENT_OBJECT},
    StepKind.NOTICE: {Stage.DEVELOPMENT_OBJECT},
    StepKind.VOTE: {Stage.DEVELOPMENT_OBJECT},
    StepKind.PARTY_GROUP_REVIEW: {Stage.DEVELOPMENT_OBJECT},
    StepKind.SUPERIOR_TALK: {Stage.DEVELOPMENT_OBJECT},
    StepKind.APPROVAL: {Stage.DEVELOPMENT_OBJECT},
    StepKind.OATH: {Stage.PROBATIONARY},
    StepKind.PROBATION_ASSESSMENT: {Stage.PROBATIONARY},
    StepKind.CONVERSION_APPLICATION: {Stage.PROBATIONARY},
    StepKind.CONVERSION_NOTICE: {Stage.PROBATIONARY},
    StepKind.CONVERSION_VOTE: {Stage.PROBATIONARY},
    StepKind.CONVERSION_PARTY_GROUP_REVIEW: {Stage.PROBATIONARY},
    StepKind.CONVERSION_APPROVAL: {Stage.PROBATIONARY},
    StepKind.EXTENSION_VOTE: {Stage.PROBATIONARY},
    StepKind.EXTENSION: {Stage.PROBATIONARY},
    StepKind.CANCELLATION_VOTE: {Stage.PROBATIONARY},
    StepKind.CANCELLATION: {Stage.PROBATIONARY},
    StepKind.STOPPED: {Stage.APPLICANT, Stage.ACTIVIST, Stage.DEVELOPMENT_OBJECT},
}
# A record moves by itself (培养关系转移) only before admission; afterwards with the membership.
MOVABLE_STAGES = frozenset({Stage.APPLICANT, Stage.ACTIVIST, Stage.DEVELOPMENT_OBJECT})
# Recorded by the system when the person's record moves, never from the step form.
SYSTEM_STEPS = frozenset({StepKind.APPLICATION, StepKind.TRANSFERRED})


# The names of steps and roles in refusals and warnings (lazy: read in the reader's language). Their
# own catalogue entries ("required step"): the wording in a refusal may differ from the step's label.
APPLICATION_TO_JOIN = pgettext_lazy("required step", "Application to join")
TALK = pgettext_lazy("required step", "Talk")
MADE_ACTIVIST = pgettext_lazy("required step", "Made an activist")
SPONSORS = pgettext_lazy("required step", "Sponsors")
MADE_DEVELOPMENT_OBJECT = pgettext_lazy("required step", "Made a development object")
OBJECT_NOTICE = pgettext_lazy("required step", "Public notice before listing as a development object")
POLITICAL_REVIEW = pgettext_lazy("required step", "Political review")
TRAINING = pgettext_lazy("required step", "Concentrated training")
BRANCH_COMMITTEE_REVIEW = pgettext_lazy("required step", "Review by the branch committee")
PRE_EXAMINATION = pgettext_lazy("required step", "Pre-examination by the superior")
NOTICE = pgettext_lazy("required step", "Public notice")
VOTE = pgettext_lazy("required step", "Branch general meeting vote")
SUPERIOR_TALK = pgettext_lazy("required step", "Talk by the superior")
PARTY_GROUP_REVIEW = pgettext_lazy("required step", "Discussion or review by the department's party group")
APPROVAL = pgettext_lazy("required step", "Approval by the superior")
CONVERSION_APPLICATION = pgettext_lazy("required step", "Application for full membership")
CONVERSION_NOTICE = pgettext_lazy("required step", "Public notice before full membership")
CONVERSION_VOTE = pgettext_lazy("required step", "Vote on full membership")
CONVERSION_PARTY_GROUP_REVIEW = pgettext_lazy(
    "required step", "Discussion or review of full membership by the department's party group"
)
EXTENSION_VOTE = pgettext_lazy("required step", "Branch general meeting decides to extend the probation")
CANCELLATION_VOTE = pgettext_lazy(
    "required step", "Branch general meeting decides to cancel the probationary membership"
)


def needs_party_group_review(branch: PartyOrganization, day: dt.date | None = None) -> bool:
    """机关条例 第三十七条 (in force from 2019-12-20): in organs, admissions and conversions
    approved by an organ party committee are first discussed by the department's party group
    (党组); those of a branch or general branch with no organ party committee above it are
    reviewed by the party group and approved by the working committee. A (non-organ) party
    committee approves on its own. With `day`, the superiors of that day (superior facts);
    without, today's tree."""
    if day is None:
        chain = list(PartyOrganization.objects.get_ancestors(branch).order_by("-depth"))
    else:
        chain = superiors_on(branch, day)
    for ancestor in chain:
        if ancestor.kind == OrgKind.PARTY_COMMITTEE:
            return False
        if ancestor.kind in {OrgKind.ORGAN_PARTY_COMMITTEE, OrgKind.WORKING_COMMITTEE}:
            return True
    return False


def party_group_reviews(branches: list[PartyOrganization]) -> dict[int, bool]:
    """`needs_party_group_review` on today's tree for many branches in one query: their
    ancestors are the prefixes of their paths (for boards and lists across a district)."""
    steplen = PartyOrganization.steplen
    prefixes = {b.path[:i] for b in branches for i in range(steplen, len(b.path), steplen)}
    kinds = dict(PartyOrganization.objects.filter(path__in=prefixes).values_list("path", "kind"))
    out = {}
    for b in branches:
        answer = False
        for i in range(len(b.path) - steplen, 0, -steplen):  # nearest ancestor first
            kind = kinds.get(b.path[:i])
            if kind == OrgKind.PARTY_COMMITTEE:
                break
            if kind in {OrgKind.ORGAN_PARTY_COMMITTEE, OrgKind.WORKING_COMMITTEE}:
                answer = True
                break
        out[b.pk] = answer
    return out


def approving_organization(branch: PartyOrganization) -> PartyOrganization | None:
    """Who approves admissions for a branch (orgs.queries.approving_committee)."""
    return approving_committee(branch)


# -- application ------------------------------------------------------------------------------


def do_apply(
    candidate: Candidate, *, id_number: str, phone: str, decided_by: str = "", acting_user: User | None
) -> Candidate:
    """Register an application to join (入党申请) with the branch that received it."""
    organization = candidate.organization
    if organization.kind not in MEMBER_HOLDING_KINDS or organization.dissolved:
        raise DomainError(_("An application to join is received by a party branch."), field="organization")
    today = clock.today()
    if candidate.applied_on > today:
        raise DomainError(_("The date of application cannot be later than today."), field="applied_on")
    # cleared so that both follow the number (set_id_number fills them or raises)
    candidate.gender = candidate.birth_date = None  # type: ignore[assignment]
    candidate.set_id_number(id_number)
    candidate.set_phone(phone)
    candidate.name = candidate.name.strip()
    r = rules_on(candidate.applied_on)
    if not of_age_to_join(candidate.birth_date, candidate.applied_on):
        raise DomainError(
            _("An applicant must be 18 years old (%(citation)s).") % {"citation": r.cite("age")}, field="applied_on"
        )
    # Whoever the number belongs to outside the officer's scope, the answer is the same
    # (members.services.CANNOT_REGISTER) and the committee hears of it.
    known = Member.objects.filter(id_number_hash=candidate.id_number_hash).first()
    if known is not None and not sees_member(acting_user, known):
        raise refuse_registration(
            known,
            attempted="development.applied",
            details={"to": organization.pk, "name": candidate.name},
            acting_user=acting_user,
        )
    if known is not None and known.status == Status.ACTIVE:
        raise DomainError(_("This ID number is a member on the roll already."), field="id_number")
    try:
        with transaction.atomic():
            candidate.stage = Stage.APPLICANT
            candidate.save()
            Step.objects.create(
                candidate=candidate,
                kind=StepKind.APPLICATION,
                date=candidate.applied_on,
                organization=organization,
                decided_by=decided_by,
                rules=stored(r.document),
                recorded_by=known_user(acting_user),
            )
            record(
                "development.applied",
                actor=acting_user,
                target=candidate,
                organization=organization,
                new={"applied_on": candidate.applied_on.isoformat()},
            )
    except IntegrityError:
        open_record = Candidate.objects.filter(id_number_hash=candidate.id_number_hash, stage__in=OPEN_STAGES).first()
        if (
            open_record is not None
            and known_user(acting_user) is not None
            and not may(acting_user, VIEW_REGISTRY, open_record)
        ):
            # an application elsewhere is not the officer's to know; the committee hears of it
            record(
                "development.application.refused",
                actor=acting_user,
                target=open_record,
                organization=committee_of(open_record.organization),
                new={"to": organization.pk, "name": candidate.name},
            )
            raise DomainError(_(CANNOT_REGISTER), field="id_number") from None
        raise DomainError(_("This person has an open development record already."), field="id_number") from None
    return candidate


# -- steps ------------------------------------------------------------------------------------


class _Check:
    """The checks of one step against the record before it, with the rules of its date.
    `prior` are the steps already recorded before this one (all of them when recording; the
    earlier ones when `check_rules` replays a record)."""

    def __init__(
        self,
        candidate: Candidate,
        step: Step,
        members: list[Member],
        prior: list[Step] | None = None,
        every: list[Step] | None = None,
    ):
        self.c, self.step, self.members = candidate, step, members
        self.r: DevelopmentRules = rules_on(step.date)
        # What stood on the step's date: recording a step and replaying it see the same record.
        self.all_steps = list(candidate.steps.order_by("date", "pk")) if every is None else every
        self.steps = [s for s in self.all_steps if s.date <= step.date] if prior is None else prior
        self.warnings: list[Text] = []  # lazy strings: kept on the step in the site's language
        self.branch = branch_on(candidate, step.date, self.steps)

    def last(self, kind: str) -> Step | None:
        found = [s for s in self.steps if s.kind == kind]
        return found[-1] if found else None

    def require(self, kind: str, label: Text) -> Step:
        found = self.last(kind)
        if found is None:
            later = next((s for s in self.all_steps if s.kind == kind), None)
            if later is not None:  # recorded, but after this step's date
                raise DomainError(self._not_before(label, later.date), field="date")
            raise DomainError(_("Please record “%(step)s” first.") % {"step": label}, field="kind")
        if self.step.date < found.date:
            raise DomainError(self._not_before(label, found.date), field="date")
        return found

    @staticmethod
    def _not_before(label: Text, day: dt.date) -> str:
        return _("The date cannot be earlier than that of “%(step)s” (%(date)s).") % {"step": label, "date": day}

    def require_notice(self, position: str, kind: str, label: Text, after: Step | None = None) -> Step | None:
        """The notice at `position` when the rule set or the locality requires one; this step
        comes after the notice's last day."""
        notice = self.last(kind)
        if notice is not None and after is not None and notice.date < after.date:
            notice = None  # a notice before the step it must follow does not count
        if notice is None:
            if not self.r.notice_required(position):
                return None
            raise DomainError(
                _("Please record “%(step)s” first (%(citation)s).")
                % {"step": label, "citation": self.r.notice_citation(position)},
                field="kind",
            )
        assert notice.end_date is not None  # a notice's period is set when it is recorded
        if self.step.date <= notice.end_date:
            raise DomainError(
                _("The public notice runs until %(end)s; this comes after it has ended.") % {"end": notice.end_date},
                field="date",
            )
        return notice

    # one method per kind; each may set fields of the step and add warnings

    def talk(self):
        application = self.require(StepKind.APPLICATION, APPLICATION_TO_JOIN)
        if self.step.date > add_months(application.date, self.r.talk_within_months):
            self.warnings.append(
                format_lazy(
                    gettext_lazy("The talk was later than one month after the application (%(citation)s)."),
                    citation=self.r.cite("talk"),
                )
            )

    def activist(self):
        self.require(StepKind.TALK, TALK)

    def activist_filing(self):
        self.require(StepKind.ACTIVIST, MADE_ACTIVIST)

    def contacts(self):
        low, high = self.r.contacts
        if not low <= len(self.members) <= high:
            raise DomainError(
                _("An activist has %(low)s to %(high)s full members as contact persons (%(citation)s).")
                % {"low": low, "high": high, "citation": self.r.cite("contacts")},
                field="members",
            )
        self._full_members(self.members, pgettext_lazy("role", "a contact person"), "contacts")

    def assessment(self):
        self.require(StepKind.ACTIVIST, MADE_ACTIVIST)

    def _ready(self) -> dt.date:
        activist = self.require(StepKind.ACTIVIST, MADE_ACTIVIST)
        return add_years(activist.date, self.r.activist_min_years)

    def object_notice(self):
        ready = self._ready()
        if self.step.date < ready:
            raise DomainError(
                _(
                    "An activist is listed as a development object after at least a year of training and "
                    "assessment; %(name)s may be listed on %(ready)s at the earliest (%(citation)s), and the "
                    "notice comes after that."
                )
                % {"name": self.c.name, "ready": ready, "citation": self.r.cite("development_object")},
                field="date",
            )
        self._notice_period()

    def development_object(self):
        ready = self._ready()
        if self.step.date < ready:
            raise DomainError(
                _(
                    "An activist is made a development object after at least a year of training and "
                    "assessment; %(name)s may be made one on %(ready)s at the earliest (%(citation)s)."
                )
                % {"name": self.c.name, "ready": ready, "citation": self.r.cite("development_object")},
                field="date",
            )
        self.require_notice(Notice.BEFORE_DEVELOPMENT_OBJECT, StepKind.OBJECT_NOTICE, OBJECT_NOTICE)
        if not self.last(StepKind.ACTIVIST_FILING):
            self.warnings.append(
                format_lazy(
                    gettext_lazy(
                        "The activist has not been recorded as filed with the superior committee (%(citation)s)."
                    ),
                    citation=self.r.cite("activist"),
                )
            )
        if not self.last(StepKind.ASSESSMENT):
            self.warnings.append(gettext_lazy("No assessment of the activist is recorded (one every half year)."))

    def object_filing(self):
        self.require(StepKind.DEVELOPMENT_OBJECT, MADE_DEVELOPMENT_OBJECT)

    def sponsors(self):
        self.require(StepKind.DEVELOPMENT_OBJECT, MADE_DEVELOPMENT_OBJECT)
        if len(self.members) != self.r.sponsors:
            raise DomainError(
                _("There are %(n)s sponsors, full members (%(citation)s).")
                % {"n": self.r.sponsors, "citation": self.r.cite("sponsors")},
                field="members",
            )
        self._full_members(self.members, pgettext_lazy("role", "a sponsor"), "sponsors")

    def _full_members(self, members: list[Member], label: Text, rule: str):
        day = self.step.date
        for m in members:
            on_roll = Membership.objects.as_of(day).filter(member=m).exists()
            if not on_roll or not m.full_member_date or m.full_member_date > day:
                raise DomainError(
                    _("%(name)s was not a full member on %(day)s and cannot serve as %(role)s (%(citation)s).")
                    % {"name": m.name, "day": day, "role": label, "citation": self.r.cite(rule)},
                    field="members",
                )
            if not rights.has_voting_rights(m, day):
                # the reason (留党察看, detention) is a disciplinary fact: not named here
                raise DomainError(
                    _("%(name)s did not meet the conditions to serve as %(role)s on %(day)s (%(citation)s).")
                    % {"name": m.name, "day": day, "role": label, "citation": self.r.cite(rule)},
                    field="members",
                )

    def political_review(self):
        self.require(StepKind.DEVELOPMENT_OBJECT, MADE_DEVELOPMENT_OBJECT)
        if not self.step.note.strip():
            raise DomainError(
                _("Please enter the conclusion of the political review (%(citation)s).")
                % {"citation": self.r.cite("political_review")},
                field="note",
            )

    def training(self):
        self.require(StepKind.DEVELOPMENT_OBJECT, MADE_DEVELOPMENT_OBJECT)
        end = self.step.end_date or self.step.date
        if end < self.step.date:
            raise DomainError(_("The training cannot end before it starts."), field="end_date")
        days = (end - self.step.date).days + 1
        hours = self.step.number or 0
        if days < self.r.training_min_days and hours < self.r.training_min_hours:
            raise DomainError(
                _(
                    "Concentrated training is as a rule at least %(days)s days or %(hours)s class hours "
                    "(%(citation)s); this one was %(done_days)s days, %(done_hours)s class hours."
                )
                % {
                    "days": self.r.training_min_days,
                    "hours": self.r.training_min_hours,
                    "citation": self.r.cite("training"),
                    "done_days": days,
                    "done_hours": hours,
                },
                field="number",
            )

    def branch_committee_review(self):
        for kind, label in (
            (StepKind.SPONSORS, SPONSORS),
            (StepKind.POLITICAL_REVIEW, POLITICAL_REVIEW),
            (StepKind.TRAINING, TRAINING),
        ):
            self.require(kind, label)

    def pre_examination(self):
        self.require(StepKind.BRANCH_COMMITTEE_REVIEW, BRANCH_COMMITTEE_REVIEW)
        if not self.last(StepKind.OBJECT_FILING):
            self.warnings.append(
                format_lazy(
                    gettext_lazy(
                        "The development object has not been recorded as filed with the superior committee "
                        "(%(citation)s)."
                    ),
                    citation=self.r.cite("object_filing"),
                )
            )
        self.step.reference = self.step.reference.strip()
        if not self.step.reference:
            raise DomainError(
                _(
                    "Who passes the pre-examination is given the application form: please enter its number "
                    "(%(citation)s)."
                )
                % {"citation": self.r.cite("pre_examination")},
                field="reference",
            )

    def _notice_period(self):
        minimum = self.r.notice_working_days
        days = self.step.number or minimum
        if days < minimum:
            raise DomainError(_("A public notice lasts at least %(n)s working days.") % {"n": minimum}, field="number")
        self.step.number = days
        self.step.end_date, warning = workdays.notice_end(self.step.date, days)
        if warning:
            self.warnings.append(warning)

    def notice(self):
        self.require(StepKind.PRE_EXAMINATION, PRE_EXAMINATION)
        self._notice_period()

    def _tally(self):
        """The vote of a branch general meeting (细则 第二十、二十一条): the entitled are the full
        members of the branch holding the record that day, less those without the vote
        (`members.rights`); quorum: present > half of them; passed: yes votes, with absent
        members' written opinions, > half of them."""
        s = self.step
        s.organization = self.branch
        s.voting = voting = rights.entitled_voters(self.branch, s.date).count()
        present, yes_votes, no, abstain = s.present, s.yes, s.no, s.abstain
        if present is None or yes_votes is None or no is None or abstain is None:
            raise DomainError(
                _("Please enter the number present with the vote and the votes for, against and abstaining."),
                field="present",
            )
        written = s.written_yes + s.written_no + s.written_abstain
        if present + written > voting:
            raise DomainError(
                _(
                    "Members present with the vote and members who handed in written opinions cannot be more "
                    "than the full members with the vote who should attend (%(branch)s had %(n)s on %(day)s; "
                    "probationary members, members on probation within the party and members excused with "
                    "approval are not among them)."
                )
                % {"day": s.date, "branch": self.branch.name, "n": s.voting},
                field="present",
            )
        if yes_votes + no + abstain > present:
            raise DomainError(
                _("Votes for, against and abstaining cannot be more than those present with the vote (one each)."),
                field="yes",
            )
        quorum = present * 2 > voting
        yes = yes_votes + s.written_yes
        s.passed = quorum and yes * 2 > voting
        if not quorum:
            self.warnings.append(
                format_lazy(
                    gettext_lazy(
                        "%(present)s members with the vote were present, not more than half of the %(voting)s "
                        "who should attend: the meeting could not vote (%(citation)s); recorded as not passed."
                    ),
                    present=s.present,
                    voting=s.voting,
                    citation=self.r.cite("quorum"),
                )
            )
        elif not s.passed:
            self.warnings.append(
                format_lazy(
                    gettext_lazy(
                        "%(yes)s votes for (%(written)s written opinions included), not more than half of the "
                        "%(voting)s full members with the vote who should attend (%(citation)s); recorded as "
                        "not passed."
                    ),
                    yes=yes,
                    written=s.written_yes,
                    voting=s.voting,
                    citation=self.r.cite("vote"),
                )
            )

    def vote(self):
        pre = self.require(StepKind.PRE_EXAMINATION, PRE_EXAMINATION)
        self.require_notice(Notice.BEFORE_VOTE, StepKind.NOTICE, NOTICE, after=pre)
        self._tally()

    def _passed_vote(self, kind: str, label: Text) -> Step:
        vote = self.require(kind, label)
        if not vote.passed:
            raise DomainError(_("The last “%(step)s” did not pass.") % {"step": label}, field="kind")
        return vote

    def _leadership_group(self):
        """The department's party group that discussed or reviewed it, from the registry."""
        group = leadership_group_of(self.branch.unit_id, self.step.date)
        if group is None:
            self.warnings.append(
                format_lazy(
                    gettext_lazy(
                        "On %(day)s the unit had no party group (party committee, leadership) recorded; please "
                        "record it on the unit's page and check."
                    ),
                    day=self.step.date,
                )
            )
        elif not self.step.decided_by.strip():
            self.step.decided_by = group.name

    def party_group_review(self):
        self._passed_vote(StepKind.VOTE, VOTE)
        self._leadership_group()

    def superior_talk(self):
        self._passed_vote(StepKind.VOTE, VOTE)

    def _within_approval_limits(self, vote: Step, *, within: int, limit: int | None, rule: str):
        if limit is not None and self.step.date > add_months(vote.date, limit):
            raise DomainError(
                _(
                    "The superior committee approves within three months of the branch general meeting, six "
                    "in special cases (%(citation)s); the meeting was held on %(day)s, more than six months "
                    "ago: please go through the procedure again."
                )
                % {"citation": self.r.cite(rule), "day": vote.date},
                field="date",
            )
        if self.step.date > add_months(vote.date, within):
            self.warnings.append(
                format_lazy(
                    gettext_lazy(
                        "The approval was later than three months after the branch general meeting (%(citation)s)."
                    ),
                    citation=self.r.cite(rule),
                )
            )

    def _party_group(self, kind: str, label: Text, vote: Step):
        if vote.date >= ORGANS_2019 and needs_party_group_review(self.branch, vote.date):
            review = self.last(kind)
            if review is None:
                raise DomainError(
                    _("Please record “%(step)s” first (%(citation)s).")
                    % {"step": label, "citation": self.r.cite("organs")},
                    field="kind",
                )
            if review.date < vote.date:
                raise DomainError(
                    _("“%(step)s” comes after the branch general meeting (%(citation)s).")
                    % {"step": label, "citation": self.r.cite("organs")},
                    field="kind",
                )

    def approval(self):
        vote = self._passed_vote(StepKind.VOTE, VOTE)
        self.require(StepKind.SUPERIOR_TALK, SUPERIOR_TALK)
        self._party_group(StepKind.PARTY_GROUP_REVIEW, PARTY_GROUP_REVIEW, vote)
        self._within_approval_limits(
            vote, within=self.r.approval_within_months, limit=self.r.approval_max_months, rule="approval"
        )
        self.vote_day, self.vote_branch = vote.date, vote.organization or self.branch

    def oath(self):
        approval = self.require(StepKind.APPROVAL, APPROVAL)
        months = self.r.oath_within_months
        if months and self.step.date > add_months(approval.date, months):
            self.warnings.append(
                format_lazy(
                    gettext_lazy("The oath is as a rule taken within one month of the approval (%(citation)s)."),
                    citation=self.r.cite("oath"),
                )
            )

    def probation_assessment(self):
        self.require(StepKind.APPROVAL, APPROVAL)

    def conversion_application(self):
        end = probation_end_of(self.c, self.steps)
        if self.step.date < add_months(end, -1):
            self.warnings.append(
                format_lazy(
                    gettext_lazy(
                        "The probation ends on %(end)s; the application for full membership is as a rule made "
                        "within the month before."
                    ),
                    end=end,
                )
            )

    def conversion_notice(self):
        self.require(StepKind.CONVERSION_APPLICATION, CONVERSION_APPLICATION)
        self._notice_period()

    def _after_probation(self, what: str):
        """党章 第七条: the branch discusses conversion, extension or cancellation when probation
        is over, not before."""
        end = probation_end_of(self.c, self.steps)
        if self.step.date < end:
            raise DomainError(
                _(
                    "The probation of %(name)s ends on %(end)s; the branch general meeting discusses %(what)s "
                    "after it has ended (%(citation)s)."
                )
                % {"name": self.c.name, "end": end, "what": what, "citation": self.r.cite("vote_timing")},
                field="date",
            )

    def conversion_vote(self):
        application = self.require(StepKind.CONVERSION_APPLICATION, CONVERSION_APPLICATION)
        extension = self.last(StepKind.EXTENSION)
        if extension and application.date < extension.date:
            raise DomainError(
                _(
                    "The probation was extended on %(day)s; please apply again for full membership before the "
                    "extended probation ends (%(citation)s)."
                )
                % {"day": extension.date, "citation": self.r.cite("conversion")},
                field="kind",
            )
        self._after_probation(_("whether they become a full member"))
        self.require_notice(Notice.BEFORE_CONVERSION, StepKind.CONVERSION_NOTICE, CONVERSION_NOTICE, after=application)
        self._tally()

    def conversion_party_group_review(self):
        self._passed_vote(StepKind.CONVERSION_VOTE, CONVERSION_VOTE)
        self._leadership_group()

    def conversion_approval(self):
        vote = self._passed_vote(StepKind.CONVERSION_VOTE, CONVERSION_VOTE)
        self._party_group(StepKind.CONVERSION_PARTY_GROUP_REVIEW, CONVERSION_PARTY_GROUP_REVIEW, vote)
        self._within_approval_limits(
            vote, within=self.r.conversion_approval_within_months, limit=None, rule="conversion"
        )

    def _extended(self) -> bool:
        """Probation is extended once: any extension on record, before or after this date."""
        return any(s.kind == StepKind.EXTENSION and s.pk != self.step.pk for s in self.all_steps)

    def extension_vote(self):
        self.require(StepKind.APPROVAL, APPROVAL)
        if self._extended():
            raise DomainError(self._extended_once(), field="kind")
        self._after_probation(_("whether to extend the probation"))
        low, high = self.r.extension_months
        if not self.step.number or not low <= self.step.number <= high:
            raise DomainError(
                _("The probation is extended by no less than %(low)s and no more than %(high)s months (%(citation)s).")
                % {"low": low, "high": high, "citation": self.r.cite("extension")},
                field="number",
            )
        self._tally()

    def _extended_once(self) -> str:
        return _("The probation is extended once only (%(citation)s).") % {"citation": self.r.cite("extension")}

    def extension(self):
        vote = self._passed_vote(StepKind.EXTENSION_VOTE, EXTENSION_VOTE)
        if self._extended():
            raise DomainError(self._extended_once(), field="kind")
        self.step.number = vote.number  # the months the branch decided
        self._within_approval_limits(
            vote, within=self.r.conversion_approval_within_months, limit=None, rule="extension"
        )

    def cancellation_vote(self):
        self.require(StepKind.APPROVAL, APPROVAL)
        self._after_probation(_("whether to cancel their probationary membership"))
        if not self.step.note.strip():
            raise DomainError(_("Please state why the probationary membership is cancelled."), field="note")
        self._tally()

    def cancellation(self):
        vote = self._passed_vote(StepKind.CANCELLATION_VOTE, CANCELLATION_VOTE)
        self._within_approval_limits(
            vote, within=self.r.conversion_approval_within_months, limit=None, rule="extension"
        )
        if not self.step.note.strip():
            self.step.note = vote.note

    def stopped(self):
        if not self.step.note.strip():
            raise DomainError(_("Please state why the development is stopped."), field="note")


def branch_on(candidate: Candidate, day: dt.date, steps: list[Step] | None = None) -> PartyOrganization:
    """The branch holding the record on `day`: a member's by their membership facts; before
    admission, the receiving branch of the last transfer of the record on or before `day`."""
    if candidate.member_id:
        fact = (
            Membership.objects.as_of(day).filter(member_id=candidate.member_id).select_related("organization").first()
        )
        if fact:
            return fact.organization
    steps = list(candidate.steps.order_by("date", "pk")) if steps is None else steps
    held = None
    for s in steps:
        if s.date > day:
            break
        if s.organization_id and s.kind in (StepKind.APPLICATION, StepKind.TRANSFERRED):
            held = s.organization
    return held or candidate.organization


def probation_end_of(candidate: Candidate, steps: list[Step] | None = None) -> dt.date:
    steps = list(candidate.steps.all()) if steps is None else steps
    kinds = {s.kind: s for s in steps}
    if StepKind.APPROVAL not in kinds or candidate.member is None:
        raise DomainError(_("Not yet approved as a probationary member."), field="kind")
    return probation_end(candidate.member.join_date, _extension_months(kinds.get(StepKind.EXTENSION)))


def _extension_months(extension: Step | None) -> int:
    """The months a probation is extended by: those its vote decided (0 without an extension)."""
    if extension is None:
        return 0
    assert extension.number is not None  # set from the extension vote, which requires it
    return extension.number


def _probationary_member(candidate: Candidate) -> Member:
    """The member registered by the approval that made the record probationary."""
    assert candidate.member is not None  # the stage and the member are set together (_advance)
    return candidate.member


def do_record_step(step: Step, *, members: Iterable[Member] = (), acting_user: User | None) -> Step:
    """Check and record one step (`step` unsaved, with its candidate, kind and date)."""
    members = list(members)
    if step.kind in SYSTEM_STEPS:
        raise DomainError(
            _("Applications and transfers of a record are recorded by the system when they are handled."), field="kind"
        )
    if step.date > clock.today():
        raise DomainError(_("The date cannot be later than today."), field="date")
    with transaction.atomic():
        candidate = (
            Candidate.objects.select_for_update(of=("self",))
            .select_related("organization", "member")
            .get(pk=step.candidate_id)
        )
        step.candidate = candidate
        if candidate.stage not in ALLOWED[step.kind]:
            raise DomainError(
                _("%(name)s is now “%(stage)s” and cannot have “%(step)s” recorded.")
                % {"name": candidate.name, "stage": Stage(candidate.stage).label, "step": StepKind(step.kind).label},
                field="kind",
            )
        if step.date < candidate.applied_on:
            raise DomainError(_("The date cannot be earlier than the date of application."), field="date")
        check = _Check(candidate, step, members)
        getattr(check, step.kind)()
        step.organization = check.branch
        step.rules = stored(check.r.document)
        step.warning = "；".join(stored(w) for w in check.warnings)[:300]  # a record: in the site's language
        step.recorded_by = known_user(acting_user)
        step.save()
        if members:
            step.members.set(members)
        _advance(candidate, step, check, acting_user)
        record(
            f"development.step.{step.kind}",
            actor=acting_user,
            target=candidate,
            organization=check.branch,
            new={
                "date": step.date.isoformat(),
                "decided_by": step.decided_by,
                "passed": step.passed,
                "warning": step.warning,
                "members": [m.pk for m in members],
            },
        )
    return step


def _outcome(passed: bool | None) -> str:
    return _("passed") if passed else _("not passed")


def breaches(candidate: Candidate) -> list[tuple[Step, str]]:
    """Replay a record's steps in order against the rules in force on each step's date; every
    step those rules would refuse, with the refusal. Writes nothing (used by `check_rules`)."""
    steps = list(candidate.steps.order_by("date", "pk").prefetch_related("members").select_related("organization"))
    found = []
    for i, s in enumerate(steps):
        if s.kind in SYSTEM_STEPS:
            continue
        copy = Step(**{f.attname: getattr(s, f.attname) for f in Step._meta.concrete_fields})
        try:
            getattr(_Check(candidate, copy, list(s.members.all()), prior=steps[:i], every=steps), s.kind)()
        except DomainError as error:
            found.append((s, error.message))
            continue
        if s.kind in VOTE_KINDS and (copy.voting, copy.passed) != (s.voting, s.passed):
            found.append(
                (
                    s,
                    _(
                        "By the facts recorded for %(day)s, %(voting)s full members with the vote should attend "
                        "and the vote %(outcome)s, unlike the record (%(recorded_voting)s, %(recorded_outcome)s)."
                    )
                    % {
                        "day": s.date,
                        "voting": copy.voting,
                        "outcome": _outcome(copy.passed),
                        "recorded_voting": s.voting,
                        "recorded_outcome": _outcome(s.passed),
                    },
                )
            )
    return found


def _advance(candidate: Candidate, step: Step, check: _Check, acting_user: User | None) -> None:
    """Move the record to its next stage, and the registry with it."""
    kind = step.kind
    if kind == StepKind.ACTIVIST:
        candidate.stage = Stage.ACTIVIST
    elif kind == StepKind.DEVELOPMENT_OBJECT:
        candidate.stage = Stage.DEVELOPMENT_OBJECT
    elif kind == StepKind.STOPPED:
        candidate.stage = Stage.STOPPED
    elif kind == StepKind.APPROVAL:
        # 党籍 from the day of the admitting branch meeting (细则 第二十七条 / 党员教育管理工作条例)
        member = Member(
            name=candidate.name,
            ethnicity=candidate.ethnicity,
            education=candidate.education,
            degree=candidate.degree,
            work_post=candidate.work_post,
            occupation=candidate.occupation,
            join_date=check.vote_day,
        )
        candidate.member = do_create_member(
            member,
            id_number=candidate.id_number,
            phone=candidate.phone,
            organization=check.vote_branch,
            since=check.vote_day,
            acting_user=acting_user,
        )
        candidate.stage = Stage.PROBATIONARY
    elif kind == StepKind.CONVERSION_APPROVAL:
        end = probation_end_of(candidate, check.steps + [step])
        extended = check.last(StepKind.EXTENSION)
        note = stored(
            gettext_lazy("Full member after an extended probation") if extended else gettext_lazy("Full member on time")
        )
        do_record_member_event(
            _probationary_member(candidate),
            kind=EventKind.CONVERTED,
            day=end,
            note=note,
            acting_user=acting_user,
            procedure=True,
        )
        candidate.stage = Stage.FULL
    elif kind == StepKind.CANCELLATION:
        do_record_member_event(
            _probationary_member(candidate),
            kind=EventKind.PROBATION_CANCELLED,
            day=step.date,
            note=stored(format_lazy(gettext_lazy("Probationary membership cancelled: %(reason)s"), reason=step.note)),
            acting_user=acting_user,
            procedure=True,
        )
        candidate.stage = Stage.CANCELLED
    else:
        return
    candidate.save(update_fields=["stage", "member"])


def do_transfer_record(
    candidate: Candidate, *, destination: PartyOrganization, day: dt.date, note: str = "", acting_user: User | None
) -> Step:
    """Move a development record to another branch (培养关系转移: an applicant, activist or
    development object changes unit; the training so far counts on). A probationary member's
    record follows their membership instead (`follow_members`)."""
    if day > clock.today():
        raise DomainError(_("The date cannot be later than today."), field="day")
    if destination.kind not in MEMBER_HOLDING_KINDS or destination.dissolved:
        raise DomainError(_("A development record is transferred to a party branch."), field="destination")
    with transaction.atomic():
        records = Candidate.objects.select_for_update(of=("self",)).select_related("organization")
        candidate = records.get(pk=candidate.pk)
        if candidate.stage not in MOVABLE_STAGES:
            raise DomainError(
                _("A probationary member moves with the membership; a closed record cannot be transferred."),
                field="destination",
            )
        vote = candidate.steps.filter(kind=StepKind.VOTE).order_by("-date", "-pk").first()
        if vote and vote.passed:
            raise DomainError(
                _(
                    "The branch general meeting passed the vote on %(day)s and the superior committee's approval "
                    "is pending: the record cannot be transferred; after the approval it moves with the membership."
                )
                % {"day": vote.date},
                field="destination",
            )
        if destination == candidate.organization:
            raise DomainError(_("The receiving branch is the present branch."), field="destination")
        last = candidate.steps.order_by("-date", "-pk").first()
        if last and day < last.date:
            raise DomainError(
                _("The date of the transfer cannot be earlier than that of the last step (%(day)s).")
                % {"day": last.date},
                field="day",
            )
        step = _moved(candidate, destination, day, note, acting_user)
    return step


def _moved(
    candidate: Candidate, destination: PartyOrganization, day: dt.date, note: str, acting_user: User | None
) -> Step:
    source = candidate.organization
    step = Step.objects.create(
        candidate=candidate,
        kind=StepKind.TRANSFERRED,
        date=day,
        organization=destination,
        decided_by=source.name,
        note=note
        or stored(
            format_lazy(
                gettext_lazy("Transferred from %(source)s to %(destination)s"),
                source=source.name,
                destination=destination.name,
            )
        ),
        rules=stored(rules_on(day).document),
        recorded_by=known_user(acting_user),
    )
    candidate.organization = destination
    candidate.save(update_fields=["organization"])
    record(
        "development.record.transferred",
        actor=acting_user,
        target=candidate,
        organization=destination,
        old={"organization": source.pk},
        new={"organization": destination.pk, "date": day.isoformat()},
    )
    return step


def follow_members(
    sender, *, member_ids, destination, day, reason="", acting_user: User | None = None, **kwargs
) -> None:
    """`members.signals.members_moved`: a probationary member's development record follows
    their membership, so the receiving branch continues it and votes on the conversion. When
    they leave the roll (transferred out of the district, died, left) the record closes; their
    materials go with the letter."""
    records = Candidate.objects.select_for_update(of=("self",)).select_related("organization")
    for candidate in records.filter(member_id__in=list(member_ids), stage=Stage.PROBATIONARY):
        if destination is None:
            _closed(candidate, day, reason, acting_user)
        elif candidate.organization_id != destination.pk:
            _moved(candidate, destination, day, reason, acting_user)


def _closed(candidate: Candidate, day: dt.date, reason: str, acting_user: User | None) -> None:
    Step.objects.create(
        candidate=candidate,
        kind=StepKind.STOPPED,
        date=day,
        organization=candidate.organization,
        note=stored(
            format_lazy(gettext_lazy("Left the roll: %(reason)s"), reason=reason)
            if reason
            else gettext_lazy("Left the roll")
        ),
        rules=stored(rules_on(day).document),
        recorded_by=known_user(acting_user),
    )
    candidate.stage = Stage.CLOSED
    candidate.save(update_fields=["stage"])
    record(
        "development.record.closed",
        actor=acting_user,
        target=candidate,
        organization=candidate.organization,
        new={"date": day.isoformat(), "reason": reason},
    )


def refuse_conversion_outside_the_procedure(sender, *, member, day, **kwargs) -> None:
    """`members.signals.conversion_requested`: a member with an open development record is
    converted by the branch meeting and the superior's approval, on the development page."""
    if Candidate.objects.filter(member=member, stage=Stage.PROBATIONARY).exists():
        raise DomainError(
            _(
                "%(name)s becomes a full member by the branch general meeting's discussion and the superior "
                "committee's approval (%(citation)s): please handle it on the member development page."
            )
            % {"name": member.name, "citation": PROBATION_YEARS.reference},
            field="full_member_date",
        )


def follow_merge(sender, *, source, target, day, acting_user: User | None = None, **kwargs) -> None:
    """`orgs.signals.organization_merged`: the open records of applicants, activists and
    development objects of a merged branch move to the branch it merged into (probationary
    members follow their membership)."""
    if target.kind not in MEMBER_HOLDING_KINDS:
        return
    records = Candidate.objects.select_for_update(of=("self",)).select_related("organization")
    for candidate in records.filter(organization=source, stage__in=MOVABLE_STAGES):
        note = stored(
            format_lazy(gettext_lazy("%(source)s merged into %(target)s"), source=source.name, target=target.name)
        )
        _moved(candidate, target, day, note, acting_user)


# -- reading ----------------------------------------------------------------------------------


STAGE_ORDER = [Stage.APPLICANT, Stage.ACTIVIST, Stage.DEVELOPMENT_OBJECT, Stage.PROBATIONARY]


class NextStep(models.TextChoices):
    """What is due next on a record. The code is stable (reminder keys are built from it); the
    label is for people and may be reworded."""

    TALK = "talk", pgettext_lazy("next step", "Talk with the applicant")
    ACTIVIST = "activist", pgettext_lazy("next step", "Decide on listing as an activist")
    ACTIVIST_FILING = "activist_filing", pgettext_lazy("next step", "File the activist with the superior committee")
    ASSESSMENT = "assessment", pgettext_lazy("next step", "Half-yearly assessment")
    READY_FOR_OBJECT = "ready_for_object", pgettext_lazy("next step", "May be listed as a development object")
    OBJECT_FILING = (
        "object_filing",
        pgettext_lazy("next step", "File the development object with the superior committee"),
    )
    SPONSORS = "sponsors", pgettext_lazy("next step", "Name the sponsors")
    POLITICAL_REVIEW = "political_review", pgettext_lazy("next step", "Political review")
    TRAINING = "training", pgettext_lazy("next step", "Concentrated training")
    BRANCH_COMMITTEE_REVIEW = "branch_committee_review", pgettext_lazy("next step", "Branch committee review")
    PRE_EXAMINATION = "pre_examination", pgettext_lazy("next step", "Pre-examination by the superior committee")
    NOTICE = "notice", pgettext_lazy("next step", "Public notice")
    VOTE = "vote", pgettext_lazy("next step", "Branch general meeting vote")
    PARTY_GROUP_REVIEW = "party_group_review", pgettext_lazy("next step", "Department party group discussion or review")
    SUPERIOR_TALK = "superior_talk", pgettext_lazy("next step", "Talk by the superior committee")
    APPROVAL = "approval", pgettext_lazy("next step", "Approval by the superior committee")
    PROBATION_ASSESSMENT = "probation_assessment", pgettext_lazy("next step", "Probation assessment")
    CONVERSION_APPLICATION = "conversion_application", pgettext_lazy("next step", "Application for full membership")
    CONVERSION_VOTE = "conversion_vote", pgettext_lazy("next step", "Notice and vote on full membership")
    CONVERSION_PARTY_GROUP_REVIEW = (
        "conversion_party_group_review",
        pgettext_lazy("next step", "Department party group discussion or review of full membership"),
    )
    CONVERSION_APPROVAL = (
        "conversion_approval",
        pgettext_lazy("next step", "Approval of full membership by the superior committee"),
    )
    EXTENSION_APPROVAL = (
        "extension_approval",
        pgettext_lazy("next step", "Approval of the extended probation by the superior committee"),
    )
    CANCELLATION_APPROVAL = (
        "cancellation_approval",
        pgettext_lazy("next step", "Approval of the cancellation of probationary membership by the superior committee"),
    )


# The steps the approving committee (or the department's party group beside it) takes.
SUPERIOR_NEXT_STEPS = frozenset(
    {
        NextStep.SUPERIOR_TALK,
        NextStep.PARTY_GROUP_REVIEW,
        NextStep.CONVERSION_PARTY_GROUP_REVIEW,
        NextStep.APPROVAL,
        NextStep.CONVERSION_APPROVAL,
        NextStep.EXTENSION_APPROVAL,
        NextStep.CANCELLATION_APPROVAL,
        NextStep.PRE_EXAMINATION,
    }
)


class Due(NamedTuple):
    """The next step on a record and the date it is due by (None: no deadline, the branch
    decides when)."""

    step: NextStep | None
    date: dt.date | None

    @property
    def by_superior(self) -> bool:
        return self.step in SUPERIOR_NEXT_STEPS

    def overdue(self, today: dt.date) -> bool:
        # READY_FOR_OBJECT's date is when the year as an activist is up, not a deadline.
        return bool(self.date and self.date < today and self.step != NextStep.READY_FOR_OBJECT)


NOTHING_DUE = Due(None, None)


def due(candidate: Candidate, steps: list[Step], today: dt.date, *, review_cache: dict | None = None) -> Due:
    """What is due next for this person, and by when.
    `review_cache` keeps the party-group-review answer per branch across many records."""
    by_kind: dict[str, Step] = {}
    for s in steps:
        by_kind[s.kind] = s
    r = rules_on(today)
    stage = candidate.stage
    cache = review_cache if review_cache is not None else {}
    if candidate.organization_id not in cache:
        cache[candidate.organization_id] = needs_party_group_review(candidate.organization)
    group_review = cache[candidate.organization_id]
    if stage == Stage.APPLICANT:
        if StepKind.TALK not in by_kind:
            return Due(NextStep.TALK, add_months(candidate.applied_on, r.talk_within_months))
        return Due(NextStep.ACTIVIST, None)
    if stage == Stage.ACTIVIST:
        activist = by_kind[StepKind.ACTIVIST].date
        if StepKind.ACTIVIST_FILING not in by_kind:
            return Due(NextStep.ACTIVIST_FILING, None)
        last = by_kind.get(StepKind.ASSESSMENT)
        next_assessment = add_months(last.date if last else activist, r.assessment_every_months)
        ready = add_years(activist, r.activist_min_years)
        if next_assessment <= ready:
            return Due(NextStep.ASSESSMENT, next_assessment)
        return Due(NextStep.READY_FOR_OBJECT, ready)
    if stage == Stage.DEVELOPMENT_OBJECT:
        vote = by_kind.get(StepKind.VOTE)
        if vote and vote.passed:
            by = add_months(vote.date, r.approval_within_months)
            if group_review and vote.date >= ORGANS_2019 and StepKind.PARTY_GROUP_REVIEW not in by_kind:
                return Due(NextStep.PARTY_GROUP_REVIEW, by)
            if StepKind.SUPERIOR_TALK not in by_kind:
                return Due(NextStep.SUPERIOR_TALK, by)
            return Due(NextStep.APPROVAL, by)
        needed = [
            (StepKind.OBJECT_FILING, NextStep.OBJECT_FILING),
            (StepKind.SPONSORS, NextStep.SPONSORS),
            (StepKind.POLITICAL_REVIEW, NextStep.POLITICAL_REVIEW),
            (StepKind.TRAINING, NextStep.TRAINING),
            (StepKind.BRANCH_COMMITTEE_REVIEW, NextStep.BRANCH_COMMITTEE_REVIEW),
            (StepKind.PRE_EXAMINATION, NextStep.PRE_EXAMINATION),
        ]
        if r.notice_required(Notice.BEFORE_VOTE):
            needed.append((StepKind.NOTICE, NextStep.NOTICE))
        for kind, next_step in needed:
            if kind not in by_kind:
                return Due(next_step, None)
        notice = by_kind.get(StepKind.NOTICE)
        if notice is None:
            return Due(NextStep.VOTE, None)
        assert notice.end_date is not None  # a notice's period is set when it is recorded
        return Due(NextStep.VOTE, notice.end_date + dt.timedelta(days=1))
    if stage == Stage.PROBATIONARY and candidate.member:
        extension = by_kind.get(StepKind.EXTENSION)
        end = probation_end(candidate.member.join_date, _extension_months(extension))
        within = r.conversion_approval_within_months
        for vote_kind, approval_kind, review_kind, approval_step in (
            (
                StepKind.CONVERSION_VOTE,
                StepKind.CONVERSION_APPROVAL,
                StepKind.CONVERSION_PARTY_GROUP_REVIEW,
                NextStep.CONVERSION_APPROVAL,
            ),
            (StepKind.EXTENSION_VOTE, StepKind.EXTENSION, None, NextStep.EXTENSION_APPROVAL),
            (StepKind.CANCELLATION_VOTE, StepKind.CANCELLATION, None, NextStep.CANCELLATION_APPROVAL),
        ):
            vote = by_kind.get(vote_kind)
            if vote and vote.passed and (approval_kind not in by_kind or by_kind[approval_kind].date < vote.date):
                if review_kind and group_review and vote.date >= ORGANS_2019 and review_kind not in by_kind:
                    return Due(NextStep.CONVERSION_PARTY_GROUP_REVIEW, add_months(vote.date, within))
                return Due(approval_step, add_months(vote.date, within))
        if StepKind.CONVERSION_APPLICATION not in by_kind or by_kind[StepKind.CONVERSION_APPLICATION].date < (
            extension.date if extension else dt.date.min
        ):
            last = by_kind.get(StepKind.PROBATION_ASSESSMENT)
            approval = by_kind.get(StepKind.APPROVAL)
            start = last.date if last else (approval.date if approval else candidate.member.join_date)
            next_assessment = add_months(start, r.assessment_every_months)
            if next_assessment < add_months(end, -1):
                return Due(NextStep.PROBATION_ASSESSMENT, next_assessment)
            return Due(NextStep.CONVERSION_APPLICATION, end)
        return Due(NextStep.CONVERSION_VOTE, end)
    return NOTHING_DUE


def stage_counts(candidates) -> dict[str, int]:
    counts = dict.fromkeys((s.value for s in STAGE_ORDER), 0)
    for stage, n in candidates.filter(stage__in=OPEN_STAGES).values_list("stage").annotate(n=Count("pk")).order_by():
        counts[stage] = n
    return counts


def in_subtree(organization: PartyOrganization | None):
    qs = Candidate.objects.all()
    if organization is not None:
        qs = qs.filter(organization__path__startswith=organization.path)
    return qs


def overdue(candidates, today: dt.date) -> list[tuple[Candidate, Due]]:
    """Open records whose next step is past its date, earliest first: two queries for any
    number of records."""
    open_ = list(candidates.filter(stage__in=OPEN_STAGES).select_related("organization", "member"))
    steps: dict[int, list[Step]] = {c.pk: [] for c in open_}
    for s in Step.objects.filter(candidate__in=[c.pk for c in open_]).order_by("date", "pk"):
        steps[s.candidate_id].append(s)
    out, cache = [], party_group_reviews(list({c.organization_id: c.organization for c in open_}.values()))
    for c in open_:
        next_ = due(c, steps[c.pk], today, review_cache=cache)
        if next_.overdue(today):
            out.append((c, next_))
    return sorted(out, key=lambda x: x[1].date or today)  # an overdue step has a date


def do_set_quota(
    organization: PartyOrganization, *, year: int, planned: int, acting_user: User | None
) -> DevelopmentQuota:
    """Set how many an organization plans to admit in a year (its annual development plan)."""
    with transaction.atomic():
        quota, created = DevelopmentQuota.objects.update_or_create(
            organization=organization, year=year, defaults={"planned": planned}
        )
        record(
            "development.quota.set",
            actor=acting_user,
            target=quota,
            organization=organization,
            new={"year": year, "planned": planned, "created": created},
        )
    return quota
