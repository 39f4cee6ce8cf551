"""Builds the Wanzhou demo registry with bulk inserts.

Deterministic: one random generator with a fixed seed, and dates relative to a fixed anchor
day, so the same command gives the same registry on any machine. With scale 1 the registry is
the seed's: 86 units; 5 党委, 32 机关党委, 18 党总支, 406 党支部; 7,907 members; 28 working
bodies; 12 full-time secretaries, 19 full-time deputy secretaries and 23 full-time staff of
organ party committees; the committee with 13 staff against an establishment of 9.
"""

import datetime as dt
import random
import time
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from faker import Faker

from accounts.models import RoleAssignment, User
from accounts.roles import Role
from authority.models import AuthorityList, Body, Matter, MatterRole
from core import idcard
from core.periods import add_months, add_years
from demo import activities as demo_activities
from demo import annual as demo_annual
from demo import assessment as demo_assessment
from demo import authority_data as ad
from demo import campaigns as demo_campaigns
from demo import commendations as demo_commendations
from demo import data, history, pipeline
from demo import discipline as demo_discipline
from demo import dues as demo_dues
from demo import dues_remittance as demo_dues_remittance
from demo import elections as demo_elections
from demo import evaluation as demo_evaluation
from demo import funds as demo_funds
from demo import leadership as leadership_demo
from demo import orglife as demo_orglife
from demo import supervision as demo_supervision
from demo.terms import set_term
from members.codes import HAN
from members.models import Category, Degree, Education, Member, Occupation, Status
from members.services import register_members
from orgs.models import (
    CommitteeEstablishment,
    CommitteeStaffer,
    GroupKind,
    GroupMember,
    GroupPost,
    LeadershipGroup,
    OrgKind,
    PartyOrganization,
    Post,
    PostRole,
    Rank,
    Section,
    Unit,
    UnitCategory,
    UnitLevel,
    UnitType,
    WorkingBody,
    WorkingCommittee,
)
from orgs.services import bulk_place_tree, place_organization, save_leadership_groups, save_posts
from transfers.services import do_accept_transfer, do_issue_letter, do_issue_transfer, do_request_letter
from work.services import do_create_reminders, do_propose_appointment

SEED = 20050930  # the adopted 2005 plan's effective day
ANCHOR = dt.date(2026, 11, 1)  # every generated date is on or before this day
MEMBERS = 7907
PROBATIONARY_SHARE = 0.025
RETIREMENT_AGE = 60  # the demo's retired members retired on their sixtieth birthday
RETIRED_STAYING = 0.22  # of members 41–59 drawn for a working branch: about 12% of the roll

EDUCATION_LEVELS = [
    Education.POSTGRADUATE,
    Education.BACHELOR,
    Education.COLLEGE,
    Education.SECONDARY,
    Education.HIGH_SCHOOL,
    Education.JUNIOR,
]
EDUCATION = [12, 62, 17, 4, 3, 2]  # per cent, district organs' members
RETIRED_EDUCATION = [3, 30, 30, 15, 14, 8]
# occupation categories by the statistical type of the member's unit, in per cent
OCCUPATIONS = {
    UnitType.ORGAN: (
        [Occupation.OFFICIAL, Occupation.PROFESSIONAL, Occupation.MANAGER, Occupation.WORKER],
        [80, 10, 5, 5],
    ),
    UnitType.INSTITUTION: ([Occupation.PROFESSIONAL, Occupation.MANAGER, Occupation.WORKER], [62, 28, 10]),
    UnitType.ENTERPRISE: ([Occupation.MANAGER, Occupation.PROFESSIONAL, Occupation.WORKER], [30, 35, 35]),
    UnitType.SOCIAL: ([Occupation.PROFESSIONAL, Occupation.MANAGER, Occupation.OTHER], [50, 30, 20]),
}
# posts that say the occupation, for the members who are not officials
POSTS = {
    Occupation.PROFESSIONAL: ["专业技术人员", "工程师", "会计", "教师", "医师"],
    Occupation.MANAGER: ["部门负责人", "办公室主任", "中心主任"],
    Occupation.WORKER: ["工勤人员", "驾驶员", "技工"],
}
DEMO_PASSWORD = "Dangjian#2026"
DEMO_USERNAMES = (
    "shuji",
    "zuzhike",
    "jijian",
    "zuzhibu",
    "jiguandangwei",
    "zhibushuji",
    "dangfei",
    "dangyuan",
)
_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_AREAS = ["500101"] * 9 + ["500235", "500236", "500237", "500238", "500154", "500228"]


def _step(n: int) -> str:
    """The n-th (1-based) treebeard path step of 4 base-36 characters."""
    out = ""
    for _ in range(4):
        n, r = divmod(n, 36)
        out = _ALPHABET[r] + out
    return out


@dataclass
class Node:
    org: PartyOrganization
    children: list["Node"] = field(default_factory=list)
    size: int = 0  # members, for branches
    retired: bool = False
    members: list[Member] = field(default_factory=list)


