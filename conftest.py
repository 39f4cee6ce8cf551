"""Shared fixtures: a small registry built through the services, and the personas of
STYLE.md — the committee secretary, a section clerk, a 组织部 officer, an organ party
committee's officer, a branch secretary, a plain member and an outsider."""

import datetime as dt
import itertools

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from accounts.models import RoleAssignment, User
from accounts.roles import Role
from core import idcard
from members.models import Member
from members.services import do_create_member
from orgs.models import OrgKind, PartyOrganization, Unit, UnitCategory, UnitLevel, WorkingCommittee
from orgs.services import do_create_organization

# Property tests judge their examples, not the machine's speed: with two test workers on two
# cores (make test), and other work beside them, generating inputs or one example may be slow.
hypothesis_settings.register_profile("dangjian", deadline=None, suppress_health_check=[HealthCheck.too_slow])
hypothesis_settings.load_profile("dangjian")

PASSWORD = "Test#Pass2026"
_sequence = itertools.count(1)


def make_id_number(birth=dt.date(1985, 5, 20), gender="M") -> str:
    return idcard.make("500101", birth, next(_sequence) * 2, gender)  # even: the gender fix-up never collides


class Registry:
    """A district in miniature:

    区委
    └── 机关工委 (working committee)
        ├── 财政局机关党委 (organ party committee, unit 财政局)
        │   ├── 财政局第一支部  — 3 full + 1 probationary
        │   └── 财政局第二支部  — 2 full
        └── 教委党委 (party committee, unit 教委)
            └── 教委第一支部    — 3 full
    """

    def __init__(self, actor):
        self.actor = actor
        category = UnitCategory.objects.create(name="政府工作部门")
        self.finance = Unit.objects.create(name="万州区财政局", code="U1", level=UnitLevel.DISTRICT, category=category)
        self.education = Unit.objects.create(name="万州区教委", code="U2", level=UnitLevel.DISTRICT, category=category)
        founded = dt.date(2000, 1, 1)
        self.district = self.org("区委", OrgKind.PARTY_COMMITTEE, None, None, founded)
        self.working = self.org("区直机关工委", OrgKind.WORKING_COMMITTEE, self.district, None, founded)
        self.committee = WorkingCommittee.objects.create(organization=self.working, name="区直机关工委")
        self.opc = self.org("财政局机关党委", OrgKind.ORGAN_PARTY_COMMITTEE, self.working, self.finance, founded)
        self.branch_a = self.org("财政局第一支部", OrgKind.BRANCH, self.opc, self.finance, founded)
        self.branch_b = self.org("财政局第二支部", OrgKind.BRANCH, self.opc, self.finance, founded)
        self.pc = self.org("教委党委", OrgKind.PARTY_COMMITTEE, self.working, self.education, founded)
        self.branch_c = self.org("教委第一支部", OrgKind.BRANCH, self.pc, self.education, founded)
        self.zhang_san = self.member("张三", self.branch_a)
        self.li_si = self.member("李四", self.branch_a, gender="F")
        self.wang_wu = self.member("王五", self.branch_a)
        self.zhao_liu = self.member("赵六", self.branch_a, probationary=True)
        self.sun_qi = self.member("孙七", self.branch_b)
        self.zhou_ba = self.member("周八", self.branch_b, gender="F")
        self.wu_jiu = self.member("吴九", self.branch_c)
        self.zheng_shi = self.member("郑十", self.branch_c)
        self.chen_yi = self.member("陈一", self.branch_c, gender="F")

    def org(self, name, kind, superior, unit, founded):
        years = 3 if kind in {OrgKind.BRANCH, OrgKind.GENERAL_BRANCH} else 5
        org = PartyOrganization(
            name=name, code=f"C{next(_sequence)}", kind=kind, unit=unit, founded=founded, term_years=years
        )
        return do_create_organization(org, superior=superior, acting_user=self.actor)

    def member(self, name, org, *, gender="M", probationary=False, birth=dt.date(1985, 5, 20)):
        join = dt.date(2025, 12, 1) if probationary else dt.date(2010, 7, 1)
        member = Member(
            name=name,
            education="bachelor",
            join_date=join,
            full_member_date=None if probationary else dt.date(2011, 7, 1),
        )
        return do_create_member(
            member,
            id_number=make_id_number(birth, gender),
            phone="13812345678",
            organization=org,
            since=join,
            acting_user=self.actor,
        )


def make_user(username, role=None, organization=None, member=None) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, display_name=username, member=member)
    if role:
        RoleAssignment.objects.create(user=user, role=role, organization=organization)
    return user


@pytest.fixture
def registry(db) -> Registry:
    return Registry(actor=None)


@pytest.fixture
def secretary(registry) -> User:
    """The working committee's secretary."""
    return make_user("secretary", Role.COMMITTEE_LEADER, registry.working)


@pytest.fixture
def clerk(registry) -> User:
    """A clerk of the committee's organization section."""
    return make_user("clerk", Role.COMMITTEE_STAFF, registry.working)


@pytest.fixture
def body_officer(registry) -> User:
    """An officer of the district organization department (组织部)."""
    return make_user("body_officer", Role.BODY_STAFF, registry.working)


@pytest.fixture
def opc_officer(registry) -> User:
    """The full-time deputy secretary of 财政局机关党委."""
    return make_user("opc_officer", Role.ORG_ADMIN, registry.opc)


@pytest.fixture
def branch_secretary(registry) -> User:
    """The secretary of 财政局第一支部."""
    return make_user("branch_secretary", Role.ORG_ADMIN, registry.branch_a)


@pytest.fixture
def plain_member(registry) -> User:
    """李四, a member of 财政局第一支部 with an account and no officer role."""
    return make_user("plain_member", Role.MEMBER, None, member=registry.li_si)


@pytest.fixture
def outsider(db) -> User:
    """An account with no role at all."""
    return make_user("outsider")


def verify_second_factor(client, user) -> None:
    """What a real login with a TOTP code leaves in the session."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="phone", confirmed=True
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


@pytest.fixture
def client_for(client):
    """Log `user` in on the test client, past the second factor when their role needs one."""
    from accounts.twofactor import needs_second_factor

    def login(user):
        client.force_login(user)
        if needs_second_factor(user):
            verify_second_factor(client, user)
        return client

    return login


@pytest.fixture
def division(registry):
    """An authority list in force since 2005-09-30: ORG-05 (appointing full-time secretaries)
    led by 组织部 with the committee co-handling; PRO-01 (central-group study) led by 宣传部
    with the committee informed. Returns (the list, {code: body})."""
    from authority.models import AuthorityList, Body, Matter, MatterRole

    bodies = {
        code: Body.objects.create(code=code, name=name, kind=kind, sort_order=i)
        for i, (code, name, kind) in enumerate(
            [
                ("GW", "区直机关工委", "working_committee"),
                ("ZZB", "区委组织部", "department"),
                ("XCB", "区委宣传部", "department"),
            ]
        )
    }
    lst = AuthorityList.objects.create(name="第三轮 方案六", status="adopted", effective_from=dt.date(2005, 9, 30))
    for code, name, roles in [
        ("ORG-05", "专职机关党委书记考察任免", {"ZZB": "lead", "GW": "co"}),
        ("PRO-01", "区直部门中心组学习督促检查", {"XCB": "lead", "GW": "informed"}),
    ]:
        matter = Matter.objects.create(authority_list=lst, code=code, name=name, domain="organization")
        for body, role in roles.items():
            MatterRole.objects.create(matter=matter, body=bodies[body], role=role)
    return lst, bodies
