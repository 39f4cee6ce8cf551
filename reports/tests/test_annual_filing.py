"""Filing the annual report (报送): the clerk files a closed year once its figures reconcile and
every flagged figure is explained; the filed figures are then what the year's report shows and
what next year's compares with, whatever is corrected later; a start that is no longer last
year's filed end asks for an explanation; a filing can be withdrawn to file again. The tests'
clock stands in 2026 (`conftest`): 2025 and 2024 are closed years."""

import datetime as dt
import json
from io import BytesIO, StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import AuditEvent
from core import clock
from core.errors import DomainError
from members.models import EventKind
from members.services import do_record_member_event
from reports import annual
from reports.models import Explanation, Filing
from reports.services import do_file_report, do_withdraw_filing, do_write_explanation


def _page(client, year: int) -> str:
    return client.get(reverse("reports:annual"), {"year": str(year)}).content.decode()


def _file(client, year: int, **extra):
    return client.post(reverse("reports:annual_file"), {"year": str(year), **extra}, follow=True)


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def _died_in_2024(registry) -> None:
    """A correction of last year's records after they were filed: 孙七 died in June 2024."""
    do_record_member_event(registry.sun_qi, kind=EventKind.DECEASED, day=dt.date(2024, 6, 1), note="", acting_user=None)


def test_the_clerk_files_a_closed_year_and_the_report_then_shows_it_as_filed(registry, client_for, clerk):
    client = client_for(clerk)
    page = _page(client, 2025)
    assert 'data-testid="file-button"' in page  # reconciles, nothing flagged at the default thresholds
    response = _file(client, 2025)
    assert "已报送，数字按现在的记录保存。" in _messages(response)
    filing = Filing.objects.get()
    assert (filing.organization, filing.year, filing.filed_by) == (registry.working, 2025, clerk)
    assert filing.filed_on == clock.today()
    assert filing.figures == annual.figures_of(annual.Scope.of(registry.committee), 2025)
    assert filing.figures["members.total"] == 9
    event = AuditEvent.objects.get(action="reports.filing.file")
    assert event.new == {"year": 2025, "filed_on": clock.today().isoformat(), "members": 9}

    page = _page(client, 2025)
    filed = page.split('data-testid="filed"')[1].split("</div>")[0]
    assert f"已于 {clock.today():%Y-%m-%d} 报送，报送人 clerk" in filed and 'data-testid="withdraw"' in filed
    assert 'data-testid="file-button"' not in page
    assert "年初 8 + 增加 1 − 减少 0 = 年末 9，数字平衡。" in page
    book = load_workbook(BytesIO(client.get(reverse("reports:annual_xlsx"), {"year": "2025"}).content))
    assert "报送" in book["表1 党员"]["A2"].value


def test_corrections_after_filing_leave_the_filed_figures_and_the_start_asks_for_an_explanation(
    registry, client_for, clerk
):
    client = client_for(clerk)
    _file(client, 2024)
    _died_in_2024(registry)

    assert "年初 8 + 增加 0 − 减少 0 = 年末 8" in _page(client, 2024)  # as filed, not the 7 the records now give
    page = _page(client, 2025)
    assert "每项并列上年数字，为2024年报送的数字。" in page
    flags = page.split('data-testid="flags"')[1].split("</div></div>")[0]
    assert "年初党员数与上年报送的年末数" in flags and "8 → 7" in flags
    assert 'data-testid="explain-changes.start"' in page
    assert "1 项超出审核阈值的变化尚未说明，说明后才能报送。" in page
    assert 'data-testid="file-button"' not in page

    response = _file(client, 2025)
    assert "1 项超出审核阈值的变化尚未说明，说明后才能报送。" in _messages(response)
    assert list(Filing.objects.values_list("year", flat=True)) == [2024]

    client.post(
        reverse("reports:annual_explain"),
        {"figure": "changes.start", "year": "2025", "text": "孙七2024年6月去世，补录"},
    )
    _file(client, 2025)
    assert sorted(Filing.objects.values_list("year", flat=True)) == [2024, 2025]
    out = StringIO()
    call_command("annual_report", "--year", "2025", "--json", stdout=out)
    report = json.loads(out.getvalue())
    assert report["filed"] and report["last_year"]["filed"]
    assert report["changes"]["start"] == 7 and report["last_year"]["end"] == 8
    assert report["flags"] == [
        {"figure": "changes.start", "value": 7, "last": 8, "explanation": "孙七2024年6月去世，补录"}
    ]


