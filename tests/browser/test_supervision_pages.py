"""Rectification in the browser, on a phone (375 px): a branch's secretary reports an item of a
专题督查 rectified with a note, the committee's inspector accepts it, and the item shows 已整改."""

import datetime as dt
import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from supervision import services
from tests.browser import conftest as browser_conftest
from tests.browser.test_pages import log_in, pass_second_factor

pytestmark = pytest.mark.django_db(transaction=True)
SHOTS = Path(os.environ.get("DANGJIAN_SHOTS") or browser_conftest.SHOTS)
PHONE = {"width": 375, "height": 812}


@pytest.fixture
def item(registry, settings, tmp_path):
    settings.DANGJIAN_TODAY = "2026-06-30"
    settings.MEDIA_ROOT = str(tmp_path)
    inspection = services.do_create_inspection(
        topic="基层党组织“三会一课”落实情况专题督查",
        year=2026,
        organizations=[registry.opc, registry.branch_a],
        starts_on=dt.date(2026, 5, 11),
        ends_on=dt.date(2026, 5, 29),
        acting_user=None,
    )
    finding = services.do_add_finding(
        inspection, organization=registry.branch_a, text="党课开展次数不足，上半年仅开展1次。", acting_user=None
    )
    return services.do_add_item(
        finding,
        text="制定党课计划，按季度落实",
        responsible="支部书记",
        deadline=dt.date(2026, 9, 30),
        acting_user=None,
    )


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_branch_closes_a_rectification_item_on_a_phone(live_server, browser, registry, branch_secretary, clerk, item):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_context(viewport=PHONE, locale="zh-CN").new_page()
    log_in(page, live_server, "branch_secretary")
    page.goto(f"{live_server.url}/orgs/{registry.branch_a.pk}/")
    page.get_by_test_id("supervision").click()
    expect(page.get_by_test_id("open-items")).to_contain_text("待整改")
    page.get_by_role("link", name="制定党课计划，按季度落实").click()
    page.get_by_role("button", name="报告整改完成").click()
    expect(page.get_by_text("请说明整改情况。")).to_be_visible()  # the note is required
    page.get_by_label("整改情况").fill("已制定2026年党课计划，7月由支部书记讲专题党课。")
    _fits(page)
    page.screenshot(path=SHOTS / "supervision-item-report-phone.png", full_page=True)
    page.get_by_role("button", name="报告整改完成").click()
    expect(page.get_by_text("已报告整改完成，等待督查人员验收。")).to_be_visible()
    expect(page.get_by_test_id("item-state")).to_have_text("已报整改，待验收")
    page.context.close()

    page = browser.new_context(viewport=PHONE, locale="zh-CN").new_page()
    log_in(page, live_server, "clerk")
    pass_second_factor(page, clerk)
    page.goto(f"{live_server.url}/supervision/item/{item.pk}/")
    expect(page.get_by_test_id("history")).to_contain_text("7月由支部书记讲专题党课")
    page.get_by_role("button", name="验收通过：已整改").click()
    expect(page.get_by_test_id("item-state")).to_have_text("已整改")
    _fits(page)
    page.screenshot(path=SHOTS / "supervision-item-closed-phone.png", full_page=True)
    page.context.close()
