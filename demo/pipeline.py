"""People in member development for the demo, at every stage and in realistic numbers: about
one applicant and one activist per branch, a development object in one branch of five, and a
full record behind each of the registry's probationary members (their vote is their joining
date). Dates follow the rules; a few are late, so boards have something in red.

Written in bulk, like the rest of the demo: these are records of the past, not actions taken
through the pages (which go through development.services and are audited)."""

import datetime as dt

from core.periods import add_months, add_years
from development import workdays
from development.models import Candidate, DevelopmentQuota, Stage, Step, StepKind
from development.rules import rules_on
from development.services import needs_party_group_review
from members import rights
from members.models import Category, Member, Membership, Status
from orgs.models import OrgKind, PartyOrganization
from orgs.queries import leadership_group_of


def build(b, anchor: dt.date, branch_ids: list[int]) -> None:
    people: list[tuple[Candidate, list[dict]]] = []
    full = _full_members(branch_ids)
    for branch_id in branch_ids:
        for _ in range(b.rng.choice([0, 1, 1, 1, 2])):
            people.append(_applicant(b, anchor, branch_id))
        for _ in range(b.rng.choice([0, 0, 1, 1, 2])):
            people.append(_activist(b, anchor, branch_id, full[branch_id]))
        if b.rng.random() < 0.2:
            people.append(_development_object(b, anchor, branch_id, full[branch_id]))
        if b.rng.random() < 0.05:
            c, steps = _applicant(b, anchor, branch_id)
            c.stage = Stage.STOPPED
            steps.append(
                {
                    "kind": StepKind.STOPPED,
                    "date": min(anchor, c.applied_on + dt.timedelta(days=60)),
                    "note": "本人申请暂缓，终止培养",
                }
            )
            people.append((c, steps))
    for member in Member.objects.filter(
        organization_id__in=branch_ids, status=Status.ACTIVE, category=Category.PROBATIONARY
    ).order_by("pk"):
        people.append(_probationary(b, anchor, member, full[member.organization_id]))
    _save(people)
    _quotas(anchor.year)


def _full_members(branch_ids) -> dict[int, list[tuple[int, dt.date]]]:
    out: dict[int, list[tuple[int, dt.date]]] = {pk: [] for pk in branch_ids}
    rows = Member.objects.filter(
        organization_id__in=branch_ids, status=Status.ACTIVE, category=Category.FULL
    ).values_list("organization_id", "pk", "full_member_date")
    for org, pk, full in rows:
        out[org].append((pk, full))
    return out


def _group_name(branch: PartyOrganization, day: dt.date) -> str:
    group = leadership_group_of(branch.unit_id, day)
    return group.name if group else "部门党组"


def _pick(b, full: list[tuple[int, dt.date]], day: dt.date, k: int = 2, *, besides: int | None = None) -> list[int]:
    """`k` members who were full members on `day` (sponsors and contact persons must be)."""
    pool = [pk for pk, since in full if since <= day and pk != besides]
    return b.rng.sample(pool, min(k, len(pool)))


def _candidate(b, branch_id: int, applied: dt.date, stage: str) -> Candidate:
    while True:
        p = b._person(retired=False, probationary=True)
        if 22 <= applied.year - p["birth"].year <= 40:
            break
    branch = PartyOrganization.objects.only("name", "unit_id").get(pk=branch_id)
    candidate = Candidate(
        name=p["name"],
        gender=p["gender"],
        birth_date=p["birth"],
        ethnicity=p["ethnicity"],
        education=p["education"],
        degree=p["degree"],
        occupation=b.occupation(b.unit_type_of(branch)),
        work_post=b.rng.choice(["科员", "一级科员", "四级主任科员", "专业技术人员", "办事员"]),
        organization_id=branch_id,
        stage=stage,
        applied_on=applied,
    )
    candidate.set_id_number(p["id"])
    candidate.set_phone(p["phone"])
    return candidate


def _days(b, low: int, high: int) -> dt.timedelta:
    return dt.timedelta(days=b.rng.randint(low, high))


def _applicant(b, anchor, branch_id):
    applied = anchor - _days(b, 5, 300)
    c = _candidate(b, branch_id, applied, Stage.APPLICANT)
    steps = [{"kind": StepKind.APPLICATION, "date": applied, "decided_by": "党支部"}]
    late = b.rng.random() < 0.1
    if applied < anchor - dt.timedelta(days=30) and not late:
        steps.append({"kind": StepKind.TALK, "date": applied + _days(b, 5, 28), "decided_by": "支部书记"})
    return c, steps


