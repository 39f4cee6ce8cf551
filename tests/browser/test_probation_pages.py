"""Issue 13 in the browser: a probationary member transferred to another branch is converted by
the receiving branch once probation is over; before that, the branch meeting extends the
probation and the superior approves the extension."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from development.models import Candidate
from development.tests.test_rules import admitted, apply
from tests.browser.test_development_pages import record
from tests.browser.test_pages import log_in, pass_second_factor
from transfers.models import Transfer
from transfers.services import do_accept_transfer, do_issue_transfer

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_receiving_branch_extends_probation_and_then_converts(
    live_server, page, registry, secretary, settings, shoot
):
    settings.DANGJIAN_TODAY = "2026-08-31"
    c = admitted(registry, apply(registry))  # admitted by 财政局第一支部 on 2026-04-20
    for i in range(4):
        registry.member(f"二支部党员{i}", registry.branch_b)  # 财政局第二支部: six full members
    transfer = do_issue_transfer(
        c.member, destination=registry.branch_b, day=dt.date(2026, 8, 20), reason="工作调动", acting_user=None
    )
    do_accept_transfer(transfer, day=dt.date(2026, 8, 25), acting_user=None)
    assert Transfer.objects.get(pk=transfer.pk).status == "completed"

    settings.DANGJIAN_TODAY = "2027-05-31"
    log_in(page, live_server, "secretary")
    pass_second_factor(page, secretary)
    page.goto(f"{live_server.url}/development/{c.pk}/")
    expect(page.get_by_test_id("timeline")).to_contain_text("培养关系转移")
    expect(page.get_by_test_id("timeline")).to_contain_text("财政局第二支部")

    # too early: the branch discusses it when probation is over (2027-04-20)
    record(
        page,
        "支部大会决定延长预备期",
        "2027-04-19",
        date_label="支部大会日期",
        **{"延长月数": 6, "到会有表决权的党员数": 5, "赞成": 5, "反对": 0, "弃权": 0},
    )
    expect(page.locator(".invalid-feedback, .alert-danger").first).to_contain_text("预备期满后讨论")
    page.goto(f"{live_server.url}/development/{c.pk}/")
    record(
        page,
        "支部大会决定延长预备期",
        "2027-04-22",
        date_label="支部大会日期",
        **{"延长月数": 6, "到会有表决权的党员数": 4, "赞成": 3, "反对": 1, "弃权": 0, "书面意见赞成": 1},
    )
    timeline = page.get_by_test_id("timeline")
    expect(timeline).to_contain_text("应到6、实到4，赞成3")  # the receiving branch's six
    expect(timeline).to_contain_text("书面意见：赞成1")
    record(page, "上级党委批准延长预备期", "2027-05-06")
    expect(page.get_by_test_id("probation-end")).to_have_text("2027-10-20")
    shoot(page, "probation-extended")

    settings.DANGJIAN_TODAY = "2027-12-31"
    page.goto(f"{live_server.url}/development/{c.pk}/")
    record(page, "转正申请", "2027-09-25")
    record(page, "转正公示", "2027-10-08", date_label="公示开始日期", **{"收到的反映及处理情况": "无"})
    record(
        page,
        "支部大会表决转正",
        "2027-10-20",
        date_label="支部大会日期",
        **{"到会有表决权的党员数": 5, "赞成": 5, "反对": 0, "弃权": 0},
    )
    record(page, "部门党组讨论或审核转正", "2027-10-25")
    record(page, "上级党委审批转正", "2027-11-01")
    expect(page.get_by_test_id("stage")).to_have_text("正式党员")
    shoot(page, "probation-converted-by-the-receiving-branch")
    c = Candidate.objects.select_related("member").get(pk=c.pk)
    vote = c.steps.get(kind="conversion_vote")
    assert (vote.organization, vote.voting, c.member.full_member_date) == (
        registry.branch_b,
        6,
        dt.date(2027, 10, 20),
    )
