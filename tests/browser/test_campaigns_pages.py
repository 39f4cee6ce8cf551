"""Campaigns in the browser, on a phone: a member records an activity of 党员与群众心连心 from
their own page, and the branch secretary sees it on the branch's list. Screenshots at 375 px
(DANGJIAN_SHOTS puts them in a reviewer's folder)."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from campaigns import services
from tests.browser import conftest as browser_conftest
from tests.browser.test_pages import log_in

pytestmark = pytest.mark.django_db(transaction=True)
SHOTS = Path(os.environ.get("DANGJIAN_SHOTS") or browser_conftest.SHOTS)
PHONE = {"width": 375, "height": 812}


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_member_records_an_activity_on_a_phone_and_the_branch_sees_it(
    live_server, browser, registry, plain_member, branch_secretary, settings, tmp_path
):
    settings.DANGJIAN_TODAY = "2026-06-30"
    settings.MEDIA_ROOT = str(tmp_path)
    services.do_create_campaign(
        name="党员与群众心连心", kind="activity", first_year=2008, members_record=True, acting_user=None
    )
    page = browser.new_context(viewport=PHONE, locale="zh-CN").new_page()
    log_in(page, live_server, "plain_member")
    page.locator(".navbar-toggler").click()
    page.get_by_test_id("orglife-menu").click()
    page.get_by_role("link", name="我的活动").click()
    expect(page.get_by_text("不强制、不计分、不排名")).to_be_visible()
    page.get_by_label("日期").fill("2026-06-20")
    page.get_by_label("活动内容").fill("给留守儿童辅导功课")
    page.get_by_label("服务对象").fill("梨树村留守儿童")
    page.get_by_role("button", name="记录").click()
    expect(page.get_by_test_id("my-activities")).to_contain_text("给留守儿童辅导功课")
    _fits(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "campaigns-mine-phone.png", full_page=True)
    page.context.close()

    page = browser.new_context(viewport=PHONE, locale="zh-CN").new_page()
    log_in(page, live_server, "branch_secretary")
    page.goto(f"{live_server.url}/orgs/{registry.branch_a.pk}/")
    page.get_by_test_id("campaigns").click()
    page.get_by_role("link", name="党员活动记录").click()
    expect(page.get_by_test_id("branch-activities")).to_contain_text("李四")
    expect(page.get_by_test_id("branch-activities")).to_contain_text("梨树村留守儿童")
    _fits(page)
    page.screenshot(path=SHOTS / "campaigns-branch-phone.png", full_page=True)
    page.context.close()
