"""Every login success and failure, and every logout, is an audit event (等保 2.0)."""

import time

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from audit.services import record


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    request.session["started_at"] = int(time.time())  # the 12-hour absolute limit counts from here
    record("accounts.login.succeeded", actor=user, target=user)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    user = get_user_model().objects.filter(username=username).first()
    if user is not None:
        record("accounts.login.failed", actor=None, target=user)
    else:
        record("accounts.login.failed", actor=None, target_label=("accounts.user", "", username))


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        record("accounts.logout", actor=user, target=user)
