"""Properties of the clock engine (`core.clocks`): working days around weekends and bank holidays,
Christmas and New Year with their substitute days, and real time across the two clock changes.

The example-based cases are in test_clocks.py; these draw starts from 2024-2032 (and the Christmas
weeks of 2021-2033, to include every weekday Christmas can fall on). Day 0 is the start day; day 1
is the next working day. Nothing here reads the wall clock.
"""

from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import holidays
from hypothesis import given, settings
from hypothesis import strategies as st

from core.clocks import LONDON, Rule, Unit, add_working_days, is_bank_holiday, is_working_day, working_days_between

# Bounded and wall-clock free; no example database, so a run leaves no files in the checkout.
PROPERTY = settings(max_examples=60, deadline=None, database=None)

FIRST, LAST = date(2024, 1, 1), date(2032, 12, 31)
days = st.dates(min_value=FIRST, max_value=LAST)
counts = st.integers(min_value=0, max_value=30)
positive_counts = st.integers(min_value=1, max_value=30)

# Aware starts: London times (including the hour that does not exist in March and the hour that
# happens twice in October, both folds), and the same instants written in other zones.
london_starts = st.datetimes(
    min_value=datetime(2024, 1, 1), max_value=datetime(2032, 12, 31, 23, 59), timezones=st.just(LONDON)
)
other_zones = st.sampled_from([UTC, timezone(timedelta(hours=-5)), timezone(timedelta(hours=9, minutes=30))])
aware_starts = st.one_of(
    london_starts,
    st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2032, 12, 31), timezones=other_zones),
    st.datetimes(
        min_value=datetime(2024, 1, 1),
        max_value=datetime(2032, 12, 31),
        timezones=st.just(ZoneInfo("America/New_York")),
    ),
)


def _last_sunday(year: int, month: int) -> date:
    day = date(year, month, 31)
    return day - timedelta(days=(day.weekday() + 1) % 7)


def clock_changes(year: int) -> tuple[datetime, datetime]:
    """When London's clocks go forward and back: 01:00 UTC on the last Sunday of March and October."""
    return tuple(datetime.combine(_last_sunday(year, month), time(1), tzinfo=UTC) for month in (3, 10))


@st.composite
def near_a_clock_change(draw) -> datetime:
    """An instant from 30 hours before to 6 hours after a clock change, written in London time."""
    change = draw(st.sampled_from(clock_changes(draw(st.integers(2024, 2032)))))
    minutes = draw(st.integers(min_value=-30 * 60, max_value=6 * 60))
    return (change + timedelta(minutes=minutes)).astimezone(LONDON)


@st.composite
def christmas_week_days(draw) -> date:
    """A day from 20 December to 2 January, across Christmases on every day of the week."""
    year = draw(st.integers(min_value=2021, max_value=2032))
    return date(year, 12, 20) + timedelta(days=draw(st.integers(min_value=0, max_value=13)))


def utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def london_day(moment: datetime) -> date:
    return moment.astimezone(LONDON).date()


# ------------------------------------------------------------------ working days


@PROPERTY
@given(start=days, n=positive_counts)
def test_n_working_days_land_on_a_working_day_exactly_n_working_days_later(start, n):
    due = add_working_days(start, n)
    assert due > start
    assert due.weekday() < 5 and not is_bank_holiday(due)
    assert due not in holidays.country_holidays("GB", subdiv="ENG", years=due.year)
    assert working_days_between(start, due) == n
    # ... and it is the first such day: the day before is still n - 1 working days on.
    assert working_days_between(start, due - timedelta(days=1)) == n - 1


@PROPERTY
@given(start=days)
def test_zero_working_days_is_day_zero_itself(start):
    # Day 0 is the day of awareness, whether or not it is a working day.
    assert add_working_days(start, 0) == start
    assert working_days_between(start, start) == 0


@PROPERTY
@given(start=days, n=counts, m=counts)
def test_working_days_are_strictly_monotonic_and_add_up(start, n, m):
    if n < m:
        assert add_working_days(start, n) < add_working_days(start, m)
    assert add_working_days(add_working_days(start, n), m) == add_working_days(start, n + m)


