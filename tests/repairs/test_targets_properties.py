"""Properties of repair targets (`RepairPriority.target_for`) and the Awaab's Law hazard clocks
(`repairs.services.hazards.clock_due`): across weekends, Christmas and New Year with their substitute
bank holidays, and the two clock changes. Example-based cases are in test_repairs_services.py and
test_hazards_services.py; the clock engine's own properties are in tests/core/test_clocks_properties.py.

Day 0 is the day of report or awareness in London; a day target runs to the end of its due day in
London, an hours target is real elapsed time. Nothing here reads the wall clock: the two tests that
go through the services travel to a fixed time after every start they draw.
"""

from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.clocks import LONDON, Unit, is_working_day, working_days_between
from repairs import rules
from repairs.models import Hazard, HazardClock, Repair, RepairPriority
from repairs.services import hazards
from repairs.services import repairs as repair_services
from tests.accounts.factories import UserFactory
from tests.core.test_clocks_properties import christmas_closures
from tests.repairs.factories import priority
from tests.tenancies.factories import UnitFactory

PROPERTY = settings(max_examples=60, deadline=None, database=None)
# Each example writes rows, so fewer of them; all examples share the test's transaction.
DB_PROPERTY = settings(
    max_examples=15, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
AFTER_EVERYTHING = datetime(2033, 6, 1, 12, 0, tzinfo=UTC)

Step = HazardClock.Step
WORKING_DAY_CLOCKS = {
    name: getattr(rules, name)
    for name in ("AWAAB_INVESTIGATE", "AWAAB_WRITTEN_SUMMARY", "AWAAB_SAFETY_WORK", "AWAAB_SUPPLEMENTARY_BEGIN")
}


def _last_sunday(year: int, month: int) -> date:
    day = date(year, month, 31)
    return day - timedelta(days=(day.weekday() + 1) % 7)


@st.composite
def near_a_clock_change(draw) -> datetime:
    """Up to 30 hours either side of 01:00 UTC on the last Sunday of March or October, in London time."""
    year, month = draw(st.integers(2024, 2032)), draw(st.sampled_from([3, 10]))
    change = datetime.combine(_last_sunday(year, month), time(1), tzinfo=UTC)
    return (change + timedelta(minutes=draw(st.integers(-30 * 60, 30 * 60)))).astimezone(LONDON)


@st.composite
def over_christmas(draw) -> datetime:
    """A London time from 20 December to 2 January, 2021-2032: Christmas on every day of the week."""
    day = date(draw(st.integers(2021, 2032)), 12, 20) + timedelta(days=draw(st.integers(0, 13)))
    minute = draw(st.integers(0, 24 * 60 - 1))
    return datetime.combine(day, time(minute // 60, minute % 60), tzinfo=LONDON)


starts = st.one_of(
    st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2032, 12, 31), timezones=st.just(LONDON)),
    st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2032, 12, 31), timezones=st.just(UTC)),
    near_a_clock_change(),
    over_christmas(),
)
admin_priorities = st.builds(
    lambda amount, unit: RepairPriority(code="p", name="P", target_amount=amount, target_unit=unit),
    amount=st.integers(min_value=1, max_value=120),
    unit=st.sampled_from(RepairPriority.TargetUnit.values),
)


def utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def london(moment: datetime) -> datetime:
    return moment.astimezone(LONDON)


# ------------------------------------------------------------------ repair targets


@PROPERTY
@given(reported_at=starts, priority=admin_priorities)
def test_a_repair_target_follows_its_priority_unit(reported_at, priority):
    target = priority.target_for(reported_at)
    amount, day0 = priority.target_amount, london(reported_at).date()
    assert target.utcoffset() is not None and utc(target) > utc(reported_at)
    if priority.target_unit == Unit.HOURS:
        assert utc(target) - utc(reported_at) == timedelta(hours=amount)
        return
    # A day target is the last instant of its due day on the London clock, whatever the season.
    local = london(target)
    assert local.time() == time.max
    if priority.target_unit == Unit.CALENDAR_DAYS:
        assert local.date() == day0 + timedelta(days=amount)
    else:
        assert is_working_day(local.date())
        assert working_days_between(day0, local.date()) == amount


@PROPERTY
@given(first=starts, gap=st.integers(min_value=0, max_value=10 * 24 * 60), priority=admin_priorities)
def test_a_later_report_never_has_an_earlier_target(first, gap, priority):
    # Added in UTC: adding to a London time moves its wall clock and drops the fold of the repeated hour.
    later = (utc(first) + timedelta(minutes=gap)).astimezone(first.tzinfo)
    assert utc(priority.target_for(later)) >= utc(priority.target_for(first))


def default_priority(code: str) -> RepairPriority:
    rule = rules.REPAIR_TARGETS[code]
    return RepairPriority(code=code, name=code, target_amount=rule.amount, target_unit=rule.unit.value)


@PROPERTY
@given(reported_at=starts)
def test_the_default_priorities_are_due_in_order_and_the_emergency_one_in_24_real_hours(reported_at):
    targets = [utc(default_priority(code).target_for(reported_at)) for code in rules.REPAIR_TARGETS]
    assert targets == sorted(targets) and len(set(targets)) == len(targets)
    assert targets[0] - utc(reported_at) == timedelta(hours=24)


# ------------------------------------------------------------------ Awaab's Law clocks


