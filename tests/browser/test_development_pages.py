"""Issue 6 in the browser: one person from application to full membership, on a clock the test
moves, with the public notice downloaded."""

import datetime as dt
import re
from io import BytesIO
from pathlib import Path

import pytest
from docx import Document
from playwright.sync_api import expect

from conftest import make_id_number
from development.models import Candidate
from tests.browser.test_pages import log_in, pass_second_factor

pytestmark = pytest.mark.django_db(transaction=True)


def field(page, label):
    """The form field labelled `label` (a required one has an asterisk after it)."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}\s*\*?$"))


def record(page, step, date=None, **fields):
    link = page.get_by_test_id("actions").get_by_role("link", name=step, exact=True)
    if not link.is_visible():  # not the next step: behind "其他" (issue 16)
        page.get_by_test_id("other-actions").locator("summary").click()
    link.click()
    if date:
        field(page, fields.pop("date_label", "日期")).fill(date)
    for label, value in fields.items():
        if label == "check":  # sponsors, contact persons: the member picker (issue 16)
            for name in value:
                page.locator(".picker-search").press_sequentially(name)
                page.get_by_role("option").filter(has_text=name).first.click()
        else:
            field(page, label).fill(str(value))
    page.get_by_role("button", name="保存").click()


def test_one_person_walks_from_application_to_full_membership(live_server, page, registry, secretary, settings, shoot):
    settings.DANGJIAN_TODAY = "2026-06-30"
    log_in(page, live_server, "secretary")
    pass_second_factor(page, secretary)
    page.goto(f"{live_server.url}/development/organizations/{registry.branch_a.pk}/")
    page.get_by_role("link", name="登记入党申请").click()
    page.get_by_label("姓名").fill("钱小二")
    page.get_by_label("身份证号").fill(make_id_number(dt.date(1998, 3, 3)))
    page.get_by_label("学历").select_option(label="大学本科")
    page.get_by_label("申请日期").fill("2025-01-06")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("stage")).to_have_text("入党申请人")

    record(page, "与入党申请人谈话", "2025-01-20")
    record(page, "确定为入党积极分子", "2025-03-01")
    record(page, "指定培养联系人", "2025-03-08", check=["张三"])
    record(page, "入党积极分子报上级党委备案", "2025-03-05")
    record(page, "半年考察", "2025-09-01")
    record(page, "列为发展对象前公示", "2026-03-02", date_label="公示开始日期", **{"收到的反映及处理情况": "无"})
    expect(page.get_by_test_id("timeline")).to_contain_text("至2026-03-06")
    record(page, "确定为发展对象", "2026-03-09")
    expect(page.get_by_test_id("stage")).to_have_text("发展对象")
    record(page, "发展对象报上级党委备案", "2026-03-10")
    record(page, "确定入党介绍人", "2026-03-10", check=["张三", "李四"])
    record(page, "政治审查", "2026-03-20", **{"政治审查结论": "政治审查合格"})
    record(page, "集中培训", "2026-04-01", date_label="培训开始日期", **{"培训结束日期": "2026-04-03"})
    record(page, "支部委员会审查", "2026-04-08")
    record(page, "上级党委预审", "2026-04-10", **{"入党志愿书编号": "2026-0001"})
    record(page, "公示", "2026-04-13", date_label="公示开始日期", **{"收到的反映及处理情况": "无"})
    expect(page.get_by_test_id("timeline")).to_contain_text("至2026-04-17")

    with page.expect_download() as download:
        page.get_by_role("link", name="公示（Word）").click()
    text = "\n".join(p.text for p in Document(BytesIO(Path(download.value.path()).read_bytes())).paragraphs)
    assert "关于钱小二同志拟发展为中共预备党员的公示" in text and "5个工作日" in text

    record(
        page,
        "支部大会表决",
        "2026-04-20",
        date_label="支部大会日期",
        **{"到会有表决权的党员数": 3, "赞成": 3, "反对": 0, "弃权": 0},
    )
    expect(page.get_by_test_id("timeline")).to_contain_text("应到3、实到3，赞成3")
    record(page, "部门党组讨论或审核", "2026-04-28", **{"决定机构或经办人": "财政局党组会议"})
    record(page, "上级党委派人谈话", "2026-05-06")
    record(page, "上级党委审批", "2026-05-10")
    expect(page.get_by_test_id("stage")).to_have_text("预备党员")
    record(page, "入党宣誓", "2026-05-15")
    shoot(page, "development-probationary")

    # a year later on the test's clock: the conversion
    record(page, "转正申请", "2027-03-25")
    expect(page.locator(".invalid-feedback, .alert-danger").first).to_contain_text("晚于今天")
    settings.DANGJIAN_TODAY = "2027-05-31"
    page.goto(f"{live_server.url}/development/{Candidate.objects.get(name='钱小二').pk}/")
    record(page, "转正申请", "2027-03-25")
    record(page, "转正公示", "2027-04-01", date_label="公示开始日期", **{"收到的反映及处理情况": "无"})
    record(
        page,
        "支部大会表决转正",
        "2027-04-21",
        date_label="支部大会日期",
        **{"到会有表决权的党员数": 3, "赞成": 3, "反对": 0, "弃权": 0},
    )
    record(page, "部门党组讨论或审核转正", "2027-04-23")
    record(page, "上级党委审批转正", "2027-04-25")
    expect(page.get_by_test_id("stage")).to_have_text("正式党员")
    shoot(page, "development-timeline")
    member = Candidate.objects.get(name="钱小二").member
    assert (member.join_date, member.full_member_date, member.category) == (
        dt.date(2026, 4, 20),
        dt.date(2027, 4, 20),
        "full",
    )
    page.goto(f"{live_server.url}/development/organizations/{registry.branch_a.pk}/")
    shoot(page, "development-board")
