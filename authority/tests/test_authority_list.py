import datetime as dt

import pytest

from audit.models import AuditEvent
from authority import services
from authority.models import AuthorityList, Body, ListStatus, Matter, MatterRole
from core import clock
from core.errors import DomainError


@pytest.fixture
def bodies(db):
    names = [
        ("GW", "区直机关工委", "working_committee"),
        ("ZZB", "区委组织部", "department"),
        ("XCB", "区委宣传部", "department"),
        ("JW", "区纪委", "discipline"),
    ]
    return {
        code: Body.objects.create(code=code, name=name, kind=kind, sort_order=i)
        for i, (code, name, kind) in enumerate(names)
    }


@pytest.fixture
def adopted(bodies):
    """The division in force since 1998: the departments hold the matters."""
    lst = AuthorityList.objects.create(name="1998年分工", status=ListStatus.ADOPTED, effective_from=dt.date(1998, 6, 1))
    for code, name, lead in [("PRO-01", "中心组学习督促检查", "XCB"), ("ORG-05", "专职机关党委书记考察任免", "ZZB")]:
        m = Matter.objects.create(authority_list=lst, code=code, name=name, domain="organization")
        MatterRole.objects.create(matter=m, body=bodies[lead], role="lead")
    return lst


def draft_from(adopted, name="方案六"):
    return services.do_create_list(AuthorityList(name=name, round=3, based_on=adopted), acting_user=None)


def test_a_draft_copies_the_matters_and_roles_of_its_base(adopted):
    draft = draft_from(adopted)
    assert draft.status == ListStatus.DRAFT
    assert sorted(draft.matters.values_list("code", flat=True)) == ["ORG-05", "PRO-01"]
    assert draft.matters.get(code="PRO-01").roles.get().body.code == "XCB"


def test_a_matter_with_no_lead_or_two_leads_is_refused(adopted, bodies):
    draft = draft_from(adopted)
    matter = draft.matters.get(code="PRO-01")
    with pytest.raises(DomainError, match="有且只有一个主办单位"):
        services.do_save_matter(matter, roles={bodies["GW"].pk: "co"}, acting_user=None)
    with pytest.raises(DomainError, match="有且只有一个主办单位"):
        services.do_save_matter(matter, roles={bodies["GW"].pk: "lead", bodies["XCB"].pk: "lead"}, acting_user=None)
    assert matter.roles.get().body.code == "XCB"  # unchanged


def test_adopted_versions_cannot_be_edited(adopted, bodies):
    with pytest.raises(DomainError, match="不能再修改"):
        services.do_save_matter(adopted.matters.first(), roles={bodies["GW"].pk: "lead"}, acting_user=None)


def test_adoption_needs_a_date_after_the_version_in_force(adopted):
    draft = draft_from(adopted)
    with pytest.raises(DomainError, match="须晚于现行版本"):
        services.do_adopt_list(draft, effective_from=dt.date(1998, 6, 1), acting_user=None)
    draft.refresh_from_db()
    assert draft.status == ListStatus.DRAFT
    services.do_adopt_list(draft, effective_from=dt.date(2005, 9, 30), acting_user=None)
    assert AuthorityList.in_force(dt.date(2005, 9, 29)) == adopted
    assert AuthorityList.in_force(dt.date(2005, 9, 30)) == draft
    assert AuditEvent.objects.filter(action="authority.list.adopted", target_id=str(draft.pk)).exists()


def test_comparing_lists_the_added_removed_and_moved_matters(adopted, bodies):
    draft = draft_from(adopted)
    services.do_save_matter(
        draft.matters.get(code="PRO-01"), roles={bodies["GW"].pk: "lead", bodies["XCB"].pk: "guide"}, acting_user=None
    )
    services.do_delete_matter(draft.matters.get(code="ORG-05"), acting_user=None)
    services.do_save_matter(
        Matter(authority_list=draft, code="DIS-01", name="民主生活会管理督促", domain="discipline"),
        roles={bodies["JW"].pk: "lead", bodies["GW"].pk: "co"},
        acting_user=None,
    )
    cmp = services.compare(adopted, draft)
    assert [m.code for m in cmp.added] == ["DIS-01"]
    assert [m.code for m in cmp.removed] == ["ORG-05"]
    [change] = cmp.changed
    assert [(b.code, old, new) for b, old, new in change.roles] == [("GW", "", "lead"), ("XCB", "lead", "guide")]


