import datetime as dt

import pytest

from accounts.roles import Role
from authority import services as authority_services
from authority.models import AuthorityList
from conftest import make_user
from core.errors import DomainError
from leadership import queries
from leadership.models import LifeMeeting, Rectification, SpotCheck
from leadership.services import (
    do_add_rectification,
    do_plan_life_meeting,
    do_record_life_meeting,
    do_record_spot_check,
    do_update_life_meeting_plan,
)
from leadership.tests.conftest import acting_for
from work.models import ItemKind, WorkItem
from work.services import do_create_reminders

TODAY = dt.date(2026, 6, 30)


def plan(registry, year, planned, *, reported=None, topic="深入学习贯彻党的创新理论"):
    return do_plan_life_meeting(
        registry.finance,
        LifeMeeting(year=year, topic=topic, planned_date=planned, plan_reported_on=reported),
        acting_user=None,
    )


@pytest.fixture
def overdue_world(registry, group, authority_list):
    """2025: held on 1 December, report never submitted, one rectification past its deadline;
    2026: planned for 10 July, plan not reported by 25 June."""
    held = plan(registry, 2025, dt.date(2025, 12, 1), reported=dt.date(2025, 11, 10))
    do_record_life_meeting(held, held_on=dt.date(2025, 12, 1), record_text="对照检查", acting_user=None)
    rect = do_add_rectification(
        Rectification(
            meeting=held,
            item="落实意识形态工作责任制",
            owner_seat=group.test_seats["zhang"],
            deadline=dt.date(2026, 3, 31),
        ),
        acting_user=None,
    )
    coming = plan(registry, 2026, dt.date(2026, 7, 10))
    return held, coming, rect


def test_the_supervisors_are_those_of_the_list_in_force_on_the_meeting_date(registry, group, authority_list, bodies):
    meeting = plan(registry, 2026, dt.date(2026, 7, 10))
    assert {s.body.code for s in meeting.supervisors.select_related("body")} == {"JW", "ZZB", "GW"}


def test_a_group_has_one_meeting_a_year_and_a_postponement_needs_a_reason(registry, group, authority_list):
    meeting = plan(registry, 2026, dt.date(2026, 7, 10))
    with pytest.raises(DomainError, match="2026"):
        plan(registry, 2026, dt.date(2026, 11, 10))
    meeting.planned_date = dt.date(2026, 9, 10)
    with pytest.raises(DomainError):
        do_update_life_meeting_plan(meeting, old_date=dt.date(2026, 7, 10), acting_user=None)
    meeting.postponement_reason = "主要负责同志参加上级调研"
    do_update_life_meeting_plan(meeting, old_date=dt.date(2026, 7, 10), acting_user=None)
    meeting.refresh_from_db()
    assert meeting.planned_date == dt.date(2026, 9, 10) and meeting.postponement_reason


def test_each_overdue_step_is_found_with_its_due_date(overdue_world):
    held, coming, rect = overdue_world
    steps = {(s.meeting.pk, s.step, s.due) for s in queries.overdue_life_meeting_steps(TODAY)}
    assert steps == {
        (coming.pk, "plan_report", dt.date(2026, 6, 25)),
        (held.pk, "report", dt.date(2025, 12, 16)),
        (held.pk, "rectification", dt.date(2026, 3, 31)),
    }


def test_overdue_steps_become_one_todo_each_for_the_lead_of_dis01(overdue_world, bodies, registry, client_for):
    do_create_reminders(TODAY)
    do_create_reminders(TODAY)
    items = WorkItem.objects.filter(kind=ItemKind.LIFE_MEETING_STEP)
    assert items.count() == 3
    assert {i.lead_body.code for i in items} == {"JW"} and {i.matter_code for i in items} == {"DIS-01"}
    jw = acting_for("jw", Role.BODY_STAFF, registry, bodies["JW"])
    page = client_for(jw).get("/todo/").content.decode()
    assert "万州区财政局2026年度民主生活会：主题和方案未按时报送，期限2026-06-25" in page


def test_a_step_done_late_closes_its_todo_at_the_next_run(overdue_world):
    _held, coming, _rect = overdue_world
    do_create_reminders(TODAY)
    coming.plan_reported_on = TODAY
    do_update_life_meeting_plan(coming, old_date=coming.planned_date, acting_user=None)
    do_create_reminders(TODAY + dt.timedelta(days=1))
    items = WorkItem.objects.filter(kind=ItemKind.LIFE_MEETING_STEP)
    assert items.filter(status="open").count() == 2  # the 2025 report and rectification still owed
    assert items.filter(status="done").count() == 1


def test_after_a_list_with_another_lead_is_adopted_new_items_go_there(overdue_world, authority_list, bodies, settings):
    held, coming, rect = overdue_world
    do_create_reminders(TODAY)
    draft = authority_services.do_create_list(AuthorityList(name="第五轮", based_on=authority_list), acting_user=None)
    matter = draft.matters.get(code="DIS-01")
    authority_services.do_save_matter(matter, roles={bodies["ZZB"].pk: "lead", bodies["JW"].pk: "co"}, acting_user=None)
    authority_services.do_adopt_list(draft, effective_from=dt.date(2026, 7, 1), acting_user=None)
    later = dt.date(2026, 7, 20)  # the coming meeting was held late and nothing was reported
    settings.DANGJIAN_TODAY = later.isoformat()
    do_record_life_meeting(coming, held_on=dt.date(2026, 7, 3), record_text="", acting_user=None)
    do_create_reminders(later)
    new = WorkItem.objects.get(source_key=f"life_meeting:{coming.pk}:report:2026-07-18")
    assert new.lead_body.code == "ZZB"
    # and the open ones follow the list in force (work's rerouting)
    assert set(WorkItem.objects.filter(kind=ItemKind.LIFE_MEETING_STEP).values_list("lead_body__code", flat=True)) == {
        "ZZB"
    }


