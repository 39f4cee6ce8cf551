"""The audit page in the words of the clerk who reads it: actions by name, changes as
"字段：旧值 → 新值", labelled filters, each export by what it exported."""

import datetime as dt

from django.urls import reverse

from audit.models import AuditEvent
from audit.services import record
from members.services import do_record_member_event


def page(client, **filters) -> str:
    return client.get(reverse("audit:events"), filters).content.decode()


def test_actions_read_as_names_not_codes(registry, client_for, secretary):
    client = client_for(secretary)  # signing in is itself an event
    do_record_member_event(registry.wu_jiu, kind="deceased", day=dt.date(2024, 3, 1), note="", acting_user=secretary)
    shown = page(client)
    assert "登录成功" in shown and "党员状态变化：去世" in shown
    assert ">accounts.login.succeeded<" not in shown and "<code>" not in shown


def test_a_change_reads_field_old_value_arrow_new_value(registry, client_for, secretary):
    record(
        "orgs.organization.updated",
        actor=secretary,
        target=registry.branch_a,
        organization=registry.branch_a,
        old={"name": "财政局一支部", "term_years": 3},
        new={"name": "财政局第一支部", "term_years": 5},
    )
    shown = page(client_for(secretary), action="orgs.")
    assert "修改党组织" in shown
    name_line = '<span class="text-muted">名称：</span><span class="text-muted">财政局一支部</span> → 财政局第一支部'
    assert name_line in shown
    assert '每届任期（年）：</span><span class="text-muted">3</span> → 5' in shown
    assert "{&#x27;name&#x27;" not in shown and "{'name'" not in shown


def test_an_imported_files_fingerprint_wraps_instead_of_widening_the_page(registry, client_for, secretary):
    record("exchange.members.imported", actor=secretary, target=secretary, new={"file_sha256": "a" * 64})
    shown = page(client_for(secretary))
    assert "从 Excel 导入党员" in shown and "文件指纹（SHA-256）" in shown
    assert 'class="audit-change"' in shown  # app.css: overflow-wrap: anywhere


def test_every_filter_has_a_visible_label(registry, client_for, secretary):
    shown = page(client_for(secretary))
    for field, label in [("person", "人员"), ("action", "操作"), ("organization", "党组织"), ("start", "起始日期")]:
        assert f'<label class="form-label small mb-1" for="id_{field}">{label}</label>' in shown
    assert '<option value="transfers.">组织关系转接</option>' in shown


def test_downloading_the_post_list_is_logged_as_the_post_register(registry, client_for, secretary):
    client = client_for(secretary)
    client.get(reverse("orgs:post_export"))
    event = AuditEvent.objects.filter(action="members.exported").latest("pk")
    assert event.new["kind"] == "posts" and event.target_repr.startswith("职务名册导出")
    assert "职务名册导出" in page(client)


def test_a_member_export_is_logged_as_the_member_register(registry, client_for, secretary):
    client = client_for(secretary)
    client.get(reverse("members:export"))
    assert "党员名册导出" in page(client, action="members.exported")


def test_the_audit_export_writes_names_and_changes_not_codes(registry, client_for, secretary):
    from io import BytesIO

    from openpyxl import load_workbook

    client = client_for(secretary)
    target = registry.branch_a
    record("orgs.organization.updated", actor=secretary, target=target, old={"name": "甲"}, new={"name": "乙"})
    book = load_workbook(BytesIO(client.get(reverse("audit:export")).content))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][2] == "操作" and rows[0][5] == "变更"
    assert ("修改党组织", "名称：甲 → 乙") in [(r[2], r[5]) for r in rows[1:]]


def test_coded_values_read_by_their_labels(registry, client_for, secretary):
    record("work.reminder.development_due", actor=None, target=secretary, new={"kind": "appointment", "step": "talk"})
    shown = page(client_for(secretary), action="work.")
    assert "类型：</span>专职书记考察任免" in shown
    assert "步骤：</span>与入党申请人谈话" in shown and ">talk<" not in shown


def test_an_exports_filters_read_by_name(registry, client_for, secretary):
    client = client_for(secretary)
    client.get(reverse("members:export"), {"organization": registry.branch_a.pk, "status": "active", "q": ""})
    shown = page(client, action="members.exported")
    assert f"党组织：{registry.branch_a.pk}；状态：在册" in shown and "status=active" not in shown
