"""Annual work reports: opening a year, submitting (late or not), returning, submitting again,
accepting; refusals write nothing; the counts the assessment reads; the to-dos."""

import datetime as dt

import pytest

from audit.models import AuditEvent
from core.errors import DomainError
from supervision import queries, services
from supervision.models import AnnualReport, ReportEvent, ReportRound, ReportStatus
from supervision.tests.conftest import submit
from work.models import ItemKind, ItemStatus, WorkItem
from work.supervision import supervision_reminders


def test_opening_a_year_expects_one_report_from_each_organization_led_by_the_committee(reporting, registry):
    assert reporting.deadline == dt.date(2026, 1, 31)  # the local rule: 01-31 of the next year
    assert set(reporting.reports.values_list("organization", flat=True)) == {registry.opc.pk, registry.pc.pk}
    assert set(reporting.reports.values_list("status", flat=True)) == {ReportStatus.MISSING}
    assert AuditEvent.objects.filter(action="supervision.reporting.opened").count() == 1


def test_a_year_is_opened_once_and_for_a_year_begun(reporting):
    with pytest.raises(DomainError, match="已"):
        services.do_open_reporting(2025, acting_user=None)
    with pytest.raises(DomainError) as e:
        services.do_open_reporting(2027, acting_user=None)
    assert e.value.field == "year"
    with pytest.raises(DomainError) as e:
        services.do_open_reporting(2026, deadline=dt.date(2025, 12, 1), acting_user=None)
    assert e.value.field == "deadline"
    assert ReportRound.objects.count() == 1


def test_the_deadline_rule_is_configurable(settings, registry):
    settings.DANGJIAN_RULES = {"annual_report_due": "02-29"}
    reporting = services.do_open_reporting(2026, acting_user=None)
    assert reporting.deadline == dt.date(2027, 2, 28)


def test_submit_in_time_then_accept(opc_report):
    report = submit(opc_report)
    assert report.status == ReportStatus.SUBMITTED and not report.late
    assert report.submitted_on == dt.date(2026, 1, 20)
    report = services.do_accept_report(report, day=dt.date(2026, 1, 25), acting_user=None)
    assert report.status == ReportStatus.ACCEPTED and report.accepted_on == dt.date(2026, 1, 25)
    assert list(report.events.values_list("step", flat=True)) == ["submitted", "accepted"]
    with pytest.raises(DomainError, match="已接收"):
        submit(report)


def test_late_submission_is_allowed_and_marked(opc_report):
    report = submit(opc_report, day=dt.date(2026, 2, 3))
    assert report.status == ReportStatus.SUBMITTED and report.late


def test_returned_report_is_submitted_again_and_the_history_kept(opc_report):
    submit(opc_report, summary="初稿")
    with pytest.raises(DomainError, match="退回"):
        services.do_return_report(opc_report, comment="  ", acting_user=None)
    assert AnnualReport.objects.get(pk=opc_report.pk).status == ReportStatus.SUBMITTED
    report = services.do_return_report(opc_report, comment="缺少存在问题的具体分析", acting_user=None)
    assert report.status == ReportStatus.RETURNED
    report = submit(report, summary="修改稿", day=dt.date(2026, 2, 5))
    assert report.status == ReportStatus.SUBMITTED
    assert not report.late  # first submitted in time
    assert report.first_submitted_on == dt.date(2026, 1, 20) and report.submitted_on == dt.date(2026, 2, 5)
    events = list(report.events.order_by("at", "pk"))
    assert [e.step for e in events] == ["submitted", "returned", "submitted"]
    assert events[0].content["summary"] == "初稿" and events[2].content["summary"] == "修改稿"
    assert events[1].comment == "缺少存在问题的具体分析"
    assert events[2].late


def test_refusals_write_nothing(opc_report):
    with pytest.raises(DomainError, match="摘要"):
        submit(opc_report, summary="")
    with pytest.raises(DomainError, match="附"):
        submit(opc_report, sections={})
    with pytest.raises(DomainError, match="已提交|未提交"):
        services.do_accept_report(opc_report, acting_user=None)
    assert AnnualReport.objects.get(pk=opc_report.pk).status == ReportStatus.MISSING
    assert not ReportEvent.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="supervision.report.").exists()


def test_a_document_alone_is_a_report(opc_report):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("年度报告.pdf", b"%PDF-1.4\n", content_type="application/pdf")
    report = submit(opc_report, sections={}, upload=upload)
    assert report.file_name == "年度报告.pdf" and report.file


def test_counts_and_states(reporting, registry):
    opc = reporting.reports.get(organization=registry.opc)
    services.do_accept_report(submit(opc, day=dt.date(2026, 2, 2)), acting_user=None)
    assert queries.report_counts(2025, day=dt.date(2026, 1, 10)) == {"due": 2, "submitted": 1, "accepted": 1, "late": 1}
    # after the deadline the missing report counts as late too
    assert queries.report_counts(2025) == {"due": 2, "submitted": 1, "accepted": 1, "late": 2}
    states = queries.report_states(2025)
    assert states[registry.opc.pk].status == "accepted" and states[registry.opc.pk].late
    assert states[registry.opc.pk].submitted_on == dt.date(2026, 2, 2)
    assert states[registry.pc.pk].status == "missing" and states[registry.pc.pk].accepted_on is None
    assert queries.report_counts(2019) == {"due": 0, "submitted": 0, "accepted": 0, "late": 0}


def test_a_missing_report_after_the_deadline_is_a_to_do_made_once_and_closed_on_submission(reporting, registry):
    assert supervision_reminders(dt.date(2026, 1, 31))["report_missing"] == 0  # not yet late
    assert supervision_reminders(dt.date(2026, 2, 1))["report_missing"] == 2
    assert supervision_reminders(dt.date(2026, 2, 2))["report_missing"] == 0
    item = WorkItem.objects.get(kind=ItemKind.REPORT_MISSING, organization=registry.opc)
    assert item.lead_body is None and "2025" in item.title
    submit(reporting.reports.get(organization=registry.opc), day=dt.date(2026, 2, 3))
    assert supervision_reminders(dt.date(2026, 2, 3))["reports_closed"] == 1
    item.refresh_from_db()
    assert item.status == ItemStatus.DONE
    assert WorkItem.objects.get(kind=ItemKind.REPORT_MISSING, organization=registry.pc).status == ItemStatus.OPEN