def test_an_overdue_rectification_of_a_spot_check_reaches_the_study_section_once(
    registry, group, authority_list, bodies
):
    check = do_record_spot_check(
        SpotCheck(
            unit=registry.finance,
            date=dt.date(2026, 4, 1),
            subject="一季度学习记录",
            findings="学习记录不完整",
            rectification_needed=True,
            rectify_by=dt.date(2026, 5, 1),
        ),
        acting_user=None,
    )
    do_create_reminders(TODAY)
    do_create_reminders(TODAY)
    item = WorkItem.objects.get(kind=ItemKind.STUDY_SPOT_CHECK)
    assert item.lead_body.code == "GW-XJK" and item.matter_code == "PRO-01"
    assert item.source_key == f"study_spot_check:{check.pk}:2026-05-01"


def test_recording_the_meeting_marks_seats_and_supervisors(registry, group, authority_list, bodies, client_for):
    meeting = plan(registry, 2026, dt.date(2026, 6, 20), reported=dt.date(2026, 6, 1))
    officer = make_user("finance_officer", Role.ORG_ADMIN, registry.opc)
    client = client_for(officer)
    seats = group.test_seats
    data = {"held_on": "2026-06-20", "record": "班子成员逐一对照检查", "supervisors": [str(bodies["JW"].pk)]}
    for key in ("zhang", "li", "chief", "sun"):
        data[f"status_{seats[key].pk}"] = "present"
    data[f"status_{seats['chief'].pk}"] = "excused"
    data[f"reason_{seats['chief'].pk}"] = "因公出差"
    response = client.post(f"/leadership/life-meetings/{meeting.pk}/record/", data)
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.held_on == dt.date(2026, 6, 20)
    assert {s.body.code: s.attended for s in meeting.supervisors.all()} == {"JW": True, "ZZB": False, "GW": False}
    page = client.get(f"/leadership/life-meetings/{meeting.pk}/").content.decode()
    assert "因公出差" in page and "区纪委" in page and "已召开" in page
    assert queries.member_sessions(registry.li_si, 2026)["life"] == [meeting]


def test_the_overview_shows_every_department_with_its_stage_and_overdue_flags(
    overdue_world, registry, bodies, client_for
):
    jw = acting_for("jw", Role.BODY_STAFF, registry, bodies["JW"])
    page = client_for(jw).get("/leadership/life-meetings/?year=2026").content.decode()
    assert "万州区财政局" in page and "主题和方案未按时报送（2026-06-25）" in page
    page = client_for(jw).get("/leadership/life-meetings/?year=2025").content.decode()
    assert "情况报告未按时报送（2025-12-16）" in page and "整改事项逾期未完成（2026-03-31）" in page
    elsewhere = make_user("elsewhere", Role.ORG_ADMIN, registry.branch_c)
    page = client_for(elsewhere).get("/leadership/life-meetings/?year=2026").content.decode()
    assert "万州区财政局" not in page


def test_an_officer_plans_postpones_records_and_follows_up_a_meeting_on_its_pages(
    registry, group, authority_list, client_for
):
    officer = make_user("finance_officer", Role.ORG_ADMIN, registry.opc)
    client = client_for(officer)
    unit = registry.finance.pk
    response = client.post(
        f"/leadership/units/{unit}/life-meetings/new/",
        {"year": "2026", "topic": "锤炼党性、担当作为", "planned_date": "2026-06-10", "plan_reported_on": "2026-05-20"},
    )
    meeting = LifeMeeting.objects.get(group=group, year=2026)
    assert response["Location"] == f"/leadership/life-meetings/{meeting.pk}/"
    edit = f"/leadership/life-meetings/{meeting.pk}/edit/"
    fields = {"topic": meeting.topic, "planned_date": "2026-06-20", "plan_reported_on": "2026-05-20"}
    assert "推迟召开须说明原因" in client.post(edit, fields).content.decode()
    assert client.post(edit, {**fields, "postponement_reason": "上级调研"}).status_code == 302
    seats = group.test_seats
    data = {"held_on": "2026-06-20", "record": "对照检查"}
    data.update({f"status_{seats[k].pk}": "present" for k in ("zhang", "li", "chief", "sun")})
    assert client.post(f"/leadership/life-meetings/{meeting.pk}/record/", data).status_code == 302
    response = client.post(
        f"/leadership/life-meetings/{meeting.pk}/rectifications/new/",
        {"item": "建立基层联系点", "owner_seat": str(seats["li"].pk), "owner_name": "", "deadline": "2026-06-25"},
    )
    assert response.status_code == 302
    rect = meeting.rectifications.get()
    page = client.get(f"/leadership/life-meetings/{meeting.pk}/").content.decode()
    assert "建立基层联系点" in page and "李四" in page and "上级调研" in page
    assert "整改事项逾期未完成" in page  # 25 June has passed (today is 30 June)
    assert client.post(f"/leadership/rectifications/{rect.pk}/done/", {"day": "2026-06-28"}).status_code == 302
    assert queries.life_steps_overdue(LifeMeeting.objects.get(pk=meeting.pk), TODAY) == []


def test_a_years_meeting_may_be_held_early_the_next_year_but_not_later(registry, group, authority_list):
    from core.errors import DomainError

    early = plan(registry, 2025, dt.date(2026, 1, 20), reported=dt.date(2026, 1, 2))
    do_record_life_meeting(early, held_on=dt.date(2026, 1, 20), record_text="对照检查", acting_user=None)
    assert early.held_on == dt.date(2026, 1, 20) and early.year == 2025
    with pytest.raises(DomainError):
        plan(registry, 2024, dt.date(2026, 3, 1))
