"""Messages raised in Python go through gettext with English msgids: a person who chose English
reads no Chinese in a refusal, and the Chinese UI reads exactly what it read before.

Each row of CASES triggers one real message of one app: `setup` builds what it needs once, then
`trigger` is called in English and in Chinese and returns the message. Names from the records
(`data`) are Chinese in either language and are left out of the check. To cover another app, add
a row."""

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from accounts.services import do_set_active
from accounts.validators import PasswordPolicyValidator
from adjustments import preview as adjustment_preview
from authority.services import check_roles
from conftest import make_id_number, make_user
from core import idcard
from core.errors import DomainError
from core.rules import MIN_AGE_TO_JOIN
from development.models import Candidate, Step
from development.services import do_apply, do_record_step
from evaluation import services as evaluation_services
from members.models import Member
from members.services import do_record_member_event
from orgs import rules as term_rules
from orgs.models import PartyOrganization
from orgs.services import apply_term_rules
from reports import staffing
from transfers.rules import LETTER_VALIDITY_MONTHS
from work.services import lead_body

CJK = re.compile(r"[\u4e00-\u9fff]")
TODAY = "2028-06-30"


@pytest.fixture(autouse=True)
def clock(settings):
    settings.DANGJIAN_TODAY = TODAY


def _probationary_on_a_round(registry):
    evaluation = evaluation_services.do_open_round(registry.branch_a, day=dt.date(2026, 6, 1), acting_user=None)
    return evaluation.participants.get(member=registry.zhao_liu)


def refusal(action: Callable[[], Any], error: type[Exception] = DomainError) -> str:
    """The message of the error `action` raises."""
    with pytest.raises(error) as caught:
        action()
    found = caught.value
    if isinstance(found, DomainError):
        return found.message
    if isinstance(found, ValidationError):
        return " ".join(found.messages)
    return str(found)


def _apply(registry, *, applied_on: dt.date, birth: dt.date = dt.date(1998, 3, 3)):
    candidate = Candidate(name="钱小二", education="bachelor", organization=registry.branch_a, applied_on=applied_on)
    return lambda: do_apply(candidate, id_number=make_id_number(birth), phone="13900001111", acting_user=None)


def _step(candidate, kind: str, day: dt.date, members=(), **fields):
    return do_record_step(Step(candidate=candidate, kind=kind, date=day, **fields), members=members, acting_user=None)


def _development_object_with_a_suspended_sponsor(registry):
    """A development object, and 王五 without the vote (留党察看) on the day sponsors are named."""
    from development.tests.test_rules import apply, to_development_object  # the record's steps, as there
    from members.services import do_record_voting_suspension

    do_record_voting_suspension(
        registry.wang_wu,
        kind="probation_within_party",
        valid_from=dt.date(2026, 1, 1),
        valid_to=dt.date(2027, 1, 1),
        basis="留党察看一年",
        acting_user=None,
    )
    candidate = apply(registry)
    to_development_object(registry, candidate)
    return candidate, [registry.zhang_san, registry.wang_wu]


def _term_breach(registry):
    type(registry.branch_a).objects.filter(pk=registry.branch_a.pk).update(
        term_years=5, term_start=dt.date(2020, 1, 1), term_end=dt.date(2025, 1, 1)
    )
    return lambda: next(message for name, message in term_rules.breaches() if name == registry.branch_a.name)


def _import_into_an_unknown_branch(registry):
    """The plan of a member import whose one row names a branch that does not exist."""
    from exchange import members, reader
    from exchange.tests.test_import import csv_bytes, row

    return members.validate(reader.read_table(csv_bytes([row(registry, 所在党支部="不存在的党支部")])))


# -- members, orgs, transfers, adjustments ----------------------------------------------------


def _pending_transfer(registry):
    """张三 has a transfer to the second branch in progress."""
    from transfers.services import do_issue_transfer

    do_issue_transfer(
        registry.zhang_san, destination=registry.branch_b, day=dt.date(2026, 3, 2), reason="工作调动", acting_user=None
    )
    return lambda: do_issue_transfer(
        registry.zhang_san, destination=registry.branch_c, day=dt.date(2026, 3, 9), reason="", acting_user=None
    )


