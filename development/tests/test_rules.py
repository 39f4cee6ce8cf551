import datetime as dt

import pytest

from conftest import make_id_number
from core.errors import DomainError
from core.periods import add_months
from development import workdays
from development.models import CalendarDay, Candidate, Stage, Step, StepKind
from development.rules import RULES_2014, RULES_2026, rules_on
from development.services import do_apply, do_record_step, needs_party_group_review
from members.models import Member
from reports import stats

TODAY = "2028-06-30"


@pytest.fixture(autouse=True)
def clock(settings):
    settings.DANGJIAN_TODAY = TODAY


def apply(registry, name="钱小二", day=dt.date(2025, 1, 6), branch=None):
    candidate = Candidate(name=name, education="bachelor", organization=branch or registry.branch_a, applied_on=day)
    return do_apply(candidate, id_number=make_id_number(dt.date(1998, 3, 3)), phone="13900001111", acting_user=None)


def step(candidate, kind, day, members=(), **fields):
    return do_record_step(Step(candidate=candidate, kind=kind, date=day, **fields), members=members, acting_user=None)


def to_development_object(registry, candidate):
    step(candidate, "talk", dt.date(2025, 1, 20))
    step(candidate, "activist", dt.date(2025, 3, 1))
    step(candidate, "activist_filing", dt.date(2025, 3, 5))
    step(candidate, "assessment", dt.date(2025, 9, 1))
    step(candidate, "object_notice", dt.date(2026, 3, 2))  # Monday: 5 working days end on Friday 6 March
    step(candidate, "development_object", dt.date(2026, 3, 9))
    step(candidate, "object_filing", dt.date(2026, 3, 10))


def ready_for_vote(registry, candidate):
    to_development_object(registry, candidate)
    step(candidate, "sponsors", dt.date(2026, 3, 10), members=[registry.zhang_san, registry.li_si])
    step(candidate, "political_review", dt.date(2026, 3, 20), note="政治审查合格")
    step(candidate, "training", dt.date(2026, 4, 1), end_date=dt.date(2026, 4, 3))
    step(candidate, "branch_committee_review", dt.date(2026, 4, 8))
    step(candidate, "pre_examination", dt.date(2026, 4, 10), reference="2026-0001")
    return step(candidate, "notice", dt.date(2026, 4, 13))


def admitted(registry, candidate, vote_day=dt.date(2026, 4, 20), approval_day=dt.date(2026, 5, 10)):
    """Voted, discussed by the party group (the branch is under an organ party committee), talked
    to and approved."""
    ready_for_vote(registry, candidate)
    step(candidate, "vote", vote_day, present=3, yes=3, no=0, abstain=0)
    step(candidate, "party_group_review", vote_day + dt.timedelta(days=3), decided_by="财政局党组")
    step(candidate, "superior_talk", vote_day + dt.timedelta(days=5))
    step(candidate, "approval", approval_day)
    candidate.refresh_from_db()
    return candidate


def test_the_rule_set_is_chosen_by_date():
    assert rules_on(dt.date(2020, 1, 1)) is RULES_2014
    assert rules_on(dt.date(2026, 5, 18)) is RULES_2026
    assert "第十三条" in RULES_2014.cite("development_object")


def test_an_applicant_must_be_eighteen(registry):
    candidate = Candidate(
        name="小明", education="high_school", organization=registry.branch_a, applied_on=dt.date(2025, 1, 1)
    )
    with pytest.raises(DomainError, match="年满十八岁"):
        do_apply(candidate, id_number=make_id_number(dt.date(2007, 6, 1)), phone="", acting_user=None)
    assert not Candidate.objects.exists()


def test_a_late_talk_is_recorded_with_a_warning_and_steps_follow_their_order(registry):
    c = apply(registry)
    with pytest.raises(DomainError, match="请先登记“谈话”"):
        step(c, "activist", dt.date(2025, 3, 1))
    talk = step(c, "talk", dt.date(2025, 2, 20))
    assert "一个月" in talk.warning and "第七条" in talk.warning
    with pytest.raises(DomainError, match="不能早于“谈话”的日期"):
        step(c, "activist", dt.date(2025, 2, 1))


