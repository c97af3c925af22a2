"""What each rent week costs an account: pure functions over charge lines and the rent calendar.

Rent is charged weekly in advance for the rent week starting Monday. A rent year runs from
the first Monday on or after 1 April to the last Monday on or before 31 March, so it has 52
or 53 rent weeks ("53-week years").
"""

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

PENNY = Decimal("0.01")


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
    if current == end:
        return [current]  # the weekly run's usual case
    weeks = []
    while current <= end:
        weeks.append(current)
        current += timedelta(days=7)
    return weeks


def pennies(value: Decimal) -> Decimal:
    return value.quantize(PENNY, rounding=ROUND_HALF_UP)


class Line(NamedTuple):
    """Named tuples, not dataclasses: the charge run makes one per charge line of every account
    (hundreds of thousands a week), and a tuple is several times cheaper to build."""

    kind: str
    weekly_amount: Decimal
    effective_from: date


class AccountTerms(NamedTuple):
    """What the charge run needs to know about one account."""

    account_id: int
    charging_from: date
    charging_until: date | None
    lines: tuple[Line, ...]
    rent_free: frozenset[date] = frozenset()


def weekly_rate(lines: Iterable[Line], monday: date) -> Decimal:
    """The sum over kinds of the latest line in effect in the week of `monday`."""
    current: dict[str, Line] = {}
    week_end = monday + timedelta(days=6)
    for line in lines:
        if line.effective_from <= week_end:
            best = current.get(line.kind)
            if best is None or line.effective_from > best.effective_from:
                current[line.kind] = line
    return sum((line.weekly_amount for line in current.values()), Decimal("0.00"))


def charge_for_week(terms: AccountTerms, monday: date) -> Decimal | None:
    """The charge for one rent week, or None when nothing is due that week.

    With rent-free weeks, the year's charge (the weekly rate for every week of the rent year)
    is spread over the charged weeks; the last charged week takes the rounding remainder so
    the year adds up to the penny. Part weeks at the start and end are charged by the day.
    """
    if monday in terms.rent_free:
        return None
    week_end = monday + timedelta(days=6)
    first = max(monday, terms.charging_from)
    last = min(week_end, terms.charging_until) if terms.charging_until else week_end
    days = (last - first).days + 1
    if days <= 0:
        return None
    rate = weekly_rate(terms.lines, monday)
    if terms.rent_free:
        rate = _spread_rate(rate, monday, terms.rent_free)
    amount = rate if days == 7 else pennies(rate * days / 7)
    return amount if amount else None


def _spread_rate(rate: Decimal, monday: date, rent_free: frozenset[date]) -> Decimal:
    year = rent_year_mondays(rent_year_of(monday))
    charged = [week for week in year if week not in rent_free]
    if not charged:
        return Decimal("0.00")
    annual = rate * len(year)
    per_week = pennies(annual / len(charged))
    if monday == charged[-1]:
        return annual - per_week * (len(charged) - 1)
    return per_week


def has_53_weeks(monday: date) -> bool:
    """Universal Credit pays housing costs for 52 weeks a year; Housing Benefit pays every rent week."""
    return len(rent_year_mondays(rent_year_of(monday))) == 53
