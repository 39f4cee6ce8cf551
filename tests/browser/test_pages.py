"""The pages as a person sees them, in Chromium, at desktop and phone width."""

import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def log_in(page, live_server, username, password=PASSWORD):
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.get_by_role("heading", name="机关党建管理系统")).to_be_visible()
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


def pass_second_factor(page, user):
    """Type the code an authenticator app would show for the user's enrolled device."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="phone", confirmed=True
    )
    expect(page.get_by_role("heading", name="两步验证")).to_be_visible()
    page.get_by_label("验证码").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="验证").click()


def test_a_committee_clerk_walks_tree_organization_members_and_statistics(live_server, page, registry, clerk, shoot):
    log_in(page, live_server, "clerk")
    pass_second_factor(page, clerk)
    expect(page.get_by_text("管理范围：")).to_be_visible()
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
    expect(page.locator("#chart-pyramid canvas")).to_have_count(1)
    shoot(page, "statistics-clerk")


def test_a_branch_secretary_sees_their_branch_and_gets_404_outside(
    live_server, page, registry, branch_secretary, shoot
):
    log_in(page, live_server, "branch_secretary")
    expect(page.get_by_text("管理范围：")).to_be_visible()
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
    pass_second_factor(page, clerk)
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


def test_six_wrong_passwords_lock_the_account_until_the_lock_lifts(
    live_server, page, registry, branch_secretary, settings, shoot
):
    import datetime as dt
    import time

    # A long lock while it is tested (a loaded machine may take seconds per login), then a short
    # one (axes reads the setting at each login) to see it lift.
    settings.AXES_COOLOFF_TIME = dt.timedelta(minutes=5)
    for _ in range(6):
        log_in(page, live_server, "branch_secretary", "Wrong#Pass1")
    expect(page.get_by_test_id("locked")).to_contain_text("账户将被锁定")
    shoot(page, "locked")
    log_in(page, live_server, "branch_secretary")  # the right password is refused while locked
    expect(page.get_by_test_id("locked")).to_be_visible()
    settings.AXES_COOLOFF_TIME = dt.timedelta(seconds=1)
    time.sleep(1.5)
    log_in(page, live_server, "branch_secretary")
    expect(page.get_by_text("管理范围：")).to_be_visible()


def test_a_leader_reveals_an_id_number_and_it_is_recorded(live_server, page, registry, secretary, shoot):
    from audit.models import AuditEvent

    log_in(page, live_server, "secretary")
    pass_second_factor(page, secretary)
    page.goto(f"{live_server.url}/members/{registry.zhang_san.pk}/")
    expect(page.get_by_test_id("id-number")).to_have_text(registry.zhang_san.id_number_masked)
    page.get_by_role("button", name="显示").click()
    expect(page.get_by_test_id("id-number")).to_have_text(registry.zhang_san.id_number)
    shoot(page, "revealed")
    assert AuditEvent.objects.filter(action="members.member.revealed", actor=secretary).exists()


def test_a_committee_member_enrols_two_factor_from_the_qr_page(live_server, page, registry, clerk, shoot):
    log_in(page, live_server, "clerk")
    expect(page.get_by_test_id("totp-qr")).to_be_visible()
    shoot(page, "two-factor-enrol")
    device = TOTPDevice.objects.get(user=clerk, confirmed=False)
    page.get_by_label("验证码").fill(f"{totp(device.bin_key):06d}")
    page.get_by_role("button", name="验证").click()
    expect(page.get_by_test_id("recovery-codes").locator("li")).to_have_count(10)
    page.get_by_role("link", name="继续").click()
    expect(page.get_by_text("管理范围：")).to_be_visible()
