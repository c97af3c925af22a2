"""One clock engine for every statutory and policy deadline.

A deadline is a start plus a `Rule`. Rules count calendar days, working days (Monday to
Friday except bank holidays in England and Wales), hours or weeks. Statutory clocks (56-day
duties, s202 reviews, the Complaint Handling Code, repair targets) are data on top of this.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from functools import cache
from zoneinfo import ZoneInfo

import holidays

LONDON = ZoneInfo("Europe/London")


@cache
def _bank_holidays(year: int) -> frozenset[date]:
    # England and Wales share bank holidays; the `holidays` package tracks one-off ones too.
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def is_bank_holiday(day: date) -> bool:
    return day in _bank_holidays(day.year)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and not is_bank_holiday(day)


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start` (the start day itself never counts)."""
    if days < 0:
        raise ValueError("days must not be negative")
    current = start
    remaining = days
    while remaining:
        current += timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    count, current = 0, start
    while current < end:
        current += timedelta(days=1)
        count += is_working_day(current)
    return count


class Unit(StrEnum):
    CALENDAR_DAYS = "calendar_days"
    WORKING_DAYS = "working_days"
    HOURS = "hours"
    WEEKS = "weeks"


@dataclass(frozen=True)
class Rule:
    amount: int
    unit: Unit
    source: str = ""

    def __str__(self):
        label = self.unit.value.replace("_", " ")
        return f"{self.amount} {label}" + (f" ({self.source})" if self.source else "")

    def due(self, start: date | datetime) -> date | datetime:
        """When a clock started at `start` runs out under this rule."""
        if self.unit is Unit.HOURS:
            if not isinstance(start, datetime):
                raise TypeError("An hours rule needs a start time, not a date")
            return start + timedelta(hours=self.amount)
        start_day = start.astimezone(LONDON).date() if isinstance(start, datetime) else start
        if self.unit is Unit.CALENDAR_DAYS:
            return start_day + timedelta(days=self.amount)
        if self.unit is Unit.WEEKS:
            return start_day + timedelta(weeks=self.amount)
        return add_working_days(start_day, self.amount)


def days_left(due: date, today: date) -> int:
    """Calendar days from today to the due date; negative when overdue."""
    return (due - today).days
