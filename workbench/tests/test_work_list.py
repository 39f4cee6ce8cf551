"""The home page is a work list: what waits for this user, each line a link to where it is done;
the figures link to their lists; the number of queries does not grow with the number of items."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from development.models import Candidate, Step
from transfers.models import Transfer
from work.models import ItemKind, WorkItem


def links(page: str) -> list[str]:
    return [h.replace("&amp;", "&") for h in re.findall(r'href="(/[^"]*)"', page) if not h.startswith("/static/")]


def assert_links_resolve(client, page: str) -> None:
    for href in links(page):
        if "logout" in href or href.startswith("/i18n/"):
            continue
        assert client.get(href, follow=True).status_code == 200, href  # a page, perhaps after a redirect


@pytest.fixture
def waiting(registry):
    """A committee reminder, a branch chore, and a transfer into 第一支部 waiting to be accepted."""
    WorkItem.objects.create(
        kind=ItemKind.POCKET_MEMBER, title="工委的回执催办", organization=registry.working, due_date=dt.date(2026, 1, 1)
    )
    WorkItem.objects.create(
        kind=ItemKind.DEVELOPMENT_DUE,
        title="第一支部的发展步骤",
        organization=registry.branch_a,
        due_date=dt.date(2026, 1, 1),
    )
    Transfer.objects.create(
        member=registry.sun_qi,
        kind="within",
        source=registry.branch_b,
        destination=registry.branch_a,
        issued_on=dt.date(2026, 11, 20),
    )


def test_the_committee_leaders_home_lists_the_committees_work_and_counts_the_branches(
    registry, waiting, client_for, secretary
):
    client = client_for(secretary)
    page = client.get("/").content.decode()
    assert "等您办理" in page and "工委的回执催办" in page and "已逾期" in page
    assert "第一支部的发展步骤" not in page
    assert "下级组织另有1项待办" in page and 'href="/todo/?scope=below"' in page
    # the transfer is the branch's to accept: counted for the committee, not listed
    assert "下级组织另有1件转接待办理" in page
    # each figure is a link to the list it counts
    assert 'href="/members/?category=probationary"' in page and 'data-testid="probationary-count">1<' in page
    assert_links_resolve(client, page)


def test_the_branch_secretarys_home_lists_the_branchs_chores_and_the_transfer_to_accept(
    registry, waiting, client_for, branch_secretary
):
    client = client_for(branch_secretary)
    page = client.get("/").content.decode()
    assert "第一支部的发展步骤" in page and "工委的回执催办" not in page
    assert "待接收" in page and "孙七" in page
    transfer = Transfer.objects.get(member=registry.sun_qi)
    assert f'href="/transfers/{transfer.pk}/"' in page
    assert_links_resolve(client, page)


def test_a_plain_member_sees_their_own_record_and_their_transfer_in_progress(registry, client_for, plain_member):
    Transfer.objects.create(
        member=registry.li_si,
        kind="within",
        source=registry.branch_a,
        destination=registry.branch_c,
        issued_on=dt.date(2026, 11, 20),
    )
    client = client_for(plain_member)
    page = client.get("/").content.decode()
    assert "我的党员信息" in page and f'href="/members/{registry.li_si.pk}/"' in page
    assert "转往教委第一支部：" in page
    assert "下级组织" not in page and "管理范围概况" not in page
    assert_links_resolve(client, page)


def test_the_home_pages_queries_do_not_grow_with_the_number_of_items(registry, client_for, secretary):
    client = client_for(secretary)

    def add(n: int, start: int) -> None:
        for i in range(start, start + n):
            for org in (registry.working, registry.branch_a, registry.branch_c):
                WorkItem.objects.create(
                    kind=ItemKind.TERM_EXPIRED,
                    title=f"事项{org.pk}-{i}",
                    organization=org,
                    due_date=dt.date(2026, 1, i + 1),
                )
            Transfer.objects.create(
                member=registry.member(f"转入者{i}", registry.branch_b),
                kind="within",
                source=registry.branch_b,
                destination=registry.branch_a,
                issued_on=dt.date(2026, 11, 1),
            )
            for org in (registry.branch_a, registry.branch_c):
                c = Candidate.objects.create(
                    name=f"申请人{org.pk}-{i}",
                    gender="M",
                    birth_date=dt.date(1998, 1, 1),
                    education="bachelor",
                    organization=org,
                    applied_on=dt.date(2026, 1, 6),
                    id_number_encrypted="",
                    id_number_hash=f"{org.pk}-{i}",
                    id_number_tail="0000",
                )
                Step.objects.create(candidate=c, kind="application", date=c.applied_on)

    add(1, 0)
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    add(10, 1)
    with CaptureQueriesContext(connection) as many:
        page = client.get("/").content.decode()
    assert "发展党员到期步骤" in page and "申请人" in page
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_a_read_only_district_body_is_not_handed_the_branches_chores(registry, waiting, client_for, body_officer):
    client = client_for(body_officer)
    page = client.get("/").content.decode()
    assert "管理范围概况" in page and 'data-testid="member-count">9<' in page
    assert "发展党员到期步骤" not in page and "任期届满或即将届满" not in page and "第一支部的发展步骤" not in page
    assert_links_resolve(client, page)
