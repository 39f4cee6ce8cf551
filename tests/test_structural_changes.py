"""Every structural change through every path that can make it (issue 15, item 3).

A structural change moves an organization, changes its kind or dissolves it. The paths: the
organization edit form (and the service behind it), an adjustment plan (preview, approval and the
execution's primitives), the structure import on the web (with the importer's scope) and its
management command. `orgs.services` owns the rules (`check_placement`, `check_kind_change`,
`check_dissolvable`) and who may (`may_restructure`); each path is refused by the same rule, and
nothing changes. Organization creation goes through `place_organization`, which checks the same
placement rule (tested in orgs)."""

import csv
import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from accounts.roles import EDIT_UNITS
from accounts.scope import scope_paths
from adjustments.models import AdjustmentPlan, PlanOperation
from adjustments.services import do_add_operation, do_approve_plan, do_save_plan
from core.errors import DomainError
from exchange import reader, structure
from members.models import Membership
from orgs import services
from orgs.models import OrgKind, PartyOrganization, Post, SuperiorFact

DAY = dt.date(2026, 6, 1)
PLAN_DAY = dt.date(2020, 6, 1)
ORG_HEADER = [h for h, _r, _e in structure.ORG_COLUMNS]


def snapshot():
    """Everything a structural change writes: the tree, superior facts, memberships, posts."""
    return (
        sorted(PartyOrganization.objects.values_list("pk", "path", "numchild", "kind", "dissolved")),
        sorted(SuperiorFact.objects.values_list("organization_id", "superior_id", "valid_from", "valid_to")),
        sorted(Membership.objects.values_list("member_id", "organization_id", "valid_from", "valid_to")),
        sorted(Post.objects.values_list("pk", "valid_to")),
    )


def fresh(org) -> PartyOrganization:
    return PartyOrganization.objects.get(pk=org.pk)


def parent_of(org):
    return PartyOrganization.objects.get_parent(fresh(org))


# -- one attempt per path: each returns the text the refusal shows --------------------------


def by_form(client, org, change) -> str:
    org = fresh(org)
    data = {
        "name": org.name,
        "code": org.code,
        "kind": org.kind,
        "unit": org.unit_id or "",
        "founded": org.founded.isoformat(),
        "superior": parent_of(org).pk,
        "effective": PLAN_DAY.isoformat(),
    }
    data.update({k: getattr(v, "pk", v) for k, v in change.items()})
    response = client.post(f"/orgs/{org.pk}/edit/", data)
    assert response.status_code == 200, "the form was accepted"
    return response.content.decode()


def by_service(user, org, change) -> str:
    org = fresh(org)
    superior = change.get("superior", parent_of(org))
    for field in ("kind", "dissolved"):
        if field in change:
            setattr(org, field, change[field])
    with pytest.raises(DomainError) as refused:
        services.do_update_organization(org, superior=superior, effective=PLAN_DAY, acting_user=user)
    return refused.value.message


def by_primitive(org, change) -> str:
    org = fresh(org)
    with pytest.raises(DomainError) as refused, transaction.atomic():
        if "superior" in change:
            services.move_subtree(org, change["superior"], PLAN_DAY)
        elif "kind" in change:
            services.change_kind(org, change["kind"])
        else:
            services.end_organization(org, change["dissolved"])
    return refused.value.message


def by_plan(registry, secretary, org, change) -> str:
    plan = do_save_plan(
        AdjustmentPlan(name="方案", effective=PLAN_DAY, committee=registry.working), acting_user=secretary
    )
    if "superior" in change:
        step = {"kind": "move", "target": change["superior"]}
    elif "kind" in change:
        step = {"kind": "change_kind", "new_kind": change["kind"]}
    else:
        step = {"kind": "dissolve"}
    do_add_operation(PlanOperation(plan=plan, organization=org, **step), acting_user=secretary)
    with pytest.raises(DomainError) as refused:
        do_approve_plan(plan, acting_user=secretary)
    return refused.value.message


def import_file(org, change) -> bytes:
    org = fresh(org)
    superior = change.get("superior", parent_of(org))
    dissolved = change.get("dissolved", org.dissolved)
    row = [
        org.code,
        org.name,
        structure.KIND_NAMES[change.get("kind", org.kind)],
        superior.code,
        org.unit.code if org.unit else "",
        org.founded.isoformat(),
        dissolved.isoformat() if dissolved else "",
        "",
        "",
        "",
    ]
    out = StringIO()
    csv.writer(out).writerows([ORG_HEADER, row])
    return out.getvalue().encode()