def _early_steps(b, applied: dt.date, activist: dt.date, anchor: dt.date, full, besides=None) -> list[dict]:
    steps = [
        {"kind": StepKind.APPLICATION, "date": applied, "decided_by": "党支部"},
        {"kind": StepKind.TALK, "date": applied + _days(b, 5, 25), "decided_by": "支部书记"},
        {"kind": StepKind.ACTIVIST, "date": activist, "decided_by": "支部委员会", "note": "党员推荐"},
    ]
    if activist + dt.timedelta(days=3) <= anchor:
        steps.append(
            {"kind": StepKind.ACTIVIST_FILING, "date": activist + dt.timedelta(days=3), "decided_by": "党支部"}
        )
    contacts = _pick(b, full, activist + dt.timedelta(days=7), besides=besides)
    if contacts:
        steps.append({"kind": StepKind.CONTACTS, "date": activist + dt.timedelta(days=7), "members": contacts})
    day = add_months(activist, 6)
    while day <= anchor:
        steps.append({"kind": StepKind.ASSESSMENT, "date": day, "decided_by": "支部委员会", "note": "表现良好"})
        day = add_months(day, 6)
    return steps


def _activist(b, anchor, branch_id, full):
    activist = anchor - _days(b, 20, 340)
    talk_gap = _days(b, 30, 120)
    applied = activist - talk_gap - _days(b, 10, 25)
    c = _candidate(b, branch_id, applied, Stage.ACTIVIST)
    return c, _early_steps(b, applied, activist, anchor, full)


def _object_notice(b, activist: dt.date, made: dt.date) -> tuple[dict, dt.date]:
    """The notice before listing as a development object (national from 2026, local before),
    starting a year after the activist was determined; the listing follows its last day."""
    start = max(add_years(activist, 1), made - dt.timedelta(days=20))
    days = rules_on(start).notice_working_days
    end, _warning = workdays.notice_end(start, days)
    step = {"kind": StepKind.OBJECT_NOTICE, "date": start, "end_date": end, "number": days, "note": "无异议"}
    return step, max(made, end + dt.timedelta(days=1))


def _development_object(b, anchor, branch_id, full):
    made = anchor - _days(b, 30, 150)
    activist = made - _days(b, 380, 500)
    applied = activist - _days(b, 40, 120)
    c = _candidate(b, branch_id, applied, Stage.DEVELOPMENT_OBJECT)
    steps = _early_steps(b, applied, activist, made, full)
    notice, made = _object_notice(b, activist, made)
    steps.append(notice)
    steps.append(
        {
            "kind": StepKind.DEVELOPMENT_OBJECT,
            "date": made,
            "decided_by": "支部委员会",
            "note": "听取党小组、培养联系人和党员群众意见",
        }
    )
    progress = [
        (StepKind.OBJECT_FILING, 3, {"decided_by": "党支部"}),
        (StepKind.SPONSORS, 5, {"members": _pick(b, full, made + dt.timedelta(days=5))}),
        (StepKind.POLITICAL_REVIEW, 20, {"note": "政治审查合格", "decided_by": "党支部"}),
        (StepKind.TRAINING, 35, {"number": 24, "decided_by": "区直机关工委党校"}),
        (StepKind.BRANCH_COMMITTEE_REVIEW, 45, {"decided_by": "支部委员会"}),
        (
            StepKind.PRE_EXAMINATION,
            50,
            {"decided_by": "上级党委", "reference": f"{made.year}-{b.rng.randint(1, 9999):04d}"},
        ),
    ]
    for kind, after, extra in progress:
        day = made + dt.timedelta(days=after)
        if day > anchor:
            break
        steps.append({"kind": kind, "date": day, **extra})
    return c, steps


