"""Every login success and failure, and every logout, is accounted for (等保 2.0): an audit event
each, except attempts refused while the user name is locked, which are counted
(accounts.lockout) and reported as one event when the name is next used."""

import time

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from accounts import lockout
from audit.services import record


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    request.session["started_at"] = int(time.time())  # the 12-hour absolute limit counts from here
    lockout.close_tally(user.get_username())
    record("accounts.login.succeeded", actor=user, target=user)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    if getattr(request, "login_refused_while_locked", False):  # set by accounts.backends
        lockout.count_refused(username)
        return
    lockout.close_tally(username, only_counted=True)
    lockout.record_for_name("accounts.login.failed", username)


@receiver(user_locked_out)
def _locked_out(sender, request=None, username=None, **kwargs):
    """django-axes sends this when a failure locks the user name, and again for each attempt
    refused during the lock (counted in _login_failed)."""
    if request is None or getattr(request, "login_refused_while_locked", False):
        return
    lockout.open_tally(str(username or "")[:150])


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        record("accounts.logout", actor=user, target=user)
