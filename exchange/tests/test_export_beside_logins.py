"""A background member export and people logging in at the same time (issue 15, item 12): on
SQLite the export once held the write lock from its first progress write to its last row (a
read cursor stayed open across the writing), so logins failed with "database is locked". The
export now reads a chunk at a time and writes its progress between reads.

Run on a real database file, as production runs: the in-memory test database is copied to a
file that the threads open, with a short busy timeout so a lock held across work fails fast."""

import datetime as dt
import sqlite3
import threading
import time

import pytest
from django.db import connection
from django.http import QueryDict
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD, Registry, make_user
from exchange import export, tasks
from exchange.models import ExportFile
from members.queries import filtered


@pytest.fixture
def on_a_database_file(tmp_path):
    """From here on, new connections (other threads) open a file copy of the test database."""
    settings_dict = connection.settings_dict
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        yield
        return
    saved = settings_dict["NAME"], dict(settings_dict.get("OPTIONS", {}))
    path = tmp_path / "db.sqlite3"

    def switch():
        connection.ensure_connection()
        target = sqlite3.connect(path)
        connection.connection.backup(target)
        target.close()
        settings_dict["NAME"] = str(path)
        settings_dict.setdefault("OPTIONS", {})["timeout"] = 2  # production waits 20 s

    yield switch
    settings_dict["NAME"] = saved[0]
    settings_dict["OPTIONS"] = saved[1]


def in_thread(work, errors: list):
    def run():
        try:
            work()
        except Exception as e:  # noqa: BLE001 - the test reports what failed in the thread
            errors.append(e)
        finally:
            connection.close()

    return threading.Thread(target=run)


@pytest.mark.django_db(transaction=True)
def test_a_background_export_runs_beside_logins(on_a_database_file, monkeypatch):
    registry = Registry(actor=None)
    clerk = make_user("clerk", "committee_staff", registry.working)
    people = [make_user(f"user{i}") for i in range(4)]
    for i in range(30):
        registry.member(f"钱{i}", registry.branch_a, birth=dt.date(1980, 1, 1 + i))
    expected = filtered(clerk, QueryDict(""))[1].count()
    job = ExportFile.objects.create(kind="members", query="", scope=[registry.working.path], created_by=clerk)
    if on_a_database_file:
        on_a_database_file()

    # An export that takes a while, read in several chunks: a progress write every 5 rows, each
    # row a little slow.
    monkeypatch.setattr(export, "PROGRESS_EVERY", 5)
    monkeypatch.setattr(export, "CHUNK", 8)
    slow_mask = export.mask_id_number

    def mask(value):
        time.sleep(0.05)
        return slow_mask(value)

    monkeypatch.setattr(export, "mask_id_number", mask)
    errors: list[Exception] = []
    logins: list[int] = []

    def log_in(user):
        def work():
            for _ in range(3):
                time.sleep(0.2)
                response = Client().post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
                logins.append(response.status_code)

        return work

    threads = [in_thread(lambda: tasks.export_members.call(job.pk), errors)]
    threads += [in_thread(log_in(user), errors) for user in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)

    finished = []
    reader = in_thread(lambda: finished.append(ExportFile.objects.values_list("status", "rows").get(pk=job.pk)), errors)
    reader.start()
    reader.join()
    assert errors == []
    assert logins == [302] * 12
    assert finished == [("done", expected)] and expected > 30
