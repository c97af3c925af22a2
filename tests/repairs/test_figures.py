"""Repairs figures with numbers worked out by hand. Periods are London dates, both days included."""

import datetime
from decimal import Decimal

import pytest

from repairs import figures
from repairs.models import HazardClock, Repair, RepairsBudget, Void
from tests.repairs.factories import (
    CompletedRepairFactory,
    HazardFactory,
    RepairFactory,
    RepairsBudgetFactory,
    VoidFactory,
    at,
    priority,
)

pytestmark = pytest.mark.django_db
D = Decimal
Step = HazardClock.Step

# April 2026 is in British Summer Time (from 29 March): London midnight is 23:00 UTC the day before.
APRIL = (datetime.date(2026, 4, 1), datetime.date(2026, 4, 30))


def completed(completed_at, *, code="routine", within=True, reported_at=None, **kwargs):
    return CompletedRepairFactory(
        priority=priority(code),
        reported_at=reported_at or completed_at - datetime.timedelta(hours=2),
        completed_at=completed_at,
        completed_within_target=within,
        **kwargs,
    )


# RP02 ------------------------------------------------------------------------------------------


def test_rp02_counts_by_london_completion_date_emergency_and_not_apart(django_assert_num_queries):
    first_minutes = completed(at(datetime.date(2026, 4, 1), datetime.time(0, 30)))
    assert first_minutes.completed_at.astimezone(datetime.UTC) == datetime.datetime(
        2026, 3, 31, 23, 30, tzinfo=datetime.UTC
    )
    completed(at(datetime.date(2026, 4, 30), datetime.time(23, 59)), within=False)
    completed(at(datetime.date(2026, 4, 15)), code="urgent")
    completed(at(datetime.date(2026, 3, 31), datetime.time(23, 30)))  # March in London
    completed(at(datetime.date(2026, 5, 1), datetime.time(0, 0)))  # May
    completed(at(datetime.date(2026, 4, 2)), code="emergency")
    completed(at(datetime.date(2026, 4, 3)), code="emergency", within=False)
    completed(at(datetime.date(2026, 4, 4)), code="emergency", within=False)
    RepairFactory(priority=priority("emergency"), reported_at=at(datetime.date(2026, 4, 10)))  # still open

    with django_assert_num_queries(1):
        rp02 = figures.repairs_within_target(None, *APRIL)

    assert rp02.non_emergency == figures.WithinTarget(completed=3, within_target=2)
    assert rp02.non_emergency.percentage == D("66.7")
    assert rp02.emergency == figures.WithinTarget(completed=3, within_target=1)
    assert rp02.emergency.percentage == D("33.3")


def test_rp02_goes_by_the_priority_the_target_was_set_from():
    repair = completed(at(datetime.date(2026, 4, 2)), code="routine")
    repair.priority = priority("emergency")  # changed later: the target and RP02 stay as reported
    repair.save()
    rp02 = figures.repairs_within_target(Repair.objects.all(), *APRIL)
    assert (rp02.emergency.completed, rp02.non_emergency.completed) == (0, 1)


def test_rp02_with_nothing_completed_has_no_percentage():
    RepairFactory(reported_at=at(datetime.date(2026, 4, 10)))
    rp02 = figures.repairs_within_target(None, *APRIL)
    assert rp02.emergency == rp02.non_emergency == figures.WithinTarget(completed=0, within_target=0)
    assert rp02.emergency.percentage is None and rp02.non_emergency.percentage is None


def test_rp02_for_some_schemes_only():
    mine = completed(at(datetime.date(2026, 4, 2)))
    completed(at(datetime.date(2026, 4, 2)), within=False)
    rp02 = figures.repairs_within_target(Repair.objects.filter(scheme=mine.scheme), *APRIL)
    assert rp02.non_emergency == figures.WithinTarget(completed=1, within_target=1)
    assert rp02.non_emergency.percentage == D("100.0")


# Times to complete and recalls ---------------------------------------------------------------


def test_average_days_to_complete_and_recall_share(django_assert_num_queries):
    # Completed in April: 1 day 12 hours and 3 days (reported in March), averaging 2.25 days.
    april_2 = at(datetime.date(2026, 4, 2))
    first = completed(april_2 + datetime.timedelta(days=1, hours=12), reported_at=april_2)
    completed(at(datetime.date(2026, 4, 2)), reported_at=at(datetime.date(2026, 3, 30)))
    # Completed in May: counted as reported in April, not as completed.
    completed(at(datetime.date(2026, 5, 3)), reported_at=at(datetime.date(2026, 4, 29)))
    # Reported in April (first London minutes), open, a recall of the first.
    RepairFactory(reported_at=at(datetime.date(2026, 4, 1), datetime.time(0, 30)), recall_of=first)
    # A cancelled recall is no repair; a recall reported in May is May's.
    RepairFactory(reported_at=at(datetime.date(2026, 4, 20)), recall_of=first, status=Repair.Status.CANCELLED)
    RepairFactory(reported_at=at(datetime.date(2026, 5, 1), datetime.time(0, 30)), recall_of=first)

    with django_assert_num_queries(1):
        times = figures.repair_times(None, *APRIL)

    assert (times.completed, times.average_days) == (2, D("2.3"))
    assert (times.reported, times.recalls) == (3, 1)  # first, the May completion, the recall
    assert times.recall_share == D("33.3")


