import datetime as dt

from audit.models import AuditEvent
from orgs.models import Post, StaffingLine, Unit, WorkingBody


def test_an_officer_appoints_and_ends_a_post(registry, client_for, opc_officer):
    client = client_for(opc_officer)
    response = client.post(
        f"/orgs/{registry.opc.pk}/posts/new/",
        {
            "member": registry.wang_wu.pk,
            "role": "secretary",
            "full_time": "on",
            "rank": "deputy_division",
            "valid_from": "2024-05-01",
        },
    )
    assert response.status_code == 302
    post = Post.objects.get(organization=registry.opc, role="secretary")
    assert (post.member, post.full_time, post.rank) == (registry.wang_wu, True, "deputy_division")
    page = client.get(f"/orgs/{registry.opc.pk}/").content.decode()
    assert "王五" in page and "专职" in page and "副处级" in page

    response = client.post(f"/orgs/posts/{post.pk}/end/", {"valid_to": "2024-04-01"})
    assert "免职日期应晚于任职日期" in response.content.decode()
    client.post(f"/orgs/posts/{post.pk}/end/", {"valid_to": "2025-04-01"})
    post.refresh_from_db()
    assert post.valid_to == dt.date(2025, 4, 1)
    assert AuditEvent.objects.filter(action="orgs.post.ended", target_id=str(post.pk)).exists()


def test_a_second_sitting_secretary_is_refused(registry, client_for, clerk):
    client = client_for(clerk)
    data = {"member": registry.zhang_san.pk, "role": "secretary", "valid_from": "2024-05-01"}
    client.post(f"/orgs/{registry.branch_a.pk}/posts/new/", data)
    response = client.post(f"/orgs/{registry.branch_a.pk}/posts/new/", {**data, "member": registry.li_si.pk})
    assert "已有在任书记" in response.content.decode()
    assert Post.objects.filter(organization=registry.branch_a).count() == 1


def test_posts_can_only_go_to_members_of_the_subtree(registry, client_for, clerk):
    response = client_for(clerk).post(
        f"/orgs/{registry.branch_a.pk}/posts/new/",
        {"member": registry.wu_jiu.pk, "role": "committee_member", "valid_from": "2024-05-01"},
    )
    assert response.status_code == 200 and not Post.objects.exists()


def test_working_bodies_belong_to_organ_party_committees_only(registry, client_for, clerk):
    client = client_for(clerk)
    client.post(f"/orgs/{registry.opc.pk}/working-bodies/new/", {"name": "机关党委办公室", "established": "2010-01-01"})
    assert WorkingBody.objects.get().organization == registry.opc
    response = client.post(
        f"/orgs/{registry.pc.pk}/working-bodies/new/", {"name": "办公室", "established": "2010-01-01"}
    )
    assert "工作机构只能设在机关党委下" in response.content.decode()
    assert WorkingBody.objects.count() == 1


def test_a_unit_with_establishment_lines_is_created_and_bad_lines_are_explained(registry, client_for, clerk):
    client = client_for(clerk)
    data = {
        "name": "万州区审计局",
        "code": "U9",
        "level": "district",
        "category": registry.finance.category_id,
        "staffing": "行政编制, 20, 22\n工勤编制，3，3",
    }
    response = client.post("/orgs/units/new/", data)
    unit = Unit.objects.get(code="U9")
    assert response.status_code == 302
    assert list(StaffingLine.objects.filter(unit=unit).values_list("post", "establishment", "actual")) == [
        ("行政编制", 20, 22),
        ("工勤编制", 3, 3),
    ]
    response = client.post("/orgs/units/new/", {**data, "code": "U10", "name": "坏", "staffing": "行政编制 二十"})
    assert "第1行" in response.content.decode() and not Unit.objects.filter(code="U10").exists()


def test_an_organization_officer_cannot_create_units(registry, client_for, opc_officer):
    assert client_for(opc_officer).get("/orgs/units/new/").status_code == 403
