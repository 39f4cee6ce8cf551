"""Periods are counted as the Civil Code says (第二百零一、二百零二条), and by one module."""

import datetime as dt
import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from core.periods import add_months, add_working_days, add_years, age_on, birthday, latest_birth_for_age

DAYS = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 12, 31))


def test_a_year_ends_on_the_corresponding_day():
    assert add_years(dt.date(2023, 3, 1), 1) == dt.date(2024, 3, 1)  # not 2024-02-29 (365 days)
    assert add_years(dt.date(2024, 2, 29), 1) == dt.date(2025, 2, 28)
    assert add_years(dt.date(2024, 2, 29), 4) == dt.date(2028, 2, 29)


def test_a_month_ends_on_the_corresponding_day_or_the_months_last():
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2026, 2, 1), 1) == dt.date(2026, 3, 1)  # 28 days, not 30
    assert add_months(dt.date(2026, 7, 1), 1) == dt.date(2026, 8, 1)  # 31 days, not 30
    assert add_months(dt.date(2026, 3, 31), -1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2026, 12, 15), 1) == dt.date(2027, 1, 15)


def test_someone_born_on_29_february_comes_of_age_on_28_february():
    assert birthday(dt.date(2008, 2, 29), 18) == dt.date(2026, 2, 28)
    assert age_on(dt.date(2008, 2, 29), dt.date(2026, 2, 27)) == 17
    assert age_on(dt.date(2008, 2, 29), dt.date(2026, 2, 28)) == 18
    assert latest_birth_for_age(dt.date(2026, 2, 28), 18) == dt.date(2008, 2, 29)


@given(DAYS, st.integers(min_value=-40, max_value=40))
def test_adding_months_lands_in_the_right_month_on_the_right_day(day, months):
    end = add_months(day, months)
    assert (end.year * 12 + end.month) - (day.year * 12 + day.month) == months
    assert end.day == day.day or (end.day < day.day and (end + dt.timedelta(days=1)).month != end.month)


@given(DAYS, st.integers(min_value=0, max_value=90))
def test_age_turns_on_the_birthday_and_not_a_day_before(birth, years):
    day = birthday(birth, years)
    assert age_on(birth, day) == years
    if years:
        assert age_on(birth, day - dt.timedelta(days=1)) == years - 1


@given(DAYS, st.integers(min_value=0, max_value=90))
def test_latest_birth_for_an_age_is_exact(day, years):
    latest = latest_birth_for_age(day, years)
    assert age_on(latest, day) >= years
    assert age_on(latest + dt.timedelta(days=1), day) < years


def test_every_day_of_2000_to_2030_and_its_periods():
    day = dt.date(2000, 1, 1)
    while day <= dt.date(2030, 12, 31):
        year = add_years(day, 1)
        assert year > day and add_months(day, 12) == year
        assert (year - day).days in (365, 366) or (day.month, day.day) == (2, 29)
        assert age_on(day, year) == 1 and age_on(day, year - dt.timedelta(days=1)) == 0
        day += dt.timedelta(days=1)


def test_working_days_are_counted_by_the_calendar_given():
    weekdays = lambda d: d.weekday() < 5  # noqa: E731
    assert add_working_days(dt.date(2026, 11, 27), 5, weekdays) == dt.date(2026, 12, 3)  # Fri + 4
    assert add_working_days(dt.date(2026, 11, 28), 1, weekdays) == dt.date(2026, 11, 30)  # from a Saturday


ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = re.compile(r"\bdate\.today\(\)|timezone\.localdate\(|\.replace\(\s*year=|timedelta\(days=36[56]\)")
ALLOWED = {"core/clock.py", "core/periods.py", "core/tests/test_periods.py"}


def test_no_other_clock_and_no_hand_made_periods():
    offenders = []
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith((".venv/", "node_modules/", ".local/")) or "/migrations/" in rel or rel in ALLOWED:
            continue
        text = path.read_text(encoding="utf-8")
        for found in FORBIDDEN.finditer(text):  # across line breaks: a formatter splits calls
            number = text.count("\n", 0, found.start()) + 1
            offenders.append(f"{rel}:{number}: {found.group(0)}")
    assert offenders == [], "use core.clock.today() and core.periods:\n" + "\n".join(offenders)
