"""Issue 7 in the browser: the template downloaded, filled with a mistake, the error report read,
the file fixed and imported, the members listed."""

import datetime as dt
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from conftest import make_id_number
from exchange.tests.test_import import HEADER
from tests.browser.test_pages import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def filled(template: bytes, rows) -> bytes:
    book = load_workbook(io.BytesIO(template))
    sheet = book["党员"]
    sheet.delete_rows(2)
    for r in rows:
        sheet.append([r.get(h, "") for h in HEADER])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_template_is_filled_checked_fixed_and_imported(
    live_server, page, registry, branch_secretary, tmp_path, shoot
):
    log_in(page, live_server, "branch_secretary")
    page.goto(f"{live_server.url}/members/")
    page.get_by_role("link", name="从 Excel 导入").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="模板：党员").click()
    template = Path(download.value.path()).read_bytes()

    base = {
        "学历": "大学本科",
        "入党日期": "2016-07-01",
        "转正日期": "2017-07-01",
        "所在党支部": registry.branch_a.name,
    }
    good = {**base, "姓名": "钱二", "身份证号": make_id_number(dt.date(1990, 4, 5))}
    bad = {**base, "姓名": "孙三", "身份证号": "500101199004050011"}
    wrong = tmp_path / "members.xlsx"
    wrong.write_bytes(filled(template, [good, bad]))
    page.get_by_label("文件（.xlsx 或 .csv）").set_input_files(str(wrong))
    page.get_by_role("button", name="检查文件").click()
    errors = page.get_by_test_id("import-errors")
    expect(errors).to_contain_text("身份证号校验位不正确")
    expect(errors).to_contain_text("3")  # the row, as Excel numbers it
    shoot(page, "import-errors")

    fixed = tmp_path / "members-fixed.xlsx"
    fixed.write_bytes(filled(template, [good, {**bad, "身份证号": make_id_number(dt.date(1991, 6, 7), "F")}]))
    page.goto(f"{live_server.url}/exchange/imports/")
    page.get_by_label("文件（.xlsx 或 .csv）").set_input_files(str(fixed))
    page.get_by_role("button", name="检查文件").click()
    expect(page.get_by_test_id("import-summary")).to_contain_text("新增2名")
    page.get_by_role("button", name="确认导入").click()
    expect(page.get_by_test_id("import-result")).to_contain_text("新增2名")
    shoot(page, "import-done")
    page.get_by_role("link", name="打开党员名册").click()
    expect(page.get_by_role("link", name="钱二")).to_be_visible()
    expect(page.get_by_role("link", name="孙三")).to_be_visible()


def test_the_page_follows_the_background_worker(live_server, page, registry, branch_secretary, settings, shoot):
    """With the database worker of production: the page waits with a progress bar, polls, and
    shows the preview by itself once the worker has checked the file."""
    from exchange.tests.test_background import run_worker
    from exchange.tests.test_import import csv_bytes, row

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    log_in(page, live_server, "branch_secretary")
    page.goto(f"{live_server.url}/exchange/imports/")
    page.get_by_label("文件（.xlsx 或 .csv）").set_input_files(
        files=[{"name": "m.csv", "mimeType": "text/csv", "buffer": csv_bytes([row(registry)])}]
    )
    page.get_by_role("button", name="检查文件").click()
    expect(page.get_by_test_id("batch-progress")).to_contain_text("文件正在排队等待检查")
    shoot(page, "import-queued")
    run_worker()
    expect(page.get_by_test_id("import-summary")).to_contain_text("全部1行检查通过")  # no reload by hand


def test_a_long_export_is_written_in_the_background_and_downloaded(live_server, page, registry, clerk, settings, shoot):
    from exchange.tests.test_background import DATABASE_TASKS, run_worker
    from tests.browser.test_pages import pass_second_factor

    settings.TASKS = DATABASE_TASKS
    settings.DANGJIAN_EXPORT_INLINE_ROWS = 2
    log_in(page, live_server, "clerk")
    pass_second_factor(page, clerk)
    page.goto(f"{live_server.url}/members/")
    page.get_by_test_id("export").click()
    expect(page.get_by_test_id("export-progress")).to_contain_text("正在后台生成")
    shoot(page, "export-queued")
    run_worker()
    expect(page.get_by_test_id("export-done")).to_contain_text("已生成")  # the page follows by itself
    shoot(page, "export-done")
    with page.expect_download() as download:
        page.get_by_role("link", name="下载（.xlsx）").click()
    sheet = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
    assert sheet.cell(row=1, column=1).value == "姓名" and sheet.max_row > 3
