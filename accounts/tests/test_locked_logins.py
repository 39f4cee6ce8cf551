"""Log-in attempts on a locked user name are counted, not stored one audit event each
(issue 15, item 13): the audit table cannot be grown by hammering a locked account, and every
attempt is still accounted for."""

import re

from axes.utils import reset

from accounts.models import LockedLoginTally
from audit.models import AuditEvent
from conftest import PASSWORD

WRONG = "Wrong#Pass1"


def log_in(client, username, password=PASSWORD):
    return client.post("/accounts/login/", {"username": username, "password": password})


def lock(client, username):
    for _ in range(5):
        log_in(client, username, WRONG)
    assert log_in(client, username).status_code == 429


def test_a_thousand_attempts_on_a_locked_account_add_a_constant_number_of_audit_rows(
    registry, client, client_for, branch_secretary, secretary
):
    lock(client, "branch_secretary")  # five failures, the lock, and one refused right password
    before = AuditEvent.objects.count()
    for _ in range(1000):
        assert log_in(client, "branch_secretary", WRONG).status_code == 429
    assert AuditEvent.objects.count() == before
    assert AuditEvent.objects.filter(action="accounts.login.locked", target_repr="branch_secretary").count() == 1
    assert AuditEvent.objects.filter(action="accounts.login.failed", target_repr="branch_secretary").count() == 5

    # The count is on the account page while it lasts...
    page = client_for(secretary).get(f"/accounts/users/{branch_secretary.pk}/").content.decode()
    tally = re.search(r'data-testid="locked-tally">([^<]*)<', page)
    assert tally and "1001" in tally.group(1)
    client.logout()

    # ...and one event reports it at the next log-in.
    reset(username="branch_secretary")
    assert log_in(client, "branch_secretary").status_code == 302
    summary = AuditEvent.objects.get(action="accounts.login.refused_while_locked")
    assert summary.target_repr == "branch_secretary" and summary.new["refused"] == 1001
    assert not LockedLoginTally.objects.exists()


def test_attempts_on_a_locked_unknown_name_are_reported_at_the_next_failure(registry, client):
    lock(client, "nobody")
    for _ in range(20):
        log_in(client, "nobody", WRONG)
    assert AuditEvent.objects.filter(target_repr="nobody").count() == 6  # five failures, one lock
    reset(username="nobody")
    log_in(client, "nobody", WRONG)
    summary = AuditEvent.objects.get(action="accounts.login.refused_while_locked")
    assert summary.target_repr == "nobody" and summary.new["refused"] == 21
    assert AuditEvent.objects.filter(action="accounts.login.failed", target_repr="nobody").count() == 6


def test_the_lock_still_lifts_after_the_configured_time_however_often_it_is_tried(
    registry, client, branch_secretary, settings
):
    import datetime as dt
    import time

    settings.AXES_COOLOFF_TIME = dt.timedelta(seconds=2)
    lock(client, "branch_secretary")
    time.sleep(1)
    log_in(client, "branch_secretary", WRONG)  # refused, and no longer extends the lock
    time.sleep(1.2)
    assert log_in(client, "branch_secretary").status_code == 302
    assert AuditEvent.objects.get(action="accounts.login.refused_while_locked").new["refused"] == 2


def test_wrong_codes_during_the_second_factor_delay_are_counted_not_each_audited(registry, client, secretary):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=secretary, name="phone", confirmed=True)
    log_in(client, "secretary")
    for _ in range(50):
        client.post("/accounts/two-factor/", {"code": "000000"})
    audited = AuditEvent.objects.filter(action="accounts.two_factor.failed").count()
    counted = LockedLoginTally.objects.get(username="secretary").refused
    assert audited <= 5 and audited + counted == 50
    client.logout()
    log_in(client, "secretary")
    assert AuditEvent.objects.get(action="accounts.login.refused_while_locked").new["refused"] == counted