def test_a_withdrawn_filing_gives_the_records_figures_again(registry, client_for, clerk):
    client = client_for(clerk)
    _file(client, 2024)
    _died_in_2024(registry)
    response = _file(client, 2024, withdraw="1")
    assert "已撤回报送，数字重新按记录计算。" in _messages(response)
    assert not Filing.objects.exists()
    event = AuditEvent.objects.get(action="reports.filing.withdraw")
    assert event.old["year"] == 2024 and event.old["figures"]["members.total"] == 8
    page = _page(client, 2024)
    assert "年初 8 + 增加 0 − 减少 1 = 年末 7" in page and 'data-testid="file-button"' in page


def test_the_explanations_of_a_filed_year_are_kept_as_filed(registry, client_for, clerk):
    client = client_for(clerk)
    scope = annual.Scope.of(registry.committee)
    do_file_report(scope, 2025, acting_user=clerk)
    response = client.post(
        reverse("reports:annual_explain"), {"figure": "members.total", "year": "2025", "text": "补写"}, follow=True
    )
    assert "该年报已报送，撤回报送后才能修改说明。" in _messages(response)
    assert not Explanation.objects.exists()
    assert 'data-testid="explain-' not in _page(client, 2025)
    do_withdraw_filing(scope, 2025, acting_user=clerk)
    assert do_write_explanation(registry.working, 2025, "members.total", "补写", acting_user=clerk)


@pytest.mark.parametrize(
    "year, message",
    [
        (2026, "本年尚未结束，年报还不能报送。"),  # the tests' clock stands in 2026
        (2025, "该年报已报送。"),  # filed once below
    ],
)
def test_a_year_not_over_or_filed_already_is_refused(registry, clerk, year, message):
    scope = annual.Scope.of(registry.committee)
    do_file_report(scope, 2025, acting_user=clerk)
    with pytest.raises(DomainError) as refused:
        do_file_report(scope, year, acting_user=clerk)
    assert refused.value.message == message
    assert Filing.objects.count() == 1 and AuditEvent.objects.filter(action="reports.filing.file").count() == 1


def test_a_report_that_does_not_reconcile_cannot_be_filed(registry, client_for, clerk):
    from members.models import Membership

    Membership.objects.create(  # old data: a second membership over the year's end
        member=registry.zhang_san,
        organization=registry.branch_b,
        valid_from=dt.date(2025, 3, 1),
        valid_to=dt.date(2026, 1, 10),
    )
    response = _file(client_for(clerk), 2025)
    assert "数字不平衡：请先更正记录再报送。" in _messages(response)
    assert not Filing.objects.exists()


def test_withdrawing_what_was_not_filed_and_a_bad_year_change_nothing(registry, client_for, clerk):
    client = client_for(clerk)
    assert "该年报尚未报送。" in _messages(_file(client, 2024, withdraw="1"))
    for year in ("abc", "1800", "", "99999"):
        response = client.post(reverse("reports:annual_file"), {"year": year}, follow=True)
        assert "请选择年报的年份。" in _messages(response)
    assert not Filing.objects.exists() and not AuditEvent.objects.filter(action__startswith="reports.filing").exists()


def test_who_reads_statistics_without_editing_cannot_file(registry, client_for, body_officer):
    client = client_for(body_officer)
    assert 'data-testid="file"' not in _page(client, 2025)
    assert client.post(reverse("reports:annual_file"), {"year": "2025"}).status_code == 403
    assert not Filing.objects.exists()


def test_an_organization_files_its_own_report_apart_from_the_committee(registry, client_for, opc_officer):
    client = client_for(opc_officer)
    client.post(reverse("reports:annual_file_of", args=[registry.opc.pk]), {"year": "2025"})
    filing = Filing.objects.get()
    assert filing.organization == registry.opc and filing.figures["members.total"] == 6
    outside = client.post(reverse("reports:annual_file_of", args=[registry.pc.pk]), {"year": "2025"})
    assert outside.status_code == 404 and Filing.objects.count() == 1


@pytest.mark.django_db
def test_a_year_beside_a_filed_one_is_computed_once(registry):
    """The report a clerk opens in January computes one year: last year's figures come from its
    filing."""
    scope = annual.Scope.of(registry.committee)
    with CaptureQueriesContext(connection) as both:
        live = annual.build(2025, annual.Scope.of(registry.committee))
    do_file_report(scope, 2024, acting_user=None)
    with CaptureQueriesContext(connection) as one:
        filed = annual.build(2025, annual.Scope.of(registry.committee))
    assert filed.figures == live.figures and filed.last == live.last
    assert len(one.captured_queries) < len(both.captured_queries) * 2 // 3


def test_the_audit_trail_names_the_figures_explained_and_withdrawn():
    from audit.actions import changes, value_text

    assert value_text("members.women", "figure") == "女党员"
    withdrawn = changes({"year": 2024, "figures": {"members.women": 3}}, {}, "reports.filing.withdraw")
    assert ("年度", "2024", "—") in withdrawn
    assert any(old and "女党员：3" in old for _field, old, _new in withdrawn)
