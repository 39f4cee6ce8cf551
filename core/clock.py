import datetime as dt

from django.conf import settings
from django.utils import timezone


def today() -> dt.date:
    """Today, or the day set in DANGJIAN_TODAY outside production: tests and demonstrations
    of year-long procedures (a probation) need a clock they can move."""
    fixed = getattr(settings, "DANGJIAN_TODAY", None)
    if fixed and not settings.PRODUCTION:
        return dt.date.fromisoformat(fixed) if isinstance(fixed, str) else fixed
    return timezone.localdate()


def day_of(moment: dt.datetime) -> dt.date:
    """The local calendar day of a stored moment (a file made at 23:30 UTC is dated the next day
    in Beijing)."""
    return timezone.localdate(moment)