@PROPERTY
@given(first=days, gap=st.integers(min_value=0, max_value=40), n=counts)
def test_a_later_start_never_gives_an_earlier_due_date(first, gap, n):
    assert add_working_days(first, n) <= add_working_days(first + timedelta(days=gap), n)


@PROPERTY
@given(start=days, n=positive_counts)
def test_starting_on_a_weekend_or_holiday_counts_as_from_the_last_working_day_before_it(start, n):
    previous_working_day = start
    while not is_working_day(previous_working_day):
        previous_working_day -= timedelta(days=1)
    assert add_working_days(start, n) == add_working_days(previous_working_day, n)


@PROPERTY
@given(start=days, end=days)
def test_working_days_between_counts_the_working_days_after_start_up_to_end(start, end):
    span = (end - start).days
    expected = sum(is_working_day(start + timedelta(days=i)) for i in range(1, span + 1))
    assert working_days_between(start, end) == expected  # 0 when end <= start
    if end > start:
        # Counting forward again lands on end when end is a working day, else on the one before it.
        back = add_working_days(start, expected)
        assert back <= end and working_days_between(back, end) == 0


@PROPERTY
@given(day=days)
def test_saturdays_and_sundays_are_never_working_days(day):
    if day.weekday() >= 5:
        assert not is_working_day(day)
    else:
        assert is_working_day(day) == (not is_bank_holiday(day))


# ------------------------------------------------------------------ Christmas and New Year


def christmas_closures(year: int) -> set[date]:
    """Christmas Day, Boxing Day and the following New Year's Day, and their substitutes, worked out
    by hand: a holiday at a weekend moves to the next weekday that is not already a holiday."""
    closed: set[date] = set()
    for holiday in (date(year, 12, 25), date(year, 12, 26), date(year + 1, 1, 1)):
        day = holiday
        while day.weekday() >= 5 or day in closed:
            day += timedelta(days=1)
        closed |= {holiday, day}
    return closed


def closed_over_christmas(day: date) -> bool:
    """Weekend or a Christmas/New Year closure; valid from 1 December to the end of January, when
    England has no other bank holiday."""
    year = day.year if day.month == 12 else day.year - 1
    return day.weekday() >= 5 or day in christmas_closures(year)


def test_the_hand_worked_christmas_substitutes_match_the_known_years():
    # Christmas on a Friday, Saturday and Sunday, and New Year on a Saturday and Sunday.
    assert christmas_closures(2026) - {date(2026, 12, 26)} == {date(2026, 12, 25), date(2026, 12, 28), date(2027, 1, 1)}
    assert {date(2027, 12, 27), date(2027, 12, 28), date(2028, 1, 3)} <= christmas_closures(2027)
    assert {date(2022, 12, 26), date(2022, 12, 27), date(2023, 1, 2)} <= christmas_closures(2022)


@settings(max_examples=120, deadline=None, database=None)
@given(start=christmas_week_days(), n=st.integers(min_value=0, max_value=15))
def test_working_days_over_christmas_skip_christmas_boxing_day_new_year_and_substitutes(start, n):
    due = add_working_days(start, n)
    # An independent count: step through the days, skipping weekends and the hand-worked closures.
    expected, left = start, n
    while left:
        expected += timedelta(days=1)
        left -= not closed_over_christmas(expected)
    assert due == expected
    year = start.year if start.month == 12 else start.year - 1
    if n:
        assert due not in christmas_closures(year) and due.weekday() < 5
    for closed in christmas_closures(year):
        assert not is_working_day(closed)


@settings(max_examples=40, deadline=None, database=None)
@given(year=st.integers(min_value=2021, max_value=2032))
def test_christmas_eve_and_new_years_eve_are_working_days_on_a_weekday(year):
    for eve in (date(year, 12, 24), date(year, 12, 31)):
        assert is_working_day(eve) == (eve.weekday() < 5)


# ------------------------------------------------------------------ real time across the clock changes

hours = st.sampled_from([1, 2, 24, 25, 48])


