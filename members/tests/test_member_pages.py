import datetime as dt

import pytest
from django.urls import reverse

from members.models import Member, Membership, Status


def test_a_branch_secretary_registers_a_member_in_their_branch(registry, client_for, branch_secretary):
    from conftest import make_id_number

    number = make_id_number(dt.date(1995, 1, 2), "F")
    response = client_for(branch_secretary).post(
        "/members/new/",
        {
            "organization": registry.branch_a.pk,
            "name": "钱多多",
            "id_number": number,
            "phone": "139 0000 1111",
            "ethnicity": "15",
            "education": "postgraduate",
            "join_date": "2020-06-01",
            "full_member_date": "2021-06-01",
        },
    )
    member = Member.objects.get(name="钱多多")
    assert response["Location"] == f"/members/{member.pk}/"
    assert (member.gender, member.birth_date, member.phone) == ("F", dt.date(1995, 1, 2), "13900001111")
    assert Membership.objects.get(member=member).valid_from == dt.date(2020, 6, 1)


def test_a_branch_secretary_cannot_register_into_another_branch(registry, client_for, branch_secretary):
    from conftest import make_id_number

    response = client_for(branch_secretary).post(
        "/members/new/",
        {
            "organization": registry.branch_c.pk,
            "name": "越权",
            "id_number": make_id_number(),
            "ethnicity": "01",
            "education": "bachelor",
            "join_date": "2020-06-01",
        },
    )
    assert response.status_code == 200 and not Member.objects.filter(name="越权").exists()


def test_editing_keeps_the_id_number_when_left_empty(registry, client_for, clerk):
    member = registry.zhang_san
    number = member.id_number
    client_for(clerk).post(
        f"/members/{member.pk}/edit/",
        {
            "name": "张三丰",
            "id_number": "",
            "phone": "",
            "ethnicity": "01",
            "education": "postgraduate",
            "join_date": "2010-07-01",
            "full_member_date": "2011-07-01",
        },
    )
    member.refresh_from_db()
    assert (member.name, member.id_number, member.name_initials, member.phone) == (
        "张三丰",
        number,
        "zsf",
        "13812345678",
    )


def test_recording_a_death_through_the_page(registry, client_for, clerk):
    client = client_for(clerk)
    response = client.post(f"/members/{registry.zhou_ba.pk}/event/", {"kind": "deceased", "day": "2099-01-01"})
    assert "日期不能晚于今天" in response.content.decode()
    client.post(f"/members/{registry.zhou_ba.pk}/event/", {"kind": "deceased", "day": "2025-01-01", "note": "病故"})
    registry.zhou_ba.refresh_from_db()
    assert registry.zhou_ba.status == Status.DECEASED
    page = client.get(f"/members/{registry.zhou_ba.pk}/").content.decode()
    assert "去世" in page and "2025-01-01" in page and "病故" in page
    assert "周八" not in client.get("/members/").content.decode()
    assert "周八" in client.get("/members/", {"status": "all"}).content.decode()


def test_district_body_staff_cannot_edit_members(registry, client_for, body_officer):
    client = client_for(body_officer)
    assert client.get(f"/members/{registry.zhang_san.pk}/").status_code == 200
    assert client.get(f"/members/{registry.zhang_san.pk}/edit/").status_code == 403
    assert (
        client.post(f"/members/{registry.zhang_san.pk}/event/", {"kind": "left", "day": "2025-01-01"}).status_code
        == 403
    )
    assert client.get("/members/new/").status_code == 403


def test_an_officer_records_an_approved_absence_and_the_member_page_shows_it(registry, client_for, branch_secretary):
    from members.rights import entitled_voters

    url = reverse("members:voting_suspension", args=[registry.li_si.pk])
    form = client_for(branch_secretary).get(url).content.decode()
    assert (
        "经批准不参加会议" in form and 'value="probation_within_party"' not in form
    )  # discipline is not recorded here
    discipline = client_for(branch_secretary).post(
        url, {"kind": "probation_within_party", "valid_from": "2026-03-01", "basis": "自行登记"}
    )
    assert discipline.status_code == 200 and not registry.li_si.voting_suspensions.exists()
    response = client_for(branch_secretary).post(
        url, {"kind": "approved_absence", "valid_from": "2026-03-01", "basis": "长期病休，支委会批准"}
    )
    assert response.status_code == 302
    page = client_for(branch_secretary).get(reverse("members:member", args=[registry.li_si.pk])).content.decode()
    assert "长期病休，支委会批准" in page
    day = dt.date(2026, 3, 2)
    assert registry.li_si not in entitled_voters(registry.branch_a, day)
    assert registry.zhang_san in entitled_voters(registry.branch_a, day)
    again = client_for(branch_secretary).post(
        url, {"kind": "approved_absence", "valid_from": "2026-04-01", "basis": "重复登记"}
    )
    assert "已有同类登记" in again.content.decode()
    suspension = registry.li_si.voting_suspensions.get()
    end = reverse("members:voting_suspension_end", args=[suspension.pk])
    assert client_for(branch_secretary).post(end, {"day": "2026-06-01"}).status_code == 302
    assert registry.li_si in entitled_voters(registry.branch_a, dt.date(2026, 6, 1))
    assert registry.li_si not in entitled_voters(registry.branch_a, dt.date(2026, 5, 31))
    outside = client_for(branch_secretary).get(reverse("members:voting_suspension", args=[registry.wu_jiu.pk]))
    assert outside.status_code == 404


def test_a_voting_suspension_needs_its_basis(registry):
    from core.errors import DomainError
    from members.services import do_record_voting_suspension

    with pytest.raises(DomainError, match="请写明依据"):
        do_record_voting_suspension(
            registry.li_si,
            kind="approved_absence",
            valid_from=dt.date(2026, 3, 1),
            valid_to=None,
            basis="  ",
            acting_user=None,
        )
    assert not registry.li_si.voting_suspensions.exists()
