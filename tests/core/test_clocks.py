from datetime import UTC, date, datetime

import pytest

from core.clocks import LONDON, Rule, Unit, add_working_days, is_working_day, working_days_between


def test_weekends_and_bank_holidays_are_not_working_days():
    assert not is_working_day(date(2026, 12, 25))  # Christmas Day, Friday
    assert not is_working_day(date(2026, 12, 28))  # Boxing Day substitute, Monday
    assert not is_working_day(date(2026, 11, 28))  # Saturday
    assert is_working_day(date(2026, 11, 26))


def test_working_days_skip_christmas_and_the_substitute_day():
    # Thursday 24 Dec 2026 + 1 working day: Fri 25 and Mon 28 are bank holidays -> Tue 29.
    assert add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 29)
    assert add_working_days(date(2026, 12, 24), 5) == date(2027, 1, 5)  # 1 Jan is a holiday


def test_working_days_skip_easter():
    # Thursday 2 April 2026: Good Friday 3rd and Easter Monday 6th are bank holidays.
    assert add_working_days(date(2026, 4, 2), 1) == date(2026, 4, 7)


def test_zero_working_days_is_the_start_and_negative_is_refused():
    assert add_working_days(date(2026, 11, 26), 0) == date(2026, 11, 26)
    with pytest.raises(ValueError):
        add_working_days(date(2026, 11, 26), -1)


def test_working_days_between_counts_after_start_up_to_end():
    assert working_days_between(date(2026, 11, 23), date(2026, 11, 30)) == 5
    assert working_days_between(date(2026, 11, 30), date(2026, 11, 23)) == 0


def test_rules():
    assert Rule(56, Unit.CALENDAR_DAYS).due(date(2026, 1, 1)) == date(2026, 2, 26)
    assert Rule(10, Unit.WORKING_DAYS).due(date(2026, 11, 26)) == date(2026, 12, 10)
    assert Rule(6, Unit.WEEKS).due(date(2026, 1, 1)) == date(2026, 2, 12)
    start = datetime(2026, 11, 26, 23, 30, tzinfo=LONDON)
    assert Rule(24, Unit.HOURS).due(start) == datetime(2026, 11, 27, 23, 30, tzinfo=LONDON)
    with pytest.raises(TypeError):
        Rule(24, Unit.HOURS).due(date(2026, 11, 26))


def test_day_rules_use_the_london_date_of_a_timestamp():
    # 00:30 BST on 1 June is still 31 May in UTC; the London date is what counts.
    start = datetime(2026, 5, 31, 23, 30, tzinfo=UTC)
    assert Rule(1, Unit.CALENDAR_DAYS).due(start) == date(2026, 6, 2)


def test_rule_describes_itself():
    assert str(Rule(5, Unit.WORKING_DAYS, "Complaint Handling Code 4.1")) == (
        "5 working days (Complaint Handling Code 4.1)"
    )
