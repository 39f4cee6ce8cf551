"""The annual assessment in the browser: a committee clerk adopts next year's indicator table by
copying this year's (at a desk), and an organ party committee's officer reads its figures on a
phone, each with its source and a link to the records. Screenshots at 1280 and 375 px
(DANGJIAN_SHOTS puts them in a reviewer's folder)."""

import os
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from assessment.models import IndicatorTable
from assessment.tests.conftest import make_table
from tests.browser import conftest as browser_conftest
from tests.browser.test_pages import log_in, pass_second_factor

pytestmark = pytest.mark.django_db(transaction=True)
SHOTS = Path(os.environ.get("DANGJIAN_SHOTS") or browser_conftest.SHOTS)
WIDTHS = {"desk": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 812}}


@pytest.fixture
def this_year(registry, settings):
    settings.DANGJIAN_TODAY = "2026-11-30"
    return make_table(2026)


def _page(browser, width: str):
    return browser.new_context(viewport=WIDTHS[width], locale="zh-CN").new_page()


def _shoot(page, name: str, width: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"assessment-{name}-{width}.png", full_page=True)


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_clerk_adopts_next_years_table_by_copying_this_years(live_server, browser, registry, clerk, this_year):
    page = _page(browser, "desk")
    log_in(page, live_server, "clerk")
    pass_second_factor(page, clerk)
    page.get_by_test_id("year-menu").click()
    page.get_by_test_id("assessment-menu").click()
    expect(page.get_by_role("heading", name="2026年度考核")).to_be_visible()
    _shoot(page, "overview", "desk")
    page.get_by_test_id("tables").click()
    expect(page.get_by_label("复制以下指标表的项目")).to_have_value(str(this_year.pk))
    expect(page.get_by_label("新指标表年度")).to_have_value("2027")
    page.get_by_role("button", name="拟定草案").click()
    expect(page.get_by_text("2027年度指标表草案已拟定。")).to_be_visible()
    expect(page.get_by_test_id("changes")).to_contain_text("项目与2026年度机关党建工作目标考核指标相同")
    page.get_by_test_id("item-B1").get_by_role("link", name="变更").click()
    page.get_by_label("分值").fill("25")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("changes")).to_contain_text("修改 B1 思想政治建设（分值）")
    _shoot(page, "draft", "desk")
    page.get_by_test_id("adopt").click()
    expect(page.get_by_text("2027年度考核指标表已通过。")).to_be_visible()
    expect(page.get_by_test_id("status")).to_contain_text("已通过")
    expect(page.get_by_test_id("add-item")).to_have_count(0)
    adopted = IndicatorTable.objects.get(year=2027)
    assert adopted.adopted and adopted.items.get(code="B1").points == Decimal("25")
    page.context.close()


@pytest.mark.parametrize("width", list(WIDTHS))
def test_an_officer_reads_the_figures_computed_from_the_records(
    live_server, browser, registry, opc_officer, this_year, width
):
    page = _page(browser, width)
    log_in(page, live_server, "opc_officer")
    menu = page.locator(".navbar-toggler")
    if menu.is_visible():  # a phone: the navigation is folded
        menu.click()
    page.get_by_test_id("year-menu").click()
    page.get_by_test_id("assessment-menu").click()
    expect(page.get_by_role("heading", name="财政局机关党委2026年度考核")).to_be_visible()
    expect(page.get_by_test_id("no-upload")).to_have_text("指标由系统根据记录计算，无需上传材料。")
    expect(page.get_by_test_id("line-A1")).to_contain_text("组织生活按规定开展")
    _fits(page)
    _shoot(page, "organization", width)
    page.get_by_test_id("line-A1").get_by_role("link", name="查看记录").click()
    expect(page).to_have_url(f"{live_server.url}/orglife/compliance/?year=2026&superior={registry.opc.pk}")
    page.context.close()