def by_import(user, org, change) -> str:
    paths = scope_paths(user, EDIT_UNITS) or scope_paths(user, "registry.edit")
    plan = structure.validate_organizations(reader.read_table(import_file(org, change)), scope_paths=paths)
    assert plan.errors, "the import would be applied"
    return " ".join(str(e.reason) for e in plan.errors)


def by_command(tmp_path, org, change) -> str:
    path = tmp_path / "orgs.csv"
    path.write_bytes(import_file(org, change))
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_xlsx", "organizations", str(path), stderr=err)
    return err.getvalue()


# -- the changes ----------------------------------------------------------------------------


@pytest.fixture
def general_branch(registry):
    """A general branch under 财政局机关党委: an organization below it that can lead."""
    return registry.org("财政局机关总支", OrgKind.GENERAL_BRANCH, registry.opc, registry.finance, dt.date(2001, 1, 1))


CASES = {
    # change name: (organization, the change, what every refusal says (any of))
    "dissolve a branch with members": (
        "branch_a",
        {"dissolved": DAY},
        ("还有4名党员", "还有3名党员"),
    ),
    "dissolve a committee leading organizations": ("opc", {"dissolved": DAY}, ("还领导着下级党组织",)),
    "move under its own subordinate": (
        "opc",
        {"superior": "general_branch"},
        ("不能把党组织调整到它自己或它的下级组织之下", "循环", "隶属关系调整请使用管理关系调整方案"),
    ),
    "change kind to one the superior cannot lead": ("branch_a", {"kind": OrgKind.PARTY_COMMITTEE}, ("不能领导",)),
}


@pytest.mark.parametrize("path", ["form", "service", "primitive", "plan", "import", "command"])
@pytest.mark.parametrize("case", list(CASES))
def test_every_structural_change_is_refused_by_the_same_rule_on_every_path(
    registry, secretary, clerk, client_for, general_branch, tmp_path, case, path
):
    name, change, says = CASES[case]
    org = getattr(registry, name)
    change = {k: general_branch if v == "general_branch" else v for k, v in change.items()}
    before = snapshot()

    if path == "form":
        shown = by_form(client_for(clerk), org, change)
    elif path == "service":
        shown = by_service(clerk, org, change)
    elif path == "primitive":
        shown = by_primitive(org, change)
    elif path == "plan":
        shown = by_plan(registry, secretary, org, change)
    elif path == "import":
        shown = by_import(clerk, org, change)
    else:
        shown = by_command(tmp_path, org, change)

    assert any(s in shown for s in says), shown
    assert snapshot() == before


def test_the_committee_may_dissolve_an_empty_branch_through_the_form(registry, client_for, clerk):
    empty = registry.org("财政局第三支部", OrgKind.BRANCH, registry.opc, registry.finance, dt.date(2001, 1, 1))
    client = client_for(clerk)
    data = {
        "name": empty.name,
        "code": empty.code,
        "kind": empty.kind,
        "unit": empty.unit_id,
        "founded": "2001-01-01",
        "superior": registry.opc.pk,
        "dissolved": DAY.isoformat(),
    }
    assert client.post(f"/orgs/{empty.pk}/edit/", data).status_code == 302
    assert fresh(empty).dissolved == DAY


# -- who may: the superior decides ----------------------------------------------------------


def test_a_branch_secretary_cannot_dissolve_or_retype_their_own_branch_by_resubmitting_the_form(
    registry, client_for, branch_secretary
):
    org = registry.branch_a
    client = client_for(branch_secretary)
    page = client.get(f"/orgs/{org.pk}/edit/").content.decode()
    assert 'name="dissolved"' in page and "disabled" in page  # shown, not offered
    assert "由上级党组织决定" in page or "Decided by the superior organization" in page
    before = snapshot()
    data = {
        "name": "财政局第一支部（改）",
        "code": org.code,
        "kind": OrgKind.GENERAL_BRANCH,
        "unit": org.unit_id,
        "founded": "2000-01-01",
        "superior": registry.working.pk,
        "dissolved": DAY.isoformat(),
    }
    assert client.post(f"/orgs/{org.pk}/edit/", data).status_code == 302
    assert snapshot() == before  # the name may change; the structure may not
    assert fresh(org).name == "财政局第一支部（改）"


