"""The to-do page: the user's own work by default (reminders go to the body that acts), the
organizations below on request, and filters by kind, organization, overdue and my part."""

import datetime as dt

import pytest

from work.models import ItemKind, WorkItem


@pytest.fixture
def chores(registry):
    """A reminder for the committee itself (a letter without a receipt) and two branch chores."""
    committee = WorkItem.objects.create(
        kind=ItemKind.POCKET_MEMBER, title="工委的回执催办", organization=registry.working, due_date=dt.date(2026, 1, 1)
    )
    branch_late = WorkItem.objects.create(
        kind=ItemKind.DEVELOPMENT_DUE,
        title="第一支部的发展步骤",
        organization=registry.branch_a,
        due_date=dt.date(2026, 1, 1),
    )
    branch_later = WorkItem.objects.create(
        kind=ItemKind.TERM_ENDING, title="第二支部的换届", organization=registry.branch_b, due_date=dt.date(2999, 1, 1)
    )
    return committee, branch_late, branch_later


def test_the_committee_leaders_default_list_holds_the_committees_work_not_the_branches_chores(
    registry, chores, client_for, secretary
):
    client = client_for(secretary)
    page = client.get("/todo/").content.decode()
    assert "工委的回执催办" in page
    assert "第一支部的发展步骤" not in page and "第二支部的换届" not in page
    assert "下级组织" in page  # the chores are a click away, with their count
    below = client.get("/todo/?scope=below").content.decode()
    assert "第一支部的发展步骤" in below and "第二支部的换届" in below and "工委的回执催办" not in below


def test_a_branch_secretary_sees_their_branchs_chores_by_default(registry, chores, client_for, branch_secretary):
    page = client_for(branch_secretary).get("/todo/").content.decode()
    assert "第一支部的发展步骤" in page
    assert "第二支部的换届" not in page and "工委的回执催办" not in page


def test_the_to_do_list_filters_by_kind_overdue_and_organization(registry, chores, client_for, secretary):
    client = client_for(secretary)
    by_kind = client.get("/todo/?scope=all&kind=term_ending").content.decode()
    assert "第二支部的换届" in by_kind and "第一支部的发展步骤" not in by_kind
    late = client.get("/todo/?scope=all&overdue=1").content.decode()
    assert "第一支部的发展步骤" in late and "工委的回执催办" in late and "第二支部的换届" not in late
    # A chosen organization is looked at whole, without having to ask for the organizations below.
    one = client.get(f"/todo/?organization={registry.opc.pk}").content.decode()
    assert "第一支部的发展步骤" in one and "第二支部的换届" in one and "工委的回执催办" not in one
    assert "财政局机关党委及其下级组织" in one


def test_an_organization_outside_the_users_scope_is_not_found(registry, chores, client_for, branch_secretary):
    assert client_for(branch_secretary).get(f"/todo/?organization={registry.branch_c.pk}").status_code == 404


def test_the_to_do_list_filters_by_my_part_and_groups(registry, division, chores, client_for):
    from accounts.models import RoleAssignment
    from accounts.roles import Role
    from conftest import make_user
    from work import services

    _lst, bodies = division
    gw = make_user("gw", Role.COMMITTEE_STAFF, registry.working)
    RoleAssignment.objects.filter(user=gw).update(authority_body=bodies["GW"])
    services.do_create_item(WorkItem(matter_code="ORG-05", title="考察某同志"), acting_user=None)  # GW co-handles
    client = client_for(gw)
    co = client.get("/todo/?role=co").content.decode()
    assert "考察某同志" in co and "工委的回执催办" not in co
    mine = client.get("/todo/?role=organization").content.decode()
    assert "工委的回执催办" in mine and "考察某同志" not in mine
    grouped = client.get("/todo/?scope=all&group=kind").content.decode()
    assert grouped.count('class="table-light todo-group"') == 4  # four kinds, one heading each
    by_role = client.get("/todo/?group=role").content.decode()
    assert by_role.index("协办") < by_role.index("考察某同志") < by_role.index("工委的回执催办")


def test_unknown_filter_values_are_ignored(registry, chores, client_for, secretary):
    response = client_for(secretary).get("/todo/?kind=nonsense&role=boss&group=x&scope=y&overdue=2")
    assert response.status_code == 200 and "工委的回执催办" in response.content.decode()


def test_a_branch_secretary_without_bodies_may_group_by_part(registry, chores, client_for, branch_secretary):
    page = client_for(branch_secretary).get("/todo/?group=role&role=co").content.decode()
    assert "暂无待办事项" in page
    grouped = client_for(branch_secretary).get("/todo/?group=role").content.decode()
    assert "本组织" in grouped and "第一支部的发展步骤" in grouped
