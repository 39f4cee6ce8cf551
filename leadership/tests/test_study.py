import datetime as dt

import pytest
from django.urls import reverse

from accounts.models import RoleAssignment
from accounts.roles import Role
from conftest import make_user
from core.errors import DomainError
from leadership import queries
from leadership.models import SeatAttendance, SpotCheck, StudySession
from leadership.services import do_record_spot_check, do_record_study_session
from leadership.tests.conftest import acting_for


def session(registry, day, *, half_days=2, marks=None, topic="学习党的二十届四中全会精神"):
    return do_record_study_session(
        registry.finance, StudySession(date=day, topic=topic, half_days=half_days), marks, acting_user=None
    )


def names(s: StudySession) -> dict[str, str]:
    return {a.seat.name: a.status for a in s.attendance.select_related("seat")}


def test_a_session_expects_the_seats_valid_on_its_date(registry, group):
    march = session(registry, dt.date(2026, 3, 15))
    may = session(registry, dt.date(2026, 5, 10))
    assert set(names(march)) == {"张三", "李四", "王五", "王某"}
    assert set(names(may)) == {"张三", "李四", "王某", "孙七"}
    assert set(names(may).values()) == {SeatAttendance.PRESENT}


def test_a_mark_for_someone_not_in_the_group_that_day_is_refused(registry, group):
    with pytest.raises(DomainError):
        session(registry, dt.date(2026, 5, 10), marks={group.test_seats["wang"].pk: (SeatAttendance.PRESENT, "")})


def test_an_excused_member_needs_a_reason_and_an_unmarked_one_is_absent(registry, group):
    seats = group.test_seats
    with pytest.raises(DomainError, match="张三"):
        session(registry, dt.date(2026, 5, 10), marks={seats["zhang"].pk: (SeatAttendance.EXCUSED, " ")})
    s = session(
        registry,
        dt.date(2026, 5, 10),
        marks={seats["zhang"].pk: (SeatAttendance.EXCUSED, "出差"), seats["li"].pk: (SeatAttendance.PRESENT, "")},
    )
    assert names(s) == {"张三": "excused", "李四": "present", "王某": "absent", "孙七": "absent"}


def test_a_session_needs_the_unit_to_have_a_group_that_day(registry, group):
    with pytest.raises(DomainError, match="2024-06-01"):
        session(registry, dt.date(2024, 6, 1))


def test_the_summary_counts_sessions_days_and_the_attendance_rate(registry, group):
    seats = group.test_seats
    session(registry, dt.date(2026, 3, 15), half_days=2)  # 4 of 4 present
    session(
        registry,
        dt.date(2026, 5, 10),
        half_days=1,
        marks={s.pk: ("present", "") for k, s in seats.items() if k not in {"wang", "sun"}},
    )
    session(registry, dt.date(2025, 11, 1))  # another year
    [row] = queries.study_summary(2026)
    assert row == {
        "unit": "万州区财政局",
        "unit_id": registry.finance.pk,
        "sessions": 2,
        "days": 1.5,
        "attendance": 0.875,
    }
    assert queries.study_summary(2026, units=[registry.education]) == []


def test_the_supervision_page_flags_a_unit_behind_the_local_rule(registry, group, authority_list, bodies, client_for):
    for month in range(1, 7):
        session(registry, dt.date(2026, month, 10), half_days=4)  # 6 sessions, 12 days, everyone present
    xjk = acting_for("xjk", Role.COMMITTEE_STAFF, registry, bodies["GW-XJK"])
    page = client_for(xjk).get("/leadership/?year=2026").content.decode()
    assert "万州区财政局" in page and "达标" in page and "table-warning" not in page
    page = client_for(xjk).get("/leadership/?year=2025").content.decode()
    assert "万州区财政局" in page and "未达标" in page and "table-warning" in page


def test_the_study_section_sees_every_unit_and_a_branch_secretary_elsewhere_gets_404(
    registry, group, authority_list, bodies, client_for
):
    s = session(registry, dt.date(2026, 3, 15))
    xjk = acting_for("xjk", Role.BODY_STAFF, registry, bodies["GW-XJK"])
    xcb = acting_for("xcb", Role.BODY_STAFF, registry, bodies["XCB"])
    elsewhere = make_user("elsewhere", Role.ORG_ADMIN, registry.branch_c)
    finance_officer = make_user("finance_officer", Role.ORG_ADMIN, registry.opc)
    assert "学习党的二十届四中全会精神" in client_for(xjk).get(f"/leadership/sessions/{s.pk}/").content.decode()
    assert client_for(xcb).get(f"/leadership/sessions/{s.pk}/").status_code == 200
    assert client_for(xcb).get(f"/leadership/sessions/{s.pk}/edit/").status_code == 403
    assert client_for(elsewhere).get(f"/leadership/sessions/{s.pk}/").status_code == 404
    assert client_for(elsewhere).get(f"/leadership/units/{registry.finance.pk}/").status_code == 404
    assert client_for(finance_officer).get(f"/leadership/sessions/{s.pk}/edit/").status_code == 200
    # spot checks are the study section's
    assert client_for(xjk).get(f"/leadership/units/{registry.finance.pk}/checks/new/").status_code == 200
    assert client_for(finance_officer).get(f"/leadership/units/{registry.finance.pk}/checks/new/").status_code == 403