def test_a_development_object_needs_a_year_as_activist(registry):
    c = apply(registry)
    step(c, "talk", dt.date(2025, 1, 20))
    step(c, "activist", dt.date(2025, 3, 1))
    with pytest.raises(DomainError, match="最早可于2026-03-01确定.*第十三条"):
        step(c, "object_notice", dt.date(2026, 2, 28))
    with pytest.raises(DomainError, match="请先登记“列为发展对象前公示”"):
        step(c, "development_object", dt.date(2026, 3, 1))
    notice = step(c, "object_notice", dt.date(2026, 3, 2))
    assert notice.end_date == dt.date(2026, 3, 6)
    with pytest.raises(DomainError, match="公示期至2026-03-06结束"):
        step(c, "development_object", dt.date(2026, 3, 6))
    made = step(c, "development_object", dt.date(2026, 3, 9))
    assert "考察" in made.warning and "备案" in made.warning  # no assessment, not filed
    assert Candidate.objects.get(pk=c.pk).stage == Stage.DEVELOPMENT_OBJECT


def test_sponsors_are_two_full_members(registry):
    c = apply(registry)
    to_development_object(registry, c)
    with pytest.raises(DomainError, match="应为2名"):
        step(c, "sponsors", dt.date(2026, 3, 10), members=[registry.zhang_san])
    with pytest.raises(DomainError, match="赵六在2026-03-10不是正式党员"):
        step(c, "sponsors", dt.date(2026, 3, 10), members=[registry.zhang_san, registry.zhao_liu])
    assert not Step.objects.filter(kind="sponsors").exists()


def test_training_is_three_days_or_twenty_four_hours(registry):
    c = apply(registry)
    to_development_object(registry, c)
    with pytest.raises(DomainError, match="3天或24个学时.*本次为2天、16学时"):
        step(c, "training", dt.date(2026, 4, 1), end_date=dt.date(2026, 4, 2), number=16)
    step(c, "training", dt.date(2026, 4, 1), number=24)  # one long day of 24 hours is enough


@pytest.mark.parametrize(
    "start, days, end",
    [
        (dt.date(2026, 2, 12), 5, dt.date(2026, 2, 25)),  # Spring Festival: 14 Feb is a make-up day
        (dt.date(2026, 9, 29), 5, dt.date(2026, 10, 10)),  # National Day: ends on the make-up Saturday
        (dt.date(2026, 4, 13), 5, dt.date(2026, 4, 17)),
        (dt.date(2026, 4, 18), 5, dt.date(2026, 4, 24)),  # starting on a Saturday
    ],
)
def test_notice_periods_count_working_days_on_the_official_calendar(db, start, days, end):
    assert workdays.notice_end(start, days) == (end, "")


def test_a_year_the_calendar_does_not_know_uses_weekends_and_entered_holidays_with_a_warning(db):
    end, warning = workdays.notice_end(dt.date(2027, 2, 4), 5)  # Thursday
    assert end == dt.date(2027, 2, 10) and "2027年的法定节假日尚未收录" in warning
    CalendarDay.objects.create(date=dt.date(2027, 2, 8), is_workday=False, note="春节")
    CalendarDay.objects.create(date=dt.date(2027, 2, 6), is_workday=True, note="调休上班")
    end, _ = workdays.notice_end(dt.date(2027, 2, 4), 5)
    assert end == dt.date(2027, 2, 10)  # 4, 5, 6 (make-up), 9, 10


def test_the_vote_waits_for_the_notice_and_counts_only_full_members(registry):
    c = apply(registry)
    notice = ready_for_vote(registry, c)
    assert notice.end_date == dt.date(2026, 4, 17) and notice.number == 5
    with pytest.raises(DomainError, match="公示期满后"):
        step(c, "vote", dt.date(2026, 4, 17), present=3, yes=3, no=0, abstain=0)
    # 财政局第一支部: 张三, 李四, 王五 full; 赵六 probationary does not vote
    with pytest.raises(DomainError, match="财政局第一支部有3名；预备党员"):
        step(c, "vote", dt.date(2026, 4, 20), present=4, yes=4, no=0, abstain=0)
    with pytest.raises(DomainError, match="每人一票"):
        step(c, "vote", dt.date(2026, 4, 20), present=2, yes=2, no=1, abstain=0)
    vote = step(c, "vote", dt.date(2026, 4, 20), present=2, yes=2, no=0, abstain=0)
    assert (vote.voting, vote.passed) == (3, True)


