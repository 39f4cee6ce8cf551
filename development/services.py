"""Recording member development. Each step is checked against the rules in force on its date:
order, intervals, deadlines and counts. A step the rules forbid is refused with the article;
a step late against a deadline is recorded with a warning — the software records decisions, it
does not make them. The person enters the member registry when the superior approves the vote."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Count

from audit.services import known_user, record
from core import clock
from core.errors import DomainError
from core.periods import add_months, birthday
from core.rules import MIN_AGE_TO_JOIN
from development import workdays
from development.models import OPEN_STAGES, Candidate, DevelopmentQuota, Stage, Step, StepKind, probation_end
from development.rules import DevelopmentRules, rules_on
from members.models import EventKind, Member, Membership, Status
from members.services import do_create_member, do_record_member_event, set_id_number, set_phone
from orgs.models import MEMBER_HOLDING_KINDS, OrgKind, PartyOrganization

# Steps that belong to the superior (the branch cannot decide them itself).
SUPERIOR_STEPS = frozenset(
    {
        StepKind.PRE_EXAMINATION,
        StepKind.SUPERIOR_TALK,
        StepKind.APPROVAL,
        StepKind.CONVERSION_APPROVAL,
        StepKind.EXTENSION,
        StepKind.CANCELLATION,
    }
)
# In which stage each step may be recorded.
ALLOWED = {
    StepKind.TALK: {Stage.APPLICANT},
    StepKind.ACTIVIST: {Stage.APPLICANT},
    StepKind.CONTACTS: {Stage.ACTIVIST, Stage.DEVELOPMENT_OBJECT},
    StepKind.ASSESSMENT: {Stage.ACTIVIST, Stage.DEVELOPMENT_OBJECT},
    StepKind.DEVELOPMENT_OBJECT: {Stage.ACTIVIST},
    StepKind.SPONSORS: {Stage.DEVELOPMENT_OBJECT},
    StepKind.POLITICAL_REVIEW: {Stage.DEVELOPMENT_OBJECT},
    StepKind.TRAINING: {Stage.DEVELOPMENT_OBJECT},
    StepKind.PARTY_GROUP_REVIEW: {Stage.DEVELOPMENT_OBJECT},
    StepKind.PRE_EXAMINATION: {Stage.DEVELOPMENT_OBJECT},
    StepKind.NOTICE: {Stage.DEVELOPMENT_OBJECT},
    StepKind.VOTE: {Stage.DEVELOPMENT_OBJECT},
    StepKind.SUPERIOR_TALK: {Stage.DEVELOPMENT_OBJECT},
    StepKind.APPROVAL: {Stage.DEVELOPMENT_OBJECT},
    StepKind.OATH: {Stage.PROBATIONARY},
    StepKind.PROBATION_ASSESSMENT: {Stage.PROBATIONARY},
    StepKind.CONVERSION_APPLICATION: {Stage.PROBATIONARY},
    StepKind.CONVERSION_NOTICE: {Stage.PROBATIONARY},
    StepKind.CONVERSION_VOTE: {Stage.PROBATIONARY},
    StepKind.CONVERSION_APPROVAL: {Stage.PROBATIONARY},
    StepKind.EXTENSION: {Stage.PROBATIONARY},
    StepKind.CANCELLATION: {Stage.PROBATIONARY},
    StepKind.STOPPED: {Stage.APPLICANT, Stage.ACTIVIST, Stage.DEVELOPMENT_OBJECT},
}


def needs_party_group_review(branch: PartyOrganization) -> bool:
    """In organs, a branch or general branch with no organ party committee (or party committee)
    between it and the working committee has its admissions reviewed by the department's party
    group before the working committee approves (机关条例 第三十七条)."""
    for ancestor in PartyOrganization.objects.get_ancestors(branch).order_by("-depth"):
        if ancestor.kind in {OrgKind.PARTY_COMMITTEE, OrgKind.ORGAN_PARTY_COMMITTEE}:
            return False
        if ancestor.kind == OrgKind.WORKING_COMMITTEE:
            return True
    return False


def approving_organization(branch: PartyOrganization) -> PartyOrganization | None:
    """Who approves admissions for a branch: the nearest party committee (基层党委) above it —
    a party committee or organ party committee, else the working committee (a general branch
    has no power to approve members)."""
    kinds = {OrgKind.PARTY_COMMITTEE, OrgKind.ORGAN_PARTY_COMMITTEE, OrgKind.WORKING_COMMITTEE}
    for ancestor in PartyOrganization.objects.get_ancestors(branch).order_by("-depth"):
        if ancestor.kind in kinds:
            return ancestor
    return None


# -- application ------------------------------------------------------------------------------


def do_apply(candidate: Candidate, *, id_number: str, phone: str, decided_by: str = "", acting_user) -> Candidate:
    """Register an application to join (入党申请) with the branch that received it."""
    organization = candidate.organization
    if organization.kind not in MEMBER_HOLDING_KINDS or organization.dissolved:
        raise DomainError("入党申请应由党支部受理。", field="organization")
    today = clock.today()
    if candidate.applied_on > today:
        raise DomainError("申请日期不能晚于今天。", field="applied_on")
    candidate.gender = candidate.birth_date = None
    set_id_number(candidate, id_number)
    set_phone(candidate, phone)
    candidate.name = candidate.name.strip()
    r = rules_on(candidate.applied_on)
    if candidate.applied_on < birthday(candidate.birth_date, MIN_AGE_TO_JOIN.value):
        raise DomainError(f"申请入党须年满十八岁（{r.cite('age')}）。", field="applied_on")
    if Member.objects.filter(id_number_hash=candidate.id_number_hash, status=Status.ACTIVE).exists():
        raise DomainError("该身份证号已是在册党员。", field="id_number")
    try:
        with transaction.atomic():
            candidate.stage = Stage.APPLICANT
            candidate.save()
            Step.objects.create(
                candidate=candidate,
                kind=StepKind.APPLICATION,
                date=candidate.applied_on,
                decided_by=decided_by,
                rules=r.document,
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
        raise DomainError("此人已有一份未办结的入党申请记录。", field="id_number") from None
    return candidate


# -- steps ------------------------------------------------------------------------------------


class _Check:
    """The checks of one step against the record so far, with the rules of its date."""

    def __init__(self, candidate: Candidate, step: Step, members: list[Member]):
        self.c, self.step, self.members = candidate, step, members
        self.r: DevelopmentRules = rules_on(step.date)
        self.steps = list(candidate.steps.order_by("date", "pk"))
        self.warnings: list[str] = []

    def last(self, kind: str) -> Step | None:
        found = [s for s in self.steps if s.kind == kind]
        return found[-1] if found else None

    def require(self, kind: str, label: str) -> Step:
        found = self.last(kind)
        if found is None:
            raise DomainError(f"请先登记“{label}”。", field="kind")
        if self.step.date < found.date:
            raise DomainError(f"日期不能早于“{label}”的日期（{found.date}）。", field="date")
        return found

    def full_members_on(self, day: dt.date, organization: PartyOrganization) -> int:
        return (
            Membership.objects.as_of(day).filter(organization=organization, member__full_member_date__lte=day).count()
        )

    # one method per kind; each may set fields of the step and add warnings

    def talk(self):
        application = self.require(StepKind.APPLICATION, "入党申请")
        if self.step.date > application.date + dt.timedelta(days=self.r.talk_within_days):
            self.warnings.append(f"谈话晚于收到申请后一个月（{self.r.cite('talk')}）。")

    def activist(self):
        self.require(StepKind.TALK, "谈话")

    def contacts(self):
        low, high = self.r.contacts
        if not low <= len(self.members) <= high:
            raise DomainError(f"培养联系人应为{low}至{high}名正式党员（{self.r.cite('contacts')}）。", field="members")
        self._full_members(self.members, "培养联系人", "contacts")

    def assessment(self):
        self.require(StepKind.ACTIVIST, "确定为入党积极分子")

    def development_object(self):
        activist = self.require(StepKind.ACTIVIST, "确定为入党积极分子")
        ready = activist.date + dt.timedelta(days=self.r.activist_min_days)
        if self.step.date < ready:
            raise DomainError(
                f"入党积极分子经过一年以上培养教育和考察方可确定为发展对象，{self.c.name}最早可于{ready}确定"
                f"（{self.r.cite('development_object')}）。",
                field="date",
            )
        if not self.last(StepKind.ASSESSMENT):
            self.warnings.append("尚未登记对入党积极分子的考察（每半年一次）。")

    def sponsors(self):
        self.require(StepKind.DEVELOPMENT_OBJECT, "确定为发展对象")
        if len(self.members) != self.r.sponsors:
            raise DomainError(
                f"入党介绍人应为{self.r.sponsors}名正式党员（{self.r.cite('sponsors')}）。", field="members"
            )
        self._full_members(self.members, "入党介绍人", "sponsors")

    def _full_members(self, members: list[Member], label: str, rule: str):
        day = self.step.date
        for m in members:
            if m.status != Status.ACTIVE or not m.full_member_date or m.full_member_date > day:
                raise DomainError(
                    f"{m.name}在{day}不是正式党员，不能担任{label}（{self.r.cite(rule)}）。", field="members"
                )

    def political_review(self):
        self.require(StepKind.DEVELOPMENT_OBJECT, "确定为发展对象")
        if not self.step.note.strip():
            raise DomainError(f"请填写政治审查结论（{self.r.cite('political_review')}）。", field="note")

    def training(self):
        self.require(StepKind.DEVELOPMENT_OBJECT, "确定为发展对象")
        end = self.step.end_date or self.step.date
        if end < self.step.date:
            raise DomainError("培训结束日期不能早于开始日期。", field="end_date")
        days = (end - self.step.date).days + 1
        hours = self.step.number or 0
        if days < self.r.training_min_days and hours < self.r.training_min_hours:
            raise DomainError(
                f"集中培训时间一般不少于{self.r.training_min_days}天或{self.r.training_min_hours}个学时"
                f"（{self.r.cite('training')}），本次为{days}天、{hours}学时。",
                field="number",
            )

    def party_group_review(self):
        self.require(StepKind.DEVELOPMENT_OBJECT, "确定为发展对象")

    def pre_examination(self):
        for kind, label in (
            (StepKind.SPONSORS, "入党介绍人"),
            (StepKind.POLITICAL_REVIEW, "政治审查"),
            (StepKind.TRAINING, "集中培训"),
        ):
            self.require(kind, label)

    def notice(self, pre=StepKind.PRE_EXAMINATION, pre_label="上级党委预审"):
        self.require(pre, pre_label)
        minimum = self.r.notice_working_days
        days = self.step.number or minimum
        if days < minimum:
            raise DomainError(f"公示期不少于{minimum}个工作日（{self.r.cite('notice')}）。", field="number")
        self.step.number = days
        self.step.end_date, warning = workdays.notice_end(self.step.date, days)
        if warning:
            self.warnings.append(warning)

    def vote(self, notice_kind=StepKind.NOTICE, label="公示"):
        notice = self.require(notice_kind, label)
        if self.step.date <= notice.end_date:
            raise DomainError(f"公示期至{notice.end_date}结束，支部大会应在公示期满后召开。", field="date")
        if notice_kind == StepKind.NOTICE:
            self.require(StepKind.PRE_EXAMINATION, "上级党委预审")
        s = self.step
        s.voting = self.full_members_on(s.date, self.c.organization)
        counts = [s.present, s.yes, s.no, s.abstain]
        if any(v is None for v in counts):
            raise DomainError("请填写到会有表决权的人数和赞成、反对、弃权票数。", field="present")
        if s.present > s.voting:
            raise DomainError(
                f"到会有表决权的党员不能多于应到会有表决权的正式党员（{s.date}该支部有{s.voting}名，"
                "预备党员没有表决权）。",
                field="present",
            )
        if s.yes + s.no + s.abstain > s.present:
            raise DomainError("赞成、反对、弃权票合计不能多于到会有表决权的人数（每人一票）。", field="yes")
        quorum = s.present * 2 > s.voting
        s.passed = quorum and s.yes * 2 > s.voting
        if not quorum:
            self.warnings.append(
                f"到会有表决权的党员{s.present}名，未超过应到会{s.voting}名的半数，会议不能进行表决"
                f"（{self.r.cite('vote')}）：记为未通过。"
            )
        elif not s.passed:
            self.warnings.append(
                f"赞成票{s.yes}张，未超过应到会有表决权的正式党员{s.voting}名的半数（{self.r.cite('vote')}）："
                "记为未通过。"
            )

    def _passed_vote(self, kind: str, label: str) -> Step:
        vote = self.require(kind, label)
        if not vote.passed:
            raise DomainError(f"最近一次{label}未通过。", field="kind")
        return vote

    def superior_talk(self):
        self._passed_vote(StepKind.VOTE, "支部大会表决")

    def _within_approval_limits(self, vote: Step):
        if self.step.date > add_months(vote.date, self.r.approval_max_months):
            raise DomainError(
                f"上级党委审批应在支部大会后三个月内、特殊情况不超过六个月（{self.r.cite('approval')}）；"
                f"支部大会于{vote.date}召开，已超过六个月，请重新履行程序。",
                field="date",
            )
        if self.step.date > add_months(vote.date, self.r.approval_within_months):
            self.warnings.append(f"审批晚于支部大会后三个月（{self.r.cite('approval')}）。")

    def approval(self):
        vote = self._passed_vote(StepKind.VOTE, "支部大会表决")
        self.require(StepKind.SUPERIOR_TALK, "上级党委派人谈话")
        if needs_party_group_review(self.c.organization):
            self.require(StepKind.PARTY_GROUP_REVIEW, "部门党组审核")
        self._within_approval_limits(vote)
        self.vote_day = vote.date

    def oath(self):
        approval = self.require(StepKind.APPROVAL, "上级党委审批")
        if self.r.oath_within_days and self.step.date > approval.date + dt.timedelta(days=self.r.oath_within_days):
            self.warnings.append(f"入党宣誓一般在审批后一个月内进行（{self.r.cite('oath')}）。")

    def probation_assessment(self):
        self.require(StepKind.APPROVAL, "上级党委审批")

    def conversion_application(self):
        end = probation_end_of(self.c)
        if self.step.date < add_months(end, -1):
            self.warnings.append(f"预备期至{end}届满，转正申请一般在届满前一个月内提出。")

    def conversion_notice(self):
        self.notice(StepKind.CONVERSION_APPLICATION, "转正申请")

    def conversion_vote(self):
        self.vote(StepKind.CONVERSION_NOTICE, "转正公示")
        end = probation_end_of(self.c)
        if self.step.date < end:
            self.warnings.append(f"预备期至{end}才届满（{self.r.cite('probation')}）。")

    def conversion_approval(self):
        vote = self._passed_vote(StepKind.CONVERSION_VOTE, "转正表决")
        self._within_approval_limits(vote)
        end = probation_end_of(self.c)
        if self.step.date < end:
            raise DomainError(f"预备期至{end}届满，届满后方可批准转正。", field="date")

    def extension(self):
        self.require(StepKind.APPROVAL, "上级党委审批")
        if self.last(StepKind.EXTENSION):
            raise DomainError(f"预备期只能延长一次（{self.r.cite('extension')}）。", field="kind")
        low, high = self.r.extension_months
        if not self.step.number or not low <= self.step.number <= high:
            raise DomainError(
                f"延长预备期不能少于{low}个月、不能超过{high}个月（{self.r.cite('extension')}）。", field="number"
            )

    def cancellation(self):
        self.require(StepKind.APPROVAL, "上级党委审批")
        if not self.step.note.strip():
            raise DomainError("请写明取消预备党员资格的原因。", field="note")

    def stopped(self):
        if not self.step.note.strip():
            raise DomainError("请写明终止培养的原因。", field="note")


def probation_end_of(candidate: Candidate) -> dt.date:
    steps = {s.kind: s for s in candidate.steps.filter(kind__in=[StepKind.APPROVAL, StepKind.EXTENSION])}
    approval = steps.get(StepKind.APPROVAL)
    if approval is None or candidate.member is None:
        raise DomainError("尚未批准为预备党员。", field="kind")
    extension = steps.get(StepKind.EXTENSION)
    return probation_end(candidate.member.join_date, extension.number if extension else 0)


def do_record_step(step: Step, *, members: list[Member] = (), acting_user) -> Step:
    """Check and record one step (`step` unsaved, with its candidate, kind and date)."""
    members = list(members)
    if step.kind == StepKind.APPLICATION:
        raise DomainError("入党申请在登记申请人时记录。", field="kind")
    if step.date > clock.today():
        raise DomainError("日期不能晚于今天。", field="date")
    with transaction.atomic():
        candidate = (
            Candidate.objects.select_for_update(of=("self",))
            .select_related("organization", "member")
            .get(pk=step.candidate_id)
        )
        step.candidate = candidate
        if candidate.stage not in ALLOWED[step.kind]:
            raise DomainError(
                f"{candidate.name}目前是“{Stage(candidate.stage).label}”，不能登记“{StepKind(step.kind).label}”。",
                field="kind",
            )
        if step.date < candidate.applied_on:
            raise DomainError("日期不能早于入党申请日期。", field="date")
        check = _Check(candidate, step, members)
        getattr(check, step.kind)()
        step.rules = check.r.document
        step.warning = "；".join(check.warnings)[:300]
        step.recorded_by = known_user(acting_user)
        step.save()
        if members:
            step.members.set(members)
        _advance(candidate, step, check, acting_user)
        record(
            f"development.step.{step.kind}",
            actor=acting_user,
            target=candidate,
            organization=candidate.organization,
            new={
                "date": step.date.isoformat(),
                "decided_by": step.decided_by,
                "passed": step.passed,
                "warning": step.warning,
                "members": [m.pk for m in members],
            },
        )
    return step


def _advance(candidate: Candidate, step: Step, check: _Check, acting_user) -> None:
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
            work_post=candidate.work_post,
            join_date=check.vote_day,
        )
        candidate.member = do_create_member(
            member,
            id_number=candidate.id_number,
            phone=candidate.phone,
            organization=candidate.organization,
            since=check.vote_day,
            acting_user=acting_user,
        )
        candidate.stage = Stage.PROBATIONARY
    elif kind == StepKind.CONVERSION_APPROVAL:
        end = probation_end_of(candidate)
        note = "延长预备期后转正" if check.last(StepKind.EXTENSION) else "按期转正"
        do_record_member_event(candidate.member, kind=EventKind.CONVERTED, day=end, note=note, acting_user=acting_user)
        candidate.stage = Stage.FULL
    elif kind == StepKind.CANCELLATION:
        do_record_member_event(
            candidate.member,
            kind=EventKind.LEFT,
            day=step.date,
            note=f"取消预备党员资格：{step.note}",
            acting_user=acting_user,
        )
        candidate.stage = Stage.CANCELLED
    else:
        return
    candidate.save(update_fields=["stage", "member"])


# -- reading ----------------------------------------------------------------------------------


STAGE_ORDER = [Stage.APPLICANT, Stage.ACTIVIST, Stage.DEVELOPMENT_OBJECT, Stage.PROBATIONARY]
# What `due` names when the next step is the superior's.
SUPERIOR_LABELS = frozenset({"上级党委派人谈话", "上级党委审批", "上级党委审批转正", "上级党委预审"})


def due(
    candidate: Candidate, steps: list[Step], today: dt.date, *, review_cache: dict | None = None
) -> tuple[str, dt.date | None]:
    """What is due next for this person, and by when (None: no deadline, the branch decides).
    `review_cache` keeps the party-group-review answer per branch across many records."""
    by_kind: dict[str, Step] = {}
    for s in steps:
        by_kind[s.kind] = s
    r = rules_on(today)
    stage = candidate.stage
    if stage == Stage.APPLICANT:
        if StepKind.TALK not in by_kind:
            return "谈话", candidate.applied_on + dt.timedelta(days=r.talk_within_days)
        return "确定为入党积极分子", None
    if stage == Stage.ACTIVIST:
        activist = by_kind[StepKind.ACTIVIST].date
        last = by_kind.get(StepKind.ASSESSMENT)
        next_assessment = add_months(last.date if last else activist, r.assessment_every_months)
        ready = activist + dt.timedelta(days=r.activist_min_days)
        if next_assessment <= ready:
            return "半年考察", next_assessment
        return "可确定为发展对象", ready
    if stage == Stage.DEVELOPMENT_OBJECT:
        vote = by_kind.get(StepKind.VOTE)
        if vote and vote.passed:
            if StepKind.SUPERIOR_TALK not in by_kind:
                return "上级党委派人谈话", add_months(vote.date, r.approval_within_months)
            return "上级党委审批", add_months(vote.date, r.approval_within_months)
        needed = [
            (StepKind.SPONSORS, "确定入党介绍人"),
            (StepKind.POLITICAL_REVIEW, "政治审查"),
            (StepKind.TRAINING, "集中培训"),
        ]
        cache = review_cache if review_cache is not None else {}
        if candidate.organization_id not in cache:
            cache[candidate.organization_id] = needs_party_group_review(candidate.organization)
        if cache[candidate.organization_id]:
            needed.append((StepKind.PARTY_GROUP_REVIEW, "部门党组审核"))
        needed += [(StepKind.PRE_EXAMINATION, "上级党委预审"), (StepKind.NOTICE, "公示")]
        for kind, label in needed:
            if kind not in by_kind:
                return label, None
        notice = by_kind[StepKind.NOTICE]
        return "支部大会表决", notice.end_date + dt.timedelta(days=1)
    if stage == Stage.PROBATIONARY and candidate.member:
        extension = by_kind.get(StepKind.EXTENSION)
        end = probation_end(candidate.member.join_date, extension.number if extension else 0)
        vote = by_kind.get(StepKind.CONVERSION_VOTE)
        if vote and vote.passed:
            return "上级党委审批转正", add_months(vote.date, r.approval_within_months)
        if StepKind.CONVERSION_APPLICATION not in by_kind:
            last = by_kind.get(StepKind.PROBATION_ASSESSMENT)
            approval = by_kind.get(StepKind.APPROVAL)
            start = last.date if last else (approval.date if approval else candidate.member.join_date)
            next_assessment = add_months(start, r.assessment_every_months)
            if next_assessment < add_months(end, -1):
                return "预备期考察", next_assessment
            return "转正申请", end
        return "转正公示和表决", end
    return "", None


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


def overdue(candidates, today: dt.date) -> list[tuple[Candidate, str, dt.date]]:
    """Open records whose next step is past its date: two queries for any number of records."""
    open_ = list(candidates.filter(stage__in=OPEN_STAGES).select_related("organization", "member"))
    steps: dict[int, list[Step]] = {c.pk: [] for c in open_}
    for s in Step.objects.filter(candidate__in=[c.pk for c in open_]).order_by("date", "pk"):
        steps[s.candidate_id].append(s)
    out, cache = [], {}
    for c in open_:
        label, when = due(c, steps[c.pk], today, review_cache=cache)
        if when and when < today and label not in {"可确定为发展对象"}:
            out.append((c, label, when))
    return sorted(out, key=lambda x: x[2])


def do_set_quota(organization: PartyOrganization, *, year: int, planned: int, acting_user) -> DevelopmentQuota:
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
