"""The compliance table (committee, organ party committee, branch), its .xlsx, and a branch's
members without organizational life. Chinese assertions need the merged catalogue."""

import datetime as dt
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from orglife.models import Attendance, AttendanceStatus, Meeting, MeetingKind

TODAY = dt.date(2026, 11, 30)


@pytest.fixture(autouse=True)
def clock(settings):
    settings.DANGJIAN_TODAY = TODAY.isoformat()


@pytest.fixture
def year(registry):
    """财政局第一支部 met every month of 2026 (attended by 张三); 财政局第二支部 last met in
    March; 教委第一支部 in November."""
    for month in range(1, 12):
        m = Meeting.objects.create(
            organization=registry.branch_a, kind=MeetingKind.THEME_DAY, date=dt.date(2026, month, 8), topic="主题党日"
        )
        Attendance.objects.create(meeting=m, member=registry.zhang_san, status=AttendanceStatus.PRESENT)
    Meeting.objects.create(
        organization=registry.branch_b, kind=MeetingKind.THEME_DAY, date=dt.date(2026, 3, 8), topic="主题党日"
    )
    Meeting.objects.create(
        organization=registry.branch_c, kind=MeetingKind.LECTURE, date=dt.date(2026, 11, 8), topic="党课"
    )


def test_the_committee_sees_every_branch_with_the_silent_ones_listed_first(year, registry, client_for, clerk):
    page = client_for(clerk).get(reverse("orglife:compliance")).content.decode()
    table = page.split('data-testid="compliance"')[1]
    for branch in (registry.branch_a, registry.branch_b, registry.branch_c):
        assert branch.name in table
    silent = page.split('data-testid="silent-organizations"')[1].split("</ul>")[0]
    assert registry.branch_b.name in silent and "2026-03-08" in silent
    assert registry.branch_a.name not in silent
    assert "11/11" in table  # theme days of 财政局第一支部: every month up to November


def test_behind_only_and_ordered_by_silence(year, registry, client_for, clerk):
    page = client_for(clerk).get(reverse("orglife:compliance"), {"behind": "on", "sort": "silent"}).content.decode()
    table = page.split('data-testid="compliance"')[1]
    # every branch is behind on something (no branch assembly yet); the longest silence first
    assert table.index(registry.branch_b.name) < table.index(registry.branch_a.name)


def test_a_superior_narrows_the_table_to_its_subtree(year, registry, client_for, clerk):
    page = client_for(clerk).get(reverse("orglife:compliance"), {"superior": registry.pc.pk}).content.decode()
    table = page.split('data-testid="compliance"')[1]
    assert registry.branch_c.name in table and registry.branch_a.name not in table


def test_a_unit_narrows_the_table_to_its_organizations(year, registry, client_for, clerk):
    page = client_for(clerk).get(reverse("orglife:compliance"), {"unit": registry.education.pk}).content.decode()
    table = page.split('data-testid="compliance"')[1]
    assert registry.branch_c.name in table and registry.branch_a.name not in table


def test_an_organ_party_committee_officer_sees_their_subtree_only(year, registry, client_for, opc_officer):
    page = client_for(opc_officer).get(reverse("orglife:compliance")).content.decode()
    assert registry.branch_a.name in page and registry.branch_b.name in page
    assert registry.branch_c.name not in page


def test_a_plain_member_may_not_see_the_table(registry, client_for, plain_member):
    assert client_for(plain_member).get(reverse("orglife:compliance")).status_code == 403


def test_the_download_holds_the_rows_of_the_page(year, registry, client_for, clerk):
    response = client_for(clerk).get(reverse("orglife:compliance_xlsx"), {"superior": registry.opc.pk})
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    names = [row[0] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert names == [registry.branch_a.name, registry.branch_b.name]


def test_a_branch_lists_its_members_without_organizational_life(year, registry, client_for, branch_secretary):
    page = client_for(branch_secretary).get(reverse("orglife:attention", args=[registry.branch_a.pk])).content.decode()
    listed = page.split('data-testid="attention"')[1]
    assert "李四" in listed and "王五" in listed and "张三" not in listed
    assert "党章" in page  # the rule cited; the system lists, people decide


def test_the_attention_list_links_to_recording_a_lapse_for_officers_only(
    year, registry, client_for, branch_secretary, body_officer
):
    url = reverse("orglife:attention", args=[registry.branch_a.pk])
    page = client_for(branch_secretary).get(url).content.decode()
    link = reverse("members:event", args=[registry.li_si.pk]) + "?kind=lapsed"
    assert link in page
    form = client_for(branch_secretary).get(link).content.decode()
    assert 'value="lapsed" selected' in form and "党章" in form
    assert 'data-testid="record-lapsed"' not in client_for(body_officer).get(url).content.decode()
