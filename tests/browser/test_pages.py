"""The pages as a person sees them, in Chromium, at desktop and phone width."""

import re

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.get_by_role("heading", name="机关党建管理系统")).to_be_visible()
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_text("管理范围")).to_be_visible()


def test_a_committee_clerk_walks_tree_organization_members_and_statistics(live_server, page, registry, clerk, shoot):
    log_in(page, live_server, "clerk")
    shoot(page, "home-clerk")

    page.goto(f"{live_server.url}/orgs/")
    committee = page.locator(f"details[data-org='{registry.working.pk}']")
    expect(committee).to_contain_text("下级组织5个")
    committee.locator("summary").first.click()
    opc = page.locator(f"details[data-org='{registry.opc.pk}']")
    expect(opc).to_contain_text("党员：正式5名 / 预备1名")
    opc.locator("summary").first.click()
    expect(page.get_by_role("link", name="财政局第二支部")).to_be_visible()
    shoot(page, "tree-clerk")

    page.get_by_role("link", name="财政局第一支部").click()
    expect(page.get_by_role("heading", name="财政局第一支部")).to_be_visible()
    expect(page.locator("dl.facts")).to_contain_text("财政局机关党委")
    expect(page.get_by_role("link", name="张三")).to_be_visible()
    shoot(page, "organization-clerk")

    page.goto(f"{live_server.url}/members/")
    page.get_by_placeholder(re.compile("拼音")).fill("zs")
    page.get_by_role("button", name="搜索").click()
    table = page.locator("#member-table tbody")
    expect(table).to_contain_text("张三")
    expect(table).not_to_contain_text("李四")
    expect(table).to_contain_text("5001**********")
    shoot(page, "members-search-clerk")

    page.goto(f"{live_server.url}/stats/")
    expect(page.get_by_test_id("members-total")).to_have_text("9")
    expect(page.get_by_test_id("paragraph")).to_contain_text("党支部3个，党员9名")
    expect(page.locator("#chart-organizations canvas")).to_have_count(1)
    shoot(page, "statistics-clerk")


def test_a_branch_secretary_sees_their_branch_and_gets_404_outside(
    live_server, page, registry, branch_secretary, shoot
):
    log_in(page, live_server, "branch_secretary")
    page.goto(f"{live_server.url}/orgs/")
    expect(page.locator("#tree")).to_contain_text("财政局第一支部")
    expect(page.locator("#tree")).not_to_contain_text("教委")
    shoot(page, "tree-branch-secretary")

    page.goto(f"{live_server.url}/members/?q=zs")
    expect(page.locator("#member-table tbody")).to_contain_text("张三")

    response = page.goto(f"{live_server.url}/orgs/{registry.branch_c.pk}/")
    assert response.status == 404
    expect(page.get_by_text("页面不存在，或您无权访问")).to_be_visible()
    shoot(page, "outside-branch-secretary")


def test_a_bad_id_number_is_explained_beside_the_field_and_nothing_is_saved(live_server, page, registry, clerk, shoot):
    from members.models import Member

    count = Member.objects.count()
    log_in(page, live_server, "clerk")
    page.goto(f"{live_server.url}/members/new/?organization={registry.branch_a.pk}")
    page.get_by_label("姓名").fill("测试党员")
    page.get_by_label("身份证号").fill("500101199003040000")
    page.get_by_label("入党日期").fill("2015-07-01")
    page.get_by_label("学历").select_option("bachelor")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".invalid-feedback")).to_contain_text("校验位不正确")
    expect(page.get_by_label("姓名")).to_have_value("测试党员")  # nothing the user typed is lost
    shoot(page, "member-form-error")
    assert Member.objects.count() == count
