"""Checking and importing run as background tasks: the page shows progress while the worker
(django-tasks' database backend, as in production) works, then the preview or the result."""

import dataclasses
import datetime as dt
from unittest import mock

import pytest
from django.core.management import call_command
from django.urls import reverse

from conftest import make_id_number
from exchange import kinds
from exchange.models import ImportBatch
from exchange.tests.test_import import HEADER, csv_bytes, row, xlsx
from exchange.tests.test_pages import upload
from members.models import Member

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker():
    """The production worker, once through the queue. It closes old connections on waking,
    which would close the test's own transaction on PostgreSQL: not here."""
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)


def test_the_worker_checks_then_imports_while_the_page_shows_progress(registry, client_for, branch_secretary, settings):
    settings.TASKS = DATABASE_TASKS
    client = client_for(branch_secretary)
    rows = [row(registry, 姓名=f"钱{i}", 身份证号=make_id_number(dt.date(1990, 1, 1 + i))) for i in range(3)]
    page = upload(client, csv_bytes(rows), "m.csv").content.decode()
    batch = ImportBatch.objects.get()
    assert batch.status == "queued" and "文件正在排队等待检查" in page
    assert 'hx-trigger="every 1s"' in page  # the page polls until the task is done

    run_worker()
    batch.refresh_from_db()
    assert (batch.status, batch.rows, batch.expected_rows) == ("ready", 3, 3)
    polled = client.get(reverse("exchange:batch_progress", args=[batch.pk]), headers={"HX-Request": "true"})
    assert polled.headers["HX-Refresh"] == "true"  # done: the page reloads to show the preview
    assert "全部3行检查通过" in client.get(reverse("exchange:batch", args=[batch.pk])).content.decode()

    page = client.post(reverse("exchange:batch_confirm", args=[batch.pk]), follow=True).content.decode()
    assert "写入之前再次检查：0 / 约 3 行" in page and not Member.objects.filter(name="钱0").exists()
    run_worker()
    assert Member.objects.filter(name__in=["钱0", "钱1", "钱2"], organization=registry.branch_a).count() == 3
    page = client.get(reverse("exchange:batch", args=[batch.pk])).content.decode()
    assert "导入完成：新增3名" in page


def test_a_confirmation_twice_queues_one_import(registry, client_for, branch_secretary, settings):
    settings.TASKS = DATABASE_TASKS
    client = client_for(branch_secretary)
    upload(client, csv_bytes([row(registry)]), "m.csv")
    run_worker()
    batch = ImportBatch.objects.get()
    client.post(reverse("exchange:batch_confirm", args=[batch.pk]))
    page = client.post(reverse("exchange:batch_confirm", args=[batch.pk]), follow=True).content.decode()
    assert "这次导入不能确认" in page
    run_worker()
    assert Member.objects.filter(name="钱二").count() == 1


def test_progress_reads_rows_checked_of_those_the_file_declares(registry, client_for, branch_secretary):
    client = client_for(branch_secretary)
    upload(client, xlsx([row(registry)]))
    batch = ImportBatch.objects.get()
    assert batch.expected_rows == 1  # an .xlsx declares its size in the sheet's dimension
    ImportBatch.objects.filter(pk=batch.pk).update(status="checking", progress=1500, expected_rows=4000)
    fragment = client.get(reverse("exchange:batch_progress", args=[batch.pk])).content.decode()
    assert "正在检查：1500 / 约 4000 行" in fragment and 'value="1500" max="4000"' in fragment


def test_a_file_without_data_rows_fails_with_a_message(registry, client_for, branch_secretary):
    page = upload(client_for(branch_secretary), csv_bytes([]), "m.csv").content.decode()
    assert ImportBatch.objects.get().status == "failed"
    assert "文件中没有数据行" in page and "没有导入任何数据" in page


@pytest.mark.parametrize("when", ["apply", "validate"])
def test_an_unexpected_error_in_the_task_writes_nothing_and_says_so(
    registry, client_for, branch_secretary, monkeypatch, when
):
    real = kinds.KINDS["members"]

    def broken(*args, **kwargs):
        if when == "apply":
            Member.objects.update(name="改坏了")  # a half-done write, rolled back with the rest
        raise RuntimeError("disk full")

    monkeypatch.setitem(kinds.KINDS, "members", dataclasses.replace(real, **{when: broken}))
    client = client_for(branch_secretary)
    names = sorted(Member.objects.values_list("name", flat=True))
    upload(client, csv_bytes([row(registry)]), "m.csv")
    batch = ImportBatch.objects.get()
    if when == "apply":
        ImportBatch.objects.filter(pk=batch.pk).update(status="ready")
        client.post(reverse("exchange:batch_confirm", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == "failed" and "意外错误" in batch.message
    assert sorted(Member.objects.values_list("name", flat=True)) == names


def test_a_long_member_list_is_exported_by_the_worker_and_downloaded_later(
    registry, client_for, clerk, branch_secretary, settings
):
    import io

    from openpyxl import load_workbook

    from audit.models import AuditEvent
    from exchange.models import ExportFile

    settings.TASKS = DATABASE_TASKS
    settings.DANGJIAN_EXPORT_INLINE_ROWS = 2
    client = client_for(clerk)
    page = client.get(reverse("members:export"), {"category": "full"}, follow=True).content.decode()
    job = ExportFile.objects.get()
    assert "正在后台生成" in page and job.status == "queued" and job.query == "category=full"
    assert not AuditEvent.objects.filter(action="members.exported").exists()  # nothing written yet

    run_worker()
    job.refresh_from_db()
    assert (
        job.status == "done"
        and job.rows
        == job.expected_rows
        == Member.objects.filter(
            status="active", category="full", organization__path__startswith=registry.working.path
        ).count()
    )
    assert "下载（.xlsx）" in client.get(reverse("exchange:export", args=[job.pk])).content.decode()
    listed = client.get(reverse("members:list")).content.decode()  # where to come back for it
    assert reverse("exchange:export", args=[job.pk]) in listed and "可以下载" in listed
    sheet = load_workbook(io.BytesIO(client.get(reverse("exchange:export_download", args=[job.pk])).content)).active
    categories = {row[HEADER.index("党员类别")] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert categories == {"正式党员"} and sheet.max_row - 1 == job.rows
    assert AuditEvent.objects.get(action="members.exported").new["rows"] == job.rows
    assert bytes(job.content)[:2] != b"PK"  # kept encrypted
    # someone else's export does not exist for you
    other = client_for(branch_secretary)
    assert other.get(reverse("exchange:export_download", args=[job.pk])).status_code == 404
    # a day later the file is gone when the next export is written
    ExportFile.objects.filter(pk=job.pk).update(created_at=job.created_at - dt.timedelta(days=1, minutes=1))
    client.get(reverse("members:export"))
    run_worker()
    assert not ExportFile.objects.filter(pk=job.pk).exists() and ExportFile.objects.count() == 1
