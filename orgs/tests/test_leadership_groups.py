"""Leadership groups (党组 / 党委 / 领导班子) of units and their members, dated facts."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from audit.models import AuditEvent
from core.errors import DomainError
from orgs.models import GroupMember, LeadershipGroup
from orgs.queries import leadership_group_of
from orgs.services import do_appoint_group_member, do_create_leadership_group, do_end_group_member

START = dt.date(2021, 6, 1)
NEXT = dt.date(2024, 3, 1)


def party_group(unit, valid_from=START, kind="party_group", name=None):
    group = LeadershipGroup(unit=unit, kind=kind, name=name or f"中共{unit.name}党组", valid_from=valid_from)
    return do_create_leadership_group(group, acting_user=None)


def seat(group, *, member=None, name="", post="member", valid_from=START, title=""):
    return do_appoint_group_member(
        GroupMember(group=group, member=member, name=name, post=post, valid_from=valid_from, title=title),
        acting_user=None,
    )


def test_a_unit_has_one_group_on_any_day_and_a_new_one_closes_the_old_with_its_seats(registry):
    team = party_group(registry.finance, kind="leadership_team", name="财政局领导班子")
    chief = seat(team, member=registry.zhang_san, post="secretary")
    group = party_group(registry.finance, valid_from=NEXT)
    team.refresh_from_db()
    chief.refresh_from_db()
    assert (team.valid_to, chief.valid_to) == (NEXT, NEXT)
    assert leadership_group_of(registry.finance, START - dt.timedelta(days=1)) is None
    assert leadership_group_of(registry.finance, START) == team
    assert leadership_group_of(registry.finance, NEXT - dt.timedelta(days=1)) == team
    assert leadership_group_of(registry.finance, NEXT) == group  # valid_to is exclusive
    assert leadership_group_of(registry.finance.pk, dt.date(2026, 1, 1)) == group
    assert leadership_group_of(registry.education, NEXT) is None


def test_group_facts_never_overlap(registry):
    party_group(registry.finance)
    with pytest.raises(DomainError, match="应晚于现领导班子"):
        party_group(registry.finance, valid_from=START - dt.timedelta(days=10))
    party_group(registry.finance, valid_from=NEXT)
    with pytest.raises(DomainError, match="不能在其之前插入"):
        party_group(registry.finance, valid_from=NEXT - dt.timedelta(days=1))
    facts = list(LeadershipGroup.objects.filter(unit=registry.finance).order_by("valid_from"))
    assert all(a.valid_to <= b.valid_from for a, b in zip(facts, facts[1:], strict=False))
    with pytest.raises(IntegrityError), transaction.atomic():  # the database keeps one open group
        LeadershipGroup.objects.create(unit=registry.finance, kind="party_group", name="重复", valid_from=NEXT)


def test_a_seat_links_a_member_on_the_roll_or_keeps_a_name(registry):
    group = party_group(registry.finance)
    on_roll = seat(group, member=registry.zhang_san, name="别名", post="secretary", title="局长")
    off_roll = seat(group, name=" 钱局长 ", post="deputy_secretary")
    assert (on_roll.name, on_roll.member, off_roll.name, off_roll.member) == (
        "张三",
        registry.zhang_san,
        "钱局长",
        None,
    )
    with pytest.raises(DomainError, match="已有在任书记"):
        seat(group, member=registry.li_si, post="secretary")
    with pytest.raises(DomainError, match="张三在该领导班子中已有任职记录"):
        seat(group, member=registry.zhang_san, valid_from=NEXT)
    with pytest.raises(DomainError, match="请选择党员或填写姓名"):
        seat(group, name="  ")
    with pytest.raises(DomainError, match="存续期间"):
        seat(group, member=registry.li_si, valid_from=START - dt.timedelta(days=1))


def test_seats_as_of_a_day_follow_their_dates(registry):
    group = party_group(registry.finance)
    zhang = seat(group, member=registry.zhang_san, post="secretary")
    li = seat(group, member=registry.li_si, valid_from=dt.date(2022, 1, 1))
    do_end_group_member(zhang, day=dt.date(2023, 1, 1), acting_user=None)
    with pytest.raises(DomainError, match="该任职已结束"):
        do_end_group_member(zhang, day=dt.date(2023, 2, 1), acting_user=None)
    with pytest.raises(DomainError, match="免职日期应晚于任职日期"):
        do_end_group_member(li, day=dt.date(2022, 1, 1), acting_user=None)
    assert set(group.seats.as_of(dt.date(2021, 12, 31))) == {zhang}
    assert set(group.seats.as_of(dt.date(2022, 12, 31))) == {zhang, li}
    assert set(group.seats.as_of(dt.date(2023, 1, 1))) == {li}
    # the same person may come back once their seat has ended
    assert seat(group, member=registry.zhang_san, valid_from=dt.date(2023, 6, 1)).valid_to is None
    assert AuditEvent.objects.filter(action="orgs.group_member.ended", target_id=str(zhang.pk)).exists()


def test_the_unit_page_shows_the_group_and_its_current_members_in_chinese(registry, client_for, body_officer):
    group = party_group(registry.finance)
    seat(group, member=registry.zhang_san, post="secretary", title="局长")
    seat(group, name="钱七", post="member", title="副局长")
    gone = seat(group, member=registry.wang_wu, post="member")
    do_end_group_member(gone, day=dt.date(2023, 1, 1), acting_user=None)
    response = client_for(body_officer).get(f"/orgs/units/{registry.finance.pk}/")
    page = response.content.decode()
    assert "领导班子" in page and "中共万州区财政局党组" in page and "党组" in page
    assert "书记" in page and "张三" in page and "局长" in page
    assert "钱七" in page and "非在册人员" in page
    assert "王五" not in page  # no longer in the group
    assert "增加成员" not in page  # a district body reads, and changes nothing


def test_an_officer_records_the_group_adds_and_ends_a_member_through_the_pages(registry, client_for, opc_officer):
    client = client_for(opc_officer)
    unit = registry.finance
    assert "尚未登记领导班子" in client.get(f"/orgs/units/{unit.pk}/").content.decode()
    response = client.post(
        f"/orgs/units/{unit.pk}/leadership/new/",
        {"kind": "party_group", "name": "中共万州区财政局党组", "valid_from": "2021-06-01"},
    )
    assert response.status_code == 302
    response = client.post(
        f"/orgs/units/{unit.pk}/leadership/seats/new/",
        {"member": registry.zhang_san.pk, "post": "secretary", "title": "局长", "valid_from": "2021-06-01"},
    )
    assert response.status_code == 302
    response = client.post(
        f"/orgs/units/{unit.pk}/leadership/seats/new/",
        {"member": registry.li_si.pk, "post": "secretary", "valid_from": "2021-06-01"},
    )
    assert "该领导班子已有在任书记，请先免去原书记职务。" in response.content.decode()
    response = client.post(
        f"/orgs/units/{unit.pk}/leadership/seats/new/", {"post": "member", "valid_from": "2021-06-01"}
    )
    assert "请选择在册党员或填写姓名。" in response.content.decode()
    chief = GroupMember.objects.get(member=registry.zhang_san)
    response = client.post(f"/orgs/leadership-seats/{chief.pk}/end/", {"valid_to": "2021-05-01"})
    assert "免职日期应晚于任职日期。" in response.content.decode()
    client.post(f"/orgs/leadership-seats/{chief.pk}/end/", {"valid_to": "2024-01-01"})
    chief.refresh_from_db()
    assert chief.valid_to == dt.date(2024, 1, 1)
    assert set(AuditEvent.objects.filter(action__startswith="orgs.").values_list("action", flat=True)) >= {
        "orgs.leadership_group.created",
        "orgs.group_member.appointed",
        "orgs.group_member.ended",
    }


def test_another_subtrees_officer_gets_404_and_a_reader_403(registry, client_for, branch_secretary, body_officer):
    group = party_group(registry.education, name="中共万州区教委委员会", kind="party_committee")
    other = seat(group, member=registry.wu_jiu, post="secretary")
    client = client_for(branch_secretary)  # 财政局第一支部: sees 财政局 only
    for url in (
        f"/orgs/units/{registry.education.pk}/",
        f"/orgs/units/{registry.education.pk}/leadership/new/",
        f"/orgs/units/{registry.education.pk}/leadership/seats/new/",
        f"/orgs/leadership-seats/{other.pk}/end/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/orgs/leadership-seats/{other.pk}/end/", {"valid_to": "2024-01-01"}).status_code == 404
    other.refresh_from_db()
    assert other.valid_to is None
    reader = client_for(body_officer)
    assert reader.get(f"/orgs/units/{registry.education.pk}/leadership/seats/new/").status_code == 403
    assert reader.post(f"/orgs/leadership-seats/{other.pk}/end/", {"valid_to": "2024-01-01"}).status_code == 403
