"""The eight everyday clerk tasks of issue 16, done in a browser on the seeded demo.

The demo is seeded once (about ten seconds) and the tasks run one after another in one test: a
transactional test empties the database when it ends, so eight tests would seed it eight times.
Each task is its own function; a failing task is recorded and the others still run, and the one
assertion at the end names every task that failed, so one run says which of the eight work.

The tasks are done by the committee's organization-section clerk (组织科 zuzhike), except where
another person does it in reality: the receiving branch's secretary (zhibushuji) accepts a
transfer into their branch.
"""

import datetime as dt
import io
import re
import time
import traceback
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.db.models import Count
from openpyxl import Workbook, load_workbook
from playwright.sync_api import expect

from core import clock
from members.models import Member, Status
from tests.browser.test_crawl import demo, log_in  # noqa: F401 (demo is a fixture)

pytestmark = pytest.mark.django_db(transaction=True)

TIMEOUT_MS = 15_000
EXPORT_WAIT_S = 60  # the whole committee's export, written inline or by the background worker


def choose_organization(page, field: str, text: str) -> None:
    """Choose an organization in the type-ahead picker labelled `field`: type `text`, then pick
    the suggestion that names it (the picker follows the ARIA combobox pattern)."""
    page.get_by_label(field).fill(text)
    option = page.get_by_role("option", name=re.compile(re.escape(text)))
    option.first.wait_for(state="visible", timeout=10_000)
    option.first.click()


def task_find_a_member_by_initials(page, base):
    # Initials few members share, so the one sought is on the first page of hits.
    initials = (
        Member.objects.filter(status=Status.ACTIVE, name_initials__regex=r"^[a-z]{3}$")
        .values("name_initials")
        .annotate(n=Count("pk"))
        .filter(n__lte=3)
        .order_by("name_initials")
        .values_list("name_initials", flat=True)
    )
    initials = next(i for i in initials if Member.objects.filter(name_initials__startswith=i).count() <= 20)
    member = Member.objects.filter(status=Status.ACTIVE, name_initials=initials).order_by("pk").first()
    page.goto(f"{base}/members/")
    page.get_by_placeholder(re.compile("拼音")).fill(member.name_initials)
    page.get_by_role("button", name="搜索").click()
    table = page.locator("#member-table tbody")
    expect(table).to_contain_text(member.name)
    # Namesakes are told apart by the link to the record, not by the name.
    table.locator(f"a[href='/members/{member.pk}/']").click()
    expect(page.get_by_role("heading", name=re.compile(member.name))).to_be_visible()
    expect(page.locator("main")).to_contain_text(member.organization.name)


def task_statistics_for_2005(page, base):
    page.goto(f"{base}/stats/")
    page.get_by_label("统计日期").fill("2005-12-31")
    page.get_by_role("button", name="查询").click()
    expect(page.get_by_text("数据截至2005-12-31")).to_be_visible()
    total = page.get_by_test_id("members-total")
    expect(total).to_have_text(re.compile(r"^[\d,]+$"))
    assert int(total.inner_text().replace(",", "")) > 0, "no member counted on 2005-12-31"


def task_who_led_whom_in_2004(page, base):
    page.goto(f"{base}/stats/superiors/")
    page.get_by_label("统计日期").fill("2004-12-31")
    page.get_by_role("button", name="查询").click()
    summary = page.get_by_test_id("superiors-summary")
    expect(summary).to_contain_text(re.compile(r"2004-12-31，\d+个部门的机关党组织由\d+个上级党组织领导"))
    table = page.get_by_test_id("superiors")
    expect(table).to_contain_text("中共重庆市万州区直属机关工作委员会")
    assert table.locator("tbody tr").count() > 1, "only one superior on 2004-12-31: no multi-headed management"


def task_the_2005_ledger(page, base):
    page.goto(f"{base}/adjustments/ledger/")
    page.get_by_label("起").fill("2005-01-01")
    page.get_by_label("止").fill("2005-12-31")
    page.get_by_role("button", name="查询").click()
    expect(page.get_by_test_id("ledger-total")).to_contain_text(
        re.compile(r"调出党组织\d+个、党员\d+名；调进党组织\d+个")
    )
    plans = page.get_by_test_id("ledger-table").locator("tbody tr")
    expect(plans.first).to_contain_text("2005-")
    moves = page.get_by_test_id("ledger-moves").locator("tbody tr")
    expect(moves.first).to_contain_text(re.compile("调出|调进"))
    assert moves.count() > 1, "the 2005 ledger lists no organization moved"


def task_a_transfer_issued_and_accepted(page, base):
    from orgs.models import PartyOrganization

    receiving = PartyOrganization.objects.get(name="区委办公室机关第一党支部")  # zhibushuji's branch
    member = (
        Member.objects.filter(status=Status.ACTIVE, organization__name="区委办公室机关第二党支部")
        .order_by("pk")
        .first()
    )
    page.goto(f"{base}/members/{member.pk}/")
    page.locator(f"a[href='/transfers/members/{member.pk}/new/']").click()
    expect(page.get_by_role("heading", name=f"区内转接：{member.name}")).to_be_visible()
    choose_organization(page, "接收党支部", receiving.name)
    page.get_by_label("原因").fill("工作调动")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("transfer-status")).to_have_text("待接收")
    transfer_url = page.url

    # The receiving side: the branch secretary of the receiving branch accepts, after a confirmation.
    page.context.clear_cookies()
    log_in(page, base, "zhibushuji")
    page.goto(f"{base}/transfers/")
    page.get_by_test_id("incoming").locator(f"a[href='{urlsplit(transfer_url).path}']").first.click()
    page.get_by_role("link", name="接收", exact=True).click()
    expect(page.get_by_role("button", name="确认接收")).to_be_visible()
    expect(page.locator("main")).to_contain_text(member.name)
    page.get_by_role("button", name="确认接收").click()
    expect(page.get_by_test_id("transfer-status")).to_have_text("已办结")
    member.refresh_from_db()
    assert member.organization_id == receiving.pk


