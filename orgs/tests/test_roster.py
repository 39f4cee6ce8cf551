"""A printable member roster (党员花名册) per organization, as .xlsx and .docx, on A4: the
people on the roll with name, sex, birth, ethnicity, education, joining and full-member dates
and post; no ID or phone numbers; scoped; audited as an export (issue 16, "no loose ends")."""

from io import BytesIO
from urllib.parse import unquote

from django.urls import reverse
from docx import Document
from docx.shared import Cm
from openpyxl import load_workbook

from audit.models import AuditEvent
from members.models import Member
from orgs.models import Post


def roster_of(client, org, fmt):
    return client.get(reverse(f"orgs:roster_{fmt}", args=[org.pk]))


def test_the_branch_page_offers_the_roster_in_word_and_excel(registry, client_for, clerk):
    page = client_for(clerk).get(reverse("orgs:organization", args=[registry.branch_a.pk])).content.decode()
    assert "党员花名册" in page
    assert reverse("orgs:roster_docx", args=[registry.branch_a.pk]) in page
    assert reverse("orgs:roster_xlsx", args=[registry.branch_a.pk]) in page


def test_the_excel_roster_lists_the_roll_with_the_rosters_columns_and_no_personal_numbers(registry, client_for, clerk):
    Member.objects.filter(pk=registry.zhang_san.pk).update(work_post="科长")
    Post.objects.create(
        member=registry.zhang_san,
        organization=registry.branch_a,
        role="secretary",
        valid_from=registry.zhang_san.full_member_date,
    )
    response = roster_of(client_for(clerk), registry.branch_a, "xlsx")
    assert response.status_code == 200
    assert "党员花名册-财政局第一支部-" in unquote(response["Content-Disposition"])
    sheet = load_workbook(BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][0] == "财政局第一支部党员花名册"
    assert rows[2] == ["序号", "姓名", "性别", "出生年月", "民族", "学历", "入党时间", "转正时间", "职务"]
    by_name = {r[1]: r for r in rows[3:]}
    assert set(by_name) == {"张三", "李四", "王五", "赵六"}
    assert by_name["张三"][2:] == ["男", "1985.05", "汉族", "大学本科", "2010.07.01", "2011.07.01", "科长；书记"]
    assert by_name["赵六"][7] == "预备党员"
    text = " ".join(str(v) for r in rows for v in r if v)
    assert registry.zhang_san.id_number not in text and "13812345678" not in text
    assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)


def test_the_word_roster_is_an_a4_table_of_the_roll(registry, client_for, branch_secretary):
    response = roster_of(client_for(branch_secretary), registry.branch_a, "docx")
    assert response.status_code == 200 and unquote(response["Content-Disposition"]).endswith(".docx")
    doc = Document(BytesIO(response.content))
    assert abs(doc.sections[0].page_width - Cm(21)) < Cm(0.1)
    assert doc.paragraphs[0].text == "财政局第一支部党员花名册"
    [table] = doc.tables
    assert [c.text for c in table.rows[0].cells][:2] == ["序号", "姓名"]
    assert sorted(r.cells[1].text for r in table.rows[1:]) == sorted(["张三", "李四", "王五", "赵六"])


def test_each_download_is_audited_as_a_roster_export(registry, client_for, clerk):
    client = client_for(clerk)
    roster_of(client, registry.branch_a, "xlsx")
    roster_of(client, registry.branch_a, "docx")
    events = AuditEvent.objects.filter(action="members.exported", actor=clerk)
    assert events.count() == 2
    assert all("花名册" in e.target_repr and e.new["rows"] == 4 for e in events)


def test_a_branch_secretary_gets_no_roster_of_another_branch(registry, client_for, branch_secretary):
    assert roster_of(client_for(branch_secretary), registry.branch_c, "xlsx").status_code == 404
    assert roster_of(client_for(branch_secretary), registry.branch_c, "docx").status_code == 404
