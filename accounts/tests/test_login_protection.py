import time

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.roles import Role
from audit.models import AuditEvent
from conftest import PASSWORD, make_user


def log_in(client, username, password=PASSWORD):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_five_wrong_passwords_lock_the_account_and_the_right_one_is_then_refused(registry, client, branch_secretary):
    for _ in range(4):
        assert "用户名或密码错误" in log_in(client, "branch_secretary", "Wrong#Pass1").content.decode()
    assert log_in(client, "branch_secretary", "Wrong#Pass1").status_code == 429  # the fifth failure locks
    response = log_in(client, "branch_secretary")
    assert response.status_code == 429 and "账户已锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lock_lifts_after_the_configured_time(registry, client, branch_secretary, settings):
    import datetime as dt

    settings.AXES_COOLOFF_TIME = dt.timedelta(seconds=1)
    for _ in range(5):
        log_in(client, "branch_secretary", "Wrong#Pass1")
    assert log_in(client, "branch_secretary").status_code == 429
    time.sleep(1.5)
    assert log_in(client, "branch_secretary").status_code == 302


def test_login_successes_and_failures_are_audit_events(registry, client, branch_secretary):
    log_in(client, "branch_secretary", "Wrong#Pass1")
    log_in(client, "nobody", "Wrong#Pass1")
    log_in(client, "branch_secretary")
    actions = list(AuditEvent.objects.order_by("pk").values_list("action", "target_repr"))
    assert ("accounts.login.failed", "branch_secretary") in actions
    assert ("accounts.login.failed", "nobody") in actions
    assert ("accounts.login.succeeded", "branch_secretary") in actions


@pytest.mark.parametrize(
    ("password", "message"),
    [("abcdefgh", "至少包含"), ("Ab1!", "密码太短"), ("Aa1!" * 33, "最多128"), ("Password123", "太常见")],
)
def test_weak_passwords_are_refused_with_the_reason(registry, client_for, secretary, password, message):
    response = client_for(secretary).post("/accounts/users/new/", {"username": "newbie", "password": password})
    assert message in response.content.decode()


def test_an_account_made_by_a_leader_must_change_its_password_first(registry, client, client_for, secretary):
    leader = client_for(secretary)
    leader.post("/accounts/users/new/", {"username": "newbie", "display_name": "新同志", "password": "First#Pass2026"})
    leader.logout()
    log_in(client, "newbie", "First#Pass2026")
    response = client.get("/members/")
    assert response.status_code == 302 and response["Location"] == reverse("accounts:password_change")
    assert "请先设置您自己的密码" in client.get(response["Location"]).content.decode()
    client.post(
        "/accounts/password/",
        {"old_password": "First#Pass2026", "new_password1": "Mine#Pass2026x", "new_password2": "Mine#Pass2026x"},
    )
    assert client.get("/members/").status_code == 200


def test_committee_roles_enrol_a_second_factor_and_get_recovery_codes(registry, client, clerk):
    log_in(client, "clerk")
    response = client.get("/members/")
    assert response["Location"].startswith("/accounts/two-factor/")
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="totp-qr"' in page
    device = TOTPDevice.objects.get(user=clerk, confirmed=False)
    assert "两步验证" in page
    assert "验证码错误或已过期" in client.post("/accounts/two-factor/", {"code": "000000"}).content.decode()
    time.sleep(1.1)  # django-otp throttles the next try after a failure
    page = client.post(
        "/accounts/two-factor/", {"code": f"{totp(device.bin_key):06d}", "next": "/members/"}
    ).content.decode()
    assert page.count("<li>") >= 10 and StaticToken.objects.filter(device__user=clerk).count() == 10
    assert client.get("/members/").status_code == 200


def test_a_recovery_code_works_once(registry, client, clerk):
    log_in(client, "clerk")
    client.get("/accounts/two-factor/")
    device = TOTPDevice.objects.get(user=clerk)
    client.post("/accounts/two-factor/", {"code": f"{totp(device.bin_key):06d}"})
    code = StaticToken.objects.filter(device__user=clerk).first().token
    client.logout()
    log_in(client, "clerk")
    client.post("/accounts/two-factor/", {"code": code})
    assert client.get("/members/").status_code == 200
    client.logout()
    log_in(client, "clerk")
    client.post("/accounts/two-factor/", {"code": code})
    assert client.get("/members/").status_code == 302


def test_branch_officers_are_not_forced_to_enrol(registry, client, branch_secretary):
    log_in(client, "branch_secretary")
    assert client.get("/members/").status_code == 200


def test_sessions_older_than_twelve_hours_end(registry, client, branch_secretary):
    log_in(client, "branch_secretary")
    session = client.session
    session["started_at"] = int(time.time()) - 12 * 3600 - 1
    session.save()
    response = client.get("/members/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_idle_sessions_expire_after_thirty_minutes(settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60 and settings.SESSION_SAVE_EVERY_REQUEST


def test_a_disabled_account_loses_its_sessions_at_once(registry, client, client_for, secretary, branch_secretary):
    from django.test import Client

    victim = Client()
    log_in(victim, "branch_secretary")
    assert victim.get("/members/").status_code == 200
    client_for(secretary).post(f"/accounts/users/{branch_secretary.pk}/active/", {"active": "0"})
    response = victim.get("/members/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_revoked_role_counts_from_the_next_request(registry, client, client_for, secretary, branch_secretary):
    from django.test import Client

    officer = Client()
    log_in(officer, "branch_secretary")
    assert officer.get(f"/orgs/{registry.branch_a.pk}/").status_code == 200
    assignment = branch_secretary.role_assignments.get()
    client_for(secretary).post(f"/accounts/roles/{assignment.pk}/revoke/")
    assert officer.get(f"/orgs/{registry.branch_a.pk}/").status_code == 404
    assert AuditEvent.objects.filter(action="accounts.role.revoked").exists()


def test_a_leader_grants_a_role_that_works_on_the_next_request(registry, client_for, secretary):
    user = make_user("newofficer")
    client_for(secretary).post(
        f"/accounts/users/{user.pk}/", {"role": Role.ORG_ADMIN, "organization": registry.branch_c.pk, "body": ""}
    )
    assert user.role_assignments.get().organization == registry.branch_c


def test_an_expired_password_must_be_changed_when_rotation_is_configured(registry, client, branch_secretary, settings):
    import datetime as dt

    from django.utils import timezone

    settings.PASSWORD_MAX_AGE_DAYS = 90
    branch_secretary.password_changed_at = timezone.now() - dt.timedelta(days=91)
    branch_secretary.save()
    log_in(client, "branch_secretary")
    assert client.get("/members/")["Location"] == reverse("accounts:password_change")
    settings.PASSWORD_MAX_AGE_DAYS = 0
    assert client.get("/members/").status_code == 200