@pytest.mark.parametrize(
    "present, yes, passed, why",
    [
        (6, 6, True, ""),
        (5, 5, False, "未超过应到会10名的半数"),  # no quorum
        (10, 5, False, "赞成票5张"),  # 5 of 10 is not more than half
        (6, 5, False, "赞成票5张"),  # half of those present is not enough either
        (10, 6, True, ""),
    ],
)
def test_the_vote_rule_with_ten_voting_members(registry, present, yes, passed, why):
    for i in range(7):  # 财政局第二支部: 孙七, 周八 and these eight are the ten voting members
        registry.member(f"党员{i}", registry.branch_b)
    registry.member("预备甲", registry.branch_b, probationary=True)
    registry.member("党员7", registry.branch_b)
    c = apply(registry, branch=registry.branch_b)
    ready_for_vote(registry, c)
    vote = step(c, "vote", dt.date(2026, 4, 20), present=present, yes=yes, no=0, abstain=present - yes)
    assert vote.voting == 10
    assert vote.passed is passed
    assert why in vote.warning


def test_approval_puts_the_person_on_the_roll_from_the_vote_and_conversion_after_a_year(registry):
    c = apply(registry)
    ready_for_vote(registry, c)
    step(c, "vote", dt.date(2026, 4, 20), present=3, yes=3, no=0, abstain=0)
    with pytest.raises(DomainError, match="上级党委派人谈话"):
        step(c, "approval", dt.date(2026, 5, 10))
    step(c, "superior_talk", dt.date(2026, 5, 6))
    with pytest.raises(DomainError, match="部门党组讨论或审核.*第三十七条"):
        step(c, "approval", dt.date(2026, 5, 10))
    step(c, "party_group_review", dt.date(2026, 5, 8), decided_by="财政局党组")
    late = step(c, "approval", dt.date(2026, 8, 21))  # 4 months: allowed with a warning
    assert "三个月" in late.warning
    c.refresh_from_db()
    member = c.member
    assert (member.join_date, member.category, member.organization) == (
        dt.date(2026, 4, 20),
        "probationary",
        registry.branch_a,
    )
    assert stats.build(registry.committee, dt.date(2026, 4, 20)).members["probationary"] == 2
    assert stats.build(registry.committee, dt.date(2026, 4, 19)).members["total"] == 9

    step(c, "oath", dt.date(2026, 8, 25))
    step(c, "conversion_application", dt.date(2027, 3, 25))
    step(c, "conversion_notice", dt.date(2027, 4, 1))
    with pytest.raises(
        DomainError, match="预备期至2027-04-20届满，支部大会应在预备期满后讨论.*章程》第七条（条文未经核对）"
    ):
        step(c, "conversion_vote", dt.date(2027, 4, 12), present=3, yes=3, no=0, abstain=0)
    step(c, "conversion_vote", dt.date(2027, 4, 20), present=3, yes=3, no=0, abstain=0)
    with pytest.raises(DomainError, match="部门党组讨论或审核转正"):
        step(c, "conversion_approval", dt.date(2027, 4, 22))
    step(c, "conversion_party_group_review", dt.date(2027, 4, 21))
    late = step(c, "conversion_approval", dt.date(2027, 8, 1))  # over three months: warned, not refused
    assert "三个月" in late.warning and "第三十三条" in late.warning
    member.refresh_from_db()
    assert (member.category, member.full_member_date) == ("full", dt.date(2027, 4, 20))
    assert Candidate.objects.get(pk=c.pk).stage == Stage.FULL


def test_approval_more_than_six_months_after_the_vote_is_refused(registry):
    c = apply(registry)
    ready_for_vote(registry, c)
    step(c, "vote", dt.date(2026, 4, 20), present=3, yes=3, no=0, abstain=0)
    step(c, "party_group_review", dt.date(2026, 5, 1))
    step(c, "superior_talk", dt.date(2026, 5, 6))
    with pytest.raises(DomainError, match="已超过六个月"):
        step(c, "approval", dt.date(2026, 10, 21))
    assert not Member.objects.filter(name="钱小二").exists()


def test_probation_is_extended_once_by_a_branch_meeting_and_the_superior(registry):
    c = admitted(registry, apply(registry))
    with pytest.raises(DomainError, match="预备期满后讨论是否延长"):
        step(c, "extension_vote", dt.date(2027, 4, 19), number=6, present=3, yes=3, no=0, abstain=0)
    with pytest.raises(DomainError, match="不能少于6个月"):
        step(c, "extension_vote", dt.date(2027, 4, 25), number=3, present=3, yes=3, no=0, abstain=0)
    with pytest.raises(DomainError, match="请先登记“支部大会决定延长预备期”"):
        step(c, "extension", dt.date(2027, 4, 26))
    step(c, "extension_vote", dt.date(2027, 4, 25), number=6, present=3, yes=3, no=0, abstain=0)
    approved = step(c, "extension", dt.date(2027, 5, 6))
    assert approved.number == 6  # the months the branch decided
    with pytest.raises(DomainError, match="只能延长一次"):
        step(c, "extension_vote", dt.date(2027, 5, 10), number=6, present=3, yes=3, no=0, abstain=0)
    step(c, "conversion_application", dt.date(2027, 9, 25))
    step(c, "conversion_notice", dt.date(2027, 10, 8))
    with pytest.raises(DomainError, match="预备期至2027-10-20届满"):
        step(c, "conversion_vote", dt.date(2027, 10, 19), present=3, yes=3, no=0, abstain=0)
    step(c, "conversion_vote", dt.date(2027, 10, 20), present=3, yes=3, no=0, abstain=0)
    step(c, "conversion_party_group_review", dt.date(2027, 10, 25))
    step(c, "conversion_approval", dt.date(2027, 11, 1))
    c.refresh_from_db()
    assert c.member.full_member_date == dt.date(2027, 10, 20)


