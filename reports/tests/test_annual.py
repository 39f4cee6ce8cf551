"""The annual statistics report's figures on a registry built by hand through the services:
each section's numbers as the records give them, on December 31 and at the boundary dates,
"no data" where a module holds no record, the flags against the local thresholds, the
explanations, and a number of queries that does not grow with the registry."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from adjustments.models import AdjustmentPlan, PlanOperation
from adjustments.services import do_approve_plan, do_execute_plan
from commendations import services as commendations
from commendations.models import Standard
from conftest import make_id_number
from core.periods import add_years
from development.models import Candidate
from development.services import do_apply, do_transfer_record
from development.tests.test_rules import admitted, step, to_development_object
from discipline.sanctions import do_impose_sanction
from evaluation.services import do_open_round
from members.models import EventKind, Member
from members.services import do_create_member, do_record_member_event
from orglife.models import AttendanceStatus, MeetingKind
from orglife.services import do_record_meeting
from orgs.models import OrgKind, Unit, UnitCategory, UnitLevel, UnitType
from orgs.services import do_update_organization
from reports import annual
from reports.annual import Scope, build
from reports.models import Explanation
from transfers.services import do_accept_transfer, do_issue_transfer

YEAR = 2026


@pytest.fixture(autouse=True)
def today(settings):
    settings.DANGJIAN_TODAY = "2027-03-01"


REGISTERED = dt.date(2016, 7, 1)  # when the registry took in those who joined before


def add_member(branch, name, *, born, gender="M", joined, full=True, since=None, **fields) -> Member:
    member = Member(
        name=name,
        education=fields.pop("education", "bachelor"),
        join_date=joined,
        full_member_date=add_years(joined, 1) if full else None,
        **fields,
    )
    return do_create_member(
        member,
        id_number=make_id_number(born, gender),
        phone="13800001111",
        organization=branch,
        since=since or max(joined, REGISTERED),
        acting_user=None,
    )


def figures(scope, year=YEAR):
    return annual.figures_of(scope, year)


def group(f: dict, prefix: str) -> dict:
    return {k.removeprefix(prefix): v for k, v in f.items() if k.startswith(prefix)}


# -- members ------------------------------------------------------------------------------------


@pytest.fixture
def composition(registry):
    """A branch of ten members chosen for the boundaries of every composition figure."""
    r = registry
    branch = r.org("统计局支部", OrgKind.BRANCH, r.opc, r.finance, dt.date(2000, 1, 1))
    # 30 on December 31 (born on 29 February); an ethnic minority; postgraduate
    add_member(
        branch, "甲", born=dt.date(1996, 2, 29), gender="F", joined=dt.date(2015, 7, 1), ethnicity="02",
        education="postgraduate", occupation="official",
    )  # fmt: skip
    # turns 31 on December 31; ethnicity not recorded (an old record); retired that very day
    add_member(
        branch, "乙", born=dt.date(1995, 12, 31), joined=dt.date(2016, 7, 1), ethnicity="", education="secondary",
        occupation="worker", retired_on=dt.date(YEAR, 12, 31),
    )  # fmt: skip
    # turns 31 on January 1 (30 on December 31); retires the day after December 31
    add_member(
        branch, "丙", born=dt.date(1996, 1, 1), joined=dt.date(2020, 7, 1), education="college",
        occupation="professional", retired_on=dt.date(YEAR + 1, 1, 1),
    )  # fmt: skip
    # joined the day the Republic was founded; occupation not recorded
    add_member(
        branch, "丁", born=dt.date(1920, 5, 1), gender="F", joined=dt.date(1949, 10, 1), ethnicity="03",
        education="high_school",
    )  # fmt: skip
    # joined the day before; a farmer retired long ago
    add_member(
        branch, "戊", born=dt.date(1925, 1, 1), joined=dt.date(1949, 9, 30), education="junior", occupation="farmer",
        retired_on=dt.date(1990, 1, 1),
    )  # fmt: skip
    # the day the Third Plenum opened, and the day before; the 18th Congress, and the day before
    add_member(branch, "己", born=dt.date(1950, 3, 3), joined=dt.date(1978, 12, 18), occupation="manager")
    add_member(branch, "庚", born=dt.date(1955, 6, 6), joined=dt.date(1978, 12, 17), occupation="other")
    add_member(branch, "壬", born=dt.date(1960, 1, 1), joined=dt.date(2012, 11, 8), occupation="official")
    add_member(branch, "癸", born=dt.date(1961, 1, 1), joined=dt.date(2012, 11, 7), occupation="official")
    # 36, probationary since June, a student
    add_member(
        branch, "辛", born=dt.date(1990, 4, 4), gender="F", joined=dt.date(YEAR, 6, 1), full=False,
        education="secondary", occupation="student",
    )  # fmt: skip
    return branch


def test_the_composition_of_the_members_on_december_31(registry, composition):
    f = figures(Scope.of(registry.committee, composition))
    assert (f["members.total"], f["members.full"], f["members.probationary"]) == (10, 9, 1)
    assert f["members.women"] == 3
    assert f["members.minorities"] == 2  # "02" and "03"; "" is not recorded, not a minority
    assert f["members.ethnicity_unknown"] == 1
    assert f["members.college_or_above"] == 6
    assert group(f, "members.education.") == {
        "postgraduate": 1, "bachelor": 4, "college": 1, "secondary": 2, "high_school": 1, "junior": 1,
    }  # fmt: skip
    assert group(f, "members.age.") == {
        "<=30": 2, "31-35": 1, "36-40": 1, "41-45": 0, "46-50": 0, "51-55": 0, "56-60": 0, ">=61": 6,
    }  # fmt: skip
    assert group(f, "members.era.") == {"before_1949": 1, "1949_1978": 2, "1978_2012": 2, "since_2012": 5}
    assert group(f, "members.occupation.") == {
        "worker": 0, "farmer": 0, "professional": 1, "manager": 1, "official": 3, "student": 1, "other": 1,
        "retired": 2, "unknown": 1,
    }  # fmt: skip


def test_last_years_composition_is_read_on_its_own_december_31(registry, composition):
    f = figures(Scope.of(registry.committee, composition), YEAR - 1)
    assert f["members.total"] == 9  # 辛 joined in June
    # 乙 was 30 on 31 December of last year, and not yet retired
    assert group(f, "members.age.")["<=30"] == 3 and group(f, "members.age.")["31-35"] == 0
    assert (f["members.occupation.worker"], f["members.occupation.retired"]) == (1, 1)


# -- organizations ------------------------------------------------------------------------------


def test_organizations_by_kind_and_units_by_type(registry):
    r = registry
    r.education.category = UnitCategory.objects.create(name="区属国有企业", unit_type=UnitType.ENTERPRISE)
    r.education.save()
    institutions = UnitCategory.objects.create(name="事业单位", unit_type=UnitType.INSTITUTION)
    Unit.objects.create(name="万州区档案馆", code="U3", level=UnitLevel.DISTRICT, category=institutions)
    Unit.objects.create(
        name="撤销的单位", code="U4", level=UnitLevel.DISTRICT, category=institutions, abolished=dt.date(YEAR, 6, 1)
    )
    f = figures(Scope.of(r.committee))
    assert group(f, "organizations.kind.") == {
        "party_committee": 1, "organ_party_committee": 1, "general_branch": 0, "branch": 3,
    }  # fmt: skip
    assert f["organizations.base"] == 5  # the working committee itself is not counted
    assert group(f, "organizations.units.") == {
        "organ": 1, "institution": 0, "enterprise": 1, "social": 0, "total": 2, "without_organization": 1,
    }  # fmt: skip
    department = figures(Scope.of(r.committee, r.opc))
    assert (department["organizations.kind.organ_party_committee"], department["organizations.kind.branch"]) == (1, 2)
    assert department["organizations.units.total"] == 1
    assert department["organizations.units.without_organization"] is None  # not a department's to count


def test_an_organization_moved_away_in_the_year_is_counted_where_it_is_on_december_31(registry):
    r = registry
    do_update_organization(r.branch_b, superior=r.pc, effective=dt.date(YEAR, 7, 1), acting_user=None)
    assert figures(Scope.of(r.committee, r.opc))["organizations.kind.branch"] == 1
    assert figures(Scope.of(r.committee, r.opc), YEAR - 1)["organizations.kind.branch"] == 2
    moved = figures(Scope.of(r.committee, r.pc))
    assert moved["changes.increase.moved_in"] == 2 and moved["members.total"] == 5


def test_a_branch_merged_into_another_in_the_scope_changes_nothing_but_its_count(registry, secretary):
    """财政局第二支部 merges into the first in June through an adjustment plan: for the organ party
    committee and the committee its two members neither left with it nor transferred in, and its
    lecture of March is still the year's."""
    r = registry
    do_record_meeting(
        r.branch_b, kind=MeetingKind.LECTURE, date=dt.date(YEAR, 3, 10), topic="党课", attendance={},
        hours=Decimal("2"), acting_user=None,
    )  # fmt: skip
    plan = AdjustmentPlan.objects.create(name="合并支部", effective=dt.date(YEAR, 6, 1), committee=r.working)
    PlanOperation.objects.create(plan=plan, position=1, kind="merge", organization=r.branch_b, target=r.branch_a)
    do_approve_plan(plan, acting_user=secretary)
    do_execute_plan(plan, acting_user=secretary)
    for scope in (Scope.of(r.committee), Scope.of(r.committee, r.opc)):
        f = figures(scope)
        assert f["changes.increase.total"] == f["changes.decrease.total"] == 0, scope.name
        assert f["changes.start"] == f["changes.end"], scope.name
        assert f["work.training.sessions"] == 1, scope.name
    assert figures(Scope.of(r.committee, r.opc))["organizations.kind.branch"] == 1
    # the first branch took them in; the organ party committee saw nothing change
    branch = figures(Scope.of(r.committee, r.branch_a))
    assert (branch["changes.increase.transferred_in"], branch["changes.end"]) == (2, 6)


