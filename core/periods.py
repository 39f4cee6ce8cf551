"""Period arithmetic: the one place that counts years, months and working days.

《民法典》第二百零一、二百零二条: a period counted in years or months starts the day after its
starting day and ends on the corresponding day of its last month; where that month has no such
day, on the month's last day. So "one year from 2023-03-01" ends on 2024-03-01, "one month from
2026-01-31" on 2026-02-28, and someone born on 29 February is 18 years old ("年满十八岁") on
28 February of a common year. Nothing here counts a year as 365 days or a month as 30.

Today comes from `core.clock.today()`, never from `date.today()` or `timezone.localdate()`.
"""

import calendar
import datetime as dt
from collections.abc import Callable


def add_months(day: dt.date, months: int) -> dt.date:
    """The corresponding day `months` later (or earlier), or that month's last day when it has
    no such day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_years(day: dt.date, years: int) -> dt.date:
    """The corresponding day `years` later (or earlier); 29 February becomes 28 February."""
    return add_months(day, 12 * years)


def birthday(birth: dt.date, age: int) -> dt.date:
    """The day someone born on `birth` is `age` years old (年满 `age` 周岁)."""
    return add_years(birth, age)


def age_on(birth: dt.date, day: dt.date) -> int:
    """Full years of age on `day`, by the same rule as `birthday`."""
    age = day.year - birth.year
    if birthday(birth, age) > day:
        age -= 1
    return age


def latest_birth_for_age(day: dt.date, age: int) -> dt.date:
    """The last birth date of anyone at least `age` years old on `day` (for filters by age:
    born on or before it). One day after `add_years(day, -age)` can still qualify: born on
    29 February, 18 on 28 February."""
    candidate = add_years(day, -age)
    following = candidate + dt.timedelta(days=1)
    return following if birthday(following, age) <= day else candidate


def add_working_days(start: dt.date, working_days: int, is_workday: Callable[[dt.date], bool]) -> dt.date:
    """The last day of a span of `working_days` working days beginning on `start` (counted when
    it is a working day itself). `is_workday` is the calendar: the official one and its
    overrides live with the notices that use them (development.workdays)."""
    if working_days < 1:
        raise ValueError("working_days must be at least 1")
    day, counted = start, 0
    while True:
        if is_workday(day):
            counted += 1
            if counted == working_days:
                return day
        day += dt.timedelta(days=1)