def test_an_officer_records_a_session_with_attendance_tapped_per_name(registry, group, client_for):
    officer = make_user("finance_officer", Role.ORG_ADMIN, registry.opc)
    client = client_for(officer)
    page = client.get(f"/leadership/units/{registry.finance.pk}/sessions/new/").content.decode()
    assert "孙七" in page and "王五" not in page  # the group's seats today
    seats = group.test_seats
    data = {"date": "2026-06-20", "topic": "学习贯彻条例", "half_days": "1", "lecturer": "张三", "content": ""}
    for key in ("zhang", "li", "chief", "sun"):
        data[f"status_{seats[key].pk}"] = "present"
        data[f"reason_{seats[key].pk}"] = ""
    data[f"status_{seats['sun'].pk}"] = "excused"
    data[f"reason_{seats['sun'].pk}"] = "外出学习"
    response = client.post(f"/leadership/units/{registry.finance.pk}/sessions/new/", data)
    assert response.status_code == 302
    s = StudySession.objects.get(topic="学习贯彻条例")
    assert names(s)["孙七"] == "excused" and s.attendance.get(seat=seats["sun"]).reason == "外出学习"
    page = client.get(f"/leadership/units/{registry.finance.pk}/?year=2026").content.decode()
    assert "学习贯彻条例" in page and "3 / 4" in page


def test_a_spot_check_with_an_overdue_rectification_is_listed_once(registry, group):
    check = do_record_spot_check(
        SpotCheck(
            unit=registry.finance,
            date=dt.date(2026, 4, 1),
            subject="2026年第一季度学习记录",
            findings="学习记录不完整",
            rectification_needed=True,
            rectify_by=dt.date(2026, 5, 1),
        ),
        acting_user=None,
    )
    assert queries.overdue_spot_checks(dt.date(2026, 5, 1)) == []
    assert queries.overdue_spot_checks(dt.date(2026, 5, 2)) == [check]


def test_member_sessions_lists_what_a_leading_cadre_attended(registry, group):
    seats = group.test_seats
    session(registry, dt.date(2026, 3, 15))
    session(registry, dt.date(2026, 5, 10), marks={seats["li"].pk: ("absent", "")})
    found = queries.member_sessions(registry.li_si, 2026)
    assert [s.date for s in found["study"]] == [dt.date(2026, 3, 15)]
    assert found["life"] == []
    # 张三 was not marked on 10 May, so absent; 王五 left the group before it
    assert [s.date for s in queries.member_sessions(registry.zhang_san, 2026)["study"]] == [dt.date(2026, 3, 15)]
    assert queries.member_sessions(registry.wang_wu.pk, 2026)["study"][0].date == dt.date(2026, 3, 15)


def test_the_supervision_table_downloads_as_a_workbook(registry, group, client_for, clerk):
    from io import BytesIO

    from openpyxl import load_workbook

    session(registry, dt.date(2026, 3, 15))
    response = client_for(clerk).get("/leadership/study.xlsx?year=2026")
    assert response.status_code == 200
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert ("万州区财政局", 1, 1, "100.0%", "未达标") in rows


def test_the_summary_takes_three_queries_whatever_the_number_of_units(registry, group, django_assert_num_queries):
    from orgs.models import LeadershipGroup

    LeadershipGroup.objects.create(
        unit=registry.education, kind="party_group", name="教委党组", valid_from=dt.date(2025, 1, 1)
    )
    session(registry, dt.date(2026, 3, 15))
    with django_assert_num_queries(3):
        rows = queries.study_summary(2026)
    assert [r["unit"] for r in rows] == ["万州区财政局", "万州区教委"]
    assert rows[1]["sessions"] == 0 and rows[1]["attendance"] == 0.0


def test_a_leading_cadre_finds_the_groups_study_on_their_own_year_beside_the_branchs_meetings(
    registry, group, client_for, plain_member
):
    # 李四 holds a seat in the party group and is on a branch's roll: 双重组织生活, both count
    session(registry, dt.date(2026, 3, 10), topic="学习新修订的纪律处分条例")
    page = client_for(plain_member).get(reverse("orglife:my_life"), {"year": 2026}).content.decode()
    assert "学习新修订的纪律处分条例" in page and "中心组学习" in page and "中共万州区财政局党组" in page


def test_a_supervisor_of_life_meetings_reads_a_units_life_meetings_but_not_its_study(
    registry, group, authority_list, bodies, client_for
):
    session(registry, dt.date(2026, 3, 15), topic="学习新修订的纪律处分条例")
    # 区纪委 supervises DIS-01 everywhere; its registry scope is another department's branch
    jw = make_user("jw_elsewhere", Role.BODY_STAFF, registry.branch_c)
    RoleAssignment.objects.filter(user=jw).update(authority_body=bodies["JW"])
    page = client_for(jw).get(reverse("leadership:unit", args=[registry.finance.pk])).content.decode()
    assert "民主生活会" in page and "学习新修订的纪律处分条例" not in page