# -- development ----------------------------------------------------------------------------------


def apply(registry, name, *, gender="M", **fields):
    candidate = Candidate(
        name=name, education="bachelor", organization=registry.branch_a, applied_on=dt.date(2025, 1, 6), **fields
    )
    return do_apply(candidate, id_number=make_id_number(dt.date(1998, 3, 3), gender), phone="", acting_user=None)


def test_development_stages_on_december_31_are_read_from_the_steps(registry):
    r = registry
    apply(r, "申请人")  # an applicant both years
    to_development_object(r, apply(r, "发展对象"))  # an activist on 2025-12-31, an object on 2026-12-31
    admitted(r, apply(r, "新党员", gender="F", ethnicity="02", occupation="professional"))  # approved 2026-05-10
    stopped = apply(r, "终止")
    step(stopped, "stopped", dt.date(YEAR, 2, 1), note="本人撤回申请")
    scope = Scope.of(r.committee)
    last, f = figures(scope, YEAR - 1), figures(scope)
    assert group(last, "development.")["applicants"] == 2  # 申请人, 终止
    assert (last["development.activists"], last["development.objects"]) == (2, 0)
    assert (f["development.applicants"], f["development.activists"], f["development.objects"]) == (1, 0, 1)
    assert f["development.admitted.total"] == 1 and last["development.admitted.total"] == 1  # 赵六 in 2025
    assert (f["development.admitted.women"], f["development.admitted.minorities"]) == (1, 1)
    assert (f["development.admitted.college_or_above"], f["development.admitted.age_35_or_under"]) == (1, 1)
    # the candidate's occupation went with them into the registry at the approval
    assert f["development.admitted.occupation.professional"] == 1
    assert f["development.admitted.occupation.unknown"] == 0
    assert f["changes.increase.developed"] == 1
    # the branch's scope: the same; the other party committee's: nothing
    assert figures(Scope.of(r.committee, r.branch_a))["development.admitted.total"] == 1
    other = figures(Scope.of(r.committee, r.pc))
    assert (other["development.admitted.total"], other["development.objects"]) == (0, 0)


