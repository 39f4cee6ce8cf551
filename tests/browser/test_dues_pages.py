"""Issue 20 in the browser, on a phone (375 px), as one walk: a branch of 30 members; its dues
collector computes November, ticks a member paid, marks the rest paid at once; a member of the
branch signs in and finds the month paid; the collector remits the month and the organ party
committee's officer, on their phone, confirms the receipt. (The remittance pages at a desk, the
parts and the accounts: test_dues_remittance.py.)"""

import datetime as dt
import os
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from accounts.roles import Role
from conftest import make_user
from dues import services
from dues.models import MonthlyDues, PayerKind
from orgs.models import OrgKind
from tests.browser import conftest as browser_conftest
from tests.browser.test_pages import log_in

pytestmark = pytest.mark.django_db(transaction=True)
SHOTS = Path(os.environ.get("DANGJIAN_SHOTS") or browser_conftest.SHOTS)
PHONE = {"width": 375, "height": 812}

SURNAMES = "王李张刘陈杨黄赵吴周"
GIVEN = ["建国", "秀英", "志强"]


@pytest.fixture
def branch_of_30(registry, settings):
    """机关第三支部 under 财政局机关党委: 30 members made through members.services, each with a
    base from January 2026 (bases in three bands); its dues collector; one member's account."""
    settings.DANGJIAN_TODAY = "2026-11-30"
    branch = registry.org("财政局第三支部", OrgKind.BRANCH, registry.opc, registry.finance, dt.date(2010, 1, 1))
    members = [registry.member(s + g, branch) for s in SURNAMES for g in GIVEN]
    for i, member in enumerate(members):
        base = ("2800", "4500.50", "8000")[i % 3]
        services.do_set_base(
            member, kind=PayerKind.WAGE, amount=Decimal(base), month=dt.date(2026, 1, 1), acting_user=None
        )
    make_user("collector", Role.TREASURER, branch)
    make_user("superior", Role.ORG_ADMIN, registry.opc)  # 财政局机关党委's officer
    make_user("member30", Role.MEMBER, None, member=members[-1])
    return branch, members


def phone(browser):
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    return context, context.new_page()


