"""The pages: who sees and records what, the record form's roll and toggles, the calendar."""

import datetime as dt

import pytest
from django.urls import reverse

from accounts.roles import Role
from conftest import make_user
from orglife import services
from orglife.models import Meeting, PlanItem
from orgs.models import Post


@pytest.fixture(autouse=True)
def clock(settings):
    settings.DANGJIAN_TODAY = "2026-06-30"


@pytest.fixture
def meeting(registry):
    m, _v = services.do_record_meeting(
        registry.branch_a,
        kind="theme_day",
        date=dt.date(2026, 6, 10),
        topic="学习党章",
        attendance={registry.li_si.pk: ("excused", "出差")},
        acting_user=None,
    )
    return m


def test_the_secretary_records_a_meeting_from_the_form_with_a_toggle_per_name(registry, client_for, branch_secretary):
    r = registry
    client = client_for(branch_secretary)
    url = reverse("orglife:record", args=[r.branch_a.pk]) + "?kind=theme_day&date=2026-06-20"
    page = client.get(url).content.decode()
    for name in ("张三", "李四", "王五", "赵六"):
        assert name in page
    assert page.count('class="btn-check"') == 12  # three choices for each of four names
    assert "<script>" not in page
    response = client.post(
        url,
        {
            "date": "2026-06-20",
            "topic": "七一主题党日",
            "place": "三楼会议室",
            f"att_{r.li_si.pk}": "excused",
            f"reason_{r.li_si.pk}": "出差",
            f"att_{r.wang_wu.pk}": "absent",
        },
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(topic="七一主题党日")
    page = client.get(response["Location"]).content.decode()
    assert "七一主题党日" in page and "出差" in page
    assert dict(meeting.attendance.values_list("member__name", "status"))["王五"] == "absent"


def test_an_excused_absence_without_reason_comes_back_with_the_roll_as_tapped(registry, client_for, branch_secretary):
    r = registry
    url = reverse("orglife:record", args=[r.branch_a.pk]) + "?kind=theme_day"
    response = client_for(branch_secretary).post(
        url, {"date": "2026-06-20", "topic": "主题党日", f"att_{r.li_si.pk}": "excused"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert f'id="att_{r.li_si.pk}_excused" value="excused" autocomplete="off" checked' in page
    assert not Meeting.objects.exists()


def test_recording_from_a_plan_item_fulfils_it(registry, client_for, branch_secretary):
    r = registry
    item = PlanItem.objects.create(
        organization=r.branch_a, year=2026, month=6, kind="theme_day", planned_date=dt.date(2026, 6, 25), topic="党史"
    )
    client = client_for(branch_secretary)
    url = reverse("orglife:record", args=[r.branch_a.pk]) + f"?plan={item.pk}"
    page = client.get(url).content.decode()
    assert 'value="2026-06-25"' in page and 'value="党史"' in page
    client.post(url, {"date": "2026-06-25", "topic": "党史"})
    item.refresh_from_db()
    assert item.meeting is not None
    assert client.get(url).status_code == 404  # fulfilled: nothing left to record


def test_the_calendar_page_shows_the_generated_plan_and_held_meetings(registry, client_for, branch_secretary, meeting):
    client = client_for(branch_secretary)
    response = client.post(reverse("orglife:generate_plan", args=[registry.branch_a.pk]), {"year": "2026"})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="month-12"' in page
    assert reverse("orglife:meeting", args=[meeting.pk]) in page
    assert page.count('data-testid="planned"') == PlanItem.objects.filter(meeting__isnull=True).count()


def test_the_organization_page_links_to_its_organizational_life(registry, client_for, branch_secretary):
    page = client_for(branch_secretary).get(reverse("orgs:organization", args=[registry.branch_a.pk])).content.decode()
    assert reverse("orglife:organization", args=[registry.branch_a.pk]) in page


def test_the_secretary_of_another_branch_does_not_find_the_meeting(registry, client_for, meeting):
    other = make_user("other_secretary", Role.ORG_ADMIN, registry.branch_c)
    client = client_for(other)
    assert client.get(reverse("orglife:meeting", args=[meeting.pk])).status_code == 404
    assert client.get(reverse("orglife:meeting_edit", args=[meeting.pk])).status_code == 404
    assert client.get(reverse("orglife:record", args=[registry.branch_a.pk])).status_code == 404


def test_a_plain_member_neither_sees_nor_records_the_branch_meetings(registry, client_for, plain_member, meeting):
    client = client_for(plain_member)
    assert client.get(reverse("orglife:meeting", args=[meeting.pk])).status_code == 404
    assert client.get(reverse("orglife:organization", args=[registry.branch_a.pk])).status_code == 404
    assert client.get(reverse("orglife:index")).status_code == 403


def test_body_staff_read_the_record_and_do_not_record(registry, client_for, body_officer, meeting):
    client = client_for(body_officer)
    page = client.get(reverse("orglife:meeting", args=[meeting.pk])).content.decode()
    assert "学习党章" in page and "出差" in page
    assert reverse("orglife:meeting_edit", args=[meeting.pk]) not in page
    assert client.get(reverse("orglife:meeting_edit", args=[meeting.pk])).status_code == 403
    assert client.get(reverse("orglife:record", args=[registry.branch_a.pk])).status_code == 403


def test_the_superior_officer_corrects_a_branch_meeting(registry, client_for, opc_officer, meeting):
    r = registry
    client = client_for(opc_officer)
    url = reverse("orglife:meeting_edit", args=[meeting.pk])
    assert 'value="出差"' in client.get(url).content.decode()
    response = client.post(url, {"date": "2026-06-10", "topic": "学习党章（更正）", f"att_{r.li_si.pk}": "absent"})
    assert response.status_code == 302
    assert meeting.attendance.get(member=r.li_si).status == "absent"


def test_the_branch_secretary_sets_up_a_group_and_puts_a_member_in_it(registry, client_for, branch_secretary):
    r = registry
    client = client_for(branch_secretary)
    response = client.post(
        reverse("orglife:group_create", args=[r.branch_a.pk]), {"name": "第一党小组", "day": "2026-06-01"}
    )
    assert response.status_code == 302
    group = r.branch_a.party_groups.get()
    response = client.post(
        reverse("orglife:group_assign", args=[group.pk]),
        {"member": str(r.wang_wu.pk), "day": "2026-06-01", "is_leader": "on"},
    )
    assert response.status_code == 302
    page = client.get(reverse("orglife:groups", args=[r.branch_a.pk])).content.decode()
    assert "第一党小组" in page and "王五" in page.split('data-testid="loose"')[0]


def test_a_committee_meeting_without_quorum_is_recorded_with_a_warning_citing_the_rule(
    registry, client_for, branch_secretary
):
    r = registry
    extra = [r.member(f"委员{n}", r.branch_a) for n in range(2)]
    for member in [r.zhang_san, r.li_si, r.wang_wu, *extra]:
        Post.objects.create(
            member=member, organization=r.branch_a, role="committee_member", valid_from=dt.date(2020, 1, 1)
        )
    url = reverse("orglife:record", args=[r.branch_a.pk]) + "?kind=committee"
    data = {"date": "2026-06-20", "topic": "研究发展党员"}
    data.update({f"att_{m.pk}": "absent" for m in [r.wang_wu, *extra]})
    response = client_for(branch_secretary).post(url, data, follow=True)
    page = response.content.decode()
    assert "仅2名到会" in page and "第十二条" in page
    meeting = Meeting.objects.get()
    assert meeting.quorate is False and meeting.attendance.count() == 5


def test_a_reason_with_control_characters_is_refused(registry, client_for, branch_secretary):
    r = registry
    url = reverse("orglife:record", args=[r.branch_a.pk]) + "?kind=theme_day"
    response = client_for(branch_secretary).post(
        url,
        {"date": "2026-06-20", "topic": "主题党日", f"att_{r.li_si.pk}": "excused", f"reason_{r.li_si.pk}": "出\x1b差"},
    )
    assert response.status_code == 200 and "控制字符" in response.content.decode()
    assert not Meeting.objects.exists()


def test_a_party_group_meeting_asks_for_the_group_first_and_proposes_its_members(
    registry, client_for, branch_secretary
):
    r = registry
    group = services.do_create_party_group(r.branch_a, name="第一党小组", day=dt.date(2026, 1, 5), acting_user=None)
    services.do_assign_to_party_group(group, r.wang_wu, day=dt.date(2026, 1, 5), acting_user=None)
    client = client_for(branch_secretary)
    url = reverse("orglife:record", args=[r.branch_a.pk]) + "?kind=group"
    page = client.get(url).content.decode()
    assert "第一党小组" in page and f"group={group.pk}" in page
    page = client.get(f"{url}&group={group.pk}").content.decode()
    assert f"att_{r.wang_wu.pk}" in page and f"att_{r.li_si.pk}" not in page
    response = client.post(
        f"{url}&group={group.pk}", {"date": "2026-06-20", "topic": "小组学习", "party_group": group.pk}
    )
    assert response.status_code == 302
    assert Meeting.objects.get().party_group == group


def test_a_date_changed_before_saving_shows_the_new_roll_instead_of_saving_marks_nobody_made(
    registry, client_for, branch_secretary
):
    r = registry
    client = client_for(branch_secretary)
    url = reverse("orglife:record", args=[r.branch_a.pk]) + "?kind=theme_day&date=2026-06-20"
    shown = client.get(url).context["form"]["shown_roll"].value()
    newcomer = r.member("新党员", r.branch_a)  # on the roll from today, not on the page shown
    assert str(newcomer.pk) not in shown.split(",")
    marks = {f"att_{pk}": "absent" for pk in shown.split(",")}
    response = client.post(url, {"date": "2026-06-30", "topic": "七一主题党日", "shown_roll": shown, **marks})
    assert response.status_code == 200 and not Meeting.objects.exists()
    page = response.content.decode()
    assert "名单已随日期" in page and "新党员" in page
    # marked again on the roll of the new date, it is saved
    again = response.context["form"]["shown_roll"].value()
    response = client.post(url, {"date": "2026-06-30", "topic": "七一主题党日", "shown_roll": again, **marks})
    assert response.status_code == 302
    assert Meeting.objects.get().attendance.get(member=newcomer).status == "present"
