"""A member sees their own organizational life (issue 17, "a member sees their own attendance"):
their organizations' meetings of the year with their own status, class hours against the
yearly minimum, counts per kind; never anyone else's attendance."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction
from django.urls import reverse

from members.services import move_membership
from orglife import views
from orglife.models import Attendance, Meeting

YEAR = 2026


def held(org, kind, day, topic, roll, **fields) -> Meeting:
    """A meeting as the recording pages leave it: `roll` maps a member to "present", "absent"
    or ("excused", reason)."""
    meeting = Meeting.objects.create(organization=org, kind=kind, date=day, topic=topic, **fields)
    for member, status in roll.items():
        status, reason = (status, "") if isinstance(status, str) else status
        Attendance.objects.create(meeting=meeting, member=member, status=status, reason=reason)
    return meeting


@pytest.fixture
def year(registry):
    r = registry
    held(
        r.branch_a,
        "lecture",
        dt.date(YEAR, 2, 10),
        "书记讲党课",
        {r.li_si: "present", r.wang_wu: ("excused", "家中有事")},
        hours=Decimal("4"),
    )
    held(
        r.branch_a,
        "theme_day",
        dt.date(YEAR, 3, 5),
        "重温入党誓词",
        {r.li_si: ("excused", "外出培训"), r.wang_wu: "present"},
    )
    held(r.branch_a, "committee", dt.date(YEAR, 4, 2), "支委会研究发展工作", {r.zhang_san: "present"})
    held(r.branch_a, "branch_assembly", dt.date(YEAR, 4, 20), "党员大会", {r.zhang_san: "present"})
    held(r.branch_b, "theme_day", dt.date(YEAR, 3, 6), "第二支部的主题党日", {r.sun_qi: "present"})
    held(r.branch_a, "theme_day", dt.date(YEAR - 1, 12, 1), "去年的主题党日", {r.li_si: "present"}, hours=Decimal(2))
    return r


def test_a_member_sees_their_meetings_their_attendance_and_their_hours(year, client_for, plain_member):
    response = client_for(plain_member).get(reverse("orglife:my_life"), {"year": YEAR})
    assert response.status_code == 200
    own = response.context["own"]
    assert [(r.topic, r.status) for r in own.rows] == [
        ("书记讲党课", "present"),
        ("重温入党誓词", "excused"),
        ("党员大会", ""),  # a meeting for every member, whose roll left them out
    ]
    assert own.hours == 4 and own.training_hours == 32
    html = response.content.decode()
    assert "书记讲党课" in html and "外出培训" in html  # their own reason
    assert "4 / 32" in html
    assert "第二支部的主题党日" not in html and "去年的主题党日" not in html
    assert "出席" in html and "请假" in html and "未列入名单" in html  # needs the catalogue


def test_a_member_never_sees_another_members_attendance(year, client_for, plain_member):
    html = client_for(plain_member).get(reverse("orglife:my_life"), {"year": YEAR}).content.decode()
    assert "家中有事" not in html  # 王五's reason
    assert "王五" not in html and "张三" not in html


def test_a_committee_meeting_is_shown_only_to_those_on_its_roll(year, client_for, plain_member):
    client = client_for(plain_member)
    assert "支委会研究发展工作" not in client.get(reverse("orglife:my_life"), {"year": YEAR}).content.decode()
    Attendance.objects.create(
        meeting=Meeting.objects.get(topic="支委会研究发展工作"), member=year.li_si, status="absent"
    )
    assert "支委会研究发展工作" in client.get(reverse("orglife:my_life"), {"year": YEAR}).content.decode()


def test_the_counts_per_kind_are_the_members_own(year, client_for, plain_member):
    own = client_for(plain_member).get(reverse("orglife:my_life"), {"year": YEAR}).context["own"]
    assert [(c.kind, c.attended, c.held) for c in own.counts] == [
        ("branch_assembly", 0, 1),
        ("lecture", 1, 1),
        ("theme_day", 0, 1),
    ]


def test_a_member_who_moved_sees_each_branchs_meetings_while_they_belonged(year, client_for, plain_member):
    with transaction.atomic():
        move_membership(year.li_si, year.branch_b, dt.date(YEAR, 3, 1), reason="调动", acting_user=None)
    own = client_for(plain_member).get(reverse("orglife:my_life"), {"year": YEAR}).context["own"]
    topics = [r.topic for r in own.rows]
    assert "书记讲党课" in topics and "第二支部的主题党日" in topics
    assert "党员大会" not in topics  # branch A's April meeting, after the move
    assert "重温入党誓词" in topics  # after the move, but the old branch put them on its roll


def test_the_hours_come_from_the_year_asked_for(year, client_for, plain_member):
    own = client_for(plain_member).get(reverse("orglife:my_life"), {"year": YEAR - 1}).context["own"]
    assert [r.topic for r in own.rows] == ["去年的主题党日"] and own.hours == 2


def test_an_account_without_a_member_record_is_told_so(registry, client_for, outsider):
    response = client_for(outsider).get(reverse("orglife:my_life"))
    assert response.status_code == 200 and 'data-testid="no-member"' in response.content.decode()


def test_the_home_page_leads_a_member_to_their_organizational_life(registry, client_for, plain_member):
    html = client_for(plain_member).get(reverse("workbench:home")).content.decode()
    assert f'href="{reverse("orglife:my_life")}"' in html


def test_the_leadership_groups_sessions_have_their_hook(registry):
    assert views._leadership_sessions(registry.li_si, YEAR) == []


def test_the_page_reads_a_few_queries_however_many_meetings(
    year, client_for, plain_member, django_assert_max_num_queries
):
    r = year
    for n in range(30):
        held(r.branch_a, "group", dt.date(YEAR, 5, 1 + n), f"党小组会{n}", {r.li_si: "present", r.wang_wu: "absent"})
    client = client_for(plain_member)
    # the member's meetings and attendance, and two for their leadership group's study and life meetings
    with django_assert_max_num_queries(14):
        response = client.get(reverse("orglife:my_life"), {"year": YEAR})
    assert len(response.context["own"].rows) == 33  # 30 group meetings naming them, 3 for every member