def test_a_transferred_development_record_counts_where_it_was_on_december_31(registry):
    r = registry
    moving = apply(r, "转走的申请人")  # applied in branch_a on 2025-01-06
    do_transfer_record(moving, destination=r.branch_c, day=dt.date(YEAR, 3, 1), acting_user=None)
    staying = Scope.of(r.committee, r.branch_a), Scope.of(r.committee, r.pc)
    assert [figures(scope, YEAR - 1)["development.applicants"] for scope in staying] == [1, 0]
    assert [figures(scope)["development.applicants"] for scope in staying] == [0, 1]
    assert figures(Scope.of(r.committee))["development.applicants"] == 1
    drilled = annual.drill_candidates(Scope.of(r.committee, r.branch_a), YEAR - 1, "development.applicants")
    assert [c.name for c in drilled] == ["转走的申请人"]


def test_conversions_on_time_and_after_an_extended_probation(registry):
    r = registry
    # probation over on 2025-12-01; full on 2026-06-01, six months later: after an extension
    extended = add_member(r.branch_b, "延长", born=dt.date(1990, 1, 1), joined=dt.date(2024, 12, 1), full=False)
    early = add_member(r.branch_b, "去年", born=dt.date(1990, 1, 1), joined=dt.date(2024, 5, 1), full=False)
    do_record_member_event(r.zhao_liu, kind=EventKind.CONVERTED, day=dt.date(YEAR, 12, 1), note="", acting_user=None)
    do_record_member_event(extended, kind=EventKind.CONVERTED, day=dt.date(YEAR, 6, 1), note="", acting_user=None)
    do_record_member_event(early, kind=EventKind.CONVERTED, day=dt.date(2025, 5, 1), note="", acting_user=None)
    f = figures(Scope.of(r.committee))
    assert (f["development.conversions.on_time"], f["development.conversions.extended"]) == (1, 1)
    last = figures(Scope.of(r.committee), YEAR - 1)
    assert (last["development.conversions.on_time"], last["development.conversions.extended"]) == (1, 0)
    # each in the scope they were in on the day
    assert figures(Scope.of(r.committee, r.branch_a))["development.conversions.on_time"] == 1
    assert figures(Scope.of(r.committee, r.branch_b))["development.conversions.extended"] == 1
    assert figures(Scope.of(r.committee, r.pc))["development.conversions.on_time"] == 0


