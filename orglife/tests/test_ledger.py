"""The paper 台账 comes out of what was recorded once (issue 17, item 7): the Word ledger with one
会议记录 per meeting, the Excel summary, who may print them, and the audit of each print."""

import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from accounts.roles import Role
from audit.models import AuditEvent
from conftest import make_user
from members.models import Member
from orglife.models import Attendance, Meeting

YEAR = 2026


def held(org, kind, day, topic, roll, **fields) -> Meeting:
    """A meeting as the recording pages leave it: `roll` maps a member to "present", "absent"
    or ("excused", reason)."""
    meeting = Meeting.objects.create(organization=org, kind=kind, date=day, topic=topic, **fields)
    Attendance.objects.bulk_create(
        Attendance(
            meeting=meeting,
            member=member,
            status=status if isinstance(status, str) else status[0],
            reason="" if isinstance(status, str) else status[1],
        )
        for member, status in roll.items()
    )
    return meeting


@pytest.fixture
def year(registry):
    r = registry
    held(
        r.branch_a,
        "branch_assembly",
        dt.date(YEAR, 3, 12),
        "学习贯彻党的二十届四中全会精神",
        {r.zhang_san: "present", r.li_si: "present", r.wang_wu: ("excused", "出差在外"), r.zhao_liu: "absent"},
        place="三楼会议室",
        host=r.zhang_san,
        recorder=r.li_si,
        start_time=dt.time(14, 30),
        end_time=dt.time(16, 0),
        content="传达学习会议精神，交流发言。",
        decisions="制定本支部学习计划。",
        quorate=True,
    )
    held(
        r.branch_a,
        "lecture",
        dt.date(YEAR, 1, 20),
        "新时代党员的初心使命",
        {r.zhang_san: "present", r.li_si: "present", r.wang_wu: "present", r.zhao_liu: "present"},
        lecturer="张三",
        hours=Decimal("4"),
    )
    held(r.branch_a, "theme_day", dt.date(YEAR - 1, 12, 5), "去年的主题党日", {r.zhang_san: "present"})
    held(r.branch_b, "theme_day", dt.date(YEAR, 2, 5), "第二支部的主题党日", {r.sun_qi: "present"})
    return r


def _docx_text(content: bytes) -> str:
    doc = Document(BytesIO(content))
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_the_ledger_holds_each_meeting_of_the_year_in_the_usual_layout(year, client_for, branch_secretary):
    response = client_for(branch_secretary).get(reverse("orglife:ledger_docx", args=[year.branch_a.pk]), {"year": YEAR})
    assert response.status_code == 200
    text = _docx_text(response.content)
    assert "财政局第一支部" in text and f"{YEAR}年度组织生活台账" in text  # the cover
    assert "学习贯彻党的二十届四中全会精神" in text and "新时代党员的初心使命" in text
    assert "去年的主题党日" not in text and "第二支部的主题党日" not in text  # this year, this branch
    assert "4人" in text and "2人（达到法定人数：是）" in text  # expected, present
    assert "王五（出差在外）" in text  # the excused member with the reason
    assert "赵六" in text  # absent
    assert "2026年3月12日 14:30—16:00" in text and "三楼会议室" in text
    assert "讲课人" in text and "记录人签字" in text and "主持人签字" in text
    # sorted by date: the January lecture is record one, the March meeting record two
    assert text.index("会议记录（一）") < text.index("会议记录（二）")
    doc = Document(BytesIO(response.content))
    first, second = (t for t in doc.tables if t.rows[0].cells[0].text == "会议名称")
    assert "党课" in first.rows[0].cells[1].text and "支部党员大会" in second.rows[0].cells[1].text
    assert response["Content-Disposition"].endswith(".docx")


def test_the_summary_lists_the_meetings_and_each_members_hours(year, client_for, branch_secretary):
    response = client_for(branch_secretary).get(reverse("orglife:ledger_xlsx", args=[year.branch_a.pk]), {"year": YEAR})
    assert response.status_code == 200
    book = load_workbook(BytesIO(response.content))
    meetings, people = book.worksheets
    rows = [[c.value for c in row] for row in meetings.iter_rows(min_row=3)]
    assert [(r[3], r[5], r[6], r[7], r[8], r[10]) for r in rows] == [
        ("新时代党员的初心使命", 4, 4, 0, 0, "—"),
        ("学习贯彻党的二十届四中全会精神", 4, 2, 1, 1, "是"),
    ]
    assert rows[0][9] == 4  # class hours
    lines = {row[0].value: [c.value for c in row] for row in people.iter_rows(min_row=3)}
    assert set(lines) == {"张三", "李四", "王五", "赵六"}  # the branch's roll that year
    header = [c.value for c in people[2]]
    assert lines["王五"][header.index("党课")] == 1 and lines["王五"][header.index("支部党员大会")] == 0
    assert lines["张三"][header.index("学时")] == 4 and lines["张三"][header.index("学时要求")] == 32
    assert lines["张三"][header.index("是否达到")] == "未达到"


