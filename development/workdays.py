"""Working days for public notices (公示), counted with the official calendar: statutory
holidays and make-up working days from `chinesecalendar`; for a year it does not cover yet,
weekends plus the days an administrator entered (CalendarDay), with a visible warning.
`do_set_calendar_day` is the one writer of those days (`manage.py calendar_days` calls it)."""

import datetime as dt

import chinese_calendar
from django.db import transaction
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy, pgettext

from accounts.models import User
from audit.services import record
from core.i18n import format_lazy
from core.periods import add_working_days
from core.rules import Text
from development.models import CalendarDay

_MAX_SPAN = dt.timedelta(days=120)  # a notice never spans more than a few weeks


def _official(day: dt.date) -> bool | None:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return None


def notice_end(start: dt.date, working_days: int) -> tuple[dt.date, Text]:
    """The last day of a notice of `working_days` working days starting on `start` (counted
    when it is a working day), and a warning when part of it was not in the official data."""
    overrides = dict(
        CalendarDay.objects.filter(date__gte=start, date__lte=start + _MAX_SPAN).values_list("date", "is_workday")
    )
    unknown_years: set[int] = set()

    def is_workday(day: dt.date) -> bool:
        if day in overrides:
            return overrides[day]
        official = _official(day)
        if official is None:
            unknown_years.add(day.year)
            return day.weekday() < 5
        return official

    day = add_working_days(start, working_days, is_workday)
    warning = ""
    if unknown_years:
        warning = format_lazy(
            gettext_lazy(
                "The public holidays of %(years)s are not recorded yet: the notice period is counted with "
                "weekends and the holidays an administrator entered; please check its last day."
            ),
            years=_years(sorted(unknown_years)),
        )
    return day, warning


def do_set_calendar_day(day: dt.date, *, is_workday: bool, note: str = "", acting_user: User | None) -> CalendarDay:
    """Enter or change what `day` is (a holiday, or a working day) where the official calendar
    does not know it; audited with what it was before, since it moves every notice's end."""
    with transaction.atomic():
        before = CalendarDay.objects.select_for_update().filter(date=day).values("is_workday", "note").first()
        calendar_day, _ = CalendarDay.objects.update_or_create(
            date=day, defaults={"is_workday": is_workday, "note": note}
        )
        record(
            "development.calendar_day.set",
            actor=acting_user,
            target=calendar_day,
            old=before or {},
            new={"date": day.isoformat(), "is_workday": is_workday, "note": note, "created": before is None},
        )
    return calendar_day


_years = lazy(lambda years: pgettext("list separator", ", ").join(str(y) for y in years), str)
