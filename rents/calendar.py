"""Rent weeks and rent years.

Rent is charged weekly in advance for the rent week starting Monday. A rent year runs from
the first Monday on or after 1 April to the last Monday on or before 31 March, so it has 52
or 53 rent weeks ("53-week years").
"""

from datetime import date, timedelta


def week_commencing(day: date) -> date:
    return day - timedelta(days=day.weekday())


def rent_year_of(monday: date) -> int:
    """The year in which the rent year holding this Monday began (2026 for 2026/27)."""
    return monday.year if monday >= date(monday.year, 4, 1) else monday.year - 1


def rent_year_mondays(year: int) -> list[date]:
    start = date(year, 4, 1)
    first = start + timedelta(days=(7 - start.weekday()) % 7)
    end = date(year + 1, 3, 31)
    weeks = []
    current = first
    while current <= end:
        weeks.append(current)
        current += timedelta(days=7)
    return weeks


def weeks_between(first: date, last: date) -> list[date]:
    """Mondays from the week of `first` to the week of `last`, inclusive."""
    current, end = week_commencing(first), week_commencing(last)
    weeks = []
    while current <= end:
        weeks.append(current)
        current += timedelta(days=7)
    return weeks
