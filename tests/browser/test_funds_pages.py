"""Activity funds in the browser: an organ party committee's officer records a spending on a
phone and reads the balance; a refusal keeps what was typed; the committee's overview at a
desk. Screenshots at 1280 and 375 px (DANGJIAN_SHOTS puts them in a reviewer's folder)."""

import datetime as dt
import os
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from funds import services
from tests.browser import conftest as browser_conftest
from tests.browser.test_pages import log_in, pass_second_factor

pytestmark = pytest.mark.django_db(transaction=True)
SHOTS = Path(os.environ.get("DANGJIAN_SHOTS") or browser_conftest.SHOTS)
WIDTHS = {"desk": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 812}}


@pytest.fixture
def funded(registry, settings, tmp_path):
    settings.DANGJIAN_TODAY = "2026-06-30"
    settings.MEDIA_ROOT = str(tmp_path)
    party = services.do_set_budget(
        registry.opc, year=2026, kind="party", source="per_member", counted_on=dt.date(2026, 1, 1), acting_user=None
    )
    fixed = services.do_set_budget(
        registry.opc,
        year=2026,
        kind="party",
        source="fixed",
        amount=Decimal("8000"),
        notes="工委核定",
        acting_user=None,
    )
    union = services.do_set_budget(
        registry.opc, year=2026, kind="union", source="union_allocation", amount=Decimal("12000"), acting_user=None
    )
    for budget, day, category, amount, purpose in [
        (fixed, dt.date(2026, 3, 5), "education", "1680.00", "党员春训教材及资料"),
        (fixed, dt.date(2026, 5, 28), "theme_day", "2350.50", "“七一”主题党日红色教育基地参观"),
        (party, dt.date(2026, 1, 20), "relief", "600", "春节走访慰问困难党员"),
        (union, dt.date(2026, 4, 24), "culture_sports", "4200", "职工趣味运动会"),
    ]:
        services.do_record_spending(
            budget, date=day, category=category, amount=Decimal(amount), purpose=purpose, acting_user=None
        )
    services.do_set_budget(
        registry.pc, year=2026, kind="party", source="fixed", amount=Decimal("15000"), acting_user=None
    )
    return fixed


def _page(browser, width: str):
    context = browser.new_context(viewport=WIDTHS[width], locale="zh-CN")
    return context.new_page()


def _shoot(page, name: str, width: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"funds-{name}-{width}.png", full_page=True)


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("width", list(WIDTHS))
def test_an_officer_records_a_spending_on_a_phone_and_reads_the_balance(
    live_server, browser, registry, opc_officer, funded, width
):
    page = _page(browser, width)
    log_in(page, live_server, "opc_officer")
    menu = page.locator(".navbar-toggler")
    if menu.is_visible():  # a phone: the navigation is folded
        menu.click()
    page.get_by_role("link", name="活动经费", exact=True).click()
    page.get_by_role("link", name="财政局机关党委").click()
    expect(page.get_by_role("heading", name="财政局机关党委 2026年度活动经费")).to_be_visible()
    _fits(page)
    _shoot(page, "organization", width)
    page.locator(f"tr[data-testid=budget-{funded.pk}]").get_by_role("link", name="记一笔支出").click()
    expect(page.get_by_test_id("budget-summary")).to_contain_text("余额3,969.50元")
    page.get_by_label("日期").fill("2026-06-18")
    page.get_by_label("支出类别").select_option(label="困难党员帮扶")
    page.get_by_label("金额（元）").fill("4000")
    page.get_by_label("用途").fill("走访慰问生活困难党员")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("本笔支出超出预算")).to_be_visible()
    expect(page.get_by_label("用途")).to_have_value("走访慰问生活困难党员")
    _fits(page)
    _shoot(page, "refused", width)
    page.get_by_label("金额（元）").fill("969.5")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("支出已登记。")).to_be_visible()
    expect(page.locator(f"tr[data-testid=budget-{funded.pk}] [data-testid=balance]")).to_have_text("3,000.00")
    page.context.close()


@pytest.mark.parametrize("width", list(WIDTHS))
def test_the_committee_reads_the_overview(live_server, browser, registry, clerk, funded, width):
    page = _page(browser, width)
    log_in(page, live_server, "clerk")
    pass_second_factor(page, clerk)
    page.goto(f"{live_server.url}/funds/?year=2026&kind=party")
    expect(page.get_by_test_id("overview")).to_contain_text("教委党委")
    expect(page.get_by_test_id("totals")).to_contain_text("24,200.00")  # 1,200 + 8,000 + 15,000
    _fits(page)
    _shoot(page, "overview", width)
    page.context.close()