class Builder:
    def __init__(self, scale: int = 1, stdout=None):
        self.scale = scale
        self.rng = random.Random(SEED)
        self.faker = Faker("zh_CN")
        self.faker.seed_instance(SEED)
        self.stdout = stdout
        self.code_seq = 0
        self.used_ids: set[str] = set()
        # Surnames from Faker, given names by sex from our own lists (Faker's zh_CN given names
        # ignore sex); their own generator, so the rest of the demo draws what it drew before.
        names = random.Random(SEED + 1)
        self.male = [self.faker.last_name() + names.choice(data.GIVEN_MALE) for _ in range(3000)]
        self.female = [self.faker.last_name() + names.choice(data.GIVEN_FEMALE) for _ in range(3000)]
        # The member data of 党内统计 (nationality, degree, occupation) from a generator of their
        # own too, seeded like the rest: adding them left every other draw of the demo as it was.
        self.traits = random.Random(SEED + 2)
        self._unit_types: dict[int, str] = {}

    def say(self, text: str) -> None:
        if self.stdout:
            self.stdout.write(text)

    def _date_between(self, start: dt.date, end: dt.date) -> dt.date:
        return start + dt.timedelta(days=self.rng.randint(0, max(0, (end - start).days)))

    def _org(self, name: str, kind: str, unit: Unit | None, founded: dt.date) -> PartyOrganization:
        self.code_seq += 1
        # The start is drawn around today's length (5 for committees, 3 for branches) so that
        # about one branch term in eleven and one committee term in nineteen has run out and the
        # 换届 reminders have something to show; the length itself is the one in force on the day
        # the term started (orgs.rules).
        recent = 5 if kind in {OrgKind.PARTY_COMMITTEE, OrgKind.ORGAN_PARTY_COMMITTEE, OrgKind.WORKING_COMMITTEE} else 3
        start = self._date_between(add_years(ANCHOR, -recent) - dt.timedelta(days=100), ANCHOR - dt.timedelta(days=60))
        org = PartyOrganization(name=name, code=f"O{self.code_seq:07d}", kind=kind, unit=unit, founded=founded)
        set_term(org, max(start, founded))
        return org

    # -- structure ------------------------------------------------------------------------------

    def build_units(self, copy: int) -> dict[str, Unit]:
        """The 86 units of one copy of the district, by their base name."""
        categories = {c.name: c for c in UnitCategory.objects.all()}
        suffix = f"（{copy}）" if copy else ""
        units = []
        for name in data.CENTRAL:
            units.append((name, UnitLevel.CENTRAL, "中央在万单位"))
        for name in data.MUNICIPAL:
            units.append((name, UnitLevel.MUNICIPAL, "市属在万单位"))
        for name, cat in data.DISTRICT:
            units.append((name, UnitLevel.DISTRICT, data.CATEGORIES[cat]))
        objs = [
            Unit(
                name=name + suffix,
                code=f"U{copy:03d}{i:03d}",
                level=level,
                category=categories[cat],
                established=dt.date(1998, 6, 1),
            )
            for i, (name, level, cat) in enumerate(units, start=1)
        ]
        Unit.objects.bulk_create(objs)
        return {name: unit for (name, _l, _c), unit in zip(units, objs, strict=True)}

    def build_tree(self, committee_node: Node, by_name: dict[str, Unit]) -> dict[str, list[Node]]:
        """Organizations of one copy of the district, under the committee. Returns the nodes by
        role in the seed's structure."""
        units = list(by_name.values())
        pc_units = [by_name[n] for n in data.PARTY_COMMITTEE_UNITS]
        district = [by_name[n] for n, _c in data.DISTRICT if by_name[n] not in pc_units]
        opc_units = district[:32]
        rest = [u for u in units if u not in pc_units and u not in opc_units]
        gb_units, branch_units = rest[:8], rest[8:]
        assert len(branch_units) == 41

        def founded() -> dt.date:
            return self._date_between(dt.date(1998, 6, 1), dt.date(2003, 12, 31))

        def add(parent: Node, org: PartyOrganization, **kw) -> Node:
            node = Node(org, **kw)
            parent.children.append(node)
            return node

        def branches(parent: Node, unit: Unit, count: int, start: int = 0) -> None:
            for i in range(count):
                suffix = data.BRANCH_SUFFIXES[(start + i) % len(data.BRANCH_SUFFIXES)]
                if start + i >= len(data.BRANCH_SUFFIXES):
                    suffix = f"第{start + i + 1}党支部"
                day = max(parent.org.founded, self._date_between(parent.org.founded, dt.date(2012, 12, 31)))
                add(
                    parent,
                    self._org(f"{_short(unit.name)}{suffix}", OrgKind.BRANCH, unit, day),
                    retired="离退休" in suffix,
                )

        roles: dict[str, list[Node]] = {"party_committee": [], "organ_party_committee": []}
        for i, unit in enumerate(pc_units):
            node = add(committee_node, self._org(f"中共{unit.name}委员会", OrgKind.PARTY_COMMITTEE, unit, founded()))
            roles["party_committee"].append(node)
            if i < 2:  # two system committees run a general branch for their subordinate offices
                gb = add(
                    node,
                    self._org(f"{_short(unit.name)}直属单位党总支", OrgKind.GENERAL_BRANCH, unit, node.org.founded),
                )
                branches(gb, unit, 4, start=12)
                branches(node, unit, 8)
            else:
                branches(node, unit, 12)
        counts = [10] * 8 + [6] * 8 + [5] * 8 + [4] * 8
        for i, (unit, count) in enumerate(zip(opc_units, counts, strict=True)):
            node = add(
                committee_node, self._org(f"中共{unit.name}机关委员会", OrgKind.ORGAN_PARTY_COMMITTEE, unit, founded())
            )
            roles["organ_party_committee"].append(node)
            if i < 8:  # the larger departments group their subordinate units in a general branch
                gb = add(
                    node,
                    self._org(f"{_short(unit.name)}直属单位党总支", OrgKind.GENERAL_BRANCH, unit, node.org.founded),
                )
                branches(gb, unit, 4, start=12)
                branches(node, unit, count - 4)
            else:
                branches(node, unit, count)
        for unit in gb_units:
            gb = add(committee_node, self._org(f"中共{unit.name}总支部委员会", OrgKind.GENERAL_BRANCH, unit, founded()))
            branches(gb, unit, 4)
        for i, unit in enumerate(branch_units):
            count = 3 if i < 32 else 2
            day = founded()
            for j in range(count):
                add(
                    committee_node,
                    self._org(f"{_short(unit.name)}{data.BRANCH_SUFFIXES[j]}", OrgKind.BRANCH, unit, day),
                )
        return roles

    # -- people ---------------------------------------------------------------------------------

    def _person(self, retired: bool, probationary: bool) -> dict:
        rng = self.rng
        gender = "M" if rng.random() < 0.56 else "F"
        name = rng.choice(self.male if gender == "M" else self.female)
        age = rng.randint(60, 85) if retired else rng.randint(24, 59)
        # Retired members who stay in their department's branch, as most do: someone of 41–59
        # is read as 19 years older. Their dates draw from spans of the same length (a year of
        # birth, twenty years from the 20th birthday to join), so the rest of the demo draws what
        # it drew before (history's members of 2005, chosen by birth year, excepted).
        stays = not retired and not probationary and age >= 41 and self.traits.random() < RETIRED_STAYING
        if stays:
            age += 19
        birth = self._date_between(add_years(ANCHOR, -age - 1) + dt.timedelta(days=1), add_years(ANCHOR, -age))
        while True:
            number = idcard.make(rng.choice(_AREAS), birth, rng.randint(0, 999), gender)
            if number not in self.used_ids:
                self.used_ids.add(number)
                break
        if probationary:
            join = self._date_between(ANCHOR - dt.timedelta(days=330), ANCHOR - dt.timedelta(days=10))
            full = None
        else:
            earliest = add_years(birth, 20)
            latest = min(add_years(birth, 40), ANCHOR - dt.timedelta(days=420))
            join = self._date_between(earliest, max(earliest, latest))
            # full from the day the year of probation ended; one in 31 after an extension of six months
            full = add_years(join, 1)
            if rng.randint(0, 30) == 0 and add_months(full, 6) <= ANCHOR:
                full = add_months(full, 6)
        # 机关党员 (organ members) as the district's statistics show them; retired members, older,
        # studied less. One draw of `rng` whatever the weights, so the demo's other draws stay.
        education = rng.choices(EDUCATION_LEVELS, weights=RETIRED_EDUCATION if retired or stays else EDUCATION)[0]
        cadre = not retired and rng.random() < 0.08
        sixtieth = add_years(birth, RETIREMENT_AGE)
        return {
            "name": name,
            "gender": gender,
            "birth": birth,
            "id": number,
            "join": join,
            "full": full,
            "education": education,
            "degree": self._degree(education),
            "ethnicity": self._ethnicity(),
            "retired_on": sixtieth if sixtieth <= ANCHOR else None,
            "cadre": cadre and not stays,
            "rank_drawn": cadre,  # a rank is drawn for them all the same (the draws stay)
            "phone": f"1{rng.choice('3578')}{rng.randint(0, 9)}{rng.randint(0, 99999999):08d}",
        }

    def _degree(self, education: str) -> str:
        draw = self.traits.random()
        if education == Education.POSTGRADUATE:
            return Degree.DOCTOR if draw < 0.1 else Degree.MASTER if draw < 0.97 else ""
        if education == Education.BACHELOR:
            return Degree.BACHELOR if draw < 0.85 else ""
        return ""

    def _ethnicity(self) -> str:
        """Wanzhou's: 汉族 95%, 土家族 3.5%, 苗族 1%, a few of other nationalities."""
        draw = self.traits.random()
        if draw < 0.95:
            return HAN
        if draw < 0.985:
            return "15"  # 土家族
        if draw < 0.995:
            return "06"  # 苗族
        return self.traits.choice(["03", "08", "11", "07", "02"])  # 回族, 壮族, 满族, 彝族, 蒙古族

    def unit_type_of(self, org: PartyOrganization) -> str:
        """The statistical type of the unit `org` serves; a department's 直属单位 branches serve
        its public institutions."""
        if "直属单位" in org.name:
            return UnitType.INSTITUTION
        if org.unit_id is None:
            return UnitType.ORGAN
        if org.unit_id not in self._unit_types:
            self._unit_types.update(Unit.objects.values_list("pk", "category__unit_type"))
        return self._unit_types.get(org.unit_id, UnitType.ORGAN)

    def occupation(self, unit_type: str, *, cadre: bool = False) -> str:
        """An occupation category as the unit's type makes likely; 1% left unfilled, as an old
        record the migration could not read (the member list finds them)."""
        if self.traits.random() < 0.01:
            return ""
        if cadre and unit_type == UnitType.ORGAN:
            return Occupation.OFFICIAL
        kinds, weights = OCCUPATIONS[unit_type]
        return self.traits.choices(kinds, weights=weights)[0]

    def _member(self, p: dict, org: PartyOrganization) -> Member:
        rank = self.rng.choice([Rank.DIVISION, Rank.DEPUTY_DIVISION, Rank.SECTION]) if p["rank_drawn"] else ""
        rank = rank if p["cadre"] else ""
        occupation = self.occupation(self.unit_type_of(org), cadre=p["cadre"])
        post = {"division": "局长", "deputy_division": "副局长", "section": "科长"}.get(
            rank, self.rng.choice(["科员", "一级科员", "四级主任科员", "办事员", "专业技术人员"])
        )
        if not rank and occupation in POSTS:
            post = self.traits.choice(POSTS[occupation])
        elif occupation == Occupation.OFFICIAL and post == "专业技术人员":
            post = "科员"
        member = Member(
            gender=p["gender"],
            birth_date=p["birth"],
            ethnicity=p["ethnicity"],
            education=p["education"],
            degree=p["degree"],
            join_date=p["join"],
            full_member_date=p["full"],
            category=Category.FULL if p["full"] else Category.PROBATIONARY,
            status=Status.ACTIVE,
            organization=org,
            is_leading_cadre=p["cadre"],
            cadre_rank=rank,
            work_post=post,
            occupation=occupation,
            retired_on=p["retired_on"],
        )
        member.set_name(p["name"])
        member.set_id_number(p["id"])
        member.set_phone(p["phone"])
        return member

    def sizes(self, count: int) -> list[int]:
        """Member counts of `count` branches summing to MEMBERS, each at least 5."""
        weights = [self.rng.lognormvariate(0, 0.55) for _ in range(count)]
        total = sum(weights)
        sizes = [max(5, round(w / total * MEMBERS)) for w in weights]
        while (diff := MEMBERS - sum(sizes)) != 0:
            i = self.rng.randrange(count)
            if diff > 0:
                sizes[i] += 1
            elif sizes[i] > 5:
                sizes[i] -= 1
        return sizes


