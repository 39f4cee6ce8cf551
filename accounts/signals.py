"""Every login success and failure, and every logout, is accounted for (等保 2.0): an audit event
each, except attempts refused while the user name is locked, which are counted
(`LockedLoginTally`) and reported as one event when the lock is next followed by a log-in, a
failure or another lock."""

import time

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import IntegrityError, transaction
from django.db.models import F
from django.dispatch import receiver
from django.utils import timezone

from accounts.models import LockedLoginTally
from audit.services import record


def _record_for_name(action: str, username: str, **kwargs) -> None:
    user = get_user_model().objects.filter(username=username).first()
    if user is not None:
        record(action, actor=None, target=user, **kwargs)
    else:
        record(action, actor=None, target_label=("accounts.user", "", username), **kwargs)


def _close_tally(username: str, *, only_counted: bool = False) -> None:
    """Report the attempts refused during the last lock of `username`, if any, as one event.
    `only_counted` keeps a lock's tally that has counted nothing yet: the failure that starts a
    lock may reach _login_failed after _locked_out has opened it."""
    tallies = LockedLoginTally.objects.filter(username=username)
    tally = (tallies.filter(refused__gt=0) if only_counted else tallies).first()
    if tally is None:
        return
    with transaction.atomic():
        if tally.refused:
            _record_for_name(
                "accounts.login.refused_while_locked",
                username,
                new={"refused": tally.refused, "locked_at": tally.locked_at.isoformat()},
            )
        tally.delete()


def _count_refused(username: str) -> None:
    # One short UPDATE per refused attempt; the row exists from the lock's start (or is made
    # here for a lock that began before this table did).
    if LockedLoginTally.objects.filter(username=username).update(refused=F("refused") + 1):
        return
    try:
        with transaction.atomic():
            LockedLoginTally.objects.create(username=username, locked_at=timezone.now(), refused=1)
    except IntegrityError:  # made by a concurrent attempt meanwhile
        LockedLoginTally.objects.filter(username=username).update(refused=F("refused") + 1)


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    request.session["started_at"] = int(time.time())  # the 12-hour absolute limit counts from here
    _close_tally(user.get_username())
    record("accounts.login.succeeded", actor=user, target=user)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    if getattr(request, "login_refused_while_locked", False):  # set by accounts.backends
        _count_refused(username)
        return
    _close_tally(username, only_counted=True)
    _record_for_name("accounts.login.failed", username)


@receiver(user_locked_out)
def _locked_out(sender, request=None, username=None, **kwargs):
    """django-axes sends this when a failure locks the user name, and again for each attempt
    refused during the lock (counted in _login_failed)."""
    if request is None or getattr(request, "login_refused_while_locked", False):
        return
    username = str(username or "")[:150]
    _close_tally(username)
    with transaction.atomic():
        LockedLoginTally.objects.create(username=username, locked_at=timezone.now())
        _record_for_name("accounts.login.locked", username)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        record("accounts.logout", actor=user, target=user)