def test_cancellation_is_voted_by_the_branch_and_approved_by_the_superior(registry):
    c = admitted(registry, apply(registry))
    with pytest.raises(DomainError, match="请写明取消预备党员资格的原因"):
        step(c, "cancellation_vote", dt.date(2027, 4, 22), present=3, yes=3, no=0, abstain=0)
    with pytest.raises(DomainError, match="请先登记“支部大会决定取消预备党员资格”"):
        step(c, "cancellation", dt.date(2027, 4, 23), note="不履行党员义务")
    step(c, "cancellation_vote", dt.date(2027, 4, 22), present=3, yes=3, no=0, abstain=0, note="不履行党员义务")
    step(c, "cancellation", dt.date(2027, 5, 6))
    c.refresh_from_db()
    assert c.stage == Stage.CANCELLED and c.member.status == "left"
    # issue 18: the 党籍 event says how the member left
    assert c.member.events.get(date=dt.date(2027, 5, 6)).kind == "probation_cancelled"


def test_a_branch_directly_under_the_committee_needs_the_party_group_review(registry):
    from orgs.models import OrgKind

    direct = registry.org("档案馆党支部", OrgKind.BRANCH, registry.working, registry.finance, registry.working.founded)
    assert needs_party_group_review(direct)  # 党组审核 → 工委审批
    assert needs_party_group_review(registry.branch_a)  # an organ party committee approves after the 党组 discussed
    assert not needs_party_group_review(registry.branch_c)  # a party committee approves on its own


def test_stopping_needs_a_reason_and_ends_the_record(registry):
    c = apply(registry)
    with pytest.raises(DomainError, match="原因"):
        step(c, "stopped", dt.date(2025, 2, 1), note="")
    step(c, "stopped", dt.date(2025, 2, 1), note="本人申请撤回")
    c.refresh_from_db()
    assert c.stage == Stage.STOPPED
    with pytest.raises(DomainError, match="不能登记"):
        step(c, "talk", dt.date(2025, 2, 2))


def test_future_dates_and_steps_before_the_application_are_refused(registry):
    c = apply(registry)
    with pytest.raises(DomainError, match="晚于今天"):
        step(c, "talk", dt.date(2028, 7, 1))
    with pytest.raises(DomainError, match="早于入党申请"):
        step(c, "talk", dt.date(2024, 12, 1))
    assert StepKind.TALK not in set(c.steps.values_list("kind", flat=True))


def test_admissions_of_a_branch_under_a_general_branch_are_approved_by_the_committee_above(registry):
    from development.services import approving_organization
    from orgs.models import OrgKind

    general = registry.org(
        "档案馆党总支", OrgKind.GENERAL_BRANCH, registry.working, registry.finance, registry.working.founded
    )
    branch = registry.org("档案馆第一支部", OrgKind.BRANCH, general, registry.finance, registry.working.founded)
    assert approving_organization(branch) == registry.working
    assert needs_party_group_review(branch)
    assert approving_organization(registry.branch_a) == registry.opc


def test_an_administrator_enters_the_days_of_a_year_the_calendar_does_not_know(db):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("calendar_days", "2027-02-08", "holiday", "春节", stdout=out)
    assert "2027-02-08 holiday 春节" in out.getvalue()
    assert workdays.notice_end(dt.date(2027, 2, 4), 5)[0] == dt.date(2027, 2, 11)  # 4, 5, 9, 10, 11