def test_repair_times_with_nothing_in_the_period():
    times = figures.repair_times(Repair.objects.all(), *APRIL)
    assert (times.completed, times.average_days, times.reported, times.recalls) == (0, None, 0, 0)
    assert times.recall_share is None


# Awaab's Law clocks --------------------------------------------------------------------------

NOW = at(datetime.date(2026, 4, 20))


def clock(step, due_at, *, met_at=None, stopped_at=None):
    return HazardClock.objects.create(
        hazard=HazardFactory(),
        step=step,
        started_at=due_at - datetime.timedelta(days=10),
        due_at=due_at,
        rule_name="AWAAB_INVESTIGATE",
        met_at=met_at,
        stopped_at=stopped_at,
    )


def test_hazard_clocks_due_in_the_period_met_or_missed_by_step(django_assert_num_queries):
    hour = datetime.timedelta(hours=1)
    due = at(datetime.date(2026, 4, 10))
    clock(Step.INVESTIGATE, due, met_at=due)  # met on the minute
    clock(Step.INVESTIGATE, due, met_at=due - hour)
    clock(Step.INVESTIGATE, due, met_at=due + hour)  # late
    clock(Step.INVESTIGATE, due)  # still running, past due
    clock(Step.INVESTIGATE, due, stopped_at=due - hour)  # no longer applies
    clock(Step.INVESTIGATE, at(datetime.date(2026, 4, 25)))  # running, not yet due
    first_minutes = at(datetime.date(2026, 4, 1), datetime.time(0, 30))  # 23:30 UTC on 31 March
    clock(Step.WRITTEN_SUMMARY, first_minutes, met_at=first_minutes - hour)
    clock(Step.WRITTEN_SUMMARY, at(datetime.date(2026, 3, 31), datetime.time(23, 30)))  # March
    clock(Step.WRITTEN_SUMMARY, at(datetime.date(2026, 5, 1), datetime.time(0, 0)))  # May

    with django_assert_num_queries(1):
        result = figures.hazard_clocks_met(None, *APRIL, at=NOW)

    investigate = result.step(Step.INVESTIGATE)
    assert (investigate.due, investigate.met, investigate.met_late, investigate.overdue) == (6, 2, 1, 1)
    assert (investigate.stopped, investigate.running, investigate.missed) == (1, 1, 2)
    assert investigate.percentage == D("50.0")
    summary = result.step(Step.WRITTEN_SUMMARY)
    assert (summary.due, summary.met, summary.missed, summary.percentage) == (1, 1, 0, D("100.0"))
    assert [row.step for row in result.by_step] == list(Step.values)
    assert result.step(Step.SAFETY_WORK).due == 0 and result.step(Step.SAFETY_WORK).percentage is None
    assert (result.total.due, result.total.met, result.total.missed) == (7, 3, 2)
    assert result.total.percentage == D("60.0") and result.total.label == "All steps"


def test_a_running_clock_is_missed_only_once_past_due():
    due = at(datetime.date(2026, 4, 10))
    clock(Step.INVESTIGATE, due)
    before = figures.hazard_clocks_met(HazardClock.objects.all(), *APRIL, at=due - datetime.timedelta(minutes=1))
    after = figures.hazard_clocks_met(HazardClock.objects.all(), *APRIL, at=due + datetime.timedelta(minutes=1))
    assert (before.total.overdue, before.total.running) == (0, 1)
    assert (after.total.overdue, after.total.running) == (1, 0)


# Voids ---------------------------------------------------------------------------------------

NOVEMBER = (datetime.date(2026, 11, 1), datetime.date(2026, 11, 30))
TODAY = datetime.date(2026, 12, 3)
WEEKLY = D("210.00")  # £30 a day


def void(started_on, let_on=None, *, kind=Void.Kind.STANDARD, weekly_charge=WEEKLY, **kwargs):
    return VoidFactory(started_on=started_on, let_on=let_on, kind=kind, weekly_charge=weekly_charge, **kwargs)


