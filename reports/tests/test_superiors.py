import datetime as dt
import json
from io import BytesIO, StringIO

from django.core.management import call_command
from openpyxl import load_workbook

from orgs.models import OrgKind, Unit, UnitLevel
from orgs.services import do_update_organization
from reports import superiors


def test_today_the_committee_leads_every_department(registry):
    report = superiors.build(dt.date(2026, 1, 1))
    assert [(r.superior, len(r.departments), r.members) for r in report.rows] == [(registry.working, 2, 9)]


def test_before_a_move_two_superiors_lead_and_members_follow_the_date(registry):
    """教委党委 was led by a district department until 2024-06-30: multi-headed management."""
    other = registry.org("区教育工作委员会", OrgKind.PARTY_COMMITTEE, registry.district, None, dt.date(2000, 1, 1))
    do_update_organization(registry.pc, superior=other, effective=dt.date(2010, 1, 1), acting_user=None)
    do_update_organization(registry.pc, superior=registry.working, effective=dt.date(2024, 6, 30), acting_user=None)
    before = superiors.build(dt.date(2020, 1, 1)).as_json()
    assert before["distinct_superiors"] == 2 and before["departments"] == 2
    assert {s["name"]: (s["organizations"], s["departments"], s["members"]) for s in before["superiors"]} == {
        "区直机关工委": (1, 1, 5),  # 赵六 joined only on 2025-12-01
        "区教育工作委员会": (1, 1, 3),
    }
    assert superiors.build(dt.date(2024, 6, 30)).as_json()["distinct_superiors"] == 1


def test_the_superiors_command_prints_the_agreed_json(registry):
    out = StringIO()
    call_command("superiors", "--as-of", "2026-01-01", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data == {
        "as_of": "2026-01-01",
        "superiors": [{"name": "区直机关工委", "organizations": 2, "departments": 2, "members": 9}],
        "distinct_superiors": 1,
        "departments": 2,
    }


def test_the_page_shows_the_superiors_with_drill_down(registry, client_for, clerk):
    page = client_for(clerk).get("/stats/superiors/", {"as_of": "2026-01-01"}).content.decode()
    assert "区直机关工委" in page and f"/orgs/{registry.opc.pk}/" in page and 'id="superiors-data"' in page
    # the drill-down counts the organizations led by kind and by their unit's category
    assert "党委 1、机关党委 1；政府工作部门 2" in page


def test_an_officer_sees_only_the_organizations_in_their_scope_with_their_superior_named(
    registry, client_for, opc_officer
):
    """Who leads whom, and the members counted, are not public: 财政局机关党委's officer sees
    their own organization (and that 区直机关工委 leads it), not 教委党委 nor its members."""
    page = client_for(opc_officer).get("/stats/superiors/", {"as_of": "2026-01-01"}).content.decode()
    assert "财政局机关党委" in page and "区直机关工委" in page
    assert "教委党委" not in page
    assert '<td data-label="党员">6</td>' in page  # 财政局's members, not the 9 of both


def test_a_branch_secretary_sees_no_other_organization_on_the_multi_headed_page(registry, client_for, branch_secretary):
    page = client_for(branch_secretary).get("/stats/superiors/", {"as_of": "2026-01-01"}).content.decode()
    assert "教委党委" not in page and "财政局机关党委" not in page
    assert '<td data-label="党员">' not in page


def test_the_drill_down_names_every_department_led_with_its_organizations(registry, client_for, clerk):
    for i in range(120):
        unit = Unit.objects.create(
            name=f"测试局{i:03}", code=f"T{i}", level=UnitLevel.DISTRICT, category=registry.finance.category
        )
        name = f"测试局{i:03}机关党委"
        registry.org(name, OrgKind.ORGAN_PARTY_COMMITTEE, registry.working, unit, dt.date(2000, 1, 1))
    page = client_for(clerk).get("/stats/superiors/", {"as_of": "2026-01-01"}).content.decode()
    assert "<strong>万州区财政局</strong>" in page and "测试局119机关党委" in page  # the whole list
    assert "另有" not in page
    assert f'<a href="/orgs/{registry.opc.pk}/">财政局机关党委</a>' in page


def test_the_download_has_one_row_per_department_and_its_superior(registry, client_for, clerk):
    response = client_for(clerk).get("/stats/superiors.xlsx", {"as_of": "2026-01-01"})
    assert "filename*=utf-8''%E5%A4%9A%E5%A4%B4%E7%AE%A1%E7%90%86-2026-01-01.xlsx" in response["Content-Disposition"]
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1] == ("上级党组织", "部门", "类别", "党组织", "党员")
    assert rows[2:] == [
        ("区直机关工委", "万州区教委", "政府工作部门", "教委党委", 3),
        ("区直机关工委", "万州区财政局", "政府工作部门", "财政局机关党委", 6),
    ]


def test_an_officer_downloads_only_their_own_department(registry, client_for, opc_officer):
    response = client_for(opc_officer).get("/stats/superiors.xlsx", {"as_of": "2026-01-01"})
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[2:] == [("区直机关工委", "万州区财政局", "政府工作部门", "财政局机关党委", 6)]