def _short(name: str) -> str:
    for prefix in ("万州区", "重庆市万州区", "重庆市"):
        if name.startswith(prefix) and len(name) > len(prefix) + 1:
            return "区" + name[len(prefix) :] if prefix == "万州区" else name[len(prefix) :]
    return name


def _walk(node: Node):
    yield node
    for child in node.children:
        yield from _walk(child)


def build(*, scale: int = 1, stdout=None) -> dict[str, str]:
    """Write the demo registry; returns the demo accounts {username: description}."""
    b = Builder(scale=scale, stdout=stdout)
    with transaction.atomic():
        UnitCategory.objects.bulk_create(
            UnitCategory(name=n, sort_order=i, unit_type=data.UNIT_TYPES.get(n, UnitType.ORGAN))
            for i, n in enumerate(data.CATEGORIES)
        )
        district = PartyOrganization(
            name="中共重庆市万州区委员会",
            code="O0000000",
            kind=OrgKind.PARTY_COMMITTEE,
            founded=dt.date(1997, 12, 20),
        )
        set_term(district, dt.date(2021, 12, 28))
        district = place_organization(district, None, district.founded)
        working = PartyOrganization(  # appointed (派出机构): no term
            name="中共重庆市万州区直属机关工作委员会",
            code="O9999999",
            kind=OrgKind.WORKING_COMMITTEE,
            founded=dt.date(1998, 6, 1),
        )
        working = place_organization(working, district, working.founded)
        committee = _build_committee(b, working)
        root = Node(working)
        copies: list[tuple[list[Node], dict[str, list[Node]]]] = []
        for copy in range(scale):
            first = len(root.children)
            units = b.build_units(copy)
            roles = b.build_tree(root, units)
            if copy == 0:
                history.found_later(b, root.children[first:], units)
            copies.append((root.children[first:], roles))
            b.say(f"  copy {copy + 1}/{scale}: units and organizations laid out")
        _save_tree(root)
        # Members and posts one copy at a time, so memory does not grow with the scale.
        for copy, (tops, roles) in enumerate(copies):
            branches = [n for top in tops for n in _walk(top) if n.org.kind == OrgKind.BRANCH]
            for node, size in zip(branches, b.sizes(len(branches)), strict=True):
                node.size = size
            _save_members(b, branches)
            _save_posts(b, tops, roles)
            _save_leadership_groups(copy, {top.org.unit for top in tops})
            if copy == 0:
                accounts = _save_accounts(b, working, roles)
            for node in branches:
                node.members = []
            b.say(f"  copy {copy + 1}/{scale}: {sum(n.size for n in branches):,} members and their posts saved")
        if connection.vendor == "postgresql":
            # what follows reads what was just written: without statistics (autovacuum may be
            # off, and it would not run inside this transaction) the planner takes a million
            # memberships for a few, and the later steps' counts crawl at scale
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        history.build(b, district, working, copies[0][0])
        first_copy = [n.org.pk for top in copies[0][0] for n in _walk(top) if n.org.kind == OrgKind.BRANCH]
        # the steps that act organization by organization through the services keep to the first
        # copy above scale 1 (as the dues do): the other copies would multiply their time by the scale
        first_organizations = None if scale == 1 else [n.org.pk for top in copies[0][0] for n in _walk(top)]
        # the transfers first: a vote recorded by the pipeline counts the branch as it then was
        _build_demo_transfers()
        pipeline.build(b, ANCHOR, first_copy)
        _build_authority()
        _build_demo_work()
        leadership_demo.build(ANCHOR, SEED + 2000)
        demo_evaluation.build()
        demo_activities.build()
        started = time.monotonic()
        orglife_counts = demo_orglife.build(
            b,
            first_copy,
            working=working,
            secretary_branch=RoleAssignment.objects.get(user__username="zhibushuji").organization_id,
        )
        b.say(f"  organizational life {demo_orglife.YEAR}: {orglife_counts} in {time.monotonic() - started:.1f} s")
        keep = set(User.objects.exclude(member_id=None).values_list("member_id", flat=True))
        discipline_counts = demo_discipline.build(first_copy, keep=keep)
        b.say(f"  discipline {demo_discipline.YEAR}: {discipline_counts}")
        # last: a discipline record made after a vote would change who was entitled to it
        election_counts = demo_elections.build(
            first_copy,
            near=RoleAssignment.objects.get(user__username="jiguandangwei").organization,
            secretary_branch=RoleAssignment.objects.get(user__username="zhibushuji").organization_id,
        )
        b.say(f"  elections: {election_counts}")
        accounts.update(demo_funds.build(first_copy))
        started = time.monotonic()
        dues_counts = demo_dues.build(
            None if scale == 1 else first_copy,
            seed=SEED + 3000,
            secretary_branch=RoleAssignment.objects.get(user__username="zhibushuji").organization_id,
            keep=frozenset(keep),
        )
        b.say(f"  dues {demo_dues.YEAR}: {dues_counts} in {time.monotonic() - started:.1f} s")
        # after the dues step (demo.dues): the months paid are remitted up to the committee
        near = RoleAssignment.objects.get(user__username="jiguandangwei").organization
        b.say(f"  dues remitted: {demo_dues_remittance.build(awaiting=near)}")
        started = time.monotonic()
        supervision_counts = demo_supervision.build(first_organizations)
        b.say(f"  reports and inspections: {supervision_counts} in {time.monotonic() - started:.1f} s")
        # after the dues steps: the 2024 round decided, the 2026 round in nomination
        b.say(f"  commendations: {demo_commendations.build(jiguandangwei=near)}")
        # after the dues steps: the computed criteria of 2026 read the dues paid
        b.say(f"  campaigns: {demo_campaigns.build(first_copy)}")
        # last: the assessment reads every record above
        started = time.monotonic()
        assessment_counts = demo_assessment.build(first_organizations)
        b.say(f"  assessment: {assessment_counts} in {time.monotonic() - started:.1f} s")
        # after every module: the annual statistics read them all
        b.say(f"  annual statistics filed: {demo_annual.build(committee)}")
    b.say(f"  committee: {committee.name}")
    return accounts


