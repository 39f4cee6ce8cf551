"""Issue 13 point 7 in the browser: a branch asks for a letter out of the district, the working
committee's organization section issues it (the letter-issuing page is shot at both widths) and
records the receipt that comes back to it."""

import pytest
from playwright.sync_api import expect

from members.models import Member, Status
from tests.browser.test_pages import log_in, pass_second_factor
from transfers.models import Transfer

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_branch_requests_a_letter_and_the_working_committee_issues_it(
    live_server, page, registry, branch_secretary, clerk, shoot
):
    log_in(page, live_server, "branch_secretary")
    page.goto(f"{live_server.url}/members/{registry.zhang_san.pk}/")
    page.get_by_role("link", name="转出区外").click()
    expect(page.get_by_text("区外转接介绍信由区直机关工委开具")).to_be_visible()
    page.get_by_label("接收党组织").fill("中共重庆市渝北区委组织部")
    page.get_by_label("报送日期").fill("2026-03-02")
    page.get_by_label("党费交至年月").fill("2026-02")
    page.get_by_label("原因").fill("调往渝北区工作")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("transfer-status")).to_have_text("待开具介绍信")
    expect(page.get_by_test_id("awaiting-issuer")).to_contain_text("已报送区直机关工委")
    expect(page.get_by_role("link", name="开具介绍信")).to_have_count(0)
    shoot(page, "letter-requested")
    page.context.clear_cookies()

    log_in(page, live_server, "clerk")
    pass_second_factor(page, clerk)
    page.goto(f"{live_server.url}/transfers/")
    page.get_by_test_id("to-issue").get_by_role("link", name="张三").click()
    page.get_by_role("link", name="开具介绍信").click()
    expect(page.get_by_test_id("request-summary")).to_contain_text("财政局第一支部")
    expect(page.get_by_test_id("request-summary")).to_contain_text("2026年2月")
    expect(page.get_by_label("党费交至年月")).to_have_value("2026-02")
    page.get_by_label("开具日期").fill("2026-03-04")
    shoot(page, "letter-issue")
    page.get_by_test_id("issue-form").get_by_role("button", name="开具介绍信").click()

    expect(page.get_by_test_id("transfer-status")).to_have_text("待接收")
    expect(page.get_by_test_id("issuer")).to_have_text("区直机关工委")
    expect(page.get_by_test_id("dues")).to_have_text("2026年2月")
    assert Transfer.objects.get().letter_number == "2026-0001"
    page.get_by_label("回执日期").fill("2026-03-20")
    page.get_by_role("button", name="登记回执").click()
    expect(page.get_by_test_id("transfer-status")).to_have_text("已办结")
    assert Member.objects.get(pk=registry.zhang_san.pk).status == Status.TRANSFERRED_OUT
