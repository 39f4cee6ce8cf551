import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import AuditEvent
from exchange.models import ImportBatch
from exchange.tests.test_import import HEADER, csv_bytes, row, xlsx
from members.models import Member, Membership


def upload(client, data, name="members.xlsx"):
    return client.post(
        reverse("exchange:imports"), {"kind": "members", "file": SimpleUploadedFile(name, data)}, follow=True
    )


def test_errors_are_shown_by_row_and_reported_in_a_marked_copy(registry, client_for, branch_secretary):
    client = client_for(branch_secretary)
    data = xlsx([row(registry), row(registry, 身份证号="500101199004050011", 学历="幼儿园")])
    page = upload(client, data).content.decode()
    batch = ImportBatch.objects.get()
    assert batch.status == "invalid" and batch.error_count == 2
    assert "身份证号校验位不正确" in page and "学历应为" in page
    report = load_workbook(io.BytesIO(client.get(reverse("exchange:batch_errors", args=[batch.pk])).content))
    sheet = report.active
    assert sheet.cell(row=3, column=2).comment.text.startswith("身份证号校验位不正确")
    assert sheet.cell(row=3, column=2).fill.fgColor.rgb.endswith("F8D7DA")
    assert "学历：学历应为" in sheet.cell(row=3, column=len(HEADER) + 1).value
    assert sheet.cell(row=2, column=len(HEADER) + 1).value in ("", None)
    assert client.post(reverse("exchange:batch_confirm", args=[batch.pk])).status_code == 302
    assert not Member.objects.filter(name="钱二").exists()


def test_a_clean_file_is_previewed_then_confirmed(registry, client_for, branch_secretary):
    client = client_for(branch_secretary)
    page = upload(client, csv_bytes([row(registry)]), "m.csv").content.decode()
    batch = ImportBatch.objects.get()
    assert batch.status == "ready" and "钱二（财政局第一支部）" in page
    assert not Member.objects.filter(name="钱二").exists()
    page = client.post(reverse("exchange:batch_confirm", args=[batch.pk]), follow=True).content.decode()
    assert Member.objects.filter(name="钱二", organization=registry.branch_a).exists()
    assert ImportBatch.objects.get().status == "applied"
    # a second confirmation does nothing
    client.post(reverse("exchange:batch_confirm", args=[batch.pk]))
    assert Member.objects.filter(name="钱二").count() == 1


def test_a_branch_secretary_cannot_import_into_another_branch(registry, client_for, branch_secretary):
    upload(client_for(branch_secretary), csv_bytes([row(registry, 所在党支部=registry.branch_c.name)]), "m.csv")
    assert ImportBatch.objects.get().errors[0]["reason"] == "没有这个党支部（或不在您管理的范围内）"


def test_an_english_uploader_reads_refusals_in_english_and_the_batch_keeps_chinese_records(
    registry, client_for, branch_secretary, settings
):
    """A refusal of the file is said at once, in the uploader's language; the reasons a batch
    keeps are records, in the site's language, whoever uploaded the file."""
    client = client_for(branch_secretary)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = upload(client, b"PK\x03\x04garbage").content.decode()
    assert "The file is damaged and cannot be opened as an Excel file." in page and "文件已损坏" not in page
    upload(client, csv_bytes([row(registry, 所在党支部=registry.branch_c.name)]), "m.csv")
    assert ImportBatch.objects.get().errors[0]["reason"] == "没有这个党支部（或不在您管理的范围内）"


def test_a_hostile_upload_gets_a_message_not_a_500(registry, client_for, branch_secretary):
    response = upload(client_for(branch_secretary), b"PK\x03\x04garbage")
    assert response.status_code == 200 and "文件已损坏" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_the_export_is_the_filtered_list_masked_unless_revealed(registry, client_for, branch_secretary, secretary):
    response = client_for(branch_secretary).get(reverse("members:export"), {"gender": "F"})
    assert response.streaming  # written to a temporary file and streamed, not held in memory
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == ["李四"]  # 财政局第一支部's women
    assert "*" in rows[0][1] and "*" in rows[0][HEADER.index("联系电话")]
    client = client_for(secretary)
    sheet = load_workbook(io.BytesIO(client.get(reverse("members:export")).getvalue())).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 9 and registry.zhang_san.id_number in {r[1] for r in rows}
    event = AuditEvent.objects.filter(action="members.exported").latest("pk")
    assert event.new["revealed"] is True and event.new["rows"] == 9


def test_members_round_trip_through_export_and_import(registry, client_for, secretary):
    client = client_for(secretary)
    data = client.get(reverse("members:export")).getvalue()

    def registry_rows():
        return sorted(
            (
                m.name,
                m.id_number,
                m.organization_id,
                m.join_date,
                m.full_member_date,
                m.category,
                m.education,
                m.memberships.get(valid_to__isnull=True).valid_from,
            )
            for m in Member.objects.filter(status="active")
        )

    before = registry_rows()
    Membership.objects.all().delete()
    Member.objects.all().delete()
    upload(client, data)
    assert ImportBatch.objects.get().status == "ready", ImportBatch.objects.get().errors
    client.post(reverse("exchange:batch_confirm", args=[ImportBatch.objects.get().pk]))
    assert registry_rows() == before


def test_the_template_downloads(registry, client_for, branch_secretary):
    response = client_for(branch_secretary).get(reverse("exchange:template", args=["members"]))
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["党员", "填写说明"]


def test_the_uploaded_file_is_kept_encrypted_and_ids_are_masked_in_the_errors(registry, client_for, branch_secretary):
    number = "500101199004050011"
    upload(client_for(branch_secretary), csv_bytes([row(registry, 身份证号=number)]), "m.csv")
    batch = ImportBatch.objects.get()
    assert number.encode() not in bytes(batch.content)
    assert number in batch.data.decode()
    assert batch.errors[0]["value"] == "5001**********0011"