def _build_authority() -> None:
    """Bodies, the 1998 division and the six plans of 2003–2005."""
    bodies: dict[str, Body] = {}
    for i, (code, name, kind, parent) in enumerate(ad.BODIES):
        bodies[code] = Body.objects.create(code=code, name=name, kind=kind, parent=bodies.get(parent), sort_order=i)
    previous = None
    for name, round_, status, effective, rationale, division in ad.VERSIONS:
        version = AuthorityList.objects.create(
            name=name, round=round_, status=status, effective_from=effective, rationale=rationale, based_on=previous
        )
        for code in sorted(division):
            title, domain, basis, rule = ad.MATTERS[code]
            matter = Matter.objects.create(
                authority_list=version, code=code, name=title, domain=domain, basis_document=basis, division_rule=rule
            )
            MatterRole.objects.bulk_create(
                MatterRole(matter=matter, body=bodies[b], role=r) for b, r in division[code].items()
            )
        previous = version


def _build_demo_work() -> None:
    """The demo accounts' bodies (their transfers were made before the development records),
    the reminders due on the anchor day, and one appointment waiting at the organization
    department."""
    bodies = {b.code: b for b in Body.objects.all()}
    for username, code in (("shuji", "GW"), ("zuzhike", "GW-ZZK"), ("jijian", "JGW"), ("zuzhibu", "ZZB")):
        RoleAssignment.objects.filter(user__username=username).update(authority_body=bodies[code])
    do_create_reminders(ANCHOR)
    opc = PartyOrganization.objects.filter(kind=OrgKind.ORGAN_PARTY_COMMITTEE).order_by("code")[31]
    nominee = (
        Member.objects.filter(organization__path__startswith=opc.path, category=Category.FULL).order_by("pk").first()
    )
    if nominee is not None:
        do_propose_appointment(
            opc,
            member=nominee,
            rank=Rank.DEPUTY_DIVISION,
            valid_from=ANCHOR,
            reason="该机关党委配备兼职书记而未配专职副书记，拟配备专职书记。",
            acting_user=User.objects.get(username="zuzhike"),
        )


