"""A password alone changes nothing about an account whose role requires a second factor
(issue 15, item 1): not through the middleware's lists, and not through the views themselves."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AuditEvent
from conftest import PASSWORD, make_user, verify_second_factor

NEW_PASSWORD = "Stolen#Pass2026x"


@pytest.fixture
def enrolled_leader(secretary):
    TOTPDevice.objects.create(user=secretary, name="phone", confirmed=True)
    return secretary


def change_own_password(client):
    return client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )


def test_a_stolen_password_does_not_change_an_enrolled_leaders_password(registry, client, enrolled_leader):
    client.post("/accounts/login/", {"username": "secretary", "password": PASSWORD})
    response = change_own_password(client)
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:two_factor"))
    enrolled_leader.refresh_from_db()
    assert enrolled_leader.check_password(PASSWORD) and not enrolled_leader.check_password(NEW_PASSWORD)
    assert not AuditEvent.objects.filter(action="accounts.password.changed").exists()


def test_the_second_factor_comes_before_a_required_password_change(registry, client, enrolled_leader):
    enrolled_leader.must_change_password = True
    enrolled_leader.save()
    client.force_login(enrolled_leader)
    assert client.get("/members/")["Location"].startswith(reverse("accounts:two_factor"))
    assert client.get("/accounts/password/")["Location"].startswith(reverse("accounts:two_factor"))
    verify_second_factor(client, enrolled_leader)
    assert client.get("/members/")["Location"] == reverse("accounts:password_change")
    assert change_own_password(client).status_code == 302
    enrolled_leader.refresh_from_db()
    assert enrolled_leader.check_password(NEW_PASSWORD) and not enrolled_leader.must_change_password


def test_the_account_views_themselves_refuse_an_unverified_session(registry, client, enrolled_leader, settings):
    """Defence in depth: with the gate middleware gone (say, a mistake in its lists), the views
    still send a password-only session to the second factor and change nothing."""
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != "accounts.middleware.AccountGateMiddleware"]
    victim = make_user("victim")
    client.force_login(enrolled_leader)
    two_factor = reverse("accounts:two_factor")
    attempts = [
        change_own_password(client),
        client.post(f"/accounts/users/{victim.pk}/password/", {"password": NEW_PASSWORD}),
        client.post(f"/accounts/users/{victim.pk}/active/", {"active": "0"}),
        client.post(f"/accounts/users/{victim.pk}/", {"role": "org_admin", "organization": registry.branch_a.pk}),
        client.post("/accounts/users/new/", {"username": "planted", "password": NEW_PASSWORD}),
    ]
    assert all(r.status_code == 302 and r["Location"].startswith(two_factor) for r in attempts)
    victim.refresh_from_db()
    enrolled_leader.refresh_from_db()
    assert enrolled_leader.check_password(PASSWORD) and victim.check_password(PASSWORD) and victim.is_active
    assert not victim.role_assignments.exists()
    assert not AuditEvent.objects.filter(action__startswith="accounts.user").exists()
    assert not AuditEvent.objects.filter(action__in=["accounts.password.changed", "accounts.role.granted"]).exists()
