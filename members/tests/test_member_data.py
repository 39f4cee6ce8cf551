"""The member data 党内统计 reads (issue 22): nationality by code, degree, occupation category
and the retirement date, as a clerk enters, reads and finds them."""

import datetime as dt
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from members.models import Member

TODAY = "2026-06-30"


@pytest.fixture(autouse=True)
def clock(settings):
    settings.DANGJIAN_TODAY = TODAY


def edit(client, member, **changes):
    data = {
        "name": member.name,
        "id_number": "",
        "phone": "",
        "ethnicity": member.ethnicity,
        "education": member.education,
        "degree": member.degree,
        "join_date": member.join_date.isoformat(),
        "full_member_date": member.full_member_date.isoformat() if member.full_member_date else "",
        "work_post": member.work_post,
        "occupation": member.occupation,
        "retired_on": "",
    }
    return client.post(f"/members/{member.pk}/edit/", data | changes)


def test_the_clerk_records_degree_occupation_and_retirement_and_the_page_shows_them(registry, client_for, clerk):
    client = client_for(clerk)
    member = registry.zhang_san
    response = edit(client, member, ethnicity="15", degree="master", occupation="official", retired_on="2025-05-20")
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.ethnicity, member.degree, member.occupation, member.retired_on) == (
        "15",
        "master",
        "official",
        dt.date(2025, 5, 20),
    )
    page = client.get(f"/members/{member.pk}/").content.decode()
    assert "土家族" in page
    assert 'data-testid="retired"' in page
    assert 'data-testid="retired-on">2025-05-20<' in page


def test_a_member_not_retired_has_no_retirement_badge(registry, client_for, clerk):
    page = client_for(clerk).get(f"/members/{registry.li_si.pk}/").content.decode()
    assert 'data-testid="retired"' not in page
    assert 'data-testid="retired-on">—<' in page


@pytest.mark.parametrize(
    "day",
    [
        "2001-05-19",  # the day before the member (born 1985-05-20) turned 16
        "2026-07-01",  # after today
    ],
)
def test_an_impossible_retirement_date_is_refused_and_nothing_changes(registry, client_for, clerk, day):
    member = registry.zhang_san
    response = edit(client_for(clerk), member, retired_on=day, occupation="official")
    assert response.status_code == 200
    assert "2001-05-20" in response.content.decode()  # the earliest day the message names
    member.refresh_from_db()
    assert (member.retired_on, member.occupation) == (None, "")


def test_the_earliest_possible_retirement_date_is_accepted(registry, client_for, clerk):
    member = registry.zhang_san
    assert edit(client_for(clerk), member, retired_on="2001-05-20").status_code == 302
    member.refresh_from_db()
    assert member.retired_on == dt.date(2001, 5, 20)


def test_saving_a_record_names_its_nationality(registry, client_for, clerk):
    member = registry.zhang_san
    Member.objects.filter(pk=member.pk).update(ethnicity="")
    member.refresh_from_db()
    response = edit(client_for(clerk), member, name="张三丰")
    assert response.status_code == 200
    member.refresh_from_db()
    assert member.name == "张三"


def test_a_nationality_outside_the_code_table_is_refused(registry, client_for, clerk):
    member = registry.zhang_san
    assert edit(client_for(clerk), member, ethnicity="汉族").status_code == 200
    assert edit(client_for(clerk), member, ethnicity="99").status_code == 200
    member.refresh_from_db()
    assert member.ethnicity == "01"


@pytest.fixture
def varied(registry):
    """张三 retired, 李四 a 土家族 official, 王五 with no occupation nor nationality known."""
    Member.objects.filter(pk=registry.zhang_san.pk).update(occupation="official", retired_on=dt.date(2025, 5, 20))
    Member.objects.filter(pk=registry.li_si.pk).update(occupation="official", ethnicity="15")
    Member.objects.filter(pk=registry.wang_wu.pk).update(ethnicity="")
    Member.objects.filter(pk=registry.zhao_liu.pk).update(occupation="professional")
    # retiring tomorrow: not yet retired
    Member.objects.filter(pk=registry.sun_qi.pk).update(occupation="worker", retired_on=dt.date(2026, 7, 1))
    return registry


def listed(client, **params) -> set[str]:
    page = client.get("/members/", {"organization": "", **params}).content.decode()
    names = {"张三", "李四", "王五", "赵六", "孙七", "周八", "吴九", "郑十", "陈一"}
    return {n for n in names if f">{n}</a>" in page}


def test_the_list_finds_members_by_occupation_and_those_with_none(varied, client_for, clerk):
    client = client_for(clerk)
    assert listed(client, occupation="official") == {"张三", "李四"}
    assert listed(client, occupation="none") == {"王五", "周八", "吴九", "郑十", "陈一"}


def test_the_list_finds_minorities_and_unknown_nationalities(varied, client_for, clerk):
    client = client_for(clerk)
    assert listed(client, ethnicity="minority") == {"李四"}
    assert listed(client, ethnicity="none") == {"王五"}


def test_the_list_finds_the_retired_from_their_retirement_day(varied, client_for, clerk):
    client = client_for(clerk)
    assert listed(client, retired="yes") == {"张三"}
    assert "孙七" in listed(client, retired="no") and "张三" not in listed(client, retired="no")


def test_the_export_holds_the_rows_the_filters_find(varied, client_for, clerk):
    response = client_for(clerk).get(reverse("members:export"), {"ethnicity": "minority"})
    sheet = load_workbook(BytesIO(response.getvalue())).active
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, r, strict=False)) for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert [(r["姓名"], r["民族"], r["职业类别"]) for r in rows] == [("李四", "土家族", "党政机关工作人员")]