def test_each_print_is_recorded_as_an_export_of_people(year, client_for, branch_secretary):
    client = client_for(branch_secretary)
    client.get(reverse("orglife:ledger_docx", args=[year.branch_a.pk]), {"year": YEAR})
    client.get(reverse("orglife:ledger_xlsx", args=[year.branch_a.pk]), {"year": YEAR})
    events = AuditEvent.objects.filter(action="members.exported", actor=branch_secretary).order_by("pk")
    assert [(e.new["kind"], e.new["rows"]) for e in events] == [("orglife_ledger", 4), ("orglife_summary", 4)]


def test_another_branchs_secretary_gets_not_found(year, client_for):
    other = make_user("second_branch_secretary", Role.ORG_ADMIN, year.branch_b)
    client = client_for(other)
    for name in ("orglife:ledger", "orglife:ledger_docx", "orglife:ledger_xlsx"):
        assert client.get(reverse(name, args=[year.branch_a.pk])).status_code == 404, name
    assert not AuditEvent.objects.filter(action="members.exported").exists()


def test_a_member_gets_not_found_and_a_body_that_only_views_is_forbidden(year, client_for, plain_member, body_officer):
    url = reverse("orglife:ledger_docx", args=[year.branch_a.pk])
    assert client_for(plain_member).get(url).status_code == 404
    assert client_for(body_officer).get(url).status_code == 403


def test_the_committee_and_the_superior_may_print_too(year, client_for, clerk, opc_officer):
    url = reverse("orglife:ledger_docx", args=[year.branch_a.pk])
    assert client_for(clerk).get(url, {"year": YEAR}).status_code == 200
    assert client_for(opc_officer).get(url, {"year": YEAR}).status_code == 200


def test_the_ledger_page_shows_the_years_meetings_and_links_the_files(year, client_for, branch_secretary):
    page = client_for(branch_secretary).get(reverse("orglife:ledger", args=[year.branch_a.pk]), {"year": YEAR})
    html = page.content.decode()
    assert page.status_code == 200
    assert "学习贯彻党的二十届四中全会精神" in html and "去年的主题党日" not in html
    assert f"{reverse('orglife:ledger_docx', args=[year.branch_a.pk])}?year={YEAR}" in html
    assert f"{reverse('orglife:ledger_xlsx', args=[year.branch_a.pk])}?year={YEAR}" in html
    assert "组织生活台账" in html  # needs the catalogue


def test_the_organization_page_leads_its_officers_to_the_ledger(registry, client_for, branch_secretary, body_officer):
    url = reverse("orgs:organization", args=[registry.branch_a.pk])
    link = f'href="{reverse("orglife:ledger", args=[registry.branch_a.pk])}"'
    assert link in client_for(branch_secretary).get(url).content.decode()
    assert link not in client_for(body_officer).get(url).content.decode()


def test_a_year_of_sixty_meetings_of_forty_people_is_read_in_a_few_queries(
    registry, client_for, branch_secretary, django_assert_max_num_queries
):
    r = registry
    existing = list(Member.objects.filter(organization=r.branch_a))
    people = existing + [r.member(f"党员{i:02d}", r.branch_a) for i in range(40 - len(existing))]
    for n in range(60):
        roll = {m: ("excused", "公出") if i % 13 == 0 else "present" for i, m in enumerate(people)}
        held(r.branch_a, "committee", dt.date(YEAR, 1 + n // 5, 1 + n % 5 * 5), f"第{n + 1}次会议", roll, hours=1)
    client = client_for(branch_secretary)
    url = reverse("orglife:ledger_docx", args=[r.branch_a.pk])
    # the reads, the session and the export's audit event (whose chain lock is one more query on
    # PostgreSQL): a fixed number, not one per meeting or person
    with django_assert_max_num_queries(17):
        response = client.get(url, {"year": YEAR})
    assert response.status_code == 200
    text = _docx_text(response.content)
    assert "会议记录（六十）" in text and "第60次会议" in text
