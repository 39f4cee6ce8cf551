"""民主评议: the roll, the share of 优秀, probationary members, concluding, and the follow-up of a
不合格 verdict through the to-do list."""

import datetime as dt

import pytest
from django.utils import translation

from core.errors import DomainError
from evaluation import queries, services
from evaluation.models import FollowUp, Grade
from orgs.models import OrgKind
from work.models import ItemKind, ItemStatus, WorkItem
from work.services import do_create_reminders

DAY = dt.date(2026, 6, 1)
NO_VOTES = (0, 0, 0, 0)


@pytest.fixture
def twelve(registry):
    """A branch of twelve full members and one probationary member."""
    branch = registry.org("审计局第一支部", OrgKind.BRANCH, registry.opc, registry.finance, registry.district.founded)
    for n in range(12):
        registry.member(f"党员{n:02d}", branch)
    registry.member("预备甲", branch, probationary=True)
    return branch


def grade(participant, value):
    return services.do_record_evaluation(
        participant,
        self_assessed=True,
        self_assessment="",
        mutual_assessed=True,
        votes=NO_VOTES,
        grade=value,
        acting_user=None,
    )


def test_the_roll_is_the_branch_on_the_rounds_date_with_probationary_members_marked(twelve):
    evaluation = services.do_open_round(twelve, day=DAY, acting_user=None)
    roll = queries.roll(evaluation)
    assert len(roll) == 13
    assert [p.member.name for p in roll if p.probationary] == ["预备甲"]


def test_excellent_is_refused_beyond_one_third_rounded_down_and_allowed_up_to_it(twelve):
    evaluation = services.do_open_round(twelve, day=DAY, acting_user=None)
    full = [p for p in queries.roll(evaluation) if not p.probationary]
    for p in full[:4]:
        grade(p, Grade.EXCELLENT)  # 4 of 12: allowed
    with translation.override("zh-hans"), pytest.raises(DomainError) as refused:
        grade(full[4], Grade.EXCELLENT)  # the fifth
    assert "12" in refused.value.message and "4" in refused.value.message
    assert "三分之一" in refused.value.message  # needs the catalogue
    full[4].refresh_from_db()
    assert full[4].grade == ""
    assert services.excellent_limit(evaluation) == (12, 4)


def test_a_locality_without_a_share_sets_no_cap(twelve, settings):
    settings.DANGJIAN_RULES = {"evaluation_excellent_capped": False}
    evaluation = services.do_open_round(twelve, day=DAY, acting_user=None)
    for p in [p for p in queries.roll(evaluation) if not p.probationary][:6]:
        grade(p, Grade.EXCELLENT)
    assert evaluation.participants.filter(grade=Grade.EXCELLENT).count() == 6


def test_a_probationary_member_takes_part_but_is_not_graded(twelve):
    evaluation = services.do_open_round(twelve, day=DAY, acting_user=None)
    probationary = evaluation.participants.get(probationary=True)
    services.do_record_evaluation(
        probationary,
        self_assessed=True,
        self_assessment="学习不够深入",
        mutual_assessed=True,
        votes=(1, 10, 1, 0),
        grade="",
        acting_user=None,
    )
    with pytest.raises(DomainError) as refused:
        grade(probationary, Grade.QUALIFIED)
    assert "预备甲" in refused.value.message
    probationary.refresh_from_db()
    assert probationary.grade == "" and probationary.votes == (1, 10, 1, 0)


def test_a_round_concludes_only_when_every_full_member_has_a_verdict(twelve):
    evaluation = services.do_open_round(twelve, day=DAY, acting_user=None)
    with pytest.raises(DomainError):
        services.do_conclude_round(evaluation, day=DAY, meeting="", acting_user=None)
    for p in evaluation.participants.filter(probationary=False):
        grade(p, Grade.QUALIFIED)
    services.do_conclude_round(evaluation, day=DAY, meeting="支部党员大会", acting_user=None)
    assert queries.rounds_held([twelve.pk, 999_999], 2026) == {twelve.pk: 1, 999_999: 0}
    assert queries.rounds_held([twelve.pk], 2025) == {twelve.pk: 0}
    with pytest.raises(DomainError):
        grade(evaluation.participants.filter(probationary=False).first(), Grade.EXCELLENT)


def test_a_member_who_moved_is_not_graded_by_the_old_branch_nor_twice_in_the_year(twelve, registry):
    from django.db import transaction

    from members.services import move_membership

    evaluation = services.do_open_round(twelve, day=DAY, acting_user=None)
    leaver = evaluation.participants.filter(probationary=False).order_by("pk").first().member
    with transaction.atomic():
        move_membership(leaver, registry.branch_a, dt.date(2026, 6, 10), reason="调动", acting_user=None)
    for p in evaluation.participants.filter(probationary=False).exclude(member=leaver):
        grade(p, Grade.QUALIFIED)
    # concluded after the move: the leaver is not the old branch's to grade
    services.do_conclude_round(evaluation, day=dt.date(2026, 6, 20), meeting="支部党员大会", acting_user=None)
    assert evaluation.participants.get(member=leaver).grade == ""
    # graded already this year elsewhere, a member is not on a second branch's roll
    graded = evaluation.participants.filter(probationary=False).exclude(member=leaver).first().member
    with transaction.atomic():
        move_membership(graded, registry.branch_a, dt.date(2026, 7, 1), reason="调动", acting_user=None)
    second = services.do_open_round(registry.branch_a, day=dt.date(2026, 7, 15), acting_user=None)
    on_roll = set(second.participants.values_list("member_id", flat=True))
    assert leaver.pk in on_roll and graded.pk not in on_roll