def _probationary(b, anchor, member: Member, full):
    vote = member.join_date
    made = vote - dt.timedelta(days=70)
    activist = made - _days(b, 380, 420)
    applied = activist - _days(b, 40, 120)
    c = Candidate(
        name=member.name,
        gender=member.gender,
        birth_date=member.birth_date,
        ethnicity=member.ethnicity,
        education=member.education,
        degree=member.degree,
        work_post=member.work_post,
        occupation=member.occupation,
        id_number_encrypted=member.id_number_encrypted,
        id_number_hash=member.id_number_hash,
        id_number_tail=member.id_number_tail,
        phone_encrypted=member.phone_encrypted,
        phone_hash=member.phone_hash,
        organization_id=member.organization_id,
        stage=Stage.PROBATIONARY,
        applied_on=applied,
        member=member,
    )
    notice_start = vote - dt.timedelta(days=20)
    notice_days = rules_on(notice_start).notice_working_days
    notice_end, _warning = workdays.notice_end(notice_start, notice_days)
    branch = Membership.objects.as_of(vote).select_related("organization").get(member=member).organization
    voting = rights.entitled_voters(branch, vote).count()
    present = max(voting // 2 + 1, voting - b.rng.randint(0, 2))
    approval = min(anchor, vote + _days(b, 15, 40))
    steps = _early_steps(b, applied, activist, made, full, besides=member.pk)
    object_notice, made = _object_notice(b, activist, made)
    sponsors = _pick(b, full, made + dt.timedelta(days=5), besides=member.pk)
    steps += [
        object_notice,
        {"kind": StepKind.DEVELOPMENT_OBJECT, "date": made, "decided_by": "支部委员会"},
        {"kind": StepKind.OBJECT_FILING, "date": made + dt.timedelta(days=3), "decided_by": "党支部"},
        {"kind": StepKind.SPONSORS, "date": made + dt.timedelta(days=5), "members": sponsors},
        {"kind": StepKind.POLITICAL_REVIEW, "date": vote - dt.timedelta(days=50), "note": "政治审查合格"},
        {"kind": StepKind.TRAINING, "date": vote - dt.timedelta(days=42), "end_date": vote - dt.timedelta(days=40)},
        {"kind": StepKind.BRANCH_COMMITTEE_REVIEW, "date": vote - dt.timedelta(days=30), "decided_by": "支部委员会"},
        {
            "kind": StepKind.PRE_EXAMINATION,
            "date": vote - dt.timedelta(days=25),
            "decided_by": "上级党委",
            "reference": f"{vote.year}-{member.pk:04d}",
        },
        {"kind": StepKind.NOTICE, "date": notice_start, "end_date": notice_end, "number": notice_days},
        {
            "kind": StepKind.VOTE,
            "date": vote,
            "decided_by": "支部大会",
            "voting": voting,
            "present": present,
            "yes": present,
            "no": 0,
            "abstain": 0,
            "passed": True,
        },
        {
            "kind": StepKind.SUPERIOR_TALK,
            "date": min(approval, vote + dt.timedelta(days=7)),
            "decided_by": "上级党委组织员",
        },
        *(
            [
                {
                    "kind": StepKind.PARTY_GROUP_REVIEW,
                    "date": min(approval, vote + dt.timedelta(days=4)),
                    "decided_by": _group_name(branch, vote),
                }
            ]
            if needs_party_group_review(branch)
            else []
        ),
        {"kind": StepKind.APPROVAL, "date": approval, "decided_by": "上级党委会议"},
    ]
    oath = approval + dt.timedelta(days=5)
    if oath <= anchor:
        steps.append({"kind": StepKind.OATH, "date": oath, "decided_by": "党支部"})
    if add_months(vote, 6) <= anchor:
        steps.append({"kind": StepKind.PROBATION_ASSESSMENT, "date": add_months(vote, 6), "note": "表现良好"})
    return c, steps


def _save(people) -> None:
    candidates = Candidate.objects.bulk_create([c for c, _s in people], batch_size=1000)
    steps, members = [], []
    for c, specs in zip(candidates, [s for _c, s in people], strict=True):
        for spec in specs:
            spec = dict(spec)
            chosen = spec.pop("members", [])
            step = Step(
                candidate_id=c.pk, organization_id=c.organization_id, rules=rules_on(spec["date"]).document, **spec
            )
            steps.append(step)
            members.append(chosen)
    created = Step.objects.bulk_create(steps, batch_size=2000)
    through = Step.members.through
    through.objects.bulk_create(
        (through(step_id=s.pk, member_id=m) for s, chosen in zip(created, members, strict=True) for m in chosen),
        batch_size=5000,
    )


def _quotas(year: int) -> None:
    """This year's plan for each party committee and organ party committee: what was admitted
    (the probationary members who joined this year) and a little more."""
    tops = PartyOrganization.objects.filter(
        kind__in=[OrgKind.PARTY_COMMITTEE, OrgKind.ORGAN_PARTY_COMMITTEE], depth=3, dissolved__isnull=True
    )
    quotas = []
    for top in tops:
        admitted = Member.objects.filter(
            organization__path__startswith=top.path, join_date__year=year, development__isnull=False
        ).count()
        quotas.append(DevelopmentQuota(organization=top, year=year, planned=max(1, round(admitted * 1.2 + 1))))
    DevelopmentQuota.objects.bulk_create(quotas)