def test_probationary_members_are_due_for_an_assessment_every_half_year(registry):
    from development.services import NextStep, due

    c = apply(registry)
    ready_for_vote(registry, c)
    step(c, "vote", dt.date(2026, 4, 20), present=3, yes=3, no=0, abstain=0)
    c.refresh_from_db()
    assert due(c, list(c.steps.all()), dt.date(2026, 4, 21)) == (NextStep.PARTY_GROUP_REVIEW, dt.date(2026, 7, 20))
    step(c, "party_group_review", dt.date(2026, 5, 1))
    step(c, "superior_talk", dt.date(2026, 5, 6))
    step(c, "approval", dt.date(2026, 5, 10))
    c.refresh_from_db()
    assert due(c, list(c.steps.all()), dt.date(2026, 6, 1)) == (NextStep.PROBATION_ASSESSMENT, dt.date(2026, 11, 10))
    step(c, "probation_assessment", dt.date(2026, 11, 1))
    assert due(c, list(c.steps.all()), dt.date(2026, 12, 1)) == (NextStep.CONVERSION_APPLICATION, dt.date(2027, 4, 20))


def test_written_opinions_of_absent_members_count_in_the_tally(registry):
    # 财政局第一支部 has three full members: two present say yes; without the written opinion of
    # the third, 2 of 3 already pass; with a branch of five, the written yes decides.
    registry.member("党员甲", registry.branch_a)
    registry.member("党员乙", registry.branch_a)
    c = apply(registry)
    ready_for_vote(registry, c)
    without = dict(present=3, yes=2, no=1, abstain=0)
    with pytest.raises(DomainError, match="合计不能多于应到会有表决权的正式党员"):
        step(c, "vote", dt.date(2026, 4, 20), written_yes=3, **without)
    vote = step(c, "vote", dt.date(2026, 4, 20), written_yes=1, **without)
    assert (vote.voting, vote.passed) == (5, True)  # 2 + 1 written = 3 > 5 / 2


def test_a_vote_without_written_opinions_fails_where_they_would_have_carried_it(registry):
    registry.member("党员甲", registry.branch_a)
    registry.member("党员乙", registry.branch_a)
    c = apply(registry)
    ready_for_vote(registry, c)
    vote = step(c, "vote", dt.date(2026, 4, 20), present=3, yes=2, no=1, abstain=0)
    assert vote.passed is False and "赞成票2张（含书面意见0份）" in vote.warning


def test_members_without_the_vote_are_not_among_those_entitled_and_cannot_sponsor(registry):
    from members.services import do_record_voting_suspension

    do_record_voting_suspension(
        registry.wang_wu,
        kind="probation_within_party",
        valid_from=dt.date(2026, 1, 1),
        valid_to=dt.date(2027, 1, 1),
        basis="留党察看一年（区纪委决定）",
        acting_user=None,
    )
    do_record_voting_suspension(
        registry.li_si,
        kind="approved_absence",
        valid_from=dt.date(2026, 4, 1),
        valid_to=None,
        basis="长期病休，支委会批准",
        acting_user=None,
    )
    c = apply(registry)
    to_development_object(registry, c)
    with pytest.raises(DomainError, match="王五在2026-03-10不具备担任入党介绍人的条件.*第十四条"):
        step(c, "sponsors", dt.date(2026, 3, 10), members=[registry.zhang_san, registry.wang_wu])
    step(c, "sponsors", dt.date(2026, 3, 10), members=[registry.zhang_san, registry.li_si])  # absence keeps rights
    step(c, "political_review", dt.date(2026, 3, 20), note="政治审查合格")
    step(c, "training", dt.date(2026, 4, 1), end_date=dt.date(2026, 4, 3))
    step(c, "branch_committee_review", dt.date(2026, 4, 8))
    step(c, "pre_examination", dt.date(2026, 4, 10), reference="2026-0002")
    step(c, "notice", dt.date(2026, 4, 13))
    with pytest.raises(DomainError, match="有1名"):
        step(c, "vote", dt.date(2026, 4, 20), present=2, yes=2, no=0, abstain=0)
    vote = step(c, "vote", dt.date(2026, 4, 20), present=1, yes=1, no=0, abstain=0)
    assert (vote.voting, vote.passed) == (1, True)  # only 张三 counts that day