def test_the_service_refuses_a_structural_change_from_someone_who_does_not_manage_the_superior(
    registry, branch_secretary
):
    empty = registry.org("财政局第三支部", OrgKind.BRANCH, registry.opc, registry.finance, dt.date(2001, 1, 1))
    from accounts.models import RoleAssignment
    from accounts.roles import Role

    RoleAssignment.objects.create(user=branch_secretary, role=Role.ORG_ADMIN, organization=empty)
    org = fresh(empty)
    org.dissolved = DAY
    before = snapshot()
    with pytest.raises(DomainError) as refused:
        services.do_update_organization(org, superior=registry.opc, acting_user=branch_secretary)
    assert "由其上级党组织决定" in refused.value.message
    assert snapshot() == before


def test_re_parenting_outside_the_users_scope_is_refused_on_every_path(registry, client_for, opc_officer):
    """财政局机关党委's officer manages 财政局第一支部's superior, but not 教委党委."""
    org, change = registry.branch_a, {"superior": registry.pc}
    before = snapshot()
    page = by_form(client_for(opc_officer), org, change)
    assert "请从输入时显示的候选项中选择。" in page  # the picker offers only what the user manages
    assert "必须是您管理的党组织" in by_service(opc_officer, org, change)
    reasons = by_import(opc_officer, org, change)
    assert "调整方案" in reasons or "不在您管理的党组织范围内" in reasons
    assert snapshot() == before


def test_creating_an_organization_is_refused_by_the_same_placement_rule_on_every_path(
    registry, clerk, client_for, tmp_path
):
    """Creation places a node: the form, the import, a plan and the primitive refuse a superior
    that cannot lead the kind, and a superior dissolved by the founding day."""
    gone = registry.org("已撤销总支", OrgKind.GENERAL_BRANCH, registry.opc, None, dt.date(2001, 1, 1))
    PartyOrganization.objects.filter(pk=gone.pk).update(dissolved=dt.date(2010, 1, 1))
    before = snapshot()
    data = {"name": "新党委", "code": "N1", "kind": OrgKind.PARTY_COMMITTEE, "founded": "2020-01-01"}
    page = client_for(clerk).post("/orgs/new/", {**data, "superior": registry.opc.pk}).content.decode()
    assert "机关党委不能领导党委" in page

    rows = [
        ["N1", "新党委", "党委", registry.opc.code, "", "2020-01-01", "", "", "", ""],
        ["N2", "新支部", "党支部", gone.code, "", "2020-01-01", "", "", "", ""],
    ]
    out = StringIO()
    csv.writer(out).writerows([ORG_HEADER, *rows])
    plan = structure.validate_organizations(reader.read_table(out.getvalue().encode()), scope_paths=None)
    reasons = [str(e.reason) for e in plan.errors]
    assert any("不能领导" in r for r in reasons) and any("上级党组织已撤销" in r for r in reasons), reasons

    plan = do_save_plan(AdjustmentPlan(name="方案", effective=PLAN_DAY, committee=registry.working), acting_user=None)
    step = {"kind": "create", "target": registry.opc, "new_name": "新党委", "new_kind": OrgKind.PARTY_COMMITTEE}
    do_add_operation(PlanOperation(plan=plan, **step), acting_user=None)
    with pytest.raises(DomainError, match="不能领导"):
        do_approve_plan(plan, acting_user=None)

    with pytest.raises(DomainError, match="不能领导"), transaction.atomic():
        services.place_organization(
            PartyOrganization(name="新党委", code="N1", kind=OrgKind.PARTY_COMMITTEE, founded=PLAN_DAY),
            registry.opc,
            PLAN_DAY,
        )
    with pytest.raises(DomainError, match="上级党组织已撤销"), transaction.atomic():
        services.place_organization(
            PartyOrganization(name="新支部", code="N2", kind=OrgKind.BRANCH, founded=PLAN_DAY), fresh(gone), PLAN_DAY
        )
    assert snapshot() == before


def test_the_web_import_places_new_organizations_only_inside_the_importers_scope(registry, clerk):
    rows = [
        ["N2", "档案馆第一支部", "党支部", "N1", "", "2010-01-01", "", "", "", ""],
        ["N1", "档案馆党总支", "党总支", registry.working.code, "", "2009-01-01", "", "", "", ""],
        ["N3", "区外党委", "党委", registry.district.code, "", "2009-01-01", "", "", "", ""],
    ]
    out = StringIO()
    csv.writer(out).writerows([ORG_HEADER, *rows])
    plan = structure.validate_organizations(
        reader.read_table(out.getvalue().encode()), scope_paths=scope_paths(clerk, EDIT_UNITS)
    )
    assert [(e.value, str(e.reason)) for e in plan.errors] == [("N3", "不在您管理的党组织范围内")]