def test_the_demo_holds_the_seeds_division_and_six_plans(db):
    from demo.builder import _build_authority

    _build_authority()
    plans = AuthorityList.objects.exclude(round=None)
    assert plans.count() == 6 and set(plans.values_list("round", flat=True)) == {1, 2, 3}
    in_force = AuthorityList.in_force(dt.date(2026, 11, 1))
    assert in_force.name == "第三轮 方案六" and in_force.effective_from == dt.date(2005, 9, 30)

    def roles(code):
        return {r.body.code: r.role for r in in_force.matters.get(code=code).roles.select_related("body")}

    assert roles("PRO-01") == {"GW-XJK": "lead", "XCB": "guide"}
    assert roles("PRO-03") == {"GW-XJK": "lead", "XCB": "guide"}
    assert roles("ORG-05") == {"ZZB": "lead", "GW-ZZK": "co"}
    assert roles("DIS-01") == {"JW": "lead", "ZZB": "co", "GW": "co"}
    assert in_force.matters.get(code="DIS-03").division_rule and in_force.matters.get(code="DIS-04").division_rule
    before = AuthorityList.in_force(dt.date(2000, 1, 1))
    assert {r.body.code for r in before.matters.get(code="PRO-01").roles.all()} == {"XCB"}


def test_the_matrix_page_shows_roles_and_filters_by_body(db, client_for, secretary, registry):
    from demo.builder import _build_authority

    _build_authority()
    in_force = AuthorityList.in_force(dt.date(2026, 11, 1))
    client = client_for(secretary)
    page = client.get(f"/authority/{in_force.pk}/").content.decode()
    assert "区直部门中心组学习督促检查" in page and "主办" in page and "指导" in page
    jw = Body.objects.get(code="JW")
    filtered = client.get(f"/authority/{in_force.pk}/", {"body": jw.pk}).content.decode()
    assert "民主生活会" in filtered and "中心组学习督促检查" not in filtered
    assert client.get(f"/authority/{in_force.pk}/matrix.xlsx").status_code == 200


def test_comparing_the_adopted_plan_with_an_alternative_lists_the_differences(db, client_for, secretary, registry):
    from demo.builder import _build_authority

    _build_authority()
    six = AuthorityList.objects.get(name="第三轮 方案六")
    four = AuthorityList.objects.get(name="第二轮 方案四")
    page = client_for(secretary).get("/authority/compare/", {"old": six.pk, "new": four.pk}).content.decode()
    assert "专职机关党委书记考察任免" in page and "工委组织科" in page


def test_district_bodies_read_the_list_but_cannot_edit_or_adopt(db, client_for, body_officer, registry):
    from demo.builder import _build_authority

    _build_authority()
    draft = services.do_create_list(
        AuthorityList(name="新草案", based_on=AuthorityList.in_force(clock.today())), acting_user=None
    )
    client = client_for(body_officer)
    assert client.get(f"/authority/{draft.pk}/").status_code == 200
    assert client.get(f"/authority/{draft.pk}/adopt/").status_code == 403
    assert client.get(f"/authority/{draft.pk}/matters/new/").status_code == 403


def test_the_matrix_page_query_count_does_not_grow_with_matters(adopted, bodies, client_for, secretary, registry):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(secretary)
    with CaptureQueriesContext(connection) as few:
        client.get(f"/authority/{adopted.pk}/")
    for i in range(20):
        m = Matter.objects.create(authority_list=adopted, code=f"X-{i:02d}", name=f"事项{i}", domain="general")
        MatterRole.objects.create(matter=m, body=bodies["GW"], role="lead")
    with CaptureQueriesContext(connection) as many:
        client.get(f"/authority/{adopted.pk}/")
    assert len(many) == len(few)