def test_the_2014_rules_place_no_national_notice_and_a_locality_may_drop_its_own(registry, settings):
    from development.rules import Notice

    assert RULES_2014.national_notices == frozenset()
    assert Notice.BEFORE_DEVELOPMENT_OBJECT in RULES_2026.national_notices
    settings.DANGJIAN_RULES = {"notice_before_vote": False, "notice_before_development_object": False}
    assert not RULES_2014.notice_required(Notice.BEFORE_VOTE)
    assert RULES_2026.notice_required(Notice.BEFORE_DEVELOPMENT_OBJECT)  # national from 2026-05-18
    c = apply(registry)
    step(c, "talk", dt.date(2025, 1, 20))
    step(c, "activist", dt.date(2025, 3, 1))
    step(c, "development_object", dt.date(2026, 3, 2))  # 2014 rules, local notice switched off
    step(c, "sponsors", dt.date(2026, 3, 10), members=[registry.zhang_san, registry.li_si])
    step(c, "political_review", dt.date(2026, 3, 20), note="政治审查合格")
    step(c, "training", dt.date(2026, 4, 1), end_date=dt.date(2026, 4, 3))
    step(c, "branch_committee_review", dt.date(2026, 4, 8))
    step(c, "pre_examination", dt.date(2026, 4, 10), reference="2026-0003")
    assert step(c, "vote", dt.date(2026, 4, 13), present=3, yes=3, no=0, abstain=0).passed


def test_citations_follow_the_corrected_articles_and_say_when_unverified():
    assert RULES_2014.cite("pre_examination").startswith("《中国共产党发展党员工作细则（2014）》第十九条")
    assert "第二十条" in RULES_2014.cite("quorum") and "第二十一条" in RULES_2014.cite("vote")
    assert "第三十三条" in RULES_2014.cite("conversion")
    assert "条文未经核对" in RULES_2014.cite("vote")
    assert "未经核对" not in RULES_2014.cite("organs")  # 机关条例 第三十七条 was read


def test_pre_examination_needs_the_branch_committee_review_and_the_form_number(registry):
    c = apply(registry)
    to_development_object(registry, c)
    step(c, "sponsors", dt.date(2026, 3, 10), members=[registry.zhang_san, registry.li_si])
    step(c, "political_review", dt.date(2026, 3, 20), note="政治审查合格")
    step(c, "training", dt.date(2026, 4, 1), end_date=dt.date(2026, 4, 3))
    with pytest.raises(DomainError, match="请先登记“支部委员会审查”"):
        step(c, "pre_examination", dt.date(2026, 4, 10), reference="2026-0004")
    step(c, "branch_committee_review", dt.date(2026, 4, 8))
    with pytest.raises(DomainError, match="志愿书编号.*第十九条"):
        step(c, "pre_examination", dt.date(2026, 4, 10))
    assert step(c, "pre_examination", dt.date(2026, 4, 10), reference=" 2026-0004 ").reference == "2026-0004"


def test_an_applicant_born_on_29_february_comes_of_age_on_28_february(registry):
    def candidate(day):
        return Candidate(name="闰日生", education="bachelor", organization=registry.branch_a, applied_on=day)

    number = make_id_number(dt.date(2004, 2, 29))
    with pytest.raises(DomainError, match="年满十八岁"):
        do_apply(candidate(dt.date(2022, 2, 27)), id_number=number, phone="", acting_user=None)
    assert do_apply(candidate(dt.date(2022, 2, 28)), id_number=number, phone="", acting_user=None).pk


def test_the_record_of_a_probationary_member_follows_a_transfer_and_the_new_branch_votes(registry):
    from transfers.services import do_accept_transfer, do_issue_transfer

    c = admitted(registry, apply(registry))
    for i in range(4):
        registry.member(f"二支部党员{i}", registry.branch_b)  # 财政局第二支部: 6 full members
    transfer = do_issue_transfer(
        c.member, destination=registry.branch_b, day=dt.date(2026, 9, 1), reason="工作调动", acting_user=None
    )
    do_accept_transfer(transfer, day=dt.date(2026, 9, 3), acting_user=None)
    c.refresh_from_db()
    assert c.organization == registry.branch_b
    moved = c.steps.get(kind="transferred")
    assert (moved.date, moved.organization) == (dt.date(2026, 9, 3), registry.branch_b)
    step(c, "conversion_application", dt.date(2027, 3, 25))
    step(c, "conversion_notice", dt.date(2027, 4, 1))
    with pytest.raises(DomainError, match="财政局第二支部有6名"):
        step(c, "conversion_vote", dt.date(2027, 4, 20), present=7, yes=7, no=0, abstain=0)
    vote = step(c, "conversion_vote", dt.date(2027, 4, 20), present=4, yes=4, no=0, abstain=0)
    assert (vote.voting, vote.organization, vote.passed) == (6, registry.branch_b, True)


