"""The assessment pages: who sees and does what (allowed, 403, 404), what an organization and
the committee read, the forms, and the .xlsx and .docx."""

import io
from decimal import Decimal

import docx as python_docx
from django.urls import reverse
from openpyxl import load_workbook

from assessment import queries
from assessment.models import IndicatorTable, TableStatus
from assessment.tests.test_assessment import score_all
from conftest import make_user


def test_an_organization_sees_its_computed_figures_with_their_source_and_no_upload(
    registry, table, opc_officer, client_for
):
    page = client_for(opc_officer).get(reverse("assessment:organization", args=[registry.opc.pk]) + "?year=2026")
    text = page.content.decode()
    assert page.status_code == 200
    assert "指标由系统根据记录计算，无需上传材料" in text
    assert "组织生活按规定开展" in text  # the source's label
    assert "/orglife/compliance/?year=2026&amp;superior=" in text  # the link to the records
    assert "记录" in text
    assert "机关工委在年终评分" in text  # the total is not shown before publishing
    assert 'data-testid="score"' not in text


def test_the_committee_sees_every_organization_and_scores(registry, table, clerk, client_for):
    client = client_for(clerk)
    page = client.get(reverse("assessment:overview") + "?year=2026")
    assert page.status_code == 200
    text = page.content.decode()
    assert "财政局机关党委" in text and "教委党委" in text
    response = client.post(
        reverse("assessment:score", args=[registry.opc.pk]) + "?year=2026",
        {"item": table.items.get(code="B1").pk, "points": "31", "reason": "好"},
    )
    assert response.status_code == 200
    assert "评分应在0至30之间" in response.content.decode()
    response = client.post(
        reverse("assessment:score", args=[registry.opc.pk]) + "?year=2026",
        {"item": table.items.get(code="B1").pk, "points": "27.5", "reason": "学习扎实"},
    )
    assert response.status_code == 302
    assert queries.result_of(table, registry.opc).lines[2].points == Decimal("27.50")


def test_out_of_scope_is_404_and_without_the_right_403(
    registry, table, branch_secretary, body_officer, opc_officer, client_for
):
    url = reverse("assessment:organization", args=[registry.opc.pk])
    assert client_for(branch_secretary).get(url).status_code == 404  # above the branch: not in its view
    assert client_for(body_officer).get(url).status_code == 403  # reads the registry, edits nothing
    assert client_for(opc_officer).get(reverse("assessment:score", args=[registry.opc.pk])).status_code == 403
    assert client_for(opc_officer).get(reverse("assessment:table", args=[table.pk])).status_code == 403
    assert client_for(opc_officer).get(reverse("assessment:organization", args=[registry.pc.pk])).status_code == 404


def test_the_self_assessment_form_keeps_what_was_typed_when_refused(registry, table, opc_officer, client_for):
    url = reverse("assessment:self_assessment", args=[registry.opc.pk]) + "?year=2026"
    client = client_for(opc_officer)
    b1 = table.items.get(code="B1")
    response = client.post(url, {"overall": "", f"item_{b1.pk}": "专题学习6次"})
    assert response.status_code == 200
    assert "专题学习6次" in response.content.decode()
    response = client.post(url, {"overall": "全年工作扎实", f"item_{b1.pk}": "专题学习6次"})
    assert response.status_code == 302
    assert "全年工作扎实" in client.get(response["Location"]).content.decode()


def test_a_clerk_copies_edits_and_adopts_next_years_table(registry, table, clerk, client_for):
    client = client_for(clerk)
    response = client.post(reverse("assessment:table_create"), {"year": "2027", "based_on": table.pk})
    draft = IndicatorTable.objects.get(year=2027)
    assert response["Location"] == reverse("assessment:table", args=[draft.pk])
    item = draft.items.get(code="B1")
    response = client.post(
        reverse("assessment:item_edit", args=[item.pk]),
        {
            "code": "B1",
            "name": "思想政治建设",
            "kind": "manual",
            "points": "25",
            "section_name": "重点工作",
            "position": 1,
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("assessment:table", args=[draft.pk])).content.decode()
    assert "B1 思想政治建设（分值）" in page.replace("\n", "").replace("  ", "") or "分值" in page
    client.post(reverse("assessment:table_adopt", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == TableStatus.ADOPTED
    response = client.get(reverse("assessment:item_edit", args=[item.pk]))
    assert response.status_code == 302  # an adopted table is not edited


def test_the_xlsx_and_the_responsibility_letter_open(registry, table, clerk, opc_officer, client_for):
    for org in (registry.opc, registry.pc):
        score_all(table, org)
    response = client_for(clerk).get(reverse("assessment:results_xlsx", args=[table.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:4] == ("党组织", "得分", "等次", "计算得分")
    assert {r[0] for r in rows[2:]} == {"财政局机关党委", "教委党委"}
    response = client_for(opc_officer).get(
        reverse("assessment:responsibility_docx", args=[registry.opc.pk]) + "?year=2026"
    )
    text = "\n".join(p.text for p in python_docx.Document(io.BytesIO(response.content)).paragraphs)
    cells = [
        c.text for t in python_docx.Document(io.BytesIO(response.content)).tables for row in t.rows for c in row.cells
    ]
    assert "2026年度机关党建工作目标管理责任书" in text
    assert "财政局机关党委" in text
    assert "书记抓党建述职评议" in cells


def test_an_officer_without_an_assessed_organization_is_told_so(registry, table, client_for):
    user = make_user("branch_only", "org_admin", registry.branch_c)
    page = client_for(user).get(reverse("assessment:index"))
    assert "机关工委考核其直接领导的组织" in page.content.decode()


def test_the_audit_log_names_the_assessments_events_in_chinese(registry, table, secretary, client_for, settings):
    for org in (registry.opc, registry.pc):
        score_all(table, org)
    from assessment import services

    settings.DANGJIAN_TODAY = "2027-01-20"
    services.do_publish(table, acting_user=None)
    text = client_for(secretary).get(reverse("audit:events")).content.decode()
    assert "公布考核结果" in text and "考核的组织数" in text
    assert "organizations" not in text and ">Item" not in text


def test_an_officer_reads_the_committees_scores_only_once_published(
    registry, table, opc_officer, clerk, client_for, settings
):
    score_all(table, registry.opc, b1="27.5")
    url = reverse("assessment:organization", args=[registry.opc.pk])
    page = client_for(opc_officer).get(url).content.decode()
    assert "依据年终检查" not in page and "27.5" not in page and "张三" not in page
    assert "依据年终检查" in client_for(clerk).get(url).content.decode()  # the committee scores it
    score_all(table, registry.pc)
    settings.DANGJIAN_TODAY = "2027-01-20"
    from assessment import services

    services.do_publish(table, acting_user=None)
    page = client_for(opc_officer).get(url, {"year": 2026}).content.decode()
    assert "依据年终检查" in page and "27.5" in page and "张三" in page