def shoot(page, name):
    """The page at a desk and on the phone; neither may scroll sideways."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=SHOTS / f"{name}-{width}.png", full_page=True)
        page.screenshot(path=SHOTS / f"{name}-{width}-screen.png")  # what the first screen shows
        assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{name} scrolls sideways at {width}"
    page.set_viewport_size(PHONE)


def test_a_collector_marks_a_month_paid_the_member_sees_it_the_superior_confirms_it(live_server, browser, branch_of_30):
    branch, members = branch_of_30
    context, page = phone(browser)
    log_in(page, live_server, "collector")
    page.goto(f"{live_server.url}/dues/")  # the collector's one branch: straight to this month
    expect(page.get_by_test_id("month")).to_have_text("2026-11党费")
    expect(page.get_by_role("heading", name="财政局第三支部")).to_be_visible()
    page.get_by_role("button", name="生成本月党费").click()
    expect(page.get_by_text("2026-11党费：新增30名党员，更新0名。")).to_be_visible()
    expect(page.get_by_test_id("unpaid-count")).to_have_text("30 / 30")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shoot(page, "dues-month-unpaid")

    # one tap on a name ticks that member; save records them paid in full
    first = members[0]
    page.get_by_text(first.name, exact=True).click()
    expect(page.get_by_label(f"{first.name}已交")).to_be_checked()
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已记录1名党员2026-11的党费。")).to_be_visible()
    expect(page.get_by_test_id("unpaid-count")).to_have_text("29 / 30")

    # the rest at once, by transfer
    page.get_by_label("交纳方式").select_option(label="转账")
    page.get_by_role("button", name="全部未交标记为已交").click()
    expect(page.get_by_text("已记录29名党员2026-11的党费。")).to_be_visible()
    expect(page.get_by_test_id("unpaid-count")).to_have_text("0 / 30")
    shoot(page, "dues-month-paid")
    rows = MonthlyDues.objects.filter(organization=branch, month=dt.date(2026, 11, 1))
    assert rows.count() == 30 and all(r.paid == r.due for r in rows)
    assert sum(r.paid for r in rows) == Decimal("14.00") * 10 + Decimal("45.01") * 10 + Decimal("120.00") * 10
    context.close()

    # the member, on their own phone
    context, page = phone(browser)
    log_in(page, live_server, "member30")
    page.locator(".navbar-toggler").click()  # the phone's menu
    page.get_by_test_id("dues-menu").click()
    page.locator(".dropdown-menu.show").get_by_role("link", name="我的党费").click()
    expect(page.get_by_role("heading", name="我的党费")).to_be_visible()
    row = page.get_by_test_id("month-2026-11")
    expect(row).to_contain_text("已交")
    expect(row).to_contain_text("120.00")
    expect(row).to_contain_text("2026-11-30")
    expect(row).to_contain_text("转账")
    expect(page.get_by_test_id("bases")).to_contain_text("8,000.00")  # their own base, in full
    shoot(page, "dues-mine")
    context.close()

    # the collector remits the month to the organ party committee (it keeps none: a branch)
    context, page = phone(browser)
    log_in(page, live_server, "collector")
    page.goto(f"{live_server.url}/dues/remittance/{branch.pk}/?year=2026&month=11")
    expect(page.get_by_test_id("pending")).to_contain_text("1790.10")
    form = page.get_by_test_id("remit-form")
    form.get_by_label("上缴日期").fill("2026-11-30")
    form.get_by_role("button", name="上缴").click()
    expect(page.get_by_text("1790.10元已上缴财政局机关党委")).to_be_visible()
    expect(page.get_by_test_id("sent")).to_contain_text("待确认")
    context.close()

    # the superior's officer confirms the receipt on their phone
    context, page = phone(browser)
    log_in(page, live_server, "superior")
    page.goto(f"{live_server.url}/dues/remittances/to-confirm/")
    row = page.get_by_test_id("to-confirm").get_by_role("row").filter(has_text="财政局第三支部")
    expect(row).to_contain_text("1790.10")
    shoot(page, "dues-to-confirm")
    row.get_by_label("收到日期").fill("2026-11-30")
    row.get_by_role("button", name="确认收到").click()
    expect(page.get_by_text("已确认收到")).to_be_visible()
    expect(page.get_by_test_id("to-confirm")).to_contain_text("没有待您确认的上缴党费")
    context.close()


def test_the_committee_above_reads_the_overview_and_a_members_dues_masked(
    live_server, browser, branch_of_30, registry, opc_officer
):
    """财政局机关党委's officer: the overview of its branches, a member's page with the base
    masked (no right to reveal), and the relief form; at a desk and on a phone."""
    branch, members = branch_of_30
    services.do_compute_month(dt.date(2026, 11, 1), organizations=[branch])
    context, page = phone(browser)
    log_in(page, live_server, "opc_officer")
    page.goto(f"{live_server.url}/dues/")
    expect(page.get_by_test_id("organizations")).to_contain_text("财政局第三支部")
    expect(page.get_by_test_id("organizations")).to_contain_text("1790.10")
    shoot(page, "dues-overview")
    page.get_by_role("link", name="财政局第三支部").click()
    expect(page.get_by_test_id("unpaid-count")).to_have_text("30 / 30")
    page.goto(f"{live_server.url}/dues/member/{members[2].pk}/")  # unpaid names are tick labels here
    expect(page.get_by_test_id("bases")).to_contain_text("****")
    expect(page.get_by_test_id("bases")).not_to_contain_text("8,000.00")
    shoot(page, "dues-member")
    page.get_by_test_id("grant-relief").click()
    expect(page.get_by_role("heading", name=f"困难减免：{members[2].name}")).to_be_visible()
    shoot(page, "dues-relief")
    context.close()