def test_an_activist_record_moves_to_another_branch_and_training_time_counts_on(registry):
    from development.services import do_transfer_record

    c = apply(registry)
    step(c, "talk", dt.date(2025, 1, 20))
    step(c, "activist", dt.date(2025, 3, 1))
    do_transfer_record(c, destination=registry.branch_c, day=dt.date(2025, 10, 1), acting_user=None)
    c.refresh_from_db()
    assert c.organization == registry.branch_c
    notice = step(c, "object_notice", dt.date(2026, 3, 2))  # one year from 2025-03-01, not from the move
    assert notice.organization == registry.branch_c


def test_check_rules_replays_a_record_and_names_the_breach(registry):
    from development.services import breaches

    c = apply(registry)
    to_development_object(registry, c)
    assert breaches(c) == []
    Step.objects.filter(candidate=c, kind="development_object").update(date=dt.date(2026, 2, 27))
    Step.objects.filter(candidate=c, kind="object_notice").update(date=dt.date(2026, 2, 1))
    found = breaches(c)
    assert found and "最早可于2026-03-01" in found[0][1]


def test_the_party_group_review_names_the_departments_group_or_warns_when_none_is_recorded(registry):
    from orgs.models import LeadershipGroup
    from orgs.services import do_create_leadership_group

    c = apply(registry)
    ready_for_vote(registry, c)
    step(c, "vote", dt.date(2026, 4, 20), present=3, yes=3, no=0, abstain=0)
    unrecorded = step(c, "party_group_review", dt.date(2026, 4, 23))
    assert "没有登记党组" in unrecorded.warning
    c2 = apply(registry, name="钱小三")
    ready_for_vote(registry, c2)
    step(c2, "vote", dt.date(2026, 4, 20), present=3, yes=3, no=0, abstain=0)
    do_create_leadership_group(
        LeadershipGroup(
            unit=registry.finance, kind="party_group", name="中共财政局党组", valid_from=dt.date(2020, 1, 1)
        ),
        acting_user=None,
    )
    review = step(c2, "party_group_review", dt.date(2026, 4, 23))
    assert (review.decided_by, review.warning) == ("中共财政局党组", "")


def test_a_record_cannot_move_once_the_branch_has_voted_and_the_member_joins_the_branch_that_voted(registry):
    from development.services import do_transfer_record

    c = apply(registry)
    ready_for_vote(registry, c)
    step(c, "vote", dt.date(2026, 4, 20), present=3, yes=3, no=0, abstain=0)
    with pytest.raises(DomainError, match="表决通过，正待上级党委审批，不能转移培养关系"):
        do_transfer_record(c, destination=registry.branch_c, day=dt.date(2026, 4, 25), acting_user=None)
    step(c, "party_group_review", dt.date(2026, 4, 23))
    step(c, "superior_talk", dt.date(2026, 4, 25))
    step(c, "approval", dt.date(2026, 5, 10))
    c.refresh_from_db()
    assert c.member.organization == registry.branch_a


def test_a_step_dated_before_a_move_of_the_record_belongs_to_the_branch_that_held_it(registry):
    from development.services import do_transfer_record

    c = apply(registry)
    step(c, "talk", dt.date(2025, 1, 20))
    step(c, "activist", dt.date(2025, 3, 1))
    do_transfer_record(c, destination=registry.branch_c, day=dt.date(2025, 10, 1), acting_user=None)
    with pytest.raises(DomainError, match="转移日期不能早于最近一步"):
        do_transfer_record(c, destination=registry.branch_b, day=dt.date(2025, 9, 1), acting_user=None)
    assessment = step(c, "assessment", dt.date(2025, 9, 1))  # recorded late by the new branch
    assert assessment.organization == registry.branch_a
    assert step(c, "assessment", dt.date(2026, 3, 1)).organization == registry.branch_c


def test_after_an_extension_the_conversion_needs_a_new_application(registry):
    c = admitted(registry, apply(registry))
    step(c, "conversion_application", dt.date(2027, 3, 25))
    step(c, "conversion_notice", dt.date(2027, 4, 1))
    step(c, "extension_vote", dt.date(2027, 4, 22), number=6, present=3, yes=3, no=0, abstain=0)
    step(c, "extension", dt.date(2027, 5, 6))
    with pytest.raises(DomainError, match="预备期已于2027-05-06延长，请.*重新提出转正申请"):
        step(c, "conversion_vote", dt.date(2027, 10, 20), present=3, yes=3, no=0, abstain=0)
    step(c, "conversion_application", dt.date(2027, 9, 25))
    with pytest.raises(DomainError, match="请先登记“转正公示”"):  # the old notice does not count either
        step(c, "conversion_vote", dt.date(2027, 10, 20), present=3, yes=3, no=0, abstain=0)


