"""The annual statistics report in Chromium, at desktop and phone width: the committee's clerk
opens it from the statistics menu, sees the identity hold, explains a flagged figure, drills from
a figure to the member it counts, and downloads the workbook."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from members.models import EventKind
from members.services import do_record_member_event
from tests.browser.test_pages import log_in, pass_second_factor

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_clerk_explains_a_flagged_figure_and_drills_to_the_member(
    live_server, page, registry, clerk, shoot, settings
):
    settings.DANGJIAN_RULES = {**getattr(settings, "DANGJIAN_RULES", {}), "annual_flag_minimum": 1}
    do_record_member_event(registry.sun_qi, kind=EventKind.DECEASED, day=dt.date(2025, 3, 1), note="", acting_user=None)
    log_in(page, live_server, "clerk")
    pass_second_factor(page, clerk)
    page.goto(f"{live_server.url}/stats/annual/?year=2025")
    expect(page.get_by_test_id("annual-title")).to_contain_text("2025年党内统计年报")
    expect(page.get_by_test_id("reconcile")).to_contain_text("年初 8 + 增加 1 − 减少 1 = 年末 8")
    expect(page.get_by_test_id("flags")).to_contain_text("预备党员")
    shoot(page, "annual-report")

    form = page.get_by_test_id("explain-members.probationary")
    form.get_by_role("textbox").fill("赵六同志12月接收为预备党员")
    form.get_by_role("button", name="保存").click()
    expect(page.get_by_text("说明已保存。")).to_be_visible()
    expect(page.get_by_test_id("flags")).to_contain_text("已说明")

    with page.expect_download() as download:
        page.get_by_test_id("annual-xlsx").click()
    assert download.value.suggested_filename.startswith("党内统计年报-区直机关工委-2025-12-31")

    page.locator('[data-figure="changes.decrease.death"] a').click()
    expect(page.get_by_test_id("figure-title")).to_contain_text("去世：1")
    page.get_by_role("link", name="财政局第二支部").click()
    expect(page.get_by_test_id("figure-members")).to_contain_text("孙七")
    shoot(page, "annual-drill-members")


def test_the_clerk_files_last_year_and_next_year_compares_with_it(live_server, page, registry, clerk, shoot):
    """At the default thresholds nothing of the small registry is flagged: the clerk files 2024;
    孙七's death in June 2024, recorded afterwards, leaves the filing as it was and makes 2025's
    start ask for an explanation before 2025 can be filed."""
    log_in(page, live_server, "clerk")
    pass_second_factor(page, clerk)
    page.goto(f"{live_server.url}/stats/annual/?year=2024")
    page.get_by_test_id("file-button").click()
    expect(page.get_by_text("已报送，数字按现在的记录保存。")).to_be_visible()
    expect(page.get_by_test_id("filed")).to_contain_text("报送人 clerk")

    do_record_member_event(registry.sun_qi, kind=EventKind.DECEASED, day=dt.date(2024, 6, 1), note="", acting_user=None)
    page.goto(f"{live_server.url}/stats/annual/?year=2025")
    expect(page.get_by_test_id("flags")).to_contain_text("年初党员数与上年报送的年末数：8 → 7")
    expect(page.get_by_test_id("file")).to_contain_text("1 项超出审核阈值的变化尚未说明")
    shoot(page, "annual-start-differs")
    form = page.get_by_test_id("explain-changes.start")
    form.get_by_role("textbox").fill("孙七2024年6月去世，报送后补录")
    form.get_by_role("button", name="保存").click()
    page.get_by_test_id("file-button").click()
    expect(page.get_by_test_id("filed")).to_be_visible()
    expect(page.get_by_test_id("explanation").first).to_contain_text("孙七2024年6月去世")
    shoot(page, "annual-filed")
    page.get_by_test_id("withdraw").click()
    expect(page.get_by_text("已撤回报送，数字重新按记录计算。")).to_be_visible()
    expect(page.get_by_test_id("file-button")).to_be_visible()
