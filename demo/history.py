"""The seed's history in the demo: 多头管理 before 2005 and the adjustment of 2005-09-30.

The registry is first built as it is today. Then the past is written the way it happened:
twenty departments' organizations are put back under the twelve district bodies that led them
before 2005, each under the body of its own system (their superior facts start at their
founding); three enterprises' organizations sit under the working committee, and the members
of 2005 who have since left are added off the roll. Two drafts are recorded as not adopted, and
the adopted plan is approved and executed through the same service a committee would use,
effective 2005-09-30, each decision recorded on its 2005 date.

So `superiors --as-of 2004-12-31` shows 13 superiors over 80 departments, the ledger of the
adopted plan shows 3 organizations with 283 members out and 29 with 4,148 in, and today's
statistics are the foundation's."""

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from adjustments.models import AdjustmentPlan, PlanOperation
from adjustments.services import do_approve_plan, do_execute_plan, do_reject_plan, do_save_plan
from core.periods import add_years
from demo import data
from demo.terms import set_term
from members.models import Membership, Status
from members.services import register_members
from orgs.models import OrgKind, PartyOrganization, SuperiorFact, Unit, UnitCategory, UnitLevel, UnitType
from orgs.services import apply_term_rules, place_organization

EFFECTIVE = dt.date(2005, 9, 30)
FOUNDED = dt.date(1998, 6, 1)


def found_later(b, tops, units: dict[str, Unit]) -> None:
    """Give the departments founded after 2005 (and their organizations) their later dates."""
    for name, year in data.FOUNDED_LATER.items():
        unit = units[name]
        day = b._date_between(dt.date(year, 3, 1), dt.date(year, 12, 31))
        unit.established = day
        Unit.objects.filter(pk=unit.pk).update(established=day)
        for top in (t for t in tops if t.org.unit is unit):
            _not_before(top, day)


def _not_before(node, day: dt.date) -> None:
    org = node.org
    if org.founded < day:
        org.founded = day
        if org.term_start and org.term_start < day:
            set_term(org, day)
    for child in node.children:
        _not_before(child, org.founded)


def build(b, district: PartyOrganization, working: PartyOrganization, tops) -> None:
    superiors = _superiors(district)
    moved = _put_back(tops, superiors)
    enterprises = _enterprises(b, working)
    _add_departed_members(b, [t.org for t in moved])
    shuji = get_user_model().objects.get(username="shuji")
    sasac = superiors[1]
    systems = superiors[2:]

    def plan(name, rationale, steps):
        p = do_save_plan(
            AdjustmentPlan(name=name, effective=EFFECTIVE, rationale=rationale, committee=working), acting_user=shuji
        )
        PlanOperation.objects.bulk_create(
            PlanOperation(plan=p, position=i, **step) for i, step in enumerate(steps, start=1)
        )
        return p

    into_working = [{"kind": "move", "organization": t.org, "target": working} for t in moved]
    first = plan(
        "第一轮 管理关系调整方案",
        "先将区委直管和国企工委代管的区直部门机关党组织划转工委，各系统党委维持现状。",
        [s for s in into_working if s["organization"].pk in _led_by(superiors[:2])],
    )
    do_reject_plan(first, note="多头管理问题没有根本解决。", decided_at=_on(2005, 5, 16), acting_user=shuji)
    second = plan(
        "第二轮 管理关系调整方案",
        "区直部门机关党组织全部划转工委；国有企业党组织仍由工委管理；系统党委保留。",
        into_working,
    )
    do_reject_plan(
        second,
        note="企业党组织应归口国企工委；系统党委不再领导机关党组织，应予撤销。",
        decided_at=_on(2005, 7, 22),
        acting_user=shuji,
    )
    adopted = plan(
        "第三轮 管理关系调整方案",
        "经区委常委会同意：区直部门机关党组织统一由区直机关工委领导；三户国有企业党组织划归国企工委；"
        "十个系统党委不再领导机关党组织，予以撤销。",
        into_working
        + [{"kind": "move", "organization": e, "target": sasac} for e in enterprises]
        + [{"kind": "dissolve", "organization": s} for s in systems],
    )
    # Decided and carried out in 2005, and recorded so: not on the day the demo is loaded.
    do_approve_plan(adopted, note="区委常委会2005年9月研究同意。", decided_at=_on(2005, 9, 20), acting_user=shuji)
    do_execute_plan(adopted, executed_at=_on(2005, 9, 30), acting_user=shuji)


def _on(year: int, month: int, day: int) -> dt.datetime:
    """A working morning of 2005 in the district's time."""
    return timezone.make_aware(dt.datetime(year, month, day, 10, 0))


def _superiors(district: PartyOrganization) -> list[PartyOrganization]:
    """The district committee, the state-enterprise working committee and ten system
    committees: with the organs working committee, thirteen bodies leading in 2004."""
    out = [district]
    for name, kind in [(data.SASAC_COMMITTEE, OrgKind.WORKING_COMMITTEE)] + [
        (n, OrgKind.PARTY_COMMITTEE) for n in data.SYSTEM_COMMITTEES
    ]:
        org = place_organization(
            _without_recorded_term(PartyOrganization(name=name, code=f"H{len(out):07d}", kind=kind, founded=FOUNDED)),
            district,
            FOUNDED,
        )
        out.append(org)
    return out


