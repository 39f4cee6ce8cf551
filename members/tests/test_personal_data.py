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


def test_rotation_covers_every_encrypted_field_of_every_model(registry, settings, secretary):
    """Personal data of members, development records, stored uploads and exports: after the old
    key is removed every value still opens, the keyed hashes match, and the rotation is audited."""
    import datetime as dt
    import io

    from cryptography.fernet import Fernet

    from development.models import Candidate
    from development.tests.test_rules import apply
    from exchange.models import ExportFile, ImportBatch

    settings.DANGJIAN_TODAY = "2026-06-30"
    candidate = apply(registry, day=dt.date(2026, 1, 5))
    number = candidate.id_number
    ImportBatch.objects.create(
        kind="members",
        file_name="名册.xlsx",
        sha256="0" * 64,
        status="ready",
        content=crypto.encrypt_bytes(b"upload"),
        created_by=secretary,
    )
    ExportFile.objects.create(
        kind="members", status="done", content=crypto.encrypt_bytes(b"export"), created_by=secretary
    )
    models = {model._meta.label for model, _fields in crypto.encrypted_fields()}
    assert {"members.Member", "development.Candidate", "exchange.ImportBatch", "exchange.ExportFile"} <= models

    old = settings.FIELD_KEY
    settings.FIELD_KEY = f"{Fernet.generate_key().decode()},{old}"
    try:
        call_command("rotate_field_key", stdout=io.StringIO())
        settings.FIELD_KEY = settings.FIELD_KEY.split(",")[0]  # the old key is gone
        crypto.reset_keys()
        for model, fields in crypto.encrypted_fields():
            for row in model._default_manager.all():
                for field in fields:
                    value = getattr(row, field.attname)
                    if isinstance(field, crypto.EncryptedBinaryField):
                        assert not value or crypto.decrypt_bytes(bytes(value))
                        continue
                    plain = crypto.decrypt(value)  # raises InvalidToken if a row was skipped
                    if field.hash_field:
                        assert getattr(row, field.hash_field) == crypto.keyed_hash(plain)
        assert Candidate.objects.get(id_number_hash=crypto.keyed_hash(number)).pk == candidate.pk
        assert ImportBatch.objects.get().data == b"upload"
        assert ExportFile.objects.get().data == b"export"
        event = AuditEvent.objects.get(action="core.field_key.rotated")
        assert event.new["rows"]["development.Candidate"] == 1 and event.new["rows"]["exchange.ExportFile"] == 1
    finally:
        settings.FIELD_KEY = old
        crypto.reset_keys()


def test_every_field_that_holds_ciphertext_is_of_an_encrypted_type():
    """A new model that stores personal data encrypted must use the encrypted field types, or the
    rotation would not find it."""
    from django.apps import apps
    from django.db import models

    suspicious = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if (field.name.endswith("_encrypted") or isinstance(field, models.BinaryField))
        and not isinstance(field, crypto.EncryptedTextField | crypto.EncryptedBinaryField)
        and model._meta.app_label not in {"django_tasks_database", "sessions", "otp_totp", "otp_static", "axes"}
    ]
    assert suspicious == []
