import os
import subprocess

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from audit.models import AuditEvent
from core import crypto
from members.models import Member


def _database_dump() -> str:
    """The whole database as text, as an attacker with a copy of the file or a pg_dump sees it."""
    if connection.vendor == "sqlite":
        return "\n".join(connection.connection.iterdump())
    db = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
    command = ["pg_dump", "-h", db["HOST"] or "127.0.0.1", "-p", str(db["PORT"] or 5432), "-U", db["USER"], db["NAME"]]
    return subprocess.run(command, capture_output=True, text=True, check=True, env=env).stdout


@pytest.mark.django_db(transaction=True)
def test_a_database_dump_holds_no_plaintext_id_or_phone_number(registry):
    numbers = [m.id_number for m in Member.objects.all()]
    dump = _database_dump()
    assert "张三" in dump  # the dump is real
    for number in numbers:
        assert number not in dump and number[:14] not in dump
    assert "13812345678" not in dump


def test_a_leader_reveals_the_numbers_and_the_reveal_is_recorded(registry, client_for, secretary):
    member = registry.zhang_san
    client = client_for(secretary)
    assert member.id_number not in client.get(f"/members/{member.pk}/").content.decode()
    fragment = client.post(f"/members/{member.pk}/reveal/", headers={"HX-Request": "true"}).content.decode()
    assert member.id_number in fragment and "13812345678" in fragment and "<html" not in fragment
    assert AuditEvent.objects.filter(
        action="members.member.revealed", actor=secretary, target_id=str(member.pk)
    ).exists()


def test_staff_without_the_reveal_capability_get_403(registry, client_for, clerk):
    page = client_for(clerk).get(f"/members/{registry.zhang_san.pk}/").content.decode()
    assert "/reveal/" not in page
    assert client_for(clerk).post(f"/members/{registry.zhang_san.pk}/reveal/").status_code == 403


def test_rotating_the_field_key_reencrypts_and_keeps_search_working(registry, settings, client_for, secretary):
    from cryptography.fernet import Fernet

    old = settings.FIELD_KEY
    new = Fernet.generate_key().decode()
    number = registry.wu_jiu.id_number
    before = Member.objects.get(pk=registry.wu_jiu.pk).id_number_encrypted
    settings.FIELD_KEY = f"{new},{old}"
    try:
        call_command("rotate_field_key", stdout=__import__("io").StringIO())
        settings.FIELD_KEY = new  # the old key is gone
        crypto.reset_keys()
        member = Member.objects.get(pk=registry.wu_jiu.pk)
        assert member.id_number_encrypted != before and member.id_number == number
        page = client_for(secretary).get("/members/", {"q": number}).content.decode()
        assert "吴九" in page
    finally:
        settings.FIELD_KEY = old
        crypto.reset_keys()


def test_the_field_key_lives_outside_the_database_and_the_repository():
    key_file = settings.LOCAL_DIR / "dangjian_field_key"
    if key_file.exists():
        assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    tracked = subprocess.run(["git", "ls-files", ".local"], capture_output=True, text=True, cwd=settings.BASE_DIR)
    assert tracked.stdout == ""
