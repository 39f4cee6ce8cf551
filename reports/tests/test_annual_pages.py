"""The annual report's pages as their users meet them: the committee's clerk reads the 2025
report of the miniature district, explains a flagged figure, downloads the workbook with the
explanation in it, and drills from a figure to the organization and the member it counts; an
organization's officer sees only their own subtree."""

import datetime as dt
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import AuditEvent
from members.models import EventKind
from members.services import do_record_member_event
from reports.models import Explanation

YEAR = {"year": "2025"}


@pytest.fixture
def year_2025(registry, settings):
    """孙七 died in March 2025; 赵六 joined on 2025-12-01 (the registry's probationary member).
    Every change of at least one asks for an explanation."""
    do_record_member_event(registry.sun_qi, kind=EventKind.DECEASED, day=dt.date(2025, 3, 1), note="", acting_user=None)
    settings.DANGJIAN_RULES = {**getattr(settings, "DANGJIAN_RULES", {}), "annual_flag_minimum": 1}
    return registry


def _row(page: str, key: str) -> str:
    return page.split(f'data-figure="{key}"')[1].split("</tr>")[0]


def test_the_clerk_reads_the_year_and_its_identity(year_2025, client_for, clerk):
    page = client_for(clerk).get(reverse("reports:annual"), YEAR).content.decode()
    assert "区直机关工委 · 2025年党内统计年报" in page
    assert "年初 8 + 增加 1 − 减少 1 = 年末 8，数字平衡。" in page
    assert ">1</a>" in _row(page, "changes.decrease.death")  # a link to the members it counts
    assert ">1</a>" in _row(page, "changes.increase.developed")
    assert "无数据" in _row(page, "work.evaluation.rounds")  # no review recorded: not a zero


def test_a_flagged_figure_is_explained_and_the_explanation_goes_with_the_workbook(year_2025, client_for, clerk):
    client = client_for(clerk)
    page = client.get(reverse("reports:annual"), YEAR).content.decode()
    assert 'data-testid="explain-members.probationary"' in page  # 0 → 1 probationary member
    response = client.post(
        reverse("reports:annual_explain"),
        {"figure": "members.probationary", "year": "2025", "text": "赵六同志12月经支部大会通过接收为预备党员"},
    )
    assert response.status_code == 302 and response["Location"].endswith("#row-members.probationary")
    assert Explanation.objects.get(figure="members.probationary", year=2025).organization == year_2025.working
    assert AuditEvent.objects.filter(action="reports.explanation.write").count() == 1
    page = client.get(reverse("reports:annual"), YEAR).content.decode()
    assert "赵六同志12月经支部大会通过接收为预备党员" in page and "已说明" in page

    book = load_workbook(BytesIO(client.get(reverse("reports:annual_xlsx"), YEAR).content))
    assert book.sheetnames[:2] == ["表1 党员", "表2 党组织"]
    sheet = book["表1 党员"]
    assert [c.value for c in sheet[3]] == ["项目", "本年", "占比（%）", "上年", "增减", "说明"]
    probationary = next(r for r in sheet.iter_rows(values_only=True) if r[0] and r[0].strip() == "预备党员")
    assert (
        probationary[1] == 1 and probationary[3] == 0 and probationary[5] == "赵六同志12月经支部大会通过接收为预备党员"
    )
    changes = book["表4 党员增减变化"]
    assert ("年初 8 + 增加 1 − 减少 1 = 年末 8：平衡",) in list(changes.iter_rows(values_only=True, max_col=1))


@pytest.mark.parametrize(
    "data, message",
    [
        ({"figure": "members.probationary", "year": "2025", "text": "说明\x07"}, None),
        ({"figure": "members.probationary", "year": "2025", "text": "长" * 1001}, None),
        ({"figure": "members.nonsense", "year": "2025", "text": "说明"}, "年报中没有这项指标。"),
        ({"figure": "members.probationary", "year": "2999", "text": "说明"}, "年份不能晚于今年。"),
    ],
)
def test_a_bad_explanation_changes_nothing_and_says_why(year_2025, client_for, clerk, data, message):
    client = client_for(clerk)
    response = client.post(reverse("reports:annual_explain"), data, follow=True)
    assert response.status_code == 200
    assert not Explanation.objects.exists()
    shown = [str(m) for m in response.context["messages"]]
    assert shown and (message is None or message in shown)


def test_an_empty_explanation_clears_it(year_2025, client_for, clerk):
    client = client_for(clerk)
    url = reverse("reports:annual_explain")
    client.post(url, {"figure": "members.probationary", "year": "2025", "text": "有说明"})
    client.post(url, {"figure": "members.probationary", "year": "2025", "text": ""})
    assert not Explanation.objects.exists()


def test_who_reads_statistics_without_editing_sees_explanations_but_no_form(year_2025, client_for, clerk, body_officer):
    client_for(clerk).post(
        reverse("reports:annual_explain"), {"figure": "members.probationary", "year": "2025", "text": "新发展一名"}
    )
    page = client_for(body_officer).get(reverse("reports:annual"), YEAR).content.decode()
    assert "新发展一名" in page and 'data-testid="explain-' not in page
    response = client_for(body_officer).post(
        reverse("reports:annual_explain"), {"figure": "members.probationary", "year": "2025", "text": "改"}
    )
    assert response.status_code == 403
    assert Explanation.objects.get().text == "新发展一名"


