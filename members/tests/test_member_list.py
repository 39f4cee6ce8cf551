import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext


@pytest.mark.parametrize("query", ["张三", "zhangsan", "zs", "ZS"])
def test_the_list_finds_zhang_san_by_name_full_pinyin_or_initials(registry, client_for, clerk, query):
    page = client_for(clerk).get("/members/", {"q": query}).content.decode()
    assert "张三" in page and "李四" not in page


def test_the_list_finds_a_member_by_the_last_digits_of_the_id_number(registry, client_for, clerk):
    tail = registry.wu_jiu.id_number[-4:]
    page = client_for(clerk).get("/members/", {"q": tail}).content.decode()
    assert "吴九" in page


def test_the_list_finds_a_member_by_the_whole_id_number_and_shows_it_masked(registry, client_for, clerk):
    number = registry.wu_jiu.id_number
    page = client_for(clerk).get("/members/", {"q": number}).content.decode()
    assert "吴九" in page and f"{number[:4]}**********{number[-4:]}" in page
    assert page.count(number) == 1 and f'value="{number}"' in page  # only the search box echoes it


def test_filters_narrow_the_list(registry, client_for, clerk):
    client = client_for(clerk)
    page = client.get("/members/", {"category": "probationary"}).content.decode()
    assert "赵六" in page and "张三" not in page
    page = client.get("/members/", {"gender": "F", "organization": registry.branch_c.pk}).content.decode()
    assert "陈一" in page and "李四" not in page and "吴九" not in page


def test_a_branch_secretary_lists_only_their_branch_and_cannot_filter_outside(registry, client_for, branch_secretary):
    client = client_for(branch_secretary)
    page = client.get("/members/").content.decode()
    assert "张三" in page and "吴九" not in page
    assert client.get("/members/", {"organization": registry.branch_c.pk}).status_code == 404


def test_the_member_list_query_count_does_not_grow_with_rows(registry, client_for, clerk):
    client = client_for(clerk)
    with CaptureQueriesContext(connection) as small:
        assert client.get("/members/").status_code == 200
    for i in range(30):
        registry.member(f"新{i}", registry.branch_b, birth=dt.date(1980, 1, 1) + dt.timedelta(days=i))
    with CaptureQueriesContext(connection) as large:
        assert client.get("/members/").status_code == 200
    assert len(large) == len(small)


def test_member_detail_masks_id_and_phone(registry, client_for, clerk):
    page = client_for(clerk).get(f"/members/{registry.zhang_san.pk}/").content.decode()
    assert "138****5678" in page and "13812345678" not in page
    assert registry.zhang_san.id_number not in page


def test_a_plain_member_opens_their_own_record_and_no_other(registry, client_for, plain_member):
    client = client_for(plain_member)
    assert client.get(f"/members/{registry.li_si.pk}/").status_code == 200
    assert client.get(f"/members/{registry.zhang_san.pk}/").status_code == 404


def test_pages_keep_the_pinyin_order_across_the_page_break(registry, client_for, clerk, settings):
    """The page is found by key first and its rows read afterwards: the order must survive."""
    import re

    from members.models import Member

    settings.PAGE_SIZE = 3
    client = client_for(clerk)
    expected = list(
        Member.objects.filter(status="active", organization__path__startswith=registry.working.path)
        .order_by("name_pinyin", "pk")
        .values_list("pk", flat=True)
    )
    shown = []
    for number in range(1, len(expected) // 3 + 2):
        page = client.get("/members/", {"page": number}).content.decode()
        shown += [int(pk) for pk in re.findall(r'href="/members/(\d+)/"', page)]
    assert shown[: len(expected)] == expected and len(expected) > 3


def test_a_name_is_found_by_its_beginning_and_failing_that_anywhere_in_it(registry, client_for, clerk):
    client = client_for(clerk)
    page = client.get("/members/", {"q": "张"}).content.decode()
    assert "张三" in page and "李四" not in page
    page = client.get("/members/", {"q": "三"}).content.decode()  # no name begins with 三
    assert "张三" in page and "李四" not in page


def test_the_age_filter_works_on_29_february_and_counts_leap_day_birthdays(registry, client_for, clerk, settings):
    from conftest import make_id_number
    from members.models import Member
    from members.services import do_create_member

    settings.DANGJIAN_TODAY = "2028-02-29"  # the old filter moved today to 1982-02-29 and crashed
    do_create_member(
        Member(name="闰日生", join_date=dt.date(2015, 6, 1)),
        id_number=make_id_number(dt.date(1992, 2, 29)),  # 36 today
        phone="",
        organization=registry.branch_a,
        since=dt.date(2015, 6, 1),
        acting_user=None,
    )
    assert "闰日生" in client_for(clerk).get("/members/", {"age": "36-45"}).content.decode()
    assert "闰日生" not in client_for(clerk).get("/members/", {"age": "-35"}).content.decode()


def test_a_search_that_fits_on_one_page_still_says_how_many_it_found(registry, client_for, clerk):
    page = client_for(clerk).get("/members/", {"organization": registry.branch_a.pk}).content.decode()
    assert "共4条" in page and "下一页" not in page
