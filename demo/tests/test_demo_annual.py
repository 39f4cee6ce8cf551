"""The annual statistics report (`manage.py annual_report --json`) on the seeded demo: the
committee's and every organ party committee's changes of 2025 reconcile, and 2005 tells the
adjustment of 2005-09-30 (demo.history): the twenty-nine organizations that came under the
working committee with their members, the three enterprises' that left it with 283."""

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command

from adjustments.models import AdjustmentPlan, PlanOperation, PlanStatus
from demo import data
from members.models import Membership
from orgs.models import OrgKind, PartyOrganization, WorkingCommittee
from orgs.queries import led_by_committee

pytestmark = pytest.mark.xdist_group("seed_demo")


def annual_report(year: int, organization: int | None = None) -> dict:
    out = StringIO()
    args = ["--year", str(year), "--json"]
    if organization is not None:
        args += ["--organization", str(organization)]
    call_command("annual_report", *args, stdout=out)
    return json.loads(out.getvalue())


def reconciled(report: dict) -> bool:
    changes = report["changes"]
    total = changes["start"] + changes["increase"]["total"] - changes["decrease"]["total"]
    return changes["reconciles"] and total == changes["end"] == report["members"]["total"]


@pytest.mark.django_db
def test_the_report_has_the_keys_the_issue_names(demo):
    report = annual_report(2025)
    assert {"year", "scope", "members", "organizations", "development", "changes", "flags"} <= set(report)
    assert report["year"] == 2025
    members = report["members"]
    assert {"total", "women", "minorities", "college_or_above", "age", "era", "occupation"} <= set(members)
    assert list(members["age"]) == ["<=30", "31-35", "36-40", "41-45", "46-50", "51-55", "56-60", ">=61"]
    assert sum(members["age"].values()) == sum(members["era"].values()) == members["total"]
    assert sum(members["occupation"].values()) == members["total"]
    assert {"start", "increase", "decrease", "end", "reconciles"} <= set(report["changes"])
    assert isinstance(report["flags"], list)
    assert all({"figure", "value", "last", "explanation"} == set(flag) for flag in report["flags"])


@pytest.mark.django_db
def test_2025_reconciles_for_the_committee_and_every_organ_party_committee(demo):
    committee = annual_report(2025)
    assert committee["members"]["total"] > 7000 and reconciled(committee)
    organs = led_by_committee(dt.date(2025, 12, 31)).filter(kind=OrgKind.ORGAN_PARTY_COMMITTEE)
    assert organs.count() > 20
    total = 0
    for organ in organs:
        report = annual_report(2025, organ.pk)
        assert report["scope"]["organization"] == organ.pk
        assert reconciled(report), organ.name
        # nothing moved across the boundaries in 2025
        assert report["changes"]["increase"]["moved_in"] == report["changes"]["decrease"]["moved_out"] == 0
        total += report["members"]["total"]
    assert total <= committee["members"]["total"]


def _moved_in_2005() -> list[PartyOrganization]:
    plan = AdjustmentPlan.objects.get(status=PlanStatus.EXECUTED, effective=dt.date(2005, 9, 30))
    working = WorkingCommittee.objects.get().organization
    return [op.organization for op in PlanOperation.objects.filter(plan=plan, kind="move", target=working)]


def _members_on(day: dt.date, tops: list[PartyOrganization]) -> int:
    """The members of the organizations under `tops` (by today's tree) on `day`."""
    held = Membership.objects.as_of(day)
    return sum(held.filter(organization__path__startswith=top.path).count() for top in tops)


@pytest.mark.django_db
def test_2005_tells_the_adjustment_and_2025_does_not(demo):
    then, now = annual_report(2005), annual_report(2025)
    assert reconciled(then) and reconciled(now)
    tops = _moved_in_2005()
    assert len(tops) == data.PLAN_IN_ORGANIZATIONS
    # the 4,148 of the ledger were theirs on 2005-09-30; the report counts them with their
    # organizations as they stood at the start of the year, the rest came in the year
    assert _members_on(dt.date(2005, 9, 30), tops) == data.PLAN_IN_MEMBERS
    moved_in = then["changes"]["increase"]["moved_in"]
    assert moved_in == _members_on(dt.date(2004, 12, 31), tops)
    assert 0 < moved_in <= data.PLAN_IN_MEMBERS
    # the three enterprises' 283 members left with their organizations
    assert then["changes"]["decrease"]["moved_out"] == data.PLAN_OUT_MEMBERS
    assert now["changes"]["increase"]["moved_in"] == now["changes"]["decrease"]["moved_out"] == 0
    # last year's end is this year's start; the year's changes make up the rest
    assert then["changes"]["start"] == annual_report(2004)["changes"]["end"]
    assert then["organizations"]["base"] > annual_report(2004)["organizations"]["base"]


@pytest.mark.django_db
def test_2024_is_filed_with_its_explanations_and_2025_compares_with_it(demo):
    from reports import annual
    from reports.models import Filing

    committee = WorkingCommittee.objects.get()
    filing = Filing.objects.get(organization=committee.organization)
    assert (filing.year, filing.filed_on, filing.filed_by.username) == (2024, dt.date(2025, 1, 20), "zuzhike")
    assert filing.figures == annual.figures_of(annual.Scope.of(committee), 2024)  # nothing corrected since
    filed_2024 = annual_report(2024)
    assert filed_2024["filed"] == "2025-01-20" and filed_2024["flags"]
    assert all(flag["explanation"].endswith("逐项核对。") for flag in filed_2024["flags"])
    report = annual_report(2025)
    assert report["last_year"]["filed"] == "2025-01-20" and report["filed"] is None
    assert report["changes"]["start"] == filing.figures["changes.end"]
    assert "changes.start" not in {flag["figure"] for flag in report["flags"]}
