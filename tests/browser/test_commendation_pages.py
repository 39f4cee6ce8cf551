"""Commendations in the browser, on a phone: 财政局机关党委's officer nominates a member under a
sanction with the member picker; the page shows the nomination as 不符合 with the neutral
reason and the rule; the committee's clerk sees the same on the round page, with no approve
button for it. Screenshots at 375 px (DANGJIAN_SHOTS puts them in a reviewer's folder)."""

import datetime as dt
import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from commendations import services
from commendations.models import Nomination, Standard
from discipline.models import Sanction
from tests.browser import conftest as browser_conftest
from tests.browser.test_pages import log_in, pass_second_factor

pytestmark = pytest.mark.django_db(transaction=True)
SHOTS = Path(os.environ.get("DANGJIAN_SHOTS") or browser_conftest.SHOTS)
PHONE = {"width": 375, "height": 812}


@pytest.fixture
def round_(registry, settings, tmp_path):
    settings.DANGJIAN_TODAY = "2026-06-15"
    settings.MEDIA_ROOT = str(tmp_path)
    Sanction.objects.create(
        member=registry.wang_wu,
        organization=registry.branch_a,
        kind="warning",
        decided_on=dt.date(2026, 3, 1),
        decided_by="区纪委",
        effect_until=dt.date(2027, 3, 1),
        narrative="事实",
    )
    r = services.do_create_round(
        name="2026年度机关党建表彰",
        year=2026,
        opens_on=dt.date(2026, 6, 1),
        closes_on=dt.date(2026, 6, 30),
        standards=list(Standard.values),
        acting_user=None,
    )
    member_cat = r.categories.get(standard=Standard.EXCELLENT_MEMBER)
    services.do_set_quotas(r, {(registry.opc.pk, member_cat.pk): 2}, acting_user=None)
    return r


def test_a_nomination_of_an_ineligible_member_is_shown_as_ineligible_with_the_reason(
    live_server, browser, registry, opc_officer, clerk, round_
):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_context(viewport=PHONE, locale="zh-CN").new_page()
    log_in(page, live_server, "opc_officer")
    page.goto(f"{live_server.url}/commendations/organization/{registry.opc.pk}/?round={round_.pk}")
    page.get_by_test_id("nominate").click()
    page.get_by_label("类别").select_option(label="优秀共产党员")
    search = page.get_by_label("党员", exact=True)
    search.press_sequentially("wangwu", delay=30)
    expect(page.get_by_role("listbox").get_by_role("option").first).to_contain_text("王五")
    search.press("ArrowDown")
    search.press("Enter")
    page.get_by_label("主要事迹").fill("牵头完成年度重点工作任务")
    page.screenshot(path=SHOTS / "commendations-nominate-phone.png", full_page=True)
    page.get_by_test_id("save-nomination").click()
    expect(page.get_by_text("推荐已登记")).to_be_visible()
    nomination = Nomination.objects.get()
    row = page.get_by_test_id(f"nomination-{nomination.pk}")
    expect(row).to_contain_text("不符合")
    expect(row).to_contain_text("处于影响期，请咨询纪工办")
    expect(row).to_contain_text("中国共产党纪律处分条例")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=SHOTS / "commendations-organization-phone.png", full_page=True)

    page = browser.new_context(viewport=PHONE, locale="zh-CN").new_page()
    log_in(page, live_server, "clerk")
    pass_second_factor(page, clerk)
    page.goto(f"{live_server.url}/commendations/round/{round_.pk}/")
    row = page.get_by_test_id(f"nomination-{nomination.pk}")
    expect(row).to_contain_text("不符合")
    expect(row).to_contain_text("处于影响期，请咨询纪工办")
    expect(row.get_by_role("button", name="批准", exact=True)).to_have_count(0)
    expect(row.get_by_role("button", name="不予批准", exact=True)).to_be_visible()
    page.screenshot(path=SHOTS / "commendations-round-phone.png", full_page=True)