def _build_demo_transfers() -> None:
    """For 支部书记 zhibushuji: one transfer done last year, one waiting for them to accept, one
    they issued that the receiver has left for 45 days, one letter out of the district past its
    validity with no receipt (a pocket member), and one request out of the district they submitted
    that waits for 组织科 zuzhike to issue the letter: the working committee issues every letter
    out of the district (transfers.rules.LETTER_ISSUER)."""
    clerk = User.objects.get(username="zuzhike")
    secretary = User.objects.get(username="zhibushuji")
    branch = RoleAssignment.objects.get(user__username="zhibushuji").organization
    own = User.objects.get(username="dangyuan").member_id
    others = PartyOrganization.objects.filter(kind=OrgKind.BRANCH, dissolved__isnull=True).exclude(
        path__startswith=branch.path[: 3 * PartyOrganization.steplen]  # another department
    )
    elsewhere = list(others.order_by("code")[:3])

    def plain(org, n):  # full members on the roll since before 2024, holding no post
        return list(
            Member.objects.filter(
                organization=org,
                status="active",
                category=Category.FULL,
                posts__isnull=True,
                memberships__valid_to__isnull=True,
                memberships__valid_from__lt=dt.date(2024, 1, 1),
            )
            .exclude(pk=own)
            .order_by("pk")[:n]
        )

    done = do_issue_transfer(
        plain(elsewhere[0], 1)[0], destination=branch, day=dt.date(2025, 3, 3), reason="工作调动", acting_user=clerk
    )
    do_accept_transfer(done, day=dt.date(2025, 3, 10), acting_user=clerk)
    do_issue_transfer(
        plain(elsewhere[1], 1)[0],
        destination=branch,
        day=ANCHOR - dt.timedelta(days=5),
        reason="工作调动",
        acting_user=clerk,
    )
    late, pocket, leaving = plain(branch, 3)
    do_issue_transfer(
        late, destination=elsewhere[2], day=ANCHOR - dt.timedelta(days=45), reason="交流任职", acting_user=clerk
    )
    do_issue_letter(
        pocket,
        outside_organization="中共重庆市渝北区委组织部",
        day=ANCHOR - dt.timedelta(days=120),
        reason="调往渝北区工作",
        validity_months=3,
        dues_paid_until=add_months(ANCHOR, -5),
        acting_user=clerk,
    )
    do_request_letter(
        leaving,
        outside_organization="中共重庆市江北区委组织部",
        day=ANCHOR - dt.timedelta(days=2),
        reason="调往江北区工作",
        dues_paid_until=add_months(ANCHOR, -1),
        acting_user=secretary,
    )


