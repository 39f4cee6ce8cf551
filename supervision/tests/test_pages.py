"""The oversight pages: who sees and acts (allowed, 403, 404), the walk of a report (submit,
return, submit again, accept) and of an item (report done, reopen, report, accept) through the
pages, and a refusal that keeps what was typed."""

import datetime as dt

from django.urls import reverse

from supervision.models import AnnualReport, ItemState, ReportStatus


def test_the_committee_lists_a_years_reports_with_counts(client_for, clerk, reporting, registry):
    page = client_for(clerk).get(reverse("supervision:reports") + "?year=2025")
    text = page.content.decode()
    assert page.status_code == 200
    assert "财政局机关党委" in text and "教委党委" in text and "未提交" in text
    assert 'data-testid="late"' in text  # today 2026-03-02: past the deadline


def test_who_may_see_what(client_for, branch_secretary, opc_officer, body_officer, opc_report, item, registry):
    reports = reverse("supervision:reports")
    report = reverse("supervision:report", args=[opc_report.pk])
    assert client_for(opc_officer).get(reports).status_code == 403  # the committee's page
    assert client_for(branch_secretary).get(report).status_code == 404  # the committee above
    assert client_for(body_officer).get(report).status_code == 403  # reads the registry only
    assert client_for(opc_officer).get(report).status_code == 200
    inspection = reverse("supervision:inspection", args=[item.finding.inspection_id])
    assert client_for(branch_secretary).get(inspection).status_code == 403
    assert client_for(branch_secretary).get(reverse("supervision:item", args=[item.pk])).status_code == 200
    accept = reverse("supervision:item_accept", args=[item.pk])
    assert client_for(branch_secretary).post(accept).status_code == 403


def test_a_report_through_the_pages(client, client_for, opc_officer, clerk, opc_report):
    url = reverse("supervision:report", args=[opc_report.pk])
    officer = client_for(opc_officer)
    page = officer.post(url, {"summary": "", "problems": "学习不够"})
    text = page.content.decode()
    assert page.status_code == 200 and "请填写报告摘要" in text and "学习不够" in text  # what was typed stays
    assert AnnualReport.objects.get(pk=opc_report.pk).status == ReportStatus.MISSING
    assert officer.post(url, {"summary": "2025年度总结", "problems": "学习不够"}).status_code == 302
    client.logout()
    committee = client_for(clerk)
    page = committee.post(reverse("supervision:report_return", args=[opc_report.pk]), {"comment": ""})
    assert page.status_code == 200 and "请写明退回的意见" in page.content.decode()
    committee.post(reverse("supervision:report_return", args=[opc_report.pk]), {"comment": "请补充下一步打算"})
    assert AnnualReport.objects.get(pk=opc_report.pk).status == ReportStatus.RETURNED
    client.logout()
    officer = client_for(opc_officer)
    assert "请补充下一步打算" in officer.get(url).content.decode()
    officer.post(url, {"summary": "2025年度总结（修改）", "plans": "加强学习"})
    client.logout()
    client_for(clerk).post(reverse("supervision:report_accept", args=[opc_report.pk]))
    report = AnnualReport.objects.get(pk=opc_report.pk)
    assert report.status == ReportStatus.ACCEPTED and report.events.count() == 4


def test_an_item_through_the_pages(client, client_for, branch_secretary, clerk, item, registry):
    page = client_for(branch_secretary).get(reverse("supervision:organization", args=[registry.branch_a.pk]))
    assert "制定党课计划" in page.content.decode() and 'data-testid="overdue"' in page.content.decode()
    client_for(branch_secretary).post(reverse("supervision:item_report", args=[item.pk]), {"note": "已落实"})
    client.logout()
    committee = client_for(clerk)
    committee.post(reverse("supervision:item_reopen", args=[item.pk]), {"reason": "缺少记录", "deadline": "2026-04-30"})
    item.refresh_from_db()
    assert item.state == ItemState.OPEN and item.deadline == dt.date(2026, 4, 30)
    client.logout()
    client_for(branch_secretary).post(reverse("supervision:item_report", args=[item.pk]), {"note": "已补记录"})
    client.logout()
    client_for(clerk).post(reverse("supervision:item_accept", args=[item.pk]))
    item.refresh_from_db()
    assert item.state == ItemState.CLOSED


def test_the_committee_records_an_inspection_a_finding_and_an_item(client_for, clerk, registry):
    committee = client_for(clerk)
    page = committee.post(
        reverse("supervision:inspection_create"),
        {
            "topic": "基层党组织“三会一课”落实情况专题督查",
            "year": "2026",
            "matter_code": "DIS-02",
            "organizations": [registry.opc.pk, registry.branch_a.pk],
            "starts_on": "2026-03-01",
            "ends_on": "2026-03-10",
        },
    )
    assert page.status_code == 302
    inspection_url = page["Location"]
    pk = int(inspection_url.rstrip("/").split("/")[-1])
    page = committee.post(
        reverse("supervision:finding_add", args=[pk]), {"organization": registry.branch_a.pk, "text": "党课记录不全"}
    )
    assert page.status_code == 302
    from supervision.models import Finding

    finding = Finding.objects.get(inspection_id=pk)
    page = committee.post(
        reverse("supervision:item_add", args=[finding.pk]), {"text": "补全党课记录", "deadline": "2026-04-30"}
    )
    assert page.status_code == 302
    text = committee.get(inspection_url).content.decode()
    assert "党课记录不全" in text and "补全党课记录" in text and "待整改" in text


def test_a_submitted_report_prints_for_the_archive(client_for, clerk, opc_report):
    from supervision.tests.conftest import submit

    url = reverse("supervision:report_docx", args=[opc_report.pk])
    assert client_for(clerk).get(url).status_code == 404  # nothing submitted yet
    submit(opc_report)
    page = client_for(clerk).get(url)
    assert page.status_code == 200 and page["Content-Type"].endswith("wordprocessingml.document")
    import io
    import zipfile

    xml = zipfile.ZipFile(io.BytesIO(page.content)).read("word/document.xml").decode()
    assert "书记抓党建责任落实到位" in xml and "履行党建工作责任制情况" in xml