def task_a_development_step(page, base):
    from development.models import Candidate
    from orgs.models import PartyOrganization

    # an applicant already talked with: the next step is making them an activist
    candidate = Candidate.objects.filter(stage="applicant", steps__kind="talk").order_by("pk").first()
    page.goto(f"{base}/development/")
    # The overview lists the party committees; the candidate's branch is on its committee's board.
    branch = candidate.organization
    boards = [o.pk for o in PartyOrganization.objects.get_ancestors(branch)] + [branch.pk]
    board_links = page.locator(", ".join(f"a[href='/development/organizations/{pk}/']" for pk in boards))
    board_links.first.click()
    page.get_by_test_id("board").locator(f"a[href='/development/{candidate.pk}/']").first.click()
    expect(page.get_by_test_id("stage")).to_have_text("入党申请人")
    expect(page.get_by_test_id("due")).to_contain_text("确定为入党积极分子")
    page.get_by_test_id("next-action").filter(has_text="确定为入党积极分子").click()
    page.get_by_label("日期").fill(clock.today().isoformat())
    page.get_by_label("决定机构或经办人").fill("支部委员会")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("stage")).to_have_text("入党积极分子")
    expect(page.get_by_test_id("timeline")).to_contain_text("确定为入党积极分子")


def task_an_import_with_a_bad_row(page, base, tmp_path):
    from conftest import make_id_number
    from exchange.tests.test_import import HEADER

    before = Member.objects.count()
    branch = Member.objects.filter(status=Status.ACTIVE).order_by("pk").first().organization.name
    common = {"学历": "大学本科", "入党日期": "2016-07-01", "转正日期": "2017-07-01", "所在党支部": branch}
    rows = [
        {**common, "姓名": "钱二", "身份证号": make_id_number(dt.date(1990, 4, 5))},
        {**common, "姓名": "孙三", "身份证号": "500101199004050011"},  # wrong check digit
    ]
    book = Workbook()
    sheet = book.active
    sheet.title = "党员"
    sheet.append(HEADER)
    for row in rows:
        sheet.append([row.get(h, "") for h in HEADER])
    path = tmp_path / "党员导入.xlsx"
    book.save(path)

    page.goto(f"{base}/members/")
    page.get_by_role("link", name="从 Excel 导入").click()
    page.get_by_label("文件（.xlsx 或 .csv）").set_input_files(str(path))
    page.get_by_role("button", name="检查文件").click()
    errors = page.get_by_test_id("import-errors")
    expect(errors).to_contain_text("身份证号校验位不正确")
    expect(errors.locator("tbody tr").first.locator("td").first).to_have_text("3")  # the row as Excel numbers it
    expect(page.locator("main")).to_contain_text(re.compile(r"2行中发现1处问题。没有导入任何数据"))
    expect(page.get_by_role("button", name="确认导入")).to_have_count(0)
    assert Member.objects.count() == before, "a file with a bad row imported members"


def task_a_member_export(page, base):
    downloads = []
    page.on("download", lambda d: downloads.append(d))
    page.goto(f"{base}/members/")
    page.get_by_test_id("export").click()
    deadline = time.monotonic() + EXPORT_WAIT_S
    done = page.get_by_test_id("export-done")
    while not downloads and time.monotonic() < deadline:
        if "/exchange/exports/" in page.url and done.count() and done.is_visible():
            with page.expect_download() as download:
                page.get_by_role("link", name="下载（.xlsx）").click()
            downloads.append(download.value)
            break
        page.wait_for_timeout(500)
    assert downloads, f"no download and no finished export within {EXPORT_WAIT_S} s (at {page.url})"
    download = downloads[0]
    assert download.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(Path(download.path()).read_bytes()), read_only=True).active
    rows = sheet.iter_rows(values_only=True)
    header = next(rows)
    assert header[0] == "姓名", header
    count = sum(1 for _ in rows)
    assert count > 1000, f"the committee's export holds {count} members"


TASKS = [
    ("1 find a member by initials", task_find_a_member_by_initials),
    ("2 statistics for 2005-12-31", task_statistics_for_2005),
    ("3 who led whom on 2004-12-31", task_who_led_whom_in_2004),
    ("4 the 2005 adjustment ledger", task_the_2005_ledger),
    ("5 a transfer issued and accepted", task_a_transfer_issued_and_accepted),
    ("6 a development step", task_a_development_step),
    ("7 an Excel import with a bad row", task_an_import_with_a_bad_row),
    ("8 a member export", task_a_member_export),
]


def test_a_clerk_does_the_eight_everyday_tasks(live_server, browser, demo, tmp_path):  # noqa: F811
    failed = []
    for name, task in TASKS:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN", accept_downloads=True)
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        try:
            log_in(page, live_server.url, "zuzhike")
            if task is task_an_import_with_a_bad_row:
                task(page, live_server.url, tmp_path)
            else:
                task(page, live_server.url)
        except Exception as error:  # noqa: BLE001 (every task reports, whatever broke it)
            failed.append(f"{name}: {type(error).__name__}: {error}\n{traceback.format_exc(limit=-2)}")
        finally:
            context.close()
    assert not failed, f"{len(failed)} of {len(TASKS)} tasks failed:\n" + "\n".join(failed)