def _build_committee(b: Builder, working: PartyOrganization) -> WorkingCommittee:
    committee = WorkingCommittee.objects.create(organization=working, name="万州区直机关工委")
    sections = Section.objects.bulk_create(
        [Section(committee=committee, name=n, kind=k, sort_order=i) for i, (n, k) in enumerate(data.COMMITTEE_SECTIONS)]
        + [
            Section(committee=committee, name=n, kind="plaque", sort_order=10 + i)
            for i, n in enumerate(data.COMMITTEE_PLAQUES)
        ]
    )
    CommitteeEstablishment.objects.bulk_create(
        CommitteeEstablishment(committee=committee, post=post, count=est) for post, est, _a in data.COMMITTEE_STAFFING
    )
    staff = []
    for post, _est, actual in data.COMMITTEE_STAFFING:
        for i in range(actual):
            section = None if post in {"secretary", "deputy_secretary", "discipline_secretary"} else sections[i % 4]
            if post == "discipline_secretary":
                section = sections[3]
            name = b.rng.choice(b.male + b.female)
            staff.append(
                CommitteeStaffer(
                    committee=committee,
                    name=name,
                    post=post,
                    section=section,
                    valid_from=b._date_between(dt.date(2012, 1, 1), dt.date(2025, 6, 30)),
                )
            )
    CommitteeStaffer.objects.bulk_create(staff)
    return committee


