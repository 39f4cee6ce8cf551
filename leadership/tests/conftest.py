"""A leadership group for 财政局 with seats that change in 2026, and an authority list in force
that gives PRO-01 (central-group study) to the committee's 宣教科 (宣传部 guiding) and DIS-01
(democratic life meetings) to 区纪委 (组织部 and the committee co-handling)."""

import datetime as dt

import pytest

from accounts.models import RoleAssignment
from authority.models import AuthorityList, Body, Matter, MatterRole
from conftest import make_user
from orgs.models import GroupMember, GroupPost, LeadershipGroup
from orgs.services import do_appoint_group_member, do_create_leadership_group, do_end_group_member

TODAY = "2026-06-30"


@pytest.fixture(autouse=True)
def today(settings):
    settings.DANGJIAN_TODAY = TODAY


@pytest.fixture
def bodies(db) -> dict[str, Body]:
    found = {}
    for i, (code, name, kind, parent) in enumerate(
        [
            ("GW", "区直机关工委", "working_committee", None),
            ("GW-XJK", "工委宣教科", "section", "GW"),
            ("ZZB", "区委组织部", "department", None),
            ("XCB", "区委宣传部", "department", None),
            ("JW", "区纪委", "discipline", None),
        ]
    ):
        found[code] = Body.objects.create(code=code, name=name, kind=kind, parent=found.get(parent), sort_order=i)
    return found


@pytest.fixture
def authority_list(bodies) -> AuthorityList:
    lst = AuthorityList.objects.create(name="第四轮", status="adopted", effective_from=dt.date(2020, 1, 1))
    for code, name, roles in [
        ("PRO-01", "区直部门中心组学习督促检查", {"GW-XJK": "lead", "XCB": "guide"}),
        ("DIS-01", "区直部门领导班子民主生活会管理和督促检查", {"JW": "lead", "ZZB": "co", "GW": "co"}),
    ]:
        matter = Matter.objects.create(authority_list=lst, code=code, name=name, domain="general")
        for body, role in roles.items():
            MatterRole.objects.create(matter=matter, body=bodies[body], role=role)
    return lst


def acting_for(username, role, registry, body):
    user = make_user(username, role, registry.working)
    RoleAssignment.objects.filter(user=user).update(authority_body=body)
    return user


@pytest.fixture
def group(registry) -> LeadershipGroup:
    """中共万州区财政局党组 from 2025: 张三 (secretary), 李四, 王五 (until 2026-04-01), 局长王某
    (not on the roll) and, from 2026-04-01, 孙七."""
    r = registry
    g = do_create_leadership_group(
        LeadershipGroup(
            unit=r.finance, kind="party_group", name="中共万州区财政局党组", valid_from=dt.date(2025, 1, 1)
        ),
        acting_user=None,
    )
    seats = {}
    for key, member, name, post, since in [
        ("zhang", r.zhang_san, "", GroupPost.SECRETARY, dt.date(2025, 1, 1)),
        ("li", r.li_si, "", GroupPost.MEMBER, dt.date(2025, 1, 1)),
        ("wang", r.wang_wu, "", GroupPost.MEMBER, dt.date(2025, 1, 1)),
        ("chief", None, "王某", GroupPost.MEMBER, dt.date(2025, 1, 1)),
        ("sun", r.sun_qi, "", GroupPost.MEMBER, dt.date(2026, 4, 1)),
    ]:
        seats[key] = do_appoint_group_member(
            GroupMember(group=g, member=member, name=name, post=post, valid_from=since), acting_user=None
        )
    do_end_group_member(seats["wang"], day=dt.date(2026, 4, 1), acting_user=None)
    g.test_seats = seats
    return g