@PROPERTY
@given(start=st.one_of(aware_starts, near_a_clock_change()), n=hours)
def test_hours_are_real_elapsed_time_shown_in_london(start, n):
    due = Rule(n, Unit.HOURS).due(start)
    assert utc(due) - utc(start) == timedelta(hours=n)
    assert due.tzinfo is LONDON
    assert Rule(n * 60, Unit.MINUTES).due(start) == due


@PROPERTY
@given(start=st.one_of(near_a_clock_change(), london_starts))
def test_24_hours_show_as_25_on_the_clock_in_march_and_23_in_october(start):
    # Wall-clock difference, read off the London clock face (dropping the zone).
    due = Rule(24, Unit.HOURS).due(start)
    start_utc = utc(start)
    wall = due.replace(tzinfo=None) - start_utc.astimezone(LONDON).replace(tzinfo=None)
    forward, back = clock_changes(start_utc.year)
    if start_utc < forward <= utc(due):
        assert wall == timedelta(hours=25)
    elif start_utc < back <= utc(due):
        assert wall == timedelta(hours=23)
    else:
        assert wall == timedelta(hours=24)


# ------------------------------------------------------------------ calendar days, weeks and months

calendar_rules = st.builds(
    Rule,
    amount=st.integers(min_value=0, max_value=400),
    unit=st.sampled_from([Unit.CALENDAR_DAYS, Unit.WEEKS, Unit.MONTHS, Unit.WORKING_DAYS]),
)


@PROPERTY
@given(start=st.one_of(aware_starts, near_a_clock_change()), amount=st.integers(min_value=0, max_value=120))
def test_calendar_days_and_weeks_count_from_the_london_date_of_the_instant(start, amount):
    # The documented behaviour: the London date of the start, plus whole days; the clock change does
    # not move the date, and the zone a time is written in does not matter.
    assert Rule(amount, Unit.CALENDAR_DAYS).due(start) == london_day(start) + timedelta(days=amount)
    assert Rule(amount, Unit.WEEKS).due(start) == london_day(start) + timedelta(weeks=amount)
    assert Rule(amount, Unit.CALENDAR_DAYS).due(start) == Rule(amount, Unit.CALENDAR_DAYS).due(utc(start))
    assert Rule(amount, Unit.WEEKS).due(start) == Rule(amount * 7, Unit.CALENDAR_DAYS).due(start)


@PROPERTY
@given(start=st.one_of(aware_starts, near_a_clock_change()), n=st.integers(min_value=0, max_value=15))
def test_working_day_rules_count_from_the_london_date_of_the_instant(start, n):
    assert Rule(n, Unit.WORKING_DAYS).due(start) == add_working_days(london_day(start), n)
    assert Rule(n, Unit.WORKING_DAYS).due(start) == Rule(n, Unit.WORKING_DAYS).due(utc(start))


@PROPERTY
@given(rule=calendar_rules, start=days, gap=st.integers(min_value=0, max_value=400))
def test_day_rules_are_never_before_the_start_and_never_earlier_for_a_later_start(rule, start, gap):
    due = rule.due(start)
    assert due >= start
    if rule.amount:
        assert due > start
    assert rule.due(start + timedelta(days=gap)) >= due


@PROPERTY
@given(unit=st.sampled_from([Unit.CALENDAR_DAYS, Unit.WEEKS, Unit.MONTHS]), start=days, n=counts, m=counts)
def test_longer_calendar_rules_are_never_earlier(unit, start, n, m):
    if n < m:
        assert Rule(n, unit).due(start) < Rule(m, unit).due(start)


@PROPERTY
@given(start=days, n=st.integers(min_value=0, max_value=120))
def test_months_keep_the_day_of_the_month_or_clamp_to_the_months_last_day(start, n):
    due = Rule(n, Unit.MONTHS).due(start)
    assert (due.year * 12 + due.month) - (start.year * 12 + start.month) == n
    next_month = date(due.year + due.month // 12, due.month % 12 + 1, 1)
    last_day = (next_month - timedelta(days=1)).day
    assert due.day == min(start.day, last_day)
