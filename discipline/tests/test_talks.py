"""Talks (谈话): recording and refusing, the admonishment's effect period, who sees which kind,
and the new leader's talk to-do that a secretary's post asks for and the talk closes."""

import datetime as dt

import pytest
from django.urls import reverse

from accounts.roles import Role
from conftest import make_user
from core.errors import DomainError
from discipline.models import Talk, TalkKind
from discipline.talks import do_record_talk, do_update_talk
from orgs.models import Post, PostRole
from orgs.services import do_appoint_post, save_posts
from work.models import ItemKind, ItemStatus, WorkItem
from work.services import do_create_reminders

TODAY = dt.date(2026, 9, 15)


@pytest.fixture(autouse=True)
def clock(settings):
    settings.DANGJIAN_TODAY = TODAY.isoformat()


@pytest.fixture
def officer(registry):
    """纪工委's officer: the discipline capability over the working committee."""
    return make_user("jigongwei", Role.DISCIPLINE_STAFF, registry.working)


def talk(member, kind, day=dt.date(2026, 9, 1), **kwargs):
    return do_record_talk(
        kind=kind,
        member=member,
        date=day,
        talker=kwargs.pop("talker", "工委书记"),
        gist=kwargs.pop("gist", f"{kind}要点"),
        follow_up="",
        acting_user=kwargs.pop("acting_user", None),
        **kwargs,
    )


# -- recording and refusing ------------------------------------------------------------------


def test_an_admonishment_is_in_effect_six_calendar_months(registry, settings):
    t = talk(registry.zhang_san, TalkKind.ADMONITION, dt.date(2026, 8, 31))
    assert t.effect_until == dt.date(2027, 2, 28)  # 民法典: the month's last day, not 180 days
    assert talk(registry.li_si, TalkKind.REMINDER).effect_until is None
    settings.DANGJIAN_RULES = {"admonition_effect_months": 3}  # the local setting
    t = do_update_talk(t, date=dt.date(2026, 8, 31), talker="纪工委书记", gist="x", follow_up="", acting_user=None)
    assert t.effect_until == dt.date(2026, 11, 30)


def test_the_service_refuses_a_future_date_a_date_before_joining_and_a_post_not_the_persons(registry):
    r = registry
    with pytest.raises(DomainError) as e:
        talk(r.zhang_san, TalkKind.REMINDER, TODAY + dt.timedelta(days=1))
    assert e.value.field == "date"
    with pytest.raises(DomainError) as e:
        talk(r.zhang_san, TalkKind.REMINDER, dt.date(2009, 1, 1))  # joined 2010-07-01
    assert e.value.field == "date"
    post = do_appoint_post(
        Post(member=r.li_si, organization=r.branch_a, role=PostRole.SECRETARY, valid_from=dt.date(2026, 9, 1)),
        acting_user=None,
    )
    with pytest.raises(DomainError) as e:
        talk(r.zhang_san, TalkKind.APPOINTMENT, post=post)
    assert e.value.field == "post"
    assert not Talk.objects.exists()


def test_a_branch_secretary_cannot_record_an_admonishment_even_through_the_service(registry, branch_secretary):
    with pytest.raises(DomainError):
        talk(registry.zhang_san, TalkKind.ADMONITION, acting_user=branch_secretary)
    assert talk(registry.zhang_san, TalkKind.REMINDER, acting_user=branch_secretary).pk


def test_the_discipline_officer_records_an_admonishment_from_the_form(registry, client_for, officer):
    client = client_for(officer)
    url = reverse("discipline:talk_record") + f"?member={registry.zhang_san.pk}&kind=admonition"
    page = client.get(url).content.decode()
    assert "张三" in page
    response = client.post(
        url,
        {
            "kind": "admonition",
            "member": registry.zhang_san.pk,
            "date": "2026-08-31",
            "talker": "纪工委书记",
            "gist": "工作作风问题",
            "follow_up": "三个月后回访",
        },
    )
    assert response.status_code == 302
    t = Talk.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert "2027-02-28" in page and "工作作风问题" in page
    assert t.organization == registry.branch_a and t.recorded_by == officer


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("date", "2026-12-01"),
        ("date", "0001-01-01"),
        ("date", "9999-12-31"),
        ("talker", "纪工委\x07书记"),
        ("gist", "x\x00y"),
    ],
)
def test_the_form_refuses_future_absurd_dates_and_control_characters(registry, client_for, officer, field, value):
    client = client_for(officer)
    data = {"kind": "reminder", "member": registry.zhang_san.pk, "date": "2026-09-01", "talker": "书记", "gist": "要点"}
    data[field] = value
    response = client.post(reverse("discipline:talk_record"), data)
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode() or "alert-danger" in response.content.decode()
    assert not Talk.objects.exists()


