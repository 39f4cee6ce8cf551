"""Issue 19 in the browser: one branch from its overdue term to its new committee in post, the
branch secretary and the superior's officer each in their own browser, on a clock the test
moves; and a count with more votes than ballots, refused with nothing recorded."""

import datetime as dt
import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from elections import documents, services
from elections.models import Election, Method, Round, Step
from orgs.models import PartyOrganization
from tests.browser import conftest as browser_conftest
from tests.browser.test_pages import log_in, pass_second_factor

pytestmark = pytest.mark.django_db(transaction=True)
# The two widths of the detail page; DANGJIAN_SHOTS puts them elsewhere (a reviewer's folder).
SHOTS = Path(os.environ.get("DANGJIAN_SHOTS") or browser_conftest.SHOTS)


@pytest.fixture(autouse=True)
def no_documents(monkeypatch):
    """The walk does not depend on which documents are built (elections.documents)."""
    monkeypatch.setattr(documents, "available", lambda election: [])


@pytest.fixture
def overdue(registry, settings):
    """财政局第一支部 on 2026-11-30: its term ended on 2026-10-20."""
    settings.DANGJIAN_TODAY = "2026-11-30"
    PartyOrganization.objects.filter(pk=registry.branch_a.pk).update(
        term_start=dt.date(2023, 10, 20), term_end=dt.date(2026, 10, 20)
    )
    return PartyOrganization.objects.get(pk=registry.branch_a.pk)


def field(page, label):
    """The form field labelled `label` (a required one has an asterisk after it)."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}\s*\*?$"))


def second_browser(browser, page, live_server, user):
    """The superior's officer, signed in in a browser of their own."""
    context = browser.new_context(viewport=page.viewport_size, locale="zh-CN")
    other = context.new_page()
    log_in(other, live_server, user.username)
    if other.get_by_role("heading", name="两步验证").is_visible():
        pass_second_factor(other, user)
    return other


def count(page, **figures):
    for label, value in figures.items():
        field(page, label).fill(str(value))
    page.get_by_role("button", name="记录计票结果").click()


