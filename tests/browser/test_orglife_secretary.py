"""Issue 17 in the browser, on a phone: the branch secretary generates the year plan, plans a
主题党日 on a date, records it from the calendar tapping who was excused or absent, sees it
held on the calendar and prints the year's ledger; a committee clerk then sees the branch's
compliance change."""

import re

import pytest
from docx import Document
from playwright.sync_api import expect

from tests.browser.conftest import VIEWPORTS
from tests.browser.test_pages import log_in, pass_second_factor

pytestmark = pytest.mark.django_db(transaction=True)


def field(page, label):
    """The form field labelled `label` (a required one has an asterisk after it)."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}\s*\*?$"))


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=VIEWPORTS["phone"], locale="zh-CN")
    page = context.new_page()
    page.viewport_name = "phone"
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    yield page
    context.close()
    assert not violations, f"CSP violations: {violations}"


def theme_days(page, live_server, registry) -> str:
    """The 主题党日 cell of 财政局第一支部 in the committee's compliance table ("held/expected")."""
    page.goto(f"{live_server.url}/orglife/compliance/?year=2026")
    row = page.get_by_test_id("compliance").locator("tr", has=page.get_by_role("link", name="财政局第一支部"))
    return row.locator('td[data-label="主题党日"]').inner_text().strip()


def test_the_branch_secretary_plans_and_records_a_theme_day_on_a_phone(
    live_server, phone, browser, registry, branch_secretary, clerk, settings, shoot
):
    settings.DANGJIAN_TODAY = "2026-06-15"
    desk = browser.new_context(viewport=VIEWPORTS["desktop"], locale="zh-CN").new_page()
    desk.viewport_name = "desktop"
    log_in(desk, live_server, "clerk")
    pass_second_factor(desk, clerk)
    assert theme_days(desk, live_server, registry) == "0/5"  # January to May ended, none held
    page = phone
    log_in(page, live_server, "branch_secretary")
    page.goto(f"{live_server.url}/orgs/{registry.branch_a.pk}/")
    page.get_by_test_id("orglife").click()
    expect(page.get_by_role("heading", name=re.compile("组织生活"))).to_be_visible()

    page.get_by_role("button", name="按规定生成年度计划").click()
    expect(page.get_by_test_id("month-12")).to_contain_text("组织生活会")
    june = page.get_by_test_id("month-6").locator('[data-kind="theme_day"]')
    expect(june).to_contain_text("计划")

    # plan the theme day on a date, with its topic
    june.get_by_role("link", name="编辑").click()
    field(page, "计划日期").fill("2026-06-12")
    field(page, "主题").fill("学习七一重要讲话")
    page.get_by_role("button", name="保存").click()
    june = page.get_by_test_id("month-6").locator('[data-kind="theme_day"]')
    expect(june).to_contain_text("6-12")
    shoot(page, "orglife-calendar-planned")

    # record it from the calendar: everyone present unless tapped otherwise
    june.get_by_role("link", name="记录", exact=True).click()
    expect(page.get_by_test_id("kind")).to_have_text("主题党日")
    expect(field(page, "日期")).to_have_value("2026-06-12")
    expect(field(page, "主题")).to_have_value("学习七一重要讲话")
    counts = page.get_by_test_id("counts")
    expect(counts.locator('[data-count="present"]')).to_have_text("4")
    li_si = page.locator('.attendance-row[data-name="李四"]')
    li_si.get_by_text("请假", exact=True).click()
    li_si.get_by_label("李四的请假事由").fill("出差")
    page.locator('.attendance-row[data-name="王五"]').get_by_text("缺席", exact=True).click()
    expect(counts.locator('[data-count="present"]')).to_have_text("2")
    expect(counts.locator('[data-count="excused"]')).to_have_text("1")
    expect(counts.locator('[data-count="absent"]')).to_have_text("1")
    # the reason is asked of the excused only
    expect(page.locator('.attendance-row[data-name="王五"] .attendance-reason')).to_be_hidden()
    shoot(page, "orglife-record")
    field(page, "地点").fill("三楼会议室")
    page.get_by_role("button", name="保存").click()

    expect(page.get_by_role("heading", name="学习七一重要讲话")).to_be_visible()
    attendance = page.get_by_test_id("attendance")
    expect(attendance).to_contain_text("出差")
    expect(page.get_by_test_id("counts")).to_contain_text("出席 2")
    shoot(page, "orglife-meeting")

    page.get_by_role("link", name=re.compile("组织生活")).first.click()
    june = page.get_by_test_id("month-6").locator('[data-kind="theme_day"]')
    expect(june.get_by_test_id("held")).to_contain_text("已召开 6-12")
    expect(june.get_by_test_id("planned")).to_have_count(0)
    # on a phone the calendar is a list of months, one under the other
    top6 = page.get_by_test_id("month-6").bounding_box()["y"]
    top7 = page.get_by_test_id("month-7").bounding_box()["y"]
    assert top7 > top6
    shoot(page, "orglife-calendar-held")

    # the paper ledger comes out of what was recorded once
    page.get_by_test_id("ledger").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="打印台账（Word）").click()
    doc = Document(str(download.value.path()))
    text = "\n".join([p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells])
    assert "学习七一重要讲话" in text and "李四（出差）" in text and "三楼会议室" in text

    # the committee's clerk sees the branch's June theme day counted at once
    assert theme_days(desk, live_server, registry) == "1/6"
    shoot(desk, "orglife-compliance-clerk")
    desk.context.close()
