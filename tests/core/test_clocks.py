from datetime import UTC, date, datetime, timedelta
from types import ModuleType

import pytest

from core.clocks import (
    LONDON,
    Rule,
    Unit,
    add_working_days,
    end_of_day,
    is_working_day,
    project_rules,
    rules_of,
    working_days_between,
)


def test_weekends_and_bank_holidays_are_not_working_days():
    assert not is_working_day(date(2026, 12, 25))  # Christmas Day, Friday
    assert not is_working_day(date(2026, 12, 28))  # Boxing Day substitute, Monday
    assert not is_working_day(date(2026, 11, 28))  # Saturday
    assert is_working_day(date(2026, 11, 26))


def test_working_days_skip_christmas_and_the_substitute_day():
    # Thursday 24 Dec 2026 + 1 working day: Fri 25 and Mon 28 are bank holidays -> Tue 29.
    assert add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 29)
    assert add_working_days(date(2026, 12, 24), 5) == date(2027, 1, 5)  # 1 Jan is a holiday


def test_christmas_eve_and_new_years_eve_are_working_days():
    # The standard statutory "working day" excludes only weekends, Christmas Day, Good Friday and
    # bank holidays (repairs/rules.py explains why we use it for SI 2025/1042).
    assert is_working_day(date(2026, 12, 24))
    assert is_working_day(date(2026, 12, 31))
    assert not is_working_day(date(2027, 1, 1))


def test_christmas_at_a_weekend_moves_both_holidays_to_the_next_week():
    # 25 and 26 Dec 2027 are a Saturday and Sunday: the substitute bank holidays are Mon 27 and Tue 28.
    assert not is_working_day(date(2027, 12, 27))
    assert not is_working_day(date(2027, 12, 28))
    assert add_working_days(date(2027, 12, 24), 1) == date(2027, 12, 29)


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


def _elapsed_hours(start: datetime, end: datetime) -> float:
    # Aware datetimes sharing a tzinfo subtract as wall clocks, so compare instants instead.
    return (end.timestamp() - start.timestamp()) / 3600


def test_24_hours_across_the_night_bst_starts_are_24_real_hours():
    # Sunday 29 March 2026: 01:00 GMT becomes 02:00 BST, so that London day has 23 hours.
    start = datetime(2026, 3, 28, 12, 0, tzinfo=LONDON)
    due = Rule(24, Unit.HOURS).due(start)
    assert _elapsed_hours(start, due) == 24
    assert due.tzinfo is LONDON
    assert (due.replace(tzinfo=None), due.tzname()) == (datetime(2026, 3, 29, 13, 0), "BST")


def test_24_hours_across_the_night_bst_ends_are_24_real_hours():
    # Sunday 25 October 2026: 02:00 BST becomes 01:00 GMT, so that London day has 25 hours.
    start = datetime(2026, 10, 24, 12, 0, tzinfo=LONDON)
    due = Rule(24, Unit.HOURS).due(start)
    assert _elapsed_hours(start, due) == 24
    assert (due.replace(tzinfo=None), due.tzname()) == (datetime(2026, 10, 25, 11, 0), "GMT")


def test_hours_jump_the_missing_hour_when_bst_starts():
    # 00:30 GMT plus 1 real hour is 01:30 GMT, which London shows as 02:30 BST.
    start = datetime(2026, 3, 29, 0, 30, tzinfo=LONDON)
    due = Rule(1, Unit.HOURS).due(start)
    assert _elapsed_hours(start, due) == 1
    assert (due.replace(tzinfo=None), due.tzname()) == (datetime(2026, 3, 29, 2, 30), "BST")


def test_hours_tell_apart_the_repeated_hour_when_bst_ends():
    # 00:30 BST plus 1 and plus 2 real hours both show as 01:30, first BST then GMT.
    start = datetime(2026, 10, 25, 0, 30, tzinfo=LONDON)
    first, second = Rule(1, Unit.HOURS).due(start), Rule(2, Unit.HOURS).due(start)
    assert (_elapsed_hours(start, first), _elapsed_hours(start, second)) == (1, 2)
    assert first.replace(tzinfo=None) == second.replace(tzinfo=None) == datetime(2026, 10, 25, 1, 30)
    assert (first.tzname(), second.tzname()) == ("BST", "GMT")
    assert second.astimezone(UTC) == datetime(2026, 10, 25, 1, 30, tzinfo=UTC)


def test_hours_from_a_utc_start_are_shown_in_london_time():
    start = datetime(2026, 3, 28, 23, 0, tzinfo=UTC)
    due = Rule(24, Unit.HOURS).due(start)
    assert due.tzinfo is LONDON
    assert due == datetime(2026, 3, 29, 23, 0, tzinfo=UTC)
    assert (due.hour, due.tzname()) == (0, "BST")  # 00:00 BST on Monday 30 March


def test_hours_refuse_a_naive_start():
    with pytest.raises(ValueError, match="aware"):
        Rule(24, Unit.HOURS).due(datetime(2026, 3, 29, 1, 30))


