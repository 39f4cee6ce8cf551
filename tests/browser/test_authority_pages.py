"""Issue 5 in the browser: the matrix, a to-do page, and an appointment from proposal to post."""

import pytest
from playwright.sync_api import expect

from accounts.models import RoleAssignment
from accounts.roles import Role
from conftest import make_user
from orgs.models import Post
from tests.browser.test_pages import log_in, pass_second_factor

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_appointment_walks_from_proposal_to_post(live_server, page, registry, division, secretary, shoot):
    lst, bodies = division
    RoleAssignment.objects.filter(user=secretary).update(authority_body=bodies["GW"])
    zzb = make_user("zzb", Role.BODY_STAFF, registry.working)
    RoleAssignment.objects.filter(user=zzb).update(authority_body=bodies["ZZB"])

    log_in(page, live_server, "secretary")
    pass_second_factor(page, secretary)
    page.goto(f"{live_server.url}/authority/{lst.pk}/")
    matrix = page.get_by_test_id("matrix")
    expect(matrix).to_contain_text("专职机关党委书记考察任免")
    expect(matrix.locator("td.role-lead")).to_have_count(2)
    shoot(page, "authority-matrix")

    page.goto(f"{live_server.url}/orgs/{registry.opc.pk}/")
    page.get_by_role("link", name="提名专职书记").click()
    page.get_by_label("被提名人").press_sequentially("zs")
    page.get_by_role("option").filter(has_text=registry.branch_a.name).first.click()
    page.get_by_label("起始日期").fill("2026-01-05")
    page.get_by_label("原因").fill("该机关党委未配专职副书记，拟配专职书记。")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("lead-body")).to_have_text("区委组织部")
    expect(page.get_by_role("button", name="批准任命")).to_have_count(0)  # the committee is not the lead
    page.context.clear_cookies()  # another person at another desk

    log_in(page, live_server, "zzb")
    page.goto(f"{live_server.url}/todo/")
    todo = page.get_by_test_id("todo")
    expect(todo).to_contain_text("考察任免：张三")
    expect(todo).to_contain_text("主办")
    shoot(page, "todo-organization-department")
    todo.get_by_role("link", name="考察任免：张三").first.click()
    page.get_by_label("审批意见").fill("考察合格，同意任命。")
    page.get_by_role("button", name="批准任命").click()
    expect(page.get_by_test_id("item-status")).to_have_text("已办结")
    post = Post.objects.get(organization=registry.opc)
    assert (post.member, post.role, post.full_time, post.rank) == (
        registry.zhang_san,
        "secretary",
        True,
        "deputy_division",
    )
    page.goto(f"{live_server.url}/orgs/{registry.opc.pk}/")
    expect(page.get_by_role("link", name="张三")).to_be_visible()
    shoot(page, "organization-after-appointment")