def test_a_figure_drills_down_to_its_organizations_and_members(year_2025, client_for, clerk):
    client = client_for(clerk)
    figure = {**YEAR, "figure": "changes.decrease.death"}
    page = client.get(reverse("reports:annual_figure"), figure).content.decode()
    assert "财政局第二支部" in page and "财政局第一支部" not in page
    page = client.get(reverse("reports:annual_figure"), {**figure, "at": year_2025.branch_b.pk}).content.decode()
    assert "孙七" in page and "周八" not in page
    women = client.get(reverse("reports:annual_figure"), {**YEAR, "figure": "members.women"}).content.decode()
    assert "财政局第一支部" in women and "教委第一支部" in women and "财政局第二支部" in women


def test_an_officer_reads_only_their_own_subtree(year_2025, client_for, opc_officer):
    client = client_for(opc_officer)
    page = client.get(reverse("reports:annual"), YEAR).content.decode()
    assert "财政局机关党委 · 2025年党内统计年报" in page
    assert "年初 5 + 增加 1 − 减少 1 = 年末 5" in page
    members = client.get(reverse("reports:annual_figure"), {**YEAR, "figure": "members.total"}).content.decode()
    assert "教委第一支部" not in members
    outside = {**YEAR, "figure": "members.total", "at": year_2025.branch_c.pk}
    assert client.get(reverse("reports:annual_figure"), outside).status_code == 404
    assert client.get(reverse("reports:annual_of", args=[year_2025.pc.pk]), YEAR).status_code == 404
    branch = client.get(reverse("reports:annual_of", args=[year_2025.branch_a.pk]), YEAR).content.decode()
    assert "财政局第一支部 · 2025年党内统计年报" in branch and 'data-testid="annual-up"' in branch


@pytest.mark.parametrize("year", ["abc", "2999", "1800", ""])
def test_a_year_out_of_range_shows_last_year(year_2025, client_for, clerk, year):
    page = client_for(clerk).get(reverse("reports:annual"), {"year": year}).content.decode()
    assert "2025年党内统计年报" in page  # today is 2026 in the tests' clock


def test_a_figure_that_counts_no_members_has_no_drill_down(year_2025, client_for, clerk):
    client = client_for(clerk)
    for figure in ("organizations.base", "work.sanctions.total", "nonsense", ""):
        assert client.get(reverse("reports:annual_figure"), {**YEAR, "figure": figure}).status_code == 404


def test_a_report_that_does_not_reconcile_names_the_members(year_2025, client_for, clerk):
    """Old data: 张三 held a second membership through the end of 2025 (an import before the
    registry's constraint). The report says it does not reconcile and names him."""
    import json
    from io import StringIO

    from django.core.management import call_command

    from members.models import Membership

    Membership.objects.create(
        member=year_2025.zhang_san,
        organization=year_2025.branch_b,
        valid_from=dt.date(2025, 3, 1),
        valid_to=dt.date(2026, 1, 10),
    )
    page = client_for(clerk).get(reverse("reports:annual"), YEAR).content.decode()
    failed = page.split('data-testid="reconcile-failed"')[1].split("</div>")[0]
    assert "数字不平衡" in failed and "张三" in failed
    out = StringIO()
    call_command("annual_report", "--year", "2025", "--json", stdout=out)
    changes = json.loads(out.getvalue())["changes"]
    assert changes["reconciles"] is False and changes["overlapping"] == [year_2025.zhang_san.pk]


def test_a_member_who_left_the_scope_is_named_without_details(year_2025, client_for, opc_officer):
    """周八 moved to 教委第一支部 in 2025: the finance committee's officer sees her name under its
    transfers out, and none of her particulars (she is outside the roll they see now)."""
    from members.services import move_membership

    move_membership(year_2025.zhou_ba, year_2025.branch_c, dt.date(2025, 6, 1), reason="调动", acting_user=None)
    page = (
        client_for(opc_officer)
        .get(
            reverse("reports:annual_figure"),
            {**YEAR, "figure": "changes.decrease.transferred_out", "at": year_2025.branch_b.pk},
        )
        .content.decode()
    )
    row = page.split('data-testid="outside"')[1].split("</tr>")[0]
    assert "周八" in row and "已不在您的管理范围内" in row and "1985" not in row and "大学本科" not in page


def test_a_figure_from_many_organizations_is_listed_a_page_at_a_time(year_2025, client_for, clerk, settings):
    settings.PAGE_SIZE = 2
    client = client_for(clerk)
    women = {**YEAR, "figure": "members.women"}
    first = client.get(reverse("reports:annual_figure"), women).content.decode()
    second = client.get(reverse("reports:annual_figure"), {**women, "page": "2"}).content.decode()
    names = ("财政局第一支部", "财政局第二支部", "教委第一支部")
    assert [name in first for name in names] == [True, True, False]
    assert [name in second for name in names] == [False, False, True]
    assert "女党员：3" in first and "1 / 2" in first and "figure=members.women&page=2" in first