def _save_tree(root: Node) -> None:
    """Paths are given, not computed by treebeard one insert at a time."""

    def place(node: Node) -> None:
        node.org.numchild = len(node.children)
        for i, child in enumerate(node.children, start=1):
            child.org.path = node.org.path + _step(i)
            child.org.depth = node.org.depth + 1
            place(child)

    place(root)
    superior = {id(child): node.org for node in _walk(root) for child in node.children}
    bulk_place_tree([(node.org, superior[id(node)]) for node in list(_walk(root))[1:]])


def _save_members(b: Builder, branches: list[Node]) -> None:
    batch: list[tuple[Member, PartyOrganization, dt.date]] = []

    def flush():
        register_members(((m, o.pk, d, None) for m, o, d in batch), reason="登记")
        batch.clear()

    for node in branches:
        retired = node.retired
        # At least five full members stay, so a branch committee's four posts can be filled.
        probationary_left = max(0, min(node.size - 5, round(node.size * PROBATIONARY_SHARE * b.rng.uniform(0, 2))))
        for i in range(node.size):
            p = b._person(retired, probationary=i < probationary_left)
            member = b._member(p, node.org)
            since = max(p["join"], node.org.founded)
            batch.append((member, node.org, since))
            node.members.append(member)
        if len(batch) >= 5000:
            flush()
    if batch:
        flush()


def _members_below(node: Node) -> list[Member]:
    return [m for n in _walk(node) if n.org.kind == OrgKind.BRANCH for m in n.members]


def _save_posts(b: Builder, tops: list[Node], roles: dict[str, list[Node]]) -> None:
    posts: list[Post] = []
    bodies: list[WorkingBody] = []
    used: set[int] = set()

    def appoint(node: Node, role: str, *, full_time=False, rank="", pool=None) -> None:
        candidates = [
            m
            for m in (pool if pool is not None else _members_below(node))
            if m.pk not in used and m.category == Category.FULL
        ]
        member = b.rng.choice(candidates)
        used.add(member.pk)
        since = max(
            node.org.term_start or node.org.founded, member.full_member_date or member.join_date, node.org.founded
        )
        posts.append(
            Post(
                member_id=member.pk,
                organization_id=node.org.pk,
                role=role,
                full_time=full_time,
                rank=rank,
                valid_from=min(since, ANCHOR),
            )
        )

    for node in (n for top in tops for n in _walk(top)):
        if node.org.kind == OrgKind.BRANCH:
            appoint(node, PostRole.SECRETARY, pool=node.members)
            if node.size >= 7:  # a branch committee (机关条例 第七条)
                appoint(node, PostRole.DEPUTY_SECRETARY, pool=node.members)
                appoint(node, PostRole.COMMITTEE_MEMBER, pool=node.members)
                appoint(node, PostRole.DISCIPLINE_MEMBER, pool=node.members)
        elif node.org.kind in {OrgKind.PARTY_COMMITTEE, OrgKind.GENERAL_BRANCH}:
            appoint(node, PostRole.SECRETARY)
            appoint(node, PostRole.DEPUTY_SECRETARY)
    # Organ party committees, per copy of the district: 12 full-time secretaries (副处级); of the
    # 20 part-time secretaries 19 are paired with a full-time deputy (正科级); 23 full-time staff;
    # 28 working bodies. The shortfalls are real: the staffing report has something to show.
    opcs = roles["organ_party_committee"]
    for n, node in enumerate(opcs):
        if n < 12:
            appoint(node, PostRole.SECRETARY, full_time=True, rank=Rank.DEPUTY_DIVISION)
        else:
            appoint(node, PostRole.SECRETARY)
            if n < 31:
                appoint(node, PostRole.DEPUTY_SECRETARY, full_time=True, rank=Rank.SECTION)
        if n < 23:
            appoint(node, PostRole.STAFF, full_time=True, rank=Rank.CLERK)
        if n < 28:
            bodies.append(
                WorkingBody(
                    organization_id=node.org.pk,
                    name="机关党委办公室",
                    established=max(node.org.founded, dt.date(2006, 3, 1)),
                )
            )
    save_posts(posts, batch_size=5000)
    WorkingBody.objects.bulk_create(bodies)