# -- the year's work ------------------------------------------------------------------------------

WORK = ("evaluation", "training", "commendations", "sanctions")


def test_the_work_sections_read_no_data_without_records(registry):
    f = figures(Scope.of(registry.committee))
    for section in WORK:
        values = group(f, f"work.{section}.")
        assert values and all(v is None for v in values.values()), section


def test_the_work_sections_count_the_records_of_the_year(registry, settings):
    r = registry
    # 民主评议: 财政局第一支部's round of the year, with 赵六 probationary
    do_open_round(r.branch_a, day=dt.date(YEAR, 11, 10), acting_user=None)
    # a party lecture of 2.5 class hours, 王五 absent; a theme day is no training
    present = {r.wang_wu.pk: (AttendanceStatus.ABSENT, "出差")}
    do_record_meeting(
        r.branch_a, kind=MeetingKind.LECTURE, date=dt.date(YEAR, 5, 12), topic="党课", attendance=present,
        hours=Decimal("2.5"), acting_user=None,
    )  # fmt: skip
    do_record_meeting(
        r.branch_a, kind=MeetingKind.THEME_DAY, date=dt.date(YEAR, 5, 13), topic="主题党日", attendance={},
        acting_user=None,
    )  # fmt: skip
    # commendations decided in July: 张三 and 财政局第一支部
    settings.DANGJIAN_TODAY = "2026-06-15"
    round_ = commendations.do_create_round(
        name="表彰", year=YEAR, opens_on=dt.date(YEAR, 6, 1), closes_on=dt.date(YEAR, 6, 30),
        standards=list(Standard.values), acting_user=None,
    )  # fmt: skip
    categories = {c.standard: c for c in round_.categories.all()}
    commendations.do_set_quotas(
        round_,
        {(r.opc.pk, categories[s].pk): 1 for s in (Standard.EXCELLENT_MEMBER, Standard.ADVANCED_ORGANIZATION)},
        acting_user=None,
    )
    for kwargs in (
        {"category": categories[Standard.EXCELLENT_MEMBER], "member": r.zhang_san},
        {"category": categories[Standard.ADVANCED_ORGANIZATION], "nominee": r.branch_a},
    ):
        n = commendations.do_nominate(round_, r.opc, basis="成绩突出", acting_user=None, **kwargs)
        commendations.do_review_nomination(n, approve=True, acting_user=None)
    settings.DANGJIAN_TODAY = "2026-07-01"
    round_, _warning = commendations.do_start_notice(round_, starts=dt.date(YEAR, 7, 1), acting_user=None)
    settings.DANGJIAN_TODAY = "2026-07-10"
    commendations.do_decide(round_, decided_on=dt.date(YEAR, 7, 10), document_number="8号", acting_user=None)
    settings.DANGJIAN_TODAY = "2027-03-01"
    # 张三 moves to 教委第一支部 after the decision: commended where he was on the day
    transfer = do_issue_transfer(
        r.zhang_san, destination=r.branch_c, day=dt.date(YEAR, 8, 1), reason="", acting_user=None
    )
    do_accept_transfer(transfer, day=dt.date(YEAR, 8, 1), acting_user=None)
    # a warning for 吴九 of 教委第一支部
    do_impose_sanction(
        member=r.wu_jiu, kind="warning", decided_on=dt.date(YEAR, 3, 2), decided_by="区纪委", narrative="事实",
        acting_user=None,
    )  # fmt: skip

    f = figures(Scope.of(r.committee))
    assert group(f, "work.evaluation.") == {
        "rounds": 1, "total": 4, "probationary": 1, "excellent": 0, "qualified": 0, "basically_qualified": 0,
        "unqualified": 0,
    }  # fmt: skip
    # 2.5 class hours held, rounded to 3; three present × 2.5 = 7.5, rounded to 8
    assert group(f, "work.training.") == {"sessions": 1, "hours": 3, "member_hours": 8}
    assert group(f, "work.commendations.") == {"organizations": 1, "members": 1}
    assert f["work.sanctions.total"] == 1 and f["work.sanctions.warning"] == 1
    assert f["work.sanctions.serious_warning"] == 0  # a section with records counts its zeros
    # 教委党委 holds the sanction only; 财政局机关党委 everything else
    pc = figures(Scope.of(r.committee, r.pc))
    assert pc["work.sanctions.total"] == 1
    # the modules are in use this year (elsewhere): the committee without such records reads 0
    assert pc["work.evaluation.rounds"] == 0 and pc["work.training.sessions"] == 0
    assert pc["work.commendations.members"] == 0
    opc = figures(Scope.of(r.committee, r.opc))
    assert (opc["work.evaluation.total"], opc["work.commendations.organizations"]) == (4, 1)
    assert opc["work.commendations.members"] == 1
    assert opc["work.sanctions.total"] == 0
    # last year: no data anywhere
    assert all(v is None for k, v in figures(Scope.of(r.committee), YEAR - 1).items() if k.startswith("work."))


