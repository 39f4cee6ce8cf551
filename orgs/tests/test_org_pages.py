import datetime as dt
import io

from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from orgs.models import OrgKind, PartyOrganization, SuperiorFact


def test_the_tree_shows_the_committee_with_counts_of_its_subtree(registry, client_for, clerk):
    page = client_for(clerk).get("/orgs/").content.decode()
    assert "区直机关工委" in page
    assert "下级组织5个" in page  # 2 committees + 3 branches
    assert "党员：正式8名 / 预备1名" in page


def test_expanding_a_node_returns_its_children_as_a_fragment(registry, client_for, clerk):
    response = client_for(clerk).get(f"/orgs/{registry.opc.pk}/children/", headers={"HX-Request": "true"})
    page = response.content.decode()
    assert "<html" not in page
    assert "财政局第一支部" in page and "财政局第二支部" in page and "教委第一支部" not in page
    assert "党员：正式3名 / 预备1名" in page


def test_a_branch_secretary_gets_404_outside_their_subtree(registry, client_for, branch_secretary):
    client = client_for(branch_secretary)
    assert client.get(f"/orgs/{registry.branch_a.pk}/").status_code == 200
    for org in (registry.branch_c, registry.opc, registry.working):
        response = client.get(f"/orgs/{org.pk}/")
        assert response.status_code == 404
        assert "页面不存在，或您无权访问" in response.content.decode()
    assert client.get(f"/orgs/{registry.branch_c.pk}/children/").status_code == 404
    assert client.get(f"/orgs/{registry.branch_c.pk}/edit/").status_code == 404


def test_district_body_staff_may_read_but_get_403_on_edit(registry, client_for, body_officer):
    client = client_for(body_officer)
    assert client.get(f"/orgs/{registry.opc.pk}/").status_code == 200
    assert client.get(f"/orgs/{registry.opc.pk}/edit/").status_code == 403


def test_anonymous_users_are_sent_to_the_login_page(registry, client):
    response = client.get(f"/orgs/{registry.opc.pk}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_organization_detail_shows_superior_term_and_expiry(registry, client_for, clerk):
    org = registry.branch_a
    org.term_start, org.term_end = dt.date(2020, 1, 1), dt.date(2023, 1, 1)
    org.save()
    page = client_for(clerk).get(f"/orgs/{org.pk}/").content.decode()
    assert "财政局机关党委" in page and "任期已届满" in page and "2023-01-01" in page


def test_the_edit_form_refuses_a_cycle_beside_the_field_and_changes_nothing(registry, client_for, clerk):
    client = client_for(clerk)
    org = registry.opc
    below = registry.org("财政局机关总支", OrgKind.GENERAL_BRANCH, org, registry.finance, dt.date(2001, 1, 1))
    data = {
        "name": org.name,
        "code": org.code,
        "kind": org.kind,
        "unit": org.unit_id,
        "founded": "2000-01-01",
        "superior": below.pk,
    }
    response = client.post(f"/orgs/{org.pk}/edit/", data)
    assert response.status_code == 200
    assert "不能把党组织调整到它自己或它的下级组织之下" in response.content.decode()
    assert PartyOrganization.objects.get_parent(PartyOrganization.objects.get(pk=org.pk)) == registry.working
    assert SuperiorFact.objects.filter(organization=org).count() == 1


def test_the_edit_form_refuses_a_kind_that_cannot_lead_beside_the_field(registry, client_for, clerk):
    org = registry.pc
    data = {
        "name": org.name,
        "code": org.code,
        "kind": OrgKind.GENERAL_BRANCH,
        "unit": org.unit_id,
        "founded": "2000-01-01",
        "term_years": 3,
        "superior": registry.opc.pk,
    }
    response = client_for(clerk).post(f"/orgs/{org.pk}/edit/", data)
    assert "机关党委不能领导党总支" not in response.content.decode()  # a general branch may sit under it
    registry.pc.refresh_from_db()
    data["kind"] = OrgKind.PARTY_COMMITTEE
    response = client_for(clerk).post(f"/orgs/{org.pk}/edit/", data)
    assert "机关党委不能领导党委" in response.content.decode()


def test_creating_an_organization_through_the_form(registry, client_for, opc_officer):
    client = client_for(opc_officer)
    data = {
        "name": "财政局第三支部",
        "code": "CZ3",
        "kind": OrgKind.BRANCH,
        "unit": registry.finance.pk,
        "founded": "2024-01-01",
        "term_years": 3,
        "superior": registry.opc.pk,
    }
    response = client.post("/orgs/new/", data)
    org = PartyOrganization.objects.get(code="CZ3")
    assert response.status_code == 302 and response["Location"] == f"/orgs/{org.pk}/"
    assert PartyOrganization.objects.get_parent(org) == registry.opc


def test_an_officer_cannot_place_an_organization_outside_their_subtree(registry, client_for, opc_officer):
    data = {
        "name": "越权支部",
        "code": "X1",
        "kind": OrgKind.BRANCH,
        "founded": "2024-01-01",
        "term_years": 3,
        "superior": registry.pc.pk,
    }
    response = client_for(opc_officer).post("/orgs/new/", data)
    assert response.status_code == 200 and not PartyOrganization.objects.filter(code="X1").exists()


def test_tree_and_children_query_counts_do_not_grow_with_rows(registry, client_for, clerk):
    client = client_for(clerk)
    urls = ["/orgs/", f"/orgs/{registry.opc.pk}/children/", f"/orgs/{registry.opc.pk}/"]
    before = []
    for url in urls:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        before.append(len(ctx))
    for i in range(20):
        branch = registry.org(f"新支部{i}", OrgKind.BRANCH, registry.opc, registry.finance, dt.date(2001, 1, 1))
        registry.member(f"新党员{i}", branch, birth=dt.date(1980, 1, 1) + dt.timedelta(days=i))
    after = []
    for url in urls:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        after.append(len(ctx))
    assert after == before


def test_units_filter_by_level_and_show_establishment(registry, client_for, clerk):
    from orgs.services import do_save_unit

    do_save_unit(registry.finance, [("行政编制", 20, 22), ("事业编制", 5, 4)], acting_user=clerk)
    client = client_for(clerk)
    page = client.get("/orgs/units/", {"level": "district"}).content.decode()
    assert "万州区财政局" in page and "万州区教委" in page
    assert "万州区财政局" not in client.get("/orgs/units/", {"level": "central"}).content.decode()
    detail = client.get(f"/orgs/units/{registry.finance.pk}/").content.decode()
    assert "行政编制" in detail and "+2" in detail and "-1" in detail


def test_the_organization_export_holds_what_the_tree_search_found(registry, client_for, clerk):
    client = client_for(clerk)
    page = client.get("/orgs/", {"q": "财政局"}).content.decode()
    assert "/orgs/organizations.xlsx?q=%E8%B4%A2%E6%94%BF%E5%B1%80" in page
    sheet = load_workbook(io.BytesIO(client.get("/orgs/organizations.xlsx", {"q": "财政局"}).content)).active
    names = [r[1] for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == ["财政局机关党委", "财政局第一支部", "财政局第二支部"]
    everything = load_workbook(io.BytesIO(client.get("/orgs/organizations.xlsx").content)).active
    assert everything.max_row - 1 == PartyOrganization.objects.filter(path__startswith=registry.working.path).count()
