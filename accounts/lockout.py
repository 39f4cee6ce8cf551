"""Attempts refused while a user name is locked (by django-axes after failed passwords, or by
django-otp's throttle after wrong codes) are counted in `LockedLoginTally`, one short UPDATE
each, instead of one audit event each: hammering a locked account must not grow the append-only
audit table, yet every attempt stays accounted for (等保 2.0). The count becomes one audit event
when the name is next used (`close_tally`)."""

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import LockedLoginTally
from audit.services import record


def record_for_name(action: str, username: str, **kwargs) -> None:
    """An audit event about the account `username`, or about the name when no account has it."""
    user = get_user_model().objects.filter(username=username).first()
    if user is not None:
        record(action, actor=None, target=user, **kwargs)
    else:
        record(action, actor=None, target_label=("accounts.user", "", username), **kwargs)


def open_tally(username: str) -> None:
    """A lock begins: report what the previous one counted, start counting afresh, audit."""
    close_tally(username)
    with transaction.atomic():
        LockedLoginTally.objects.create(username=username, locked_at=timezone.now())
        record_for_name("accounts.login.locked", username)


def count_refused(username: str) -> None:
    # The row exists from the lock's start, or is made here (a lock that began before this
    # table did, or a second-factor throttle, which has no start signal).
    if LockedLoginTally.objects.filter(username=username).update(refused=F("refused") + 1):
        return
    try:
        with transaction.atomic():
            LockedLoginTally.objects.create(username=username, locked_at=timezone.now(), refused=1)
    except IntegrityError:  # made by a concurrent attempt meanwhile
        LockedLoginTally.objects.filter(username=username).update(refused=F("refused") + 1)


def close_tally(username: str, *, only_counted: bool = False) -> None:
    """Report the attempts refused during the last lock of `username`, if any, as one event.
    `only_counted` keeps a lock's tally that has counted nothing yet: the failure that starts a
    lock may reach the failed-login receiver after the lock's receiver has opened it."""
    tallies = LockedLoginTally.objects.filter(username=username)
    tally = (tallies.filter(refused__gt=0) if only_counted else tallies).first()
    if tally is None:
        return
    with transaction.atomic():
        if tally.refused:
            record_for_name(
                "accounts.login.refused_while_locked",
                username,
                new={"refused": tally.refused, "locked_at": tally.locked_at.isoformat()},
            )
        tally.delete()
