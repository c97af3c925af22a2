"""One clock engine for every statutory and policy deadline.

A deadline is a start plus a `Rule`. Rules count calendar days, working days (Monday to
Friday except bank holidays in England and Wales), weeks, calendar months, hours or minutes. Statutory clocks (56-day
duties, s202 reviews, the Complaint Handling Code, repair targets) are data on top of this:
each app's `rules.py` names its rules as module constants (`PREVENTION_DUTY = Rule(56,
CALENDAR_DAYS, source="Housing Act 1996 s195(8)(b)")`), and `project_rules()` lists them all.
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from functools import cache
from importlib import import_module
from types import ModuleType
from zoneinfo import ZoneInfo

import holidays
from dateutil.relativedelta import relativedelta
from django.apps import apps
from django.utils.module_loading import module_has_submodule

LONDON = ZoneInfo("Europe/London")


@cache
def _bank_holidays(year: int) -> frozenset[date]:
    # England and Wales share bank holidays; the `holidays` package tracks one-off ones too.
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def end_of_day(day: date) -> datetime:
    """The last instant of `day` in London: a deadline "by" a day is met at any moment of that day."""
    return datetime.combine(day, time.max, tzinfo=LONDON)


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
    MONTHS = "months"
    MINUTES = "minutes"


_ELAPSED = {Unit.HOURS: timedelta(hours=1), Unit.MINUTES: timedelta(minutes=1)}
_FIXED_DAYS = {Unit.CALENDAR_DAYS: 1, Unit.WEEKS: 7}


@dataclass(frozen=True)
class Rule:
    """A period, and the statute section or policy it comes from.

    `label` is an optional plain-English name for screens and lists ("Relief duty"); it does
    not change what the rule is, so two rules that count the same way are equal without it.
    """

    amount: int
    unit: Unit
    source: str = ""
    label: str = field(default="", compare=False)

    def __str__(self):
        label = self.unit.value.replace("_", " ")
        return f"{self.amount} {label}" + (f" ({self.source})" if self.source else "")

    def due(self, start: date | datetime) -> date | datetime:
        """When a clock started at `start` runs out under this rule."""
        if self.unit in _ELAPSED:
            return _add_real_time(start, self.amount * _ELAPSED[self.unit], self.unit)
        start_day = start.astimezone(LONDON).date() if isinstance(start, datetime) else start
        if self.unit in _FIXED_DAYS:
            return start_day + timedelta(days=self.days)
        if self.unit is Unit.MONTHS:
            # The same day of the month, or the month's last day when it is shorter (31 Jan -> 28/29 Feb).
            return start_day + relativedelta(months=self.amount)
        return add_working_days(start_day, self.amount)

    @property
    def days(self) -> int:
        """A calendar-day or week rule in days, for query bounds (`started_on__lte=today - days`)."""
        if self.unit not in _FIXED_DAYS:
            raise ValueError(f"{self} does not have a fixed length in days")
        return self.amount * _FIXED_DAYS[self.unit]

    def as_timedelta(self) -> timedelta:
        """The rule as a fixed length, for query bounds on times; working days and months have none."""
        if self.unit in _ELAPSED:
            return self.amount * _ELAPSED[self.unit]
        return timedelta(days=self.days)


def _add_real_time(start: datetime, period: timedelta, unit: Unit) -> datetime:
    """`period` of elapsed time, shown in London time.

    Counted in UTC: adding a timedelta to a London time moves the wall clock, so across the
    night the clocks change it would give 23 or 25 real hours instead of 24. A naive start
    is refused, since on those nights a London wall-clock time can mean two instants or none.
    """
    if not isinstance(start, datetime):
        raise TypeError(f"A rule in {unit.value} needs a start time, not a date")
    if start.tzinfo is None or start.utcoffset() is None:
        raise ValueError(f"A rule in {unit.value} needs an aware start time (say which time zone it is in)")
    return (start.astimezone(UTC) + period).astimezone(LONDON)


def rules_of(module: ModuleType) -> dict[str, Rule]:
    """The rules a `rules.py` names, keyed by constant: `RELIEF_DUTY`, `COMPLAINT_RESPOND[2]`.

    Rules kept in a dict or tuple (one per stage, a series of reminders) are listed one by one.
    """
    found = {}
    for name, value in vars(module).items():
        if name.startswith("_") or not name.isupper():
            continue
        if isinstance(value, Rule):
            found[name] = value
        elif isinstance(value, dict | tuple | list):
            items = value.items() if isinstance(value, dict) else enumerate(value)
            found.update({f"{name}[{key!r}]": rule for key, rule in items if isinstance(rule, Rule)})
    return found


def project_rules() -> dict[str, Rule]:
    """Every named rule of every installed app, keyed `app_label.CONSTANT`, for a newcomer or a test."""
    found = {}
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, "rules"):
            module = import_module(f"{config.name}.rules")
            found.update({f"{config.label}.{name}": rule for name, rule in rules_of(module).items()})
    return found


def days_left(due: date, today: date) -> int:
    """Calendar days from today to the due date; negative when overdue."""
    return (due - today).days