def _without_recorded_term(org: PartyOrganization) -> PartyOrganization:
    """The 2004 committees' terms are not on record: their length is what the rules give a term
    with no recorded start (as the form and the import do); none for the state-enterprise
    working committee."""
    apply_term_rules(org)
    return org


def _put_back(tops, superiors):
    """Twenty departments (twenty-nine organizations) led from outside the working committee
    before 2005, each by the body of its own system (`data.LED_BEFORE_2005`)."""
    by_name = {s.name: s for s in superiors[1:]}
    by_name[data.DISTRICT_COMMITTEE] = superiors[0]
    by_unit: dict[str, list] = {}
    for top in tops:
        by_unit.setdefault(top.org.unit.name, []).append(top)
    moved = []
    for superior_name, units in data.LED_BEFORE_2005:
        superior = by_name[superior_name]
        for unit in units:
            assert unit not in data.FOUNDED_LATER, unit
            for top in by_unit[unit]:
                org = PartyOrganization.objects.get(pk=top.org.pk)
                SuperiorFact.objects.filter(organization=org, valid_to__isnull=True).update(superior=superior)
                PartyOrganization.objects.move(org, PartyOrganization.objects.get(pk=superior.pk), "last-child")
                moved.append(top)
    assert len(moved) == data.PLAN_IN_ORGANIZATIONS, len(moved)
    return moved


def _led_by(superiors) -> set[int]:
    pks = {s.pk for s in superiors}
    return set(
        SuperiorFact.objects.filter(
            superior_id__in=pks, valid_to__isnull=True, organization__unit__isnull=False
        ).values_list("organization_id", flat=True)
    )


def _enterprises(b, working: PartyOrganization) -> list[PartyOrganization]:
    """Three enterprise general branches under the working committee until 2005, with 283
    members on 2005-09-30 who are still members today."""
    category, _ = UnitCategory.objects.get_or_create(
        name="国有企业", defaults={"sort_order": 99, "unit_type": UnitType.ENTERPRISE}
    )
    orgs, branches = [], []
    for i, name in enumerate(data.ENTERPRISES, start=1):
        unit = Unit.objects.create(
            name=name, code=f"UE{i:04d}", level=UnitLevel.DISTRICT, category=category, established=FOUNDED
        )
        gb = _add(b, working, f"中共{name}总支部委员会", OrgKind.GENERAL_BRANCH, unit)
        orgs.append(gb)
        for suffix in ("第一党支部", "第二党支部"):
            branches.append(_add(b, gb, f"{name.removeprefix('万州区')}{suffix}", OrgKind.BRANCH, unit))
    sizes = [48, 47, 47, 47, 47, 47]
    assert sum(sizes) == data.PLAN_OUT_MEMBERS
    people = []
    for branch, size in zip(branches, sizes, strict=True):
        for _ in range(size):
            p = _person_of_2005(b)
            people.append((b._member(p, branch), branch, max(p["join"], branch.founded), None))
    _save(people)
    return orgs


def _add(b, parent: PartyOrganization, name: str, kind: str, unit: Unit) -> PartyOrganization:
    org = b._org(name, kind, unit, dt.date(1999, 3, 1))
    return place_organization(org, parent, org.founded)


def _person_of_2005(b) -> dict:
    """Someone who was a full member by mid-2005."""
    while True:
        p = b._person(retired=False, probationary=False)
        if p["birth"].year <= 1980:
            break
    p["join"] = b._date_between(add_years(p["birth"], 20), min(add_years(p["birth"], 40), dt.date(2004, 6, 30)))
    b.rng.randint(0, 30)  # drawn as before, so the demo's later draws stay
    p["full"] = add_years(p["join"], 1)  # full from the day the year of probation ended
    return p


def _add_departed_members(b, moved: list[PartyOrganization]) -> None:
    """Members of 2005 who have left since, so the twenty-nine organizations held 4,148 members
    on the day they moved."""
    branches = []
    for top in PartyOrganization.objects.filter(pk__in=[o.pk for o in moved]):
        branches += [
            o
            for o in PartyOrganization.objects.filter(path__startswith=top.path, kind=OrgKind.BRANCH)
            if o.founded < EFFECTIVE
        ]
    present = Membership.objects.as_of(EFFECTIVE).filter(organization__in=branches).count()
    missing = data.PLAN_IN_MEMBERS - present
    assert missing >= 0, f"the demo already has {present} members there in 2005"
    # Their own generator: how many there are depends on which departments moved, and the rest
    # of the demo should draw the same people whatever that number is.
    people, saved, b.rng = [], b.rng, random.Random(SEED_DEPARTED)
    try:
        people = _departed(b, branches, missing)
    finally:
        b.rng = saved
    _save(people)


SEED_DEPARTED = 2005


def _departed(b, branches, missing: int) -> list:
    people = []
    for i in range(missing):
        branch = branches[i % len(branches)]
        p = _person_of_2005(b)
        since = max(p["join"], branch.founded)
        left = b._date_between(dt.date(2006, 1, 1), dt.date(2025, 12, 31))
        member = b._member(p, branch)
        member.status = Status.TRANSFERRED_OUT
        people.append((member, branch, since, left))
    return people


def _save(people) -> None:
    register_members(((m, o.pk, since, left) for m, o, since, left in people), reason="登记")
