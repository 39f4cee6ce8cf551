"""Issue 4 in the browser: a plan from draft to ledger, and a transfer from issue to acceptance."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from accounts.roles import Role
from adjustments.models import AdjustmentPlan, PlanOperation
from conftest import make_user
from members.models import Member
from orgs.models import PartyOrganization
from tests.browser.test_pages import log_in, pass_second_factor

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_plan_is_drafted_previewed_compared_approved_executed_and_ledgered(
    live_server, page, registry, secretary, shoot
):
    other = AdjustmentPlan.objects.create(name="备选方案", effective=dt.date(2026, 1, 5), committee=registry.working)
    PlanOperation.objects.create(
        plan=other, position=1, kind="move", organization=registry.branch_b, target=registry.pc
    )
    log_in(page, live_server, "secretary")
    pass_second_factor(page, secretary)

    page.goto(f"{live_server.url}/adjustments/")
    page.get_by_role("link", name="新建方案").click()
    page.get_by_label("名称").fill("教委支部划转方案")
    page.get_by_label("生效日期").fill("2026-01-05")
    page.get_by_label("说明").fill("教委第一支部划归财政局机关党委领导。")
    page.get_by_role("button", name="保存").click()
    page.get_by_role("link", name="添加调整步骤").click()
    page.get_by_label("调整事项").select_option(label="调整隶属关系")
    page.get_by_label("党组织", exact=True).fill("教委第一")
    page.get_by_label("新的上级党组织或并入的党组织").fill("财政局机关党委")
    page.get_by_role("button", name="保存").click()

    expect(page.get_by_test_id("preview-ok")).to_be_visible()
    changes = page.get_by_test_id("superior-changes")
    expect(changes).to_contain_text("财政局机关党委")
    expect(changes).to_contain_text("教委第一支部")
    expect(page.get_by_test_id("preview-warnings")).to_contain_text("“教委党委”不再领导任何党组织")
    expect(page.get_by_test_id("ledger")).to_contain_text("调出党组织0个")
    shoot(page, "plan-preview")

    page.goto(f"{live_server.url}/adjustments/")
    page.get_by_label("对比 教委支部划转方案").check()
    page.get_by_label("对比 备选方案").check()
    page.get_by_role("button", name="对比勾选的方案").click()
    comparison = page.get_by_test_id("comparison")
    expect(comparison).to_contain_text("教委支部划转方案")
    expect(comparison).to_contain_text("备选方案")
    shoot(page, "plan-compare")

    comparison.get_by_role("link", name="教委支部划转方案").click()
    page.get_by_label("审批意见").fill("同意。")
    page.get_by_role("button", name="批准", exact=True).click()
    expect(page.get_by_test_id("plan-status")).to_have_text("已批准")
    page.get_by_role("button", name="执行").click()
    expect(page.get_by_test_id("plan-status")).to_have_text("已执行")
    expect(page.get_by_role("link", name="撤销：教委支部划转方案")).to_be_visible()
    branch = PartyOrganization.objects.get(pk=registry.branch_c.pk)
    assert PartyOrganization.objects.get_parent(branch) == registry.opc
    shoot(page, "plan-executed")

    page.goto(f"{live_server.url}/adjustments/ledger/")
    expect(page.get_by_test_id("ledger-table")).to_contain_text("教委支部划转方案")
    shoot(page, "plan-ledger")


def test_a_transfer_walks_from_issue_to_acceptance(live_server, page, registry, branch_secretary, shoot):
    make_user("receiver", Role.ORG_ADMIN, registry.branch_c)
    log_in(page, live_server, "branch_secretary")
    page.goto(f"{live_server.url}/members/{registry.li_si.pk}/")
    page.get_by_role("link", name="转接组织关系").click()
    page.get_by_label("接收党支部").fill("教委第一支部")
    page.get_by_label("转出日期").fill("2026-03-02")
    page.get_by_label("原因").fill("工作调动")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("transfer-status")).to_have_text("待接收")
    assert Member.objects.get(pk=registry.li_si.pk).organization == registry.branch_a
    shoot(page, "transfer-issued")
    page.context.clear_cookies()

    log_in(page, live_server, "receiver")
    page.goto(f"{live_server.url}/transfers/")
    incoming = page.get_by_test_id("incoming")
    expect(incoming).to_contain_text("李四")
    shoot(page, "transfer-inbox")
    incoming.get_by_role("link", name="李四").click()
    page.get_by_role("link", name="接收", exact=True).click()
    page.get_by_test_id("accept-form").get_by_label("接收日期").fill("2026-03-05")
    page.get_by_role("button", name="确认接收").click()
    expect(page.get_by_test_id("transfer-status")).to_have_text("已办结")
    page.get_by_role("link", name="李四").first.click()
    path = page.get_by_test_id("member-path")
    expect(path).to_contain_text("2026-03-05 — 至今：教委第一支部")
    shoot(page, "member-path")