def test_replay_reports_a_vote_whose_count_no_longer_matches_the_facts(registry):
    from development.services import breaches
    from members.services import do_record_voting_suspension

    c = apply(registry)
    ready_for_vote(registry, c)
    step(c, "vote", dt.date(2026, 4, 20), present=2, yes=2, no=0, abstain=0)
    assert breaches(c) == []
    do_record_voting_suspension(
        registry.wang_wu,
        kind="approved_absence",
        valid_from=dt.date(2026, 4, 1),
        valid_to=dt.date(2026, 5, 1),
        basis="补登：出国学习，支委会批准",
        acting_user=None,
    )
    ((found, message),) = breaches(c)
    assert found.kind == "vote" and "应到会有表决权的正式党员为2名" in message and "3名" in message


def test_a_sponsor_who_left_later_does_not_make_the_old_record_a_breach(registry):
    from development.services import breaches
    from members.services import do_record_member_event

    c = apply(registry)
    ready_for_vote(registry, c)
    do_record_member_event(registry.li_si, kind="deceased", day=dt.date(2026, 6, 1), note="", acting_user=None)
    assert breaches(c) == []


def test_probation_from_29_february_ends_on_28_february():
    from development.models import probation_end

    assert probation_end(dt.date(2028, 2, 29)) == dt.date(2029, 2, 28)
    assert probation_end(dt.date(2028, 2, 29), 6) == dt.date(2029, 8, 28)


def test_before_the_2019_organs_regulations_no_party_group_step_is_required(registry, settings):
    settings.DANGJIAN_TODAY = "2019-12-31"
    c = apply(registry, day=dt.date(2017, 1, 6))
    step(c, "talk", dt.date(2017, 1, 20))
    step(c, "activist", dt.date(2017, 3, 1))
    step(c, "activist_filing", dt.date(2017, 3, 5))
    step(c, "object_notice", dt.date(2018, 3, 5))
    step(c, "development_object", dt.date(2018, 3, 12))
    step(c, "sponsors", dt.date(2018, 3, 13), members=[registry.zhang_san, registry.li_si])
    step(c, "political_review", dt.date(2018, 3, 20), note="政治审查合格")
    step(c, "training", dt.date(2018, 4, 2), end_date=dt.date(2018, 4, 4))
    step(c, "branch_committee_review", dt.date(2018, 4, 9))
    step(c, "pre_examination", dt.date(2018, 4, 10), reference="2018-0001")
    step(c, "notice", dt.date(2018, 4, 11))
    step(c, "vote", dt.date(2018, 4, 23), present=3, yes=3, no=0, abstain=0)
    step(c, "superior_talk", dt.date(2018, 4, 25))
    assert step(c, "approval", dt.date(2018, 5, 10)).warning == ""


def test_a_probationary_member_is_not_converted_outside_the_procedure(registry):
    from members.services import do_record_member_event

    c = admitted(registry, apply(registry))
    with pytest.raises(DomainError, match="转正须经支部大会讨论、上级党委审批"):
        do_record_member_event(c.member, kind="converted", day=dt.date(2027, 4, 20), note="", acting_user=None)
    with pytest.raises(DomainError, match="预备期为一年.*至2026-12-01届满"):
        do_record_member_event(
            registry.zhao_liu,
            kind="converted",
            day=add_months(registry.zhao_liu.join_date, 11),
            note="",
            acting_user=None,
        )
    c.member.refresh_from_db()
    assert c.member.category == "probationary"


def test_the_record_closes_when_the_probationary_member_leaves_the_roll(registry):
    from members.services import do_record_member_event

    c = admitted(registry, apply(registry))
    do_record_member_event(c.member, kind="deceased", day=dt.date(2026, 9, 1), note="", acting_user=None)
    c.refresh_from_db()
    assert c.stage == Stage.CLOSED
    closing = c.steps.get(kind="stopped")
    assert closing.date == dt.date(2026, 9, 1) and "离开党员名册" in closing.note


def test_open_records_follow_a_branch_merged_by_a_plan(registry, secretary):
    from adjustments.tests.test_plans import draft, execute

    c = apply(registry, day=dt.date(2025, 1, 6))
    step(c, "talk", dt.date(2025, 1, 20))
    plan = draft(
        registry,
        secretary,
        {"kind": "merge", "organization": registry.branch_a, "target": registry.branch_b},
        effective=dt.date(2026, 1, 15),
    )
    execute(plan, secretary)
    c.refresh_from_db()
    assert c.organization == registry.branch_b
    assert c.steps.get(kind="transferred").note == "财政局第一支部并入财政局第二支部"
