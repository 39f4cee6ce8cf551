"""Issue 17 in the browser, the printing end: a branch secretary prints the year's ledger and
gives members the calendar address; a member follows the home page to their own year."""

import datetime as dt
from io import BytesIO
from pathlib import Path

import pytest
from docx import Document
from playwright.sync_api import expect

from conftest import make_user
from orglife.models import Attendance, Meeting, PlanItem
from tests.browser.test_pages import log_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def recorded(registry, settings):
    settings.DANGJIAN_TODAY = "2026-06-30"
    r = registry
    meeting = Meeting.objects.create(
        organization=r.branch_a, kind="theme_day", date=dt.date(2026, 6, 12), topic="重温入党誓词", hours=2
    )
    Attendance.objects.create(meeting=meeting, member=r.li_si, status="present")
    Attendance.objects.create(meeting=meeting, member=r.wang_wu, status="excused", reason="出差")
    PlanItem.objects.create(
        organization=r.branch_a, year=2026, month=7, kind="theme_day", planned_date=dt.date(2026, 7, 10), topic="七一"
    )
    return r


def test_a_branch_secretary_prints_the_ledger_and_hands_out_the_calendar(live_server, browser, page, recorded, shoot):
    make_user("zhibu", "org_admin", recorded.branch_a)
    log_in(page, live_server, "zhibu")
    page.goto(f"{live_server.url}/orgs/{recorded.branch_a.pk}/")
    page.get_by_role("link", name="组织生活台账").click()
    expect(page.get_by_test_id("ledger-meetings")).to_contain_text("重温入党誓词")
    with page.expect_download() as download:
        page.get_by_role("link", name="打印台账（Word）").click()
    text = "\n".join(
        cell.text
        for table in Document(BytesIO(Path(download.value.path()).read_bytes())).tables
        for row in table.rows
        for cell in row.cells
    )
    assert "重温入党誓词" in text and "王五（出差）" in text

    page.get_by_role("button", name="生成日历订阅地址").click()
    address = page.get_by_test_id("feed-url").input_value()
    shoot(page, "orglife-ledger-feed")
    calendar_app = browser.new_context()  # no cookie, no session
    assert b"BEGIN:VCALENDAR" in calendar_app.request.get(address).body()
    page.get_by_role("button", name="停用该地址").click()
    expect(page.get_by_test_id("feed-state")).to_contain_text("尚未生成")
    assert calendar_app.request.get(address).status == 404
    calendar_app.close()


def test_a_member_follows_the_home_page_to_their_own_year(live_server, page, recorded, plain_member, shoot):
    log_in(page, live_server, "plain_member")
    page.get_by_test_id("home-my-life").click()
    expect(page.get_by_test_id("my-meetings")).to_contain_text("重温入党誓词")
    expect(page.get_by_test_id("my-meetings")).to_contain_text("出席")
    expect(page.get_by_test_id("my-hours")).to_have_text("2 / 32")
    expect(page.get_by_test_id("my-meetings")).not_to_contain_text("出差")  # 王五's reason
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shoot(page, "orglife-my-life")