def _life_meeting_planned(registry):
    """The finance bureau's party group has its 2026 democratic life meeting planned; planning
    another is refused."""
    from leadership.models import LifeMeeting
    from leadership.services import do_plan_life_meeting
    from orgs.models import LeadershipGroup
    from orgs.services import do_create_leadership_group

    do_create_leadership_group(
        LeadershipGroup(unit=registry.finance, kind="party_group", name="财政局党组", valid_from=dt.date(2025, 1, 1)),
        acting_user=None,
    )

    def plan():
        meeting = LifeMeeting(year=2026, topic="主题", planned_date=dt.date(2026, 12, 1))
        do_plan_life_meeting(registry.finance, meeting, acting_user=None)

    plan()
    return plan


def _plan_moving_a_branch_under_a_branch(registry):
    from adjustments.models import AdjustmentPlan, OperationKind, PlanOperation

    plan = AdjustmentPlan.objects.create(name="调整方案", effective=dt.date(2026, 1, 1), committee=registry.working)
    PlanOperation.objects.create(
        plan=plan, position=1, kind=OperationKind.MOVE, organization=registry.branch_a, target=registry.branch_b
    )
    return plan


@dataclass(frozen=True)
class Case:
    app: str
    trigger: Callable[[Any], str]  # (what `setup` made) -> the message, in the active language
    chinese: str  # exactly what the Chinese UI shows (as before the messages had English msgids)
    setup: Callable[[Any], Any] = lambda registry: registry  # run once, before both languages
    data: tuple[str, ...] = ()  # names from the records: Chinese in either language

    def __str__(self) -> str:
        return self.app