@PROPERTY
@given(aware_at=starts, name=st.sampled_from(sorted(WORKING_DAY_CLOCKS)))
def test_a_working_day_hazard_clock_ends_at_the_end_of_a_working_day_in_london(aware_at, name):
    rule = WORKING_DAY_CLOCKS[name]
    due = london(hazards.clock_due(rule, aware_at))
    assert due.time() == time.max and utc(due) > utc(aware_at)
    assert is_working_day(due.date()) and due.date().weekday() < 5
    assert working_days_between(london(aware_at).date(), due.date()) == rule.amount


@PROPERTY
@given(aware_at=over_christmas(), name=st.sampled_from(sorted(WORKING_DAY_CLOCKS)))
def test_hazard_clocks_over_christmas_never_end_on_christmas_boxing_day_new_year_or_a_substitute(aware_at, name):
    due = london(hazards.clock_due(WORKING_DAY_CLOCKS[name], aware_at)).date()
    year = aware_at.year if aware_at.month == 12 else aware_at.year - 1
    assert due not in christmas_closures(year) | christmas_closures(year - 1)
    assert due.weekday() < 5
    # Only weekends and those closures are skipped between day 0 and the due day.
    day, skipped = aware_at.date(), 0
    while day < due:
        day += timedelta(days=1)
        skipped += day.weekday() >= 5 or day in christmas_closures(year)
    assert (due - aware_at.date()).days - skipped == WORKING_DAY_CLOCKS[name].amount


@PROPERTY
@given(aware_at=starts, other_minute=st.integers(min_value=0, max_value=24 * 60 - 1))
def test_a_working_day_clock_depends_only_on_the_london_day_of_awareness(aware_at, other_minute):
    # Any other time on the same London day (the day may have 23 or 25 hours) gives the same clock.
    day = london(aware_at).date()
    other = datetime.combine(day, time(other_minute // 60, other_minute % 60), tzinfo=LONDON)
    rule = rules.AWAAB_INVESTIGATE
    assert hazards.clock_due(rule, other) == hazards.clock_due(rule, aware_at)


@PROPERTY
@given(aware_at=starts)
def test_the_hazard_clocks_from_one_start_come_in_order(aware_at):
    def due(rule):
        return utc(hazards.clock_due(rule, aware_at))

    emergency = due(rules.AWAAB_EMERGENCY_ACTION)
    assert emergency - utc(aware_at) == timedelta(hours=24) and london(emergency).tzinfo is LONDON
    # Working-day clocks end in the order of their lengths, and clocks of one length end together.
    for shorter in WORKING_DAY_CLOCKS.values():
        for longer in WORKING_DAY_CLOCKS.values():
            if shorter.amount < longer.amount:
                assert due(shorter) < due(longer)
            elif shorter.amount == longer.amount:
                assert due(shorter) == due(longer)
    twelve_weeks = london(due(rules.AWAAB_SUPPLEMENTARY_START))
    assert twelve_weeks.date() == london(aware_at).date() + timedelta(weeks=12) and twelve_weeks.time() == time.max
    assert due(rules.AWAAB_SUPPLEMENTARY_BEGIN) < twelve_weeks


# ------------------------------------------------------------------ through the services and the database

database_starts = st.one_of(near_a_clock_change(), over_christmas())


def report(category: str, description: str, priority: RepairPriority, reported_at: datetime) -> Repair:
    """A repair reported by phone through the service, for a new unit."""
    unit = UnitFactory()
    return repair_services.repair_report(
        scheme=unit.property.scheme,
        unit=unit,
        category=category,
        description=description,
        priority=priority,
        reported_at=reported_at,
        reported_by_kind=Repair.ReportedBy.RESIDENT,
        channel=Repair.Channel.PHONE,
        by=None,
    )


@pytest.mark.django_db
@DB_PROPERTY
@given(reported_at=database_starts, code=st.sampled_from(sorted(rules.REPAIR_TARGETS)))
def test_a_reported_repair_stores_the_target_its_priority_gives(reported_at, code):
    with time_machine.travel(AFTER_EVERYTHING, tick=False):
        repair = report(Repair.Category.PLUMBING, "The kitchen tap drips all the time.", priority(code), reported_at)
    stored = Repair.objects.get(pk=repair.pk).target_due_at
    assert utc(stored) == utc(default_priority(code).target_for(reported_at))


@pytest.mark.django_db
@DB_PROPERTY
@given(aware_at=database_starts, kind=st.sampled_from(Hazard.Kind.values))
def test_a_triaged_hazard_stores_its_first_clock_as_the_rules_give_it(aware_at, kind):
    with time_machine.travel(AFTER_EVERYTHING, tick=False):
        repair = report(Repair.Category.DAMP_MOULD, "Black mould on the bedroom wall.", priority("urgent"), aware_at)
        hazard = hazards.hazard_triage(repair=repair, kind=kind, by=UserFactory())
    clock = HazardClock.objects.get(hazard=hazard)
    assert utc(clock.started_at) == utc(aware_at)
    if kind == Hazard.Kind.EMERGENCY:
        assert clock.step == Step.EMERGENCY_ACTION
        assert utc(clock.due_at) - utc(aware_at) == timedelta(hours=24)
    else:
        assert clock.step == Step.INVESTIGATE
        due = london(clock.due_at)
        assert due.time() == time.max and is_working_day(due.date())
        assert working_days_between(london(aware_at).date(), due.date()) == rules.AWAAB_INVESTIGATE.amount
