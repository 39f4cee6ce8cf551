import datetime as dt
import json
from io import BytesIO, StringIO

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from members.models import EventKind, Member
from members.queries import standing_events
from members.services import do_record_member_event
from orgs.models import CommitteeEstablishment, CommitteeStaffer, OrgKind
from orgs.services import do_update_organization
from reports import stats


def test_counts_are_of_the_organizations_below_the_committee(registry):
    report = stats.build(registry.committee, dt.date(2026, 1, 1))
    data = report.as_json()
    assert data["organizations"] == {"party_committee": 1, "organ_party_committee": 1, "general_branch": 0, "branch": 3}
    assert data["members"] == {"total": 9, "full": 8, "probationary": 1}
    assert data["units"] == {"total": 2, "central": 0, "municipal": 0, "district": 2}


def test_a_past_date_counts_the_registry_as_it_was(registry):
    assert stats.build(registry.committee, dt.date(1999, 1, 1)).as_json()["members"]["total"] == 0
    # 赵六 joined on 2025-12-01: on 2025-06-01 he was not yet a member.
    assert stats.build(registry.committee, dt.date(2025, 6, 1)).as_json()["members"]["total"] == 8


def test_a_member_who_died_is_counted_before_the_date_and_not_after(registry):
    do_record_member_event(registry.wu_jiu, kind="deceased", day=dt.date(2024, 3, 1), note="", acting_user=None)
    assert stats.build(registry.committee, dt.date(2024, 2, 29)).as_json()["members"]["total"] == 8
    assert stats.build(registry.committee, dt.date(2024, 3, 1)).as_json()["members"]["total"] == 7


def test_expulsion_takes_the_member_off_the_roll_and_out_of_statistics_from_that_date(registry):
    # issue 18: 开除党籍 takes them off the roll and out of statistics from that date, and
    # statistics for an earlier date still count them.
    day = dt.date(2026, 5, 1)
    do_record_member_event(registry.wu_jiu, kind=EventKind.EXPELLED, day=day, note="", acting_user=None, procedure=True)
    assert registry.wu_jiu not in Member.objects.of(registry.branch_c, day)
    assert stats.build(registry.committee, day - dt.timedelta(days=1)).as_json()["members"]["total"] == 9
    assert stats.build(registry.committee, day).as_json()["members"]["total"] == 8
    assert stats.build(registry.committee, day, root=registry.pc).as_json()["members"]["total"] == 2
    assert standing_events(dt.date(2026, 1, 1), dt.date(2027, 1, 1))["expelled"] == 1


def test_the_statistics_page_shows_the_years_membership_events(registry, client_for, clerk):
    do_record_member_event(registry.wu_jiu, kind=EventKind.DECEASED, day=dt.date(2026, 2, 1), note="", acting_user=None)
    do_record_member_event(registry.sun_qi, kind=EventKind.DECEASED, day=dt.date(2025, 2, 1), note="", acting_user=None)
    page = client_for(clerk).get(reverse("reports:statistics"), {"as_of": "2026-06-30"}).content.decode()
    table = page.split('data-testid="standing-events"')[1].split("</table>")[0]
    death = table.split('data-event="death"')[1].split("</tr>")[0]
    assert '<td class="text-end">1</td>' in death  # this year's only, not last year's
    assert 'data-event="restored"' in table and "2026-01-01" in page


def test_moving_a_branch_out_of_the_committee_changes_counts_only_from_that_date(registry):
    do_update_organization(
        registry.branch_b, superior=registry.district, effective=dt.date(2024, 1, 1), acting_user=None
    )
    before = stats.build(registry.committee, dt.date(2023, 12, 31)).as_json()
    after = stats.build(registry.committee, dt.date(2024, 1, 1)).as_json()
    assert before["organizations"]["branch"] == 3 and after["organizations"]["branch"] == 2
    assert before["members"]["total"] - after["members"]["total"] == 2