def test_a_person_out_of_scope_is_not_found_and_not_named(registry, client_for, branch_secretary):
    from orgs.models import OrgKind

    other = registry.org("外单位支部", OrgKind.BRANCH, registry.pc, None, registry.district.founded)
    stranger = registry.member("外人甲", other)
    client = client_for(branch_secretary)
    url = reverse("discipline:talk_record_org", args=[registry.branch_a.pk])
    assert client.get(f"{url}?member={stranger.pk}").status_code == 404
    assert client.get(f"{url}?member={registry.zhang_san.pk}&post=999999").status_code == 404
    response = client.post(url, {"kind": "reminder", "member": stranger.pk, "date": "2026-09-01", "talker": "书记"})
    assert response.status_code == 200
    assert "外人甲" not in response.content.decode()
    assert not Talk.objects.exists()
    # an organization the secretary does not edit: 404, whatever it holds
    assert client.get(reverse("discipline:talk_record_org", args=[other.pk])).status_code == 404
    assert client.get(reverse("discipline:talk_record")).status_code == 404


# -- who sees which kind ---------------------------------------------------------------------


@pytest.fixture
def four_talks(registry):
    return {kind: talk(registry.zhang_san, kind) for kind in TalkKind.values}


def _listed(client) -> str:
    return client.get(reverse("discipline:talks")).content.decode()


def _kinds_seen(client, talks) -> set[str]:
    return {kind for kind, t in talks.items() if client.get(reverse("discipline:talk", args=[t.pk])).status_code == 200}


def test_the_branch_secretary_sees_reminders_only(registry, client_for, branch_secretary, four_talks):
    client = client_for(branch_secretary)
    assert _kinds_seen(client, four_talks) == {TalkKind.REMINDER}
    page = _listed(client)
    assert "reminder要点" not in page  # the list shows no gist
    assert str(TalkKind.REMINDER.label) in page or "提醒谈话" in page


def test_the_organ_committees_officer_and_the_committee_leader_see_appointment_and_reminder_talks(
    registry, client_for, opc_officer, secretary, four_talks
):
    for user in (opc_officer, secretary):
        client = client_for(user)
        assert _kinds_seen(client, four_talks) == {TalkKind.APPOINTMENT, TalkKind.REMINDER}
        page = client.get(reverse("discipline:talk", args=[four_talks[TalkKind.ADMONITION].pk]))
        assert page.status_code == 404 and "张三" not in page.content.decode()
        client.logout()


def test_the_discipline_officer_sees_every_kind_and_the_list_filters_by_kind_and_year(
    registry, client_for, officer, four_talks
):
    client = client_for(officer)
    assert _kinds_seen(client, four_talks) == set(TalkKind.values)
    url = reverse("discipline:talks")
    page = client.get(f"{url}?kind=admonition&year=2026").content.decode()
    assert page.count(reverse("discipline:talk", args=[four_talks[TalkKind.ADMONITION].pk])) == 1
    assert reverse("discipline:talk", args=[four_talks[TalkKind.REMINDER].pk]) not in page
    page = client.get(f"{url}?year=2025").content.decode()
    assert reverse("discipline:talk", args=[four_talks[TalkKind.ADMONITION].pk]) not in page


def test_the_person_sees_their_own_talks_and_no_one_elses(registry, client_for, plain_member, four_talks):
    talk(registry.li_si, TalkKind.ADMONITION, gist="李四的诫勉要点")
    client = client_for(plain_member)
    page = _listed(client)
    assert "李四的诫勉要点" in page
    assert "admonition要点" not in page  # 张三's
    assert _kinds_seen(client, four_talks) == set()


def test_the_correction_is_audited_without_the_gist(registry, client_for, officer):
    from audit.models import AuditEvent

    t = talk(registry.zhang_san, TalkKind.LETTER_INQUIRY, gist="亲属经商情况属实")
    client = client_for(officer)
    response = client.post(
        reverse("discipline:talk_edit", args=[t.pk]),
        {"date": "2026-09-02", "talker": "纪工办", "gist": "亲属经商已如实说明", "follow_up": ""},
    )
    assert response.status_code == 302
    t.refresh_from_db()
    assert t.date == dt.date(2026, 9, 2) and t.gist == "亲属经商已如实说明"
    events = AuditEvent.objects.filter(action__startswith="discipline.talk.")
    assert [e.action for e in events.order_by("pk")] == ["discipline.talk.recorded", "discipline.talk.updated"]
    assert not any("亲属经商" in str(e.new) + str(e.old) + e.target_repr for e in events)