GROUP_FROM = dt.date(2021, 6, 1)  # the demo's departments last reshuffled their groups in 2021–2023


def _save_leadership_groups(copy: int, units: set[Unit]) -> None:
    """Every unit's leadership group (党组; 党委 where a party committee leads the unit; 领导
    班子 for central and municipal units, whose 党组 sits outside the district) with 3 to 5 of
    its organizations' full members, leading cadres first. Its own random generator, so the
    rest of the demo (and its seed figures) is the same with or without it."""
    rng = random.Random(SEED + 1000 + copy)
    committee_units = set(data.PARTY_COMMITTEE_UNITS)
    people: dict[int, list[tuple]] = {}
    for row in (
        Member.objects.filter(
            organization__unit__in=[u.pk for u in units], status=Status.ACTIVE, category=Category.FULL
        )
        .order_by("pk")
        .values_list("organization__unit_id", "pk", "name", "full_member_date", "is_leading_cadre", "work_post")
    ):
        people.setdefault(row[0], []).append(row[1:])
    groups, seats = [], []
    for unit in sorted(units, key=lambda u: u.code):
        base = unit.name.removesuffix(f"（{copy}）") if copy else unit.name
        if base in committee_units:
            kind, name, posts = GroupKind.PARTY_COMMITTEE, f"中共{unit.name}委员会", GroupPost.COMMITTEE_MEMBER
        elif unit.level == UnitLevel.DISTRICT:
            kind, name, posts = GroupKind.PARTY_GROUP, f"中共{unit.name}党组", GroupPost.MEMBER
        else:
            kind, name, posts = GroupKind.LEADERSHIP_TEAM, f"{unit.name}领导班子", GroupPost.MEMBER
        start = max(unit.established or GROUP_FROM, GROUP_FROM + dt.timedelta(days=rng.randint(0, 730)))
        group = LeadershipGroup(unit=unit, kind=kind, name=name, valid_from=start)
        groups.append(group)
        pool = people.get(unit.pk, [])
        size = min(len(pool), rng.randint(3, 5))
        seniority = {"局长": 0, "副局长": 1}  # the head of the unit becomes the group's secretary
        cadres = sorted((p for p in pool if p[3]), key=lambda p: seniority.get(p[4], 2))
        others = [p for p in pool if not p[3]]
        chosen = cadres[:size] + rng.sample(others, max(0, size - len(cadres)))
        for i, (pk, person, full_date, cadre, work_post) in enumerate(chosen):
            post = GroupPost.SECRETARY if i == 0 else GroupPost.DEPUTY_SECRETARY if i == 1 and size >= 4 else posts
            seats.append(
                (
                    group,
                    GroupMember(
                        member_id=pk,
                        name=person,
                        post=post,
                        title=work_post if cadre else "",
                        valid_from=max(start, full_date),
                    ),
                )
            )
    save_leadership_groups(seats, groups)


def _save_accounts(b: Builder, working: PartyOrganization, roles: dict[str, list[Node]]) -> dict[str, str]:
    opc = roles["organ_party_committee"][0]
    branch = next(n for n in opc.children if n.org.kind == OrgKind.BRANCH)
    full = [m for m in branch.members if m.category == Category.FULL]
    plain = full[0]
    collector = full[1]  # the branch's 党费收缴员: a member of it, designated to collect the dues
    specs = [
        ("shuji", "工委书记", Role.COMMITTEE_LEADER, working, "", None),
        ("zuzhike", "组织科科员", Role.COMMITTEE_STAFF, working, "组织科", None),
        ("jijian", "纪工委书记", Role.DISCIPLINE_STAFF, working, "纪工委", None),
        ("zuzhibu", "区委组织部干部", Role.BODY_STAFF, working, "组织部", None),
        ("jiguandangwei", f"{opc.org.name}专职副书记", Role.ORG_ADMIN, opc.org, "", None),
        ("zhibushuji", f"{branch.org.name}书记", Role.ORG_ADMIN, branch.org, "", None),
        ("dangfei", f"{branch.org.name}党费收缴员{collector.name}", Role.TREASURER, branch.org, "", collector),
        ("dangyuan", f"党员{plain.name}", Role.MEMBER, None, "", plain),
    ]
    accounts = {}
    password = make_password(DEMO_PASSWORD)  # one hash for all: PBKDF2 is slow on purpose
    for username, label, role, org, body, member in specs:
        user = User.objects.create(
            username=username,
            display_name=label,
            member_id=member.pk if member else None,
            managing_organization=org or working,
            password=password,
        )
        RoleAssignment.objects.create(user=user, role=role, organization=org, body=body)
        accounts[username] = f"{label}（{Role(role).label}）"
    return accounts
