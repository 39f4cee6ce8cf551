import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from audit.models import AppendOnly, AuditEvent
from members.services import do_record_member_event


def test_every_change_leaves_a_chained_event(registry):
    events = list(AuditEvent.objects.order_by("pk"))
    assert len(events) >= 16  # the registry was built through the services
    assert all(e.prev_hash == p.hash for p, e in zip(events, events[1:], strict=False))
    call_command("verify_audit")


def test_verify_audit_catches_a_row_changed_behind_the_applications_back(registry):
    event = AuditEvent.objects.filter(action="members.member.created").order_by("pk")[3]
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {AuditEvent._meta.db_table} SET reason = %s WHERE id = %s", ["改过", event.pk])
    with pytest.raises(CommandError, match=f"#{event.pk}"):
        call_command("verify_audit")


def test_verify_audit_catches_a_deleted_row(registry):
    event = AuditEvent.objects.order_by("pk")[5]
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditEvent._meta.db_table} WHERE id = %s", [event.pk])
    with pytest.raises(CommandError, match="broken"):
        call_command("verify_audit")


def test_the_model_and_its_querysets_refuse_changes_and_deletes(registry):
    event = AuditEvent.objects.first()
    event.reason = "x"
    with pytest.raises(AppendOnly):
        event.save()
    with pytest.raises(AppendOnly):
        event.delete()
    with pytest.raises(AppendOnly):
        AuditEvent.objects.filter(pk=event.pk).update(reason="x")
    with pytest.raises(AppendOnly):
        AuditEvent.objects.all().delete()


def test_leaders_filter_the_audit_page_and_exports_are_audited(registry, client_for, secretary):
    do_record_member_event(registry.wu_jiu, kind="deceased", day=dt.date(2024, 3, 1), note="", acting_user=secretary)
    client = client_for(secretary)
    page = client.get("/audit/", {"action": "members."}).content.decode()
    assert "党员状态变化：去世" in page and "吴九" in page and "新建账号" not in page
    response = client.get("/audit/export.xlsx", {"action": "members."})
    assert response.status_code == 200
    assert AuditEvent.objects.filter(action="audit.exported", actor=secretary).exists()


def test_staff_without_the_audit_capability_get_403(registry, client_for, clerk):
    assert client_for(clerk).get("/audit/").status_code == 403