# -- the new leader's talk to-do -------------------------------------------------------------


def _appoint(registry, member, role=PostRole.SECRETARY, day=dt.date(2026, 9, 1), org=None):
    return do_appoint_post(
        Post(member=member, organization=org or registry.branch_a, role=role, valid_from=day), acting_user=None
    )


def test_a_new_secretary_asks_the_committee_for_a_talk_which_the_talk_closes(
    registry, client_for, clerk, branch_secretary
):
    post = _appoint(registry, registry.zhang_san)
    item = WorkItem.objects.get(kind=ItemKind.NEW_LEADER_TALK)
    # "新任党组织负责人谈话：张三，财政局第一支部" once the catalogue has the msgid
    assert "张三" in item.title and "财政局第一支部" in item.title
    assert item.organization == registry.working and item.lead_body is None
    assert item.due_date == dt.date(2026, 10, 1)
    client = client_for(clerk)
    assert item.title in client.get(reverse("work:todo")).content.decode()
    page = client.get(reverse("work:item", args=[item.pk])).content.decode()
    link = reverse("discipline:talk_record_org", args=[registry.branch_a.pk])
    assert link in page
    # the branch's own secretary does not get the committee's to-do
    assert client_for(branch_secretary).get(reverse("work:item", args=[item.pk])).status_code == 404
    client = client_for(clerk)
    url = f"{link}?member={registry.zhang_san.pk}&post={post.pk}"
    assert "财政局第一支部" in client.get(url).content.decode()
    response = client.post(
        url,
        {"kind": "appointment", "member": registry.zhang_san.pk, "date": "2026-09-10", "talker": "工委副书记"},
    )
    assert response.status_code == 302
    assert Talk.objects.get().post == post
    item.refresh_from_db()
    assert item.status == ItemStatus.DONE and "2026-09-10" in item.outcome


def test_a_talk_with_the_person_since_the_post_started_closes_it_a_reminder_does_not(registry):
    _appoint(registry, registry.wang_wu, role=PostRole.DEPUTY_SECRETARY)
    item = WorkItem.objects.get(kind=ItemKind.NEW_LEADER_TALK)
    talk(registry.wang_wu, TalkKind.REMINDER, dt.date(2026, 9, 5))
    talk(registry.wang_wu, TalkKind.APPOINTMENT, dt.date(2026, 8, 20))  # 任前: before the post
    item.refresh_from_db()
    assert item.status == ItemStatus.OPEN
    talk(registry.wang_wu, TalkKind.APPOINTMENT, dt.date(2026, 9, 5))
    item.refresh_from_db()
    assert item.status == ItemStatus.DONE


def test_old_posts_and_other_posts_ask_for_no_talk(registry):
    r = registry
    _appoint(r, r.zhang_san, day=dt.date(2026, 8, 14))  # more than a month before today
    _appoint(r, r.li_si, role=PostRole.COMMITTEE_MEMBER)
    save_posts(
        [
            Post(member=r.sun_qi, organization=r.branch_b, role=PostRole.SECRETARY, valid_from=dt.date(2015, 3, 1)),
            Post(member=r.wu_jiu, organization=r.branch_c, role=PostRole.SECRETARY, valid_from=dt.date(2020, 3, 1)),
        ]
    )
    assert not WorkItem.objects.filter(kind=ItemKind.NEW_LEADER_TALK).exists()
    # an import of a post that started this month asks, once
    save_posts(
        [
            Post(
                member=r.zhou_ba,
                organization=r.branch_b,
                role=PostRole.DEPUTY_SECRETARY,
                valid_from=dt.date(2026, 9, 1),
            )
        ]
    )
    assert WorkItem.objects.filter(kind=ItemKind.NEW_LEADER_TALK).count() == 1


def test_the_reminders_make_the_to_do_a_post_written_another_way_missed(registry):
    Post.objects.create(
        member=registry.zhang_san, organization=registry.branch_a, role=PostRole.SECRETARY, valid_from=TODAY
    )
    Post.objects.create(
        member=registry.li_si, organization=registry.branch_a, role=PostRole.DEPUTY_SECRETARY, valid_from=TODAY
    )
    talk(registry.li_si, TalkKind.APPOINTMENT, TODAY)
    assert do_create_reminders(TODAY)[ItemKind.NEW_LEADER_TALK] == 1  # li_si had the talk already
    assert do_create_reminders(TODAY)[ItemKind.NEW_LEADER_TALK] == 0
    assert WorkItem.objects.get(kind=ItemKind.NEW_LEADER_TALK).payload["member"] == registry.zhang_san.pk