def test_a_label_names_a_rule_without_changing_it():
    rule = Rule(56, Unit.CALENDAR_DAYS, source="Housing Act 1996 s189B(7)(b)", label="Relief duty")
    assert rule == Rule(56, Unit.CALENDAR_DAYS, source="Housing Act 1996 s189B(7)(b)")
    assert rule.label == "Relief duty"


def test_rules_of_lists_named_rules_including_those_per_stage_and_in_series():
    module = ModuleType("example.rules")
    module.RELIEF_DUTY = Rule(56, Unit.CALENDAR_DAYS, source="Housing Act 1996 s189B(7)(b)")
    module.RESPOND = {1: Rule(10, Unit.WORKING_DAYS, source="Complaint Handling Code 6.3")}
    module.REMINDERS = (Rule(42, Unit.CALENDAR_DAYS, source="Hearth policy"),)
    module.STATEMENT_MONTHS = 3
    module._PRIVATE = Rule(1, Unit.HOURS)
    assert rules_of(module) == {
        "RELIEF_DUTY": module.RELIEF_DUTY,
        "RESPOND[1]": module.RESPOND[1],
        "REMINDERS[0]": module.REMINDERS[0],
    }


def test_every_rule_in_the_project_cites_its_source():
    rules = project_rules()
    assert all(rule.source.strip() for rule in rules.values()), [name for name, r in rules.items() if not r.source]


def test_months_keep_the_day_of_the_month_or_clamp_to_the_month_end():
    assert Rule(3, Unit.MONTHS).due(date(2026, 1, 15)) == date(2026, 4, 15)
    assert Rule(1, Unit.MONTHS).due(date(2026, 1, 31)) == date(2026, 2, 28)
    assert Rule(1, Unit.MONTHS).due(date(2028, 1, 31)) == date(2028, 2, 29)  # a leap year
    assert Rule(6, Unit.MONTHS).due(date(2026, 8, 31)) == date(2027, 2, 28)
    assert Rule(12, Unit.MONTHS).due(date(2028, 2, 29)) == date(2029, 2, 28)
    assert Rule(3, Unit.MONTHS).due(date(2026, 11, 30)) == date(2027, 2, 28)  # across the year end


def test_months_from_a_time_count_from_its_london_date():
    # 23:30 UTC on 31 May is 00:30 BST on 1 June.
    assert Rule(1, Unit.MONTHS).due(datetime(2026, 5, 31, 23, 30, tzinfo=UTC)) == date(2026, 7, 1)


def test_minutes_are_real_minutes_across_the_clock_change():
    # 00:50 GMT on 29 March 2026 plus 15 real minutes is 01:05 GMT, which London shows as 02:05 BST.
    start = datetime(2026, 3, 29, 0, 50, tzinfo=LONDON)
    due = Rule(15, Unit.MINUTES).due(start)
    assert due.astimezone(UTC) - start.astimezone(UTC) == timedelta(minutes=15)
    assert (due.hour, due.minute, due.tzname()) == (2, 5, "BST")
    # 01:50 BST on 25 October plus 15 minutes is 01:05 GMT: the wall clock goes back.
    autumn = Rule(15, Unit.MINUTES).due(datetime(2026, 10, 25, 0, 50, tzinfo=UTC))
    assert (autumn.hour, autumn.minute, autumn.tzname()) == (1, 5, "GMT")


def test_minutes_need_an_aware_start_time():
    with pytest.raises(ValueError, match="aware"):
        Rule(5, Unit.MINUTES).due(datetime(2026, 3, 29, 1, 30))
    with pytest.raises(TypeError):
        Rule(5, Unit.MINUTES).due(date(2026, 3, 29))


def test_only_rules_of_a_fixed_length_give_days_or_a_timedelta():
    assert (Rule(56, Unit.CALENDAR_DAYS).days, Rule(8, Unit.WEEKS).days) == (56, 56)
    assert Rule(2, Unit.CALENDAR_DAYS).as_timedelta() == timedelta(days=2)
    assert Rule(6, Unit.WEEKS).as_timedelta() == timedelta(weeks=6)
    assert Rule(24, Unit.HOURS).as_timedelta() == timedelta(hours=24)
    assert Rule(15, Unit.MINUTES).as_timedelta() == timedelta(minutes=15)
    for rule in (Rule(5, Unit.WORKING_DAYS), Rule(3, Unit.MONTHS)):
        with pytest.raises(ValueError, match="fixed length"):
            rule.as_timedelta()
        with pytest.raises(ValueError, match="fixed length"):
            _ = rule.days
    with pytest.raises(ValueError, match="fixed length"):
        _ = Rule(24, Unit.HOURS).days


def test_the_end_of_a_day_is_its_last_instant_in_london_in_summer_and_winter():
    assert end_of_day(date(2026, 12, 3)).astimezone(UTC) == datetime(2026, 12, 3, 23, 59, 59, 999999, tzinfo=UTC)
    assert end_of_day(date(2026, 7, 1)).astimezone(UTC) == datetime(2026, 7, 1, 22, 59, 59, 999999, tzinfo=UTC)
    assert end_of_day(date(2026, 7, 1)) + timedelta(microseconds=1) == datetime(2026, 7, 2, tzinfo=LONDON)