# -- flags and explanations -----------------------------------------------------------------------


@pytest.fixture
def grown(registry):
    """教委第一支部 grows from 3 to 5 members in the year: two women transferred in from outside."""
    for name in ("新甲", "新乙"):
        add_member(
            registry.branch_c, name, born=dt.date(1988, 8, 8), gender="F", joined=dt.date(2010, 7, 1),
            since=dt.date(YEAR, 3, 1),
        )  # fmt: skip
    return Scope.of(registry.committee, registry.branch_c)


def test_no_flag_below_the_default_thresholds(grown):
    assert build(YEAR, grown).flags == []  # at least 5 and 10 % by default: a change of 2 is not


def test_flags_follow_the_local_thresholds(grown, settings):
    settings.DANGJIAN_RULES = {"annual_flag_minimum": 2, "annual_flag_percent": 50}
    flags = {flag.key: flag for flag in build(YEAR, grown).flags}
    assert (flags["members.total"].value, flags["members.total"].last) == (5, 3)  # +67 %
    assert {"members.women", "changes.increase.transferred_in", "members.age.41-45"} <= set(flags)
    assert "members.age.36-40" not in flags  # 3 → 2: below the minimum
    assert not {"changes.end", "changes.start", "members.net_change"} & set(flags)  # the changes themselves
    assert not any(key.startswith("work.") for key in flags)  # no data is never flagged
    settings.DANGJIAN_RULES = {"annual_flag_minimum": 2, "annual_flag_percent": 70}
    flags = {flag.key for flag in build(YEAR, grown).flags}
    assert "members.total" not in flags and "members.women" in flags  # +67 % against +200 %
    settings.DANGJIAN_RULES = {"annual_flag_minimum": 3, "annual_flag_percent": 0}
    assert {flag.key for flag in build(YEAR, grown).flags} == {"members.age.41-45"}  # the only change of 3