def test_void_turnaround_by_kind(django_assert_num_queries):
    void(datetime.date(2026, 10, 25), datetime.date(2026, 11, 8))  # 14 days
    void(datetime.date(2026, 11, 2), datetime.date(2026, 11, 23))  # 21 days
    void(datetime.date(2026, 9, 1), datetime.date(2026, 11, 30), kind=Void.Kind.MAJOR_WORKS)  # 90 days
    void(datetime.date(2026, 10, 1), datetime.date(2026, 10, 31))  # let in October
    void(datetime.date(2026, 11, 20), datetime.date(2026, 12, 1))  # let in December
    void(datetime.date(2026, 11, 20))  # still open

    with django_assert_num_queries(2):
        result = figures.void_turnaround(None, *NOVEMBER, today=TODAY)

    assert result.standard == figures.Turnaround(let=2, average_days=D("17.5"))
    assert result.major_works == figures.Turnaround(let=1, average_days=D("90.0"))
    assert result.all == figures.Turnaround(let=3, average_days=D("41.7"))
    assert result.loss == figures.void_loss(None, *NOVEMBER, today=TODAY)


def test_void_turnaround_with_nothing_let():
    void(datetime.date(2026, 11, 20))
    result = figures.void_turnaround(Void.objects.all(), *NOVEMBER, today=TODAY)
    assert result.standard == result.major_works == result.all == figures.Turnaround(let=0, average_days=None)
    assert result.loss == D("330.00")  # 20 to 30 November: 11 days at £30 a day


def test_void_loss_is_pro_rata_for_the_days_void_within_the_period(django_assert_num_queries):
    # Let on 8 November: void 1 to 7 November in the period, 7 days at £10 a day.
    void(datetime.date(2026, 10, 25), datetime.date(2026, 11, 8), weekly_charge=D("70.00"))
    # Still open: 20 to 30 November, 11 days at £30 a day (the days after the period are not its loss).
    void(datetime.date(2026, 11, 20))
    # Closed without a letting at 10:00 on 10 November: 5 to 9 November, 5 days at £20 a day.
    void(datetime.date(2026, 11, 5), weekly_charge=D("140.00"), closed_at=at(datetime.date(2026, 11, 10)))
    # Major works across the whole period: 30 days at £1 a day.
    void(datetime.date(2026, 9, 1), datetime.date(2026, 12, 10), kind=Void.Kind.MAJOR_WORKS, weekly_charge=D("7"))
    void(datetime.date(2026, 10, 1), datetime.date(2026, 11, 1))  # let on the first day: nothing in November
    void(datetime.date(2026, 12, 1))  # after the period

    with django_assert_num_queries(1):
        loss = figures.void_loss(None, *NOVEMBER, today=TODAY)

    assert loss == D("70.00") + D("330.00") + D("100.00") + D("30.00")


def test_an_open_void_loses_up_to_today_and_a_void_inside_the_period_matches_its_own_loss():
    inside = void(datetime.date(2026, 11, 3), datetime.date(2026, 11, 13), weekly_charge=D("100.00"))
    assert figures.void_loss(Void.objects.all(), *NOVEMBER, today=TODAY) == inside.loss() == D("142.86")
    Void.objects.all().delete()
    open_void = void(datetime.date(2026, 11, 20), weekly_charge=D("100.00"))
    today = datetime.date(2026, 11, 25)
    assert figures.void_loss(None, *NOVEMBER, today=today) == open_void.loss(today) == D("71.43")


def test_void_loss_for_some_units_only():
    mine = void(datetime.date(2026, 11, 20))
    void(datetime.date(2026, 11, 20))
    assert figures.void_loss(Void.objects.filter(unit=mine.unit), *NOVEMBER, today=TODAY) == D("330.00")
    assert figures.void_loss(Void.objects.none(), *NOVEMBER, today=TODAY) == D("0.00")


# Budgets -------------------------------------------------------------------------------------


def test_budget_position_totals_the_budgets(django_assert_num_queries):
    first = RepairsBudgetFactory(amount=D("10000.00"), committed=D("1500.00"), spent=D("2500.10"))
    RepairsBudgetFactory(amount=D("5000.00"), committed=D("500.00"), spent=D("999.90"))
    RepairsBudgetFactory(amount=D("8000.00"), financial_year=2025, spent=D("8000.00"))

    with django_assert_num_queries(1):
        position = figures.budget_position(RepairsBudget.objects.filter(financial_year=2026))

    assert (position.amount, position.committed, position.spent) == (D("15000.00"), D("2000.00"), D("3500.00"))
    assert position.remaining == D("9500.00")
    assert position.percentage_used == D("36.7")  # 5,500 of 15,000
    assert position.percentage_spent == D("23.3")
    one = figures.budget_position(RepairsBudget.objects.filter(pk=first.pk))
    assert (one.remaining, one.percentage_used) == (first.remaining, D("40.0"))


def test_budget_position_with_no_budgets():
    position = figures.budget_position()
    assert (position.amount, position.committed, position.spent, position.remaining) == (D("0.00"),) * 4
    assert position.percentage_used is None and position.percentage_spent is None