def shoot_both(page, name):
    """The page at a desk (1280) and on a phone (375), then back to the test's own width."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=SHOTS / f"{name}-{width}.png", full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{name} scrolls sideways at {width}"
    page.set_viewport_size(size)


def test_a_branch_walks_from_its_overdue_term_to_its_new_committee(
    live_server, page, browser, registry, overdue, branch_secretary, opc_officer, settings
):
    log_in(page, live_server, "branch_secretary")
    # The reminder: the oversight page lists the branch as overdue. (Its 「开始换届」 link comes
    # with the oversight helper's branch; until then the walk opens the start page itself.)
    page.goto(f"{live_server.url}/elections/")
    expect(page.get_by_test_id("terms")).to_contain_text("财政局第一支部")
    expect(page.get_by_test_id("terms")).to_contain_text("2026-10-20")
    page.goto(f"{live_server.url}/elections/start/{overdue.pk}/")
    expect(page.get_by_test_id("hints")).to_contain_text("已届满未换届")
    field(page, "选举方式").select_option(label="党员大会")
    field(page, "委员名额").fill("2")
    field(page, "副书记名额").fill("1")
    field(page, "计划选举日期").fill("2026-12-15")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("step")).to_have_text("请示起草")
    page.get_by_role("button", name="发送请示").click()
    expect(page.get_by_test_id("step")).to_have_text("已请示，待批复")
    election_url = page.url

    officer = second_browser(browser, page, live_server, opc_officer)
    officer.goto(election_url)
    officer.get_by_role("button", name="批复同意").click()
    expect(officer.get_by_test_id("step")).to_have_text("已批复，酝酿提名")

    page.reload()
    for name in ("张三", "李四", "王五"):
        page.locator(".picker-search").press_sequentially(name)
        page.get_by_role("option").filter(has_text=name).first.click()
    field(page, "提名票数").fill("12")
    page.get_by_role("button", name="添加").click()
    expect(page.get_by_test_id("nominees")).to_contain_text("王五")
    for name in ("张三", "李四", "王五"):
        page.get_by_role("checkbox", name=name).check()
    page.get_by_role("button", name="报上级审查").click()
    expect(page.get_by_test_id("step")).to_have_text("预备人选报审")

    officer.reload()
    expect(officer.get_by_role("checkbox", name="王五")).to_be_checked()
    officer.get_by_role("button", name="同意为正式候选人").click()
    expect(officer.get_by_test_id("step")).to_have_text("正式候选人已确定")

    settings.DANGJIAN_TODAY = "2026-12-15"  # the meeting
    page.reload()
    expect(page.get_by_test_id("meeting-figures")).to_contain_text("至少3人")
    figures = {"实到会人数": 3, "发出选票": 3, "收回选票": 3, "无效票": 0}
    count(page, **figures, 张三=3, 李四=1, 王五=1)
    expect(page.get_by_text("第1轮计票已记录：张三当选；尚余1个名额，另行选举。")).to_be_visible()
    expect(page.get_by_test_id("round-1")).to_contain_text("未当选")
    expect(page.get_by_test_id("meeting-figures")).to_contain_text("选票上：王五、李四")
    if page.viewport_name == "desktop":
        shoot_both(page, "election-voting")
    count(page, **figures, 李四=2, 王五=1)
    expect(page.get_by_test_id("step")).to_have_text("委员已选出，选举书记")

    field(page, "书记").select_option(label="李四")
    page.get_by_role("checkbox", name="张三").check()
    page.get_by_role("button", name="选举结果报上级审批").click()
    expect(page.get_by_test_id("step")).to_have_text("选举结果报批")

    officer.reload()
    officer.get_by_role("button", name="批准选举结果").click()
    expect(officer.get_by_test_id("step")).to_have_text("已批复，新班子到任")
    if page.viewport_name == "desktop":
        shoot_both(officer, "election-done")
    officer.context.close()

    page.goto(f"{live_server.url}/orgs/{overdue.pk}/")
    posts = page.locator("table").first
    expect(posts).to_contain_text("书记")
    expect(posts.get_by_role("row").filter(has_text="李四")).to_contain_text("书记")
    expect(posts.get_by_role("row").filter(has_text="张三")).to_contain_text("副书记")
    expect(page.get_by_text("2026-12-15 — 2029-12-15")).to_be_visible()


def test_a_count_with_more_votes_than_ballots_is_refused_and_the_figures_stay(
    live_server, page, registry, overdue, branch_secretary, settings
):
    election = services.do_draft_election(
        Election(organization=overdue, method=Method.GENERAL_MEETING, seats=2, planned_on=dt.date(2026, 12, 15)),
        acting_user=None,
    )
    day = dt.date(2026, 11, 30)
    services.do_send_request(election, day=day, acting_user=None)
    services.do_reply_request(election, approve=True, day=day, note="", acting_user=None)
    services.do_nominate(election, [registry.zhang_san, registry.li_si, registry.wang_wu], acting_user=None)
    ids = list(election.nominees.values_list("pk", flat=True))
    services.do_send_candidates(election, ids, day=day, acting_user=None)
    services.do_review_candidates(election, ids, approve=True, day=day, note="", acting_user=None)
    settings.DANGJIAN_TODAY = "2026-12-15"

    log_in(page, live_server, "branch_secretary")
    page.goto(f"{live_server.url}/elections/{election.pk}/")
    count(page, 实到会人数=3, 发出选票=3, 收回选票=3, 无效票=1, 张三=3, 李四=2, 王五=0)
    expect(page.get_by_test_id("form-error")).to_contain_text("张三 得 3 票，多于有效票 2 张")
    expect(field(page, "张三")).to_have_value("3")
    expect(field(page, "无效票")).to_have_value("1")
    expect(field(page, "收回选票")).to_have_value("3")
    assert not Round.objects.exists()
    assert Election.objects.get(pk=election.pk).step == Step.FORMAL