def test_one_round_a_year_per_branch(twelve):
    services.do_open_round(twelve, day=DAY, acting_user=None)
    with pytest.raises(DomainError):
        services.do_open_round(twelve, day=dt.date(2026, 12, 1), acting_user=None)


def test_unqualified_leads_to_one_follow_up_to_do_closed_by_the_outcome(twelve, branch_secretary):
    evaluation = services.do_open_round(twelve, day=DAY, acting_user=None)
    full = list(evaluation.participants.filter(probationary=False).select_related("member"))
    for p in full[1:]:
        grade(p, Grade.QUALIFIED)
    grade(full[0], Grade.UNQUALIFIED)
    do_create_reminders(DAY)
    assert not WorkItem.objects.filter(kind=ItemKind.EVALUATION_FOLLOW_UP).exists()  # not before the verdict is final
    services.do_conclude_round(evaluation, day=DAY, meeting="", acting_user=None)
    do_create_reminders(DAY)
    do_create_reminders(DAY)
    item = WorkItem.objects.get(kind=ItemKind.EVALUATION_FOLLOW_UP)
    assert item.organization == twelve and full[0].member.name in item.title
    services.do_record_follow_up(
        full[0], follow_up=FollowUp.EDUCATION, note="限期三个月改正", day=dt.date(2026, 6, 10), acting_user=None
    )
    item.refresh_from_db()
    assert item.status == ItemStatus.DONE and "限期三个月改正" in item.outcome
    do_create_reminders(DAY)
    assert WorkItem.objects.filter(kind=ItemKind.EVALUATION_FOLLOW_UP).count() == 1
    assert [p.follow_up for p in queries.verdicts_of(full[0].member)] == [FollowUp.EDUCATION]


def test_only_an_unqualified_verdict_is_followed_up(twelve):
    evaluation = services.do_open_round(twelve, day=DAY, acting_user=None)
    for p in evaluation.participants.filter(probationary=False):
        grade(p, Grade.QUALIFIED)
    services.do_conclude_round(evaluation, day=DAY, meeting="", acting_user=None)
    with pytest.raises(DomainError):
        services.do_record_follow_up(
            evaluation.participants.first(), follow_up=FollowUp.DISPOSAL, note="", day=DAY, acting_user=None
        )


def test_check_rules_names_a_round_whose_excellent_exceed_a_share_lowered_since(twelve, settings):
    from evaluation.rules import breaches

    evaluation = services.do_open_round(twelve, day=DAY, acting_user=None)
    for p in [p for p in queries.roll(evaluation) if not p.probationary][:4]:
        grade(p, Grade.EXCELLENT)
    assert list(breaches()) == []
    settings.DANGJIAN_RULES = {"evaluation_excellent_one_in": 4}  # a quarter: 3 of 12
    [(label, message)] = list(breaches())
    assert twelve.name in label and "3" in message and "12" in message


def entries(evaluation, excellent: int) -> dict:
    """The whole roll from the tally sheet: `excellent` full members excellent, the rest qualified."""
    full = [p for p in queries.roll(evaluation) if not p.probationary]
    found = {}
    for i, p in enumerate(queries.roll(evaluation)):
        value = "" if p.probationary else Grade.EXCELLENT if i < excellent else Grade.QUALIFIED
        found[p.pk] = services.RollEntry(True, True, NO_VOTES, value)
    assert len(full) == 12
    return found


def test_the_whole_roll_at_once_keeps_the_share_of_excellent(twelve):
    evaluation = services.do_open_round(twelve, day=DAY, acting_user=None)
    with translation.override("zh-hans"), pytest.raises(DomainError) as refused:
        services.do_record_roll(evaluation, entries(evaluation, 5), acting_user=None)
    assert "12人中最多4人" in refused.value.message  # needs the catalogue
    assert not evaluation.participants.exclude(grade="").exists()
    assert services.do_record_roll(evaluation, entries(evaluation, 4), acting_user=None) == 13
    assert evaluation.participants.filter(grade=Grade.EXCELLENT).count() == 4
    # the trail names whose verdict the whole-roll save set
    from audit.models import AuditEvent

    verdicts = AuditEvent.objects.filter(action="evaluation.roll.recorded").latest("pk").new["verdicts"]
    assert list(verdicts.values()).count("—→优秀") == 4 and len(verdicts) == 12


def test_the_whole_roll_at_once_grades_no_probationary_member(twelve):
    evaluation = services.do_open_round(twelve, day=DAY, acting_user=None)
    found = entries(evaluation, 0)
    probationary = evaluation.participants.get(probationary=True)
    found[probationary.pk] = services.RollEntry(True, True, NO_VOTES, Grade.QUALIFIED)
    with pytest.raises(DomainError) as refused:
        services.do_record_roll(evaluation, found, acting_user=None)
    assert "预备甲" in refused.value.message
