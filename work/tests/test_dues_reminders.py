"""Party dues in arrears reach the member's branch: a reminder from 3 consecutive months unpaid,
once per run of months however often reminders run; from 6 months a to-do for the branch's
decision with the member's organizational life in those months (never decided by the system);
both done when the months are paid.

The branch 财政局第一支部 on 2026-11-05 (the months counted end with October): 张三 has not paid
since August, 李四 since April, 王五 has paid every month."""

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from dues import services
from dues.models import PayerKind, PaymentWay
from orglife.models import Attendance, AttendanceStatus, Meeting, MeetingKind
from work.arrears import lapse_candidates
from work.models import ItemKind, ItemStatus, WorkItem

MONTHS = [dt.date(2026, m, 1) for m in range(1, 11)]


@pytest.fixture
def branch(registry, settings):
    settings.DANGJIAN_TODAY = "2026-11-05"
    r = registry
    for member in (r.zhang_san, r.li_si, r.wang_wu):
        services.do_set_base(member, kind=PayerKind.WAGE, amount=Decimal("4000"), month=MONTHS[0], acting_user=None)
    behind_from = {r.zhang_san.pk: dt.date(2026, 8, 1), r.li_si.pk: dt.date(2026, 4, 1)}
    for month in MONTHS:
        services.do_compute_month(month, organizations=[r.branch_a])
        paying = {
            m.pk: Decimal("40.00")
            for m in (r.zhang_san, r.li_si, r.wang_wu)
            if m.pk not in behind_from or month < behind_from[m.pk]
        }
        services.do_record_payments(
            r.branch_a, month, paying, day=month.replace(day=15), way=PaymentWay.PAYROLL, acting_user=None
        )
    return r.branch_a


def run(day: str) -> str:
    out = StringIO()
    call_command("reminders", "--today", day, stdout=out)
    return out.getvalue()


def dues_items(member):
    return list(
        WorkItem.objects.filter(
            kind__in=[ItemKind.DUES_ARREARS, ItemKind.DUES_LAPSE], payload__member=member.pk
        ).order_by("kind", "pk")
    )


def pay(registry, member, months, day="2026-11-05"):
    for month in months:
        services.do_record_payments(
            registry.branch_a,
            month,
            {member.pk: Decimal("40.00")},
            day=dt.date.fromisoformat(day),
            way=PaymentWay.CASH,
            acting_user=None,
        )


def test_members_three_months_behind_remind_their_branch_once_however_often_reminders_run(branch, registry):
    assert "2 members behind with their dues and 1 for the branch's decision" in run("2026-11-05")
    run("2026-11-05")
    run("2026-11-06")
    (zhang,) = dues_items(registry.zhang_san)
    assert zhang.kind == ItemKind.DUES_ARREARS and zhang.status == ItemStatus.OPEN
    assert zhang.source_key == f"dues_arrears:{registry.zhang_san.pk}:2026-08"
    assert zhang.organization == branch and zhang.lead_body is None  # the branch's own business
    assert zhang.title == "张三同志自2026-08起未交纳党费，请提醒其按时交纳"
    assert "连续3个月（2026-08—2026-10）" in zhang.description
    assert dues_items(registry.wang_wu) == []


def test_six_months_unpaid_are_listed_with_the_members_organizational_life_for_the_branch_to_decide(branch, registry):
    for day, status in (
        (dt.date(2026, 5, 12), AttendanceStatus.ABSENT),
        (dt.date(2026, 9, 8), AttendanceStatus.EXCUSED),
    ):
        meeting = Meeting.objects.create(organization=branch, kind=MeetingKind.THEME_DAY, date=day, topic="主题党日")
        Attendance.objects.create(meeting=meeting, member=registry.li_si, status=status, reason="")
    run("2026-11-05")
    arrears, lapse = dues_items(registry.li_si)
    assert arrears.kind == ItemKind.DUES_ARREARS and lapse.kind == ItemKind.DUES_LAPSE
    assert lapse.title == "李四同志已连续7个月未交纳党费，请党支部研究处理"
    assert "不自动作出任何处理" in lapse.description
    assert "2次会议，出席0次、请假1次、缺席1次" in lapse.description
    assert lapse.status == ItemStatus.OPEN  # the system decides nothing: the branch closes it with its decision

    (candidate,) = lapse_candidates(registry.opc, dt.date(2026, 10, 1))
    assert candidate.member == registry.li_si and candidate.run.months == 7
    assert (candidate.life.meetings, candidate.life.present, candidate.life.excused, candidate.life.absent) == (
        2,
        0,
        1,
        1,
    )
    assert lapse_candidates(registry.branch_b, dt.date(2026, 10, 1)) == []


def test_paying_the_months_closes_the_to_dos_at_once_and_they_are_not_made_again(branch, registry):
    run("2026-11-05")
    pay(registry, registry.zhang_san, [dt.date(2026, 8, 1), dt.date(2026, 9, 1)])
    (zhang,) = dues_items(registry.zhang_san)
    assert zhang.status == ItemStatus.OPEN  # October still unpaid
    pay(registry, registry.zhang_san, [dt.date(2026, 10, 1)])
    zhang.refresh_from_db()
    assert zhang.status == ItemStatus.DONE and zhang.outcome == "2026-08—2026-10的党费已交纳。"
    run("2026-11-06")
    assert [i.status for i in dues_items(registry.zhang_san)] == [ItemStatus.DONE]


def test_an_open_reminder_follows_its_run_and_a_month_settled_by_a_relief_closes_it_at_the_next_run(
    branch, registry, settings
):
    from dues.models import Relief, ReliefKind

    run("2026-11-05")
    settings.DANGJIAN_TODAY = "2026-12-03"
    services.do_compute_month(dt.date(2026, 11, 1), organizations=[branch])
    run("2026-12-03")
    (zhang,) = dues_items(registry.zhang_san)
    assert zhang.payload["last"] == "2026-11-01"  # the same to-do, four months now
    Relief.objects.create(
        member=registry.zhang_san,
        kind=ReliefKind.EXEMPT,
        first=dt.date(2026, 8, 1),
        last=dt.date(2026, 11, 1),
        approved_by=registry.opc,
        approved_on=dt.date(2026, 12, 2),
        basis="家庭困难",
    )
    for month in (8, 9, 10, 11):
        services.do_compute_month(dt.date(2026, month, 1), organizations=[branch])
    assert "(1 since paid)" in run("2026-12-04")
    zhang.refresh_from_db()
    assert zhang.status == ItemStatus.DONE