def test_the_report_carries_the_explanations_of_its_scope_and_year(registry, grown, settings):
    settings.DANGJIAN_RULES = {"annual_flag_minimum": 2, "annual_flag_percent": 50}
    why = "两名同志从外区转入"
    Explanation.objects.create(organization=registry.branch_c, year=YEAR, figure="members.total", text=why)
    Explanation.objects.create(organization=registry.branch_c, year=YEAR - 1, figure="members.women", text="去年")
    Explanation.objects.create(organization=registry.working, year=YEAR, figure="members.women", text="工委的")
    report = build(YEAR, grown)
    assert report.explanations == {"members.total": why}
    data = report.as_json()
    assert {"figure": "members.total", "value": 5, "last": 3, "explanation": why} in data["flags"]
    assert next(f for f in data["flags"] if f["figure"] == "members.women")["explanation"] == ""
    assert build(YEAR, Scope.of(registry.committee)).explanations == {"members.women": "工委的"}


# -- cost -----------------------------------------------------------------------------------------


def _queries(scope) -> int:
    with CaptureQueriesContext(connection) as queries:
        build(YEAR, scope)
    return len(queries.captured_queries)


def test_the_number_of_queries_does_not_grow_with_the_registry(registry):
    r = registry
    # three branches and records in every module
    do_open_round(r.branch_a, day=dt.date(YEAR, 11, 10), acting_user=None)
    do_record_meeting(
        r.branch_a, kind=MeetingKind.LECTURE, date=dt.date(YEAR, 5, 12), topic="党课", attendance={},
        hours=Decimal("2"), acting_user=None,
    )  # fmt: skip
    committee, department = _queries(Scope.of(r.committee)), _queries(Scope.of(r.committee, r.opc))
    # both years' figures with the walks read once a day (three days), the day the two years
    # share counted once, the year's entries read once, no organization moved, the filings
    # looked up (none); a department has no units without an organization to count
    assert (committee, department) == (45, 43)
    for i in range(17):
        branch = r.org(f"新支部{i}", OrgKind.BRANCH, r.opc if i % 2 else r.pc, r.finance, dt.date(2000, 1, 1))
        add_member(branch, f"党员{i}", born=dt.date(1980, 1, 1), joined=dt.date(2015, 7, 1), since=dt.date(YEAR, 2, 1))
        do_open_round(branch, day=dt.date(YEAR, 11, 10), acting_user=None)
        do_record_meeting(
            branch, kind=MeetingKind.TRAINING, date=dt.date(YEAR, 5, 12), topic="培训", attendance={},
            hours=Decimal("1.5"), acting_user=None,
        )  # fmt: skip
    assert figures(Scope.of(r.committee))["organizations.kind.branch"] == 20
    assert _queries(Scope.of(r.committee)) == committee
    assert _queries(Scope.of(r.committee, r.opc)) == department


def test_a_scope_too_large_to_list_reads_the_same_figures_from_one_array(registry, composition, monkeypatch):
    scopes = (Scope.of(registry.committee), Scope.of(registry.committee, registry.opc))
    listed = [figures(scope) for scope in scopes]
    monkeypatch.setattr(annual, "LISTED", 1)
    as_array = [figures(Scope.of(scope.committee, scope.root)) for scope in scopes]
    assert as_array == listed and listed[0]["members.total"] == 19


def test_units_by_type_follow_a_category_the_clerk_corrects(registry, client_for, clerk):
    category = registry.finance.category  # 政府工作部门, both departments, counted as 机关
    assert group(figures(Scope.of(registry.committee)), "organizations.units.")["organ"] == 2
    response = client_for(clerk).post(
        f"/orgs/units/categories/{category.pk}/edit/", {"name": category.name, "unit_type": "institution"}
    )
    assert response.status_code == 302
    units = group(figures(Scope.of(registry.committee)), "organizations.units.")
    assert (units["organ"], units["institution"], units["total"]) == (0, 2, 2)