CASES = [
    Case(
        "development",
        lambda registry: refusal(_apply(registry, applied_on=dt.date(2099, 1, 1))),
        "申请日期不能晚于今天。",
    ),
    Case(
        "development, with a citation",
        lambda registry: refusal(_apply(registry, applied_on=dt.date(2025, 1, 1), birth=dt.date(2007, 6, 1))),
        "申请入党须年满十八岁（《中国共产党发展党员工作细则（2014）》第五条（条文未经核对））。",
    ),
    Case(
        "core personal numbers",
        lambda _: refusal(lambda: Member(name="某人").set_phone("12")),
        "电话号码只能包含数字，长度7至15位。",
    ),
    Case("core rules citation", lambda _: str(MIN_AGE_TO_JOIN.citation), "《中国共产党章程》第一条（条文未经核对）"),
    Case(
        "core idcard",
        lambda _: refusal(lambda: idcard.parse("12345"), idcard.InvalidIdNumber),
        "身份证号应为18位：前17位为数字，最后一位为数字或X。",
    ),
    Case(
        "orgs term rules",
        lambda breach: breach(),
        "任期应为3年（《中国共产党党和国家机关基层组织工作条例（2019）》第七条），登记为5年。",
        setup=_term_breach,
    ),
    Case(
        "transfers rules citation",
        lambda _: str(LETTER_VALIDITY_MONTHS.citation),
        "《中国共产党党员教育管理工作条例（2019）》第二十四至二十六条及本地实践（条文未经核对）",
    ),
    Case(
        "members rights",
        lambda made: refusal(lambda: _step(made[0], "sponsors", dt.date(2026, 3, 10), members=made[1])),
        "王五在2026-03-10不具备担任入党介绍人的条件（《中国共产党发展党员工作细则（2014）》第十四条（条文未经核对））。",
        setup=_development_object_with_a_suspended_sponsor,
        data=("王五",),
    ),
    Case("authority", lambda _: refusal(lambda: check_roles({})), "每个事项必须有且只有一个主办单位。"),
    Case(
        "work",
        lambda _: refusal(lambda: lead_body("NO-99", dt.date(2026, 1, 1))),
        "现行事权清单中没有事项“NO-99”，无法确定主办单位。",
    ),
    Case(
        "reports staffing",
        lambda registry: "；".join(
            staffing.check(type(registry.opc).objects.all(), dt.date(2026, 1, 1)).shortfalls[0].missing
        ),
        "书记；专职工作人员1名",
    ),
    Case(
        "accounts validators",
        lambda _: refusal(lambda: PasswordPolicyValidator().validate("abc"), ValidationError),
        "密码太短：至少需要8个字符。",
    ),
    Case(
        "accounts services",
        lambda user: refusal(lambda: do_set_active(user, active=False, acting_user=user)),
        "不能停用自己的账户。",
        setup=lambda registry: make_user("alice"),
    ),
    # exchange: a row of an import refused; the reason is read in the reader's language
    Case(
        "exchange row reason",
        lambda plan: plan.errors[0].reason,
        "没有这个党支部（或不在您管理的范围内）",
        setup=_import_into_an_unknown_branch,
    ),
    # members, orgs, transfers, adjustments
    Case(
        "members services",
        lambda registry: refusal(
            lambda: do_record_member_event(
                registry.zhao_liu, kind="converted", day=dt.date(2026, 6, 1), note="", acting_user=None
            )
        ),
        "预备期为一年，自2025-12-01入党至2026-12-01届满，转正日期不能早于届满之日（《中国共产党章程》第七条（条文未经核对））。",
    ),
    Case(
        "orgs services",
        lambda _: refusal(
            lambda: apply_term_rules(
                PartyOrganization(name="临时党支部", kind="temporary_branch", term_start=dt.date(2026, 1, 1))
            )
        ),
        "临时党支部不实行任期制，请不要填写任期。",
    ),
    Case(
        "transfers services",
        lambda issue_again: refusal(issue_again),
        "该党员已有一笔未办结的组织关系转接（2026-03-02，转往财政局第二支部），请先办结或撤回。",
        setup=_pending_transfer,
        data=("财政局第二支部",),
    ),
    Case(
        "leadership services",
        lambda plan_again: refusal(plan_again),
        "万州区财政局已有2026年度民主生活会：请打开该记录修改。",
        setup=_life_meeting_planned,
        data=("万州区财政局",),
    ),
    Case(
        "evaluation services",
        lambda participant: refusal(lambda: evaluation_services.check_grade(participant, "qualified")),
        "赵六在2026-06-01为预备党员：预备党员参加民主评议，但不评定等次（《组织部门关于民主评议党员的工作要求》评定等次（条文未经核对））。",
        setup=_probationary_on_a_round,
        data=("赵六",),
    ),
    Case(
        "adjustments preview",
        lambda plan: adjustment_preview.build(plan).errors[0].message,
        "党支部“财政局第二支部”不能领导党支部“财政局第一支部”。",
        setup=_plan_moving_a_branch_under_a_branch,
        data=("财政局第二支部", "财政局第一支部"),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_a_message_reads_in_english_for_english_and_as_before_in_chinese(registry, case):
    made = case.setup(registry)
    with translation.override("en"):
        english = case.trigger(made)
    with translation.override(settings.LANGUAGE_CODE):
        chinese = case.trigger(made)
    assert chinese == case.chinese
    for name in case.data:
        english = english.replace(name, "")
    assert english.strip() and CJK.search(english) is None, english


def test_a_refusal_on_a_page_reads_in_english_when_english_is_chosen(registry, client_for, branch_secretary):
    from development.tests.test_rules import apply

    candidate = apply(registry)
    client = client_for(branch_secretary)
    url = reverse("development:step_create", args=[candidate.pk, "activist"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.post(url, {"date": "2025-03-01"}).content.decode()
    assert "Please record “Talk” first." in page and "请先登记" not in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    page = client.post(url, {"date": "2025-03-01"}).content.decode()
    assert "请先登记“谈话”。" in page


def test_a_warning_kept_on_a_step_is_a_record_in_chinese_whoever_recorded_it(registry):
    """Warnings are stored with the step (data, shown to everyone as recorded): in the site's
    language, as before, even when the person who recorded the step reads English."""
    from development.tests.test_rules import apply

    candidate = apply(registry, day=dt.date(2025, 1, 6))
    with translation.override("en"):
        talk = _step(candidate, "talk", dt.date(2025, 3, 1))
    assert talk.warning == "谈话晚于收到申请后一个月（《中国共产党发展党员工作细则（2014）》第七条（条文未经核对））。"
    assert talk.rules == "中国共产党发展党员工作细则（2014）"
