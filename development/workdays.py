"""Working days for public notices (公示), counted with the official calendar: statutory
holidays and make-up working days from `chinesecalendar`; for a year it does not cover yet,
weekends plus the days an administrator entered (CalendarDay), with a visible warning."""

import datetime as dt

import chinese_calendar
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy, pgettext

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


_years = lazy(lambda years: pgettext("list separator", ", ").join(str(y) for y in years), str)
