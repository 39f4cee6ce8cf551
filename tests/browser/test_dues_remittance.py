"""Issue 20 in the browser, at a desk and on a phone: a branch's officer remits the branch's
November dues to its organ party committee, whose officer confirms the receipt in a browser of
their own; the branch then sees its remittance confirmed, and the committee its month."""

import datetime as dt
import os
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from dues import services
from dues.models import PayerKind, PaymentWay
from tests.browser import conftest as browser_conftest
from tests.browser.test_election_pages import second_browser
from tests.browser.test_pages import log_in

pytestmark = pytest.mark.django_db(transaction=True)
SHOTS = Path(os.environ.get("DANGJIAN_SHOTS") or browser_conftest.SHOTS)
NOV = dt.date(2026, 11, 1)


def shoot_both(page, name):
    """The page at a desk (1280) and on a phone (375), then back to the test's own width."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=SHOTS / f"dues-{name}-{width}.png", full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{name} scrolls sideways at {width}"
    page.set_viewport_size(size)


@pytest.fixture
def paid(registry, settings):
    settings.DANGJIAN_TODAY = "2026-12-03"
    r = registry
    for member, base in ((r.zhang_san, "4321.50"), (r.li_si, "3000.00"), (r.wang_wu, "12000")):
        services.do_set_base(
            member, kind=PayerKind.WAGE, amount=Decimal(base), month=dt.date(2026, 1, 1), acting_user=None
        )
    services.do_compute_month(NOV, organizations=[r.branch_a])
    services.do_record_payments(
        r.branch_a,
        NOV,
        {r.zhang_san.pk: Decimal("43.22"), r.li_si.pk: Decimal("15.00"), r.wang_wu.pk: Decimal("240.00")},
        day=dt.date(2026, 11, 20),
        way=PaymentWay.PAYROLL,
        acting_user=None,
    )
    return r


def test_the_superiors_officer_confirms_a_branchs_remittance(
    live_server, page, browser, paid, branch_secretary, opc_officer
):
    r = paid
    log_in(page, live_server, "branch_secretary")
    page.goto(f"{live_server.url}/dues/remittance/{r.branch_a.pk}/?year=2026&month=11")
    expect(page.get_by_test_id("pending")).to_contain_text("298.22")
    expect(page.get_by_test_id("pending")).to_contain_text("财政局机关党委")
    shoot_both(page, "month-before")
    form = page.get_by_test_id("remit-form")
    form.get_by_label("上缴日期").fill("2026-11-30")
    form.get_by_role("button", name="上缴").click()
    expect(page.get_by_text("298.22元已上缴财政局机关党委")).to_be_visible()
    expect(page.get_by_test_id("sent")).to_contain_text("待确认")

    other = second_browser(browser, page, live_server, opc_officer)
    other.goto(f"{live_server.url}/dues/remittances/to-confirm/")
    row = other.get_by_test_id("to-confirm").get_by_role("row").filter(has_text="财政局第一支部")
    expect(row).to_contain_text("298.22")
    shoot_both(other, "to-confirm")
    row.get_by_label("收到日期").fill("2026-12-02")
    row.get_by_role("button", name="确认收到").click()
    expect(other.get_by_text("已确认收到")).to_be_visible()
    expect(other.get_by_test_id("to-confirm")).to_contain_text("没有待您确认的上缴党费")

    other.goto(f"{live_server.url}/dues/remittance/{r.opc.pk}/?year=2026&month=11")
    expect(other.get_by_test_id("below")).to_contain_text("已确认")
    expect(other.get_by_test_id("below")).to_contain_text("财政局第二支部")  # not remitted: nothing paid
    expect(other.get_by_test_id("pending")).to_contain_text("238.58")  # 80 % of 298.22 kept
    expect(other.get_by_test_id("pending")).to_contain_text("59.64")
    shoot_both(other, "committee-month")

    other.goto(f"{live_server.url}/dues/account/{r.opc.pk}/subtree/?year=2026")
    expect(other.get_by_test_id("subtree")).to_contain_text("财政局第一支部")
    shoot_both(other, "subtree")

    page.reload()
    expect(page.get_by_test_id("sent")).to_contain_text("已确认")
    page.goto(f"{live_server.url}/dues/account/{r.branch_a.pk}/?year=2026")
    expect(page.get_by_test_id("account")).to_contain_text("298.22")
    shoot_both(page, "account")