def test_committee_staff_against_establishment_is_computed(registry):
    CommitteeEstablishment.objects.create(committee=registry.committee, post="section_chief", count=1)
    for name in ("甲", "乙", "丙"):
        CommitteeStaffer.objects.create(
            committee=registry.committee, name=name, post="section_chief", valid_from=dt.date(2020, 1, 1)
        )
    report = stats.build(registry.committee, dt.date(2026, 1, 1))
    assert (report.staff_total, report.establishment, report.over) == (3, 1, 2)
    assert "现有工作人员3名（超编2名）" in stats.paragraph(report)


def test_the_stats_command_prints_the_agreed_json_shape(registry):
    out = StringIO()
    call_command("stats", "--as-of", "2026-01-01", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert list(data) == ["as_of", "units", "organizations", "members", "working_bodies", "fulltime_posts", "committee"]
    assert data["as_of"] == "2026-01-01"
    assert list(data["fulltime_posts"]) == ["secretary", "deputy_secretary", "staff"]
    assert list(data["committee"]) == ["staff", "establishment", "over"]


def test_the_statistics_page_shows_figures_paragraph_and_chart_data(registry, client_for, clerk):
    page = client_for(clerk).get("/stats/", {"as_of": "2026-01-01"}).content.decode()
    assert "数据截至2026-01-01" in page
    assert "党员9名" in page  # the generated paragraph
    assert 'id="chart-data"' in page


def test_a_future_date_is_refused_with_a_message(registry, client_for, clerk):
    page = client_for(clerk).get("/stats/", {"as_of": "2099-01-01"}).content.decode()
    assert "日期不能晚于今天" in page


def test_a_branch_secretary_gets_the_report_of_their_own_branch(registry, client_for, branch_secretary):
    page = client_for(branch_secretary).get("/stats/").content.decode()
    assert "财政局第一支部" in page and 'data-testid="members-total">4<' in page
    assert "工委机关编制与实有人员" not in page


def test_the_xlsx_download_holds_the_figures(registry, client_for, clerk):
    response = client_for(clerk).get("/stats/statistics.xlsx", {"as_of": "2026-01-01"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    rows = {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row and row[0]}
    assert rows["党支部"] == 3 and rows["党员"] == 9


def test_the_statistics_page_query_count_does_not_grow_with_rows(registry, client_for, clerk):
    client = client_for(clerk)
    with CaptureQueriesContext(connection) as small:
        client.get("/stats/")
    for i in range(10):
        registry.org(f"新支部{i}", OrgKind.BRANCH, registry.opc, registry.finance, dt.date(2001, 1, 1))
    with CaptureQueriesContext(connection) as large:
        client.get("/stats/")
    assert len(large) == len(small)


def test_a_past_date_without_recorded_staff_says_so_instead_of_a_shortfall(registry, client_for, clerk):
    CommitteeEstablishment.objects.create(committee=registry.committee, post="section_chief", count=9)
    CommitteeStaffer.objects.create(
        committee=registry.committee, name="甲", post="section_chief", valid_from=dt.date(2020, 1, 1)
    )
    page = client_for(clerk).get("/stats/", {"as_of": "2005-12-31"}).content.decode()
    assert "2005-12-31无工委机关工作人员记录" in page
    assert "其中：。" not in page and "缺编9名" not in page


def test_every_link_of_the_statistics_page_carries_the_chosen_date(registry, client_for, clerk):
    page = client_for(clerk).get("/stats/", {"as_of": "2005-12-31"}).content.decode()
    assert 'href="/stats/staffing/?as_of=2005-12-31"' in page
    assert 'href="/stats/superiors/?as_of=2005-12-31"' in page
    assert 'href="/stats/statistics.xlsx?as_of=2005-12-31"' in page


def test_a_branch_secretary_sees_no_line_that_cannot_apply_to_a_branch(registry, client_for, branch_secretary):
    client = client_for(branch_secretary)
    page = client.get("/stats/").content.decode()
    assert "党支部" in page
    for absent in ("机关党委", "工作机构", "专职副书记", "/stats/staffing/"):
        assert absent not in page.split("</nav>")[-1], absent
    sheet = load_workbook(BytesIO(client.get("/stats/statistics.xlsx").content)).active
    rows = {row[0] for row in sheet.iter_rows(values_only=True) if row and row[0]}
    assert "党支部" in rows and not rows & {"党委", "机关党委", "工作机构"}
