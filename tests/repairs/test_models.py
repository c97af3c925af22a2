"""What the repairs models guarantee on their own: fixed targets, void loss and stages."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError

from repairs.models import Void
from tests.repairs.factories import RepairFactory, VoidFactory, at, priority

pytestmark = pytest.mark.django_db
D = datetime.date


def test_seeded_priorities_carry_the_default_targets():
    assert [(p.code, p.target_amount, p.target_unit) for p in priority().__class__.objects.all()] == [
        ("emergency", 24, "hours"),
        ("urgent", 7, "calendar_days"),
        ("routine", 28, "calendar_days"),
        ("planned", 90, "calendar_days"),
    ]


def test_an_emergency_target_is_24_real_hours_across_the_october_clock_change():
    reported = at(D(2026, 10, 24), datetime.time(18, 0))  # BST; clocks go back at 02:00 on 25 October
    due = priority("emergency").target_for(reported)
    assert due.astimezone(datetime.UTC) - reported.astimezone(datetime.UTC) == datetime.timedelta(hours=24)
    assert (due.hour, due.minute) == (17, 0)


def test_a_day_target_runs_to_the_end_of_the_due_day_in_london():
    due = priority("urgent").target_for(at(D(2026, 12, 1), datetime.time(9, 30)))
    assert (due.date(), due.hour, due.minute) == (D(2026, 12, 8), 23, 59)


def test_a_cost_without_completion_is_refused_by_the_database():
    with pytest.raises(IntegrityError):
        RepairFactory(cost=Decimal("10.00"))


def test_void_loss_is_the_weekly_charge_pro_rata_by_day():
    void = VoidFactory(weekly_charge=Decimal("210.00"), started_on=D(2026, 11, 2))
    assert void.days_void(D(2026, 11, 12)) == 10
    assert void.loss(D(2026, 11, 12)) == Decimal("300.00")


def test_a_void_moves_through_its_stages_as_dates_are_recorded():
    void = VoidFactory()
    assert void.stage == Void.Stage.AWAITING_KEYS
    void.keys_back_on = D(2026, 11, 3)
    assert void.stage == Void.Stage.AWAITING_INSPECTION
    void.inspected_on = D(2026, 11, 4)
    assert void.stage == Void.Stage.AWAITING_WORKS
    void.works_ordered_on = D(2026, 11, 5)
    assert void.stage == Void.Stage.WORKS_IN_PROGRESS
    void.works_completed_on = D(2026, 11, 12)
    void.ready_to_let_on = D(2026, 11, 13)
    assert void.stage == Void.Stage.READY_TO_LET


def test_a_unit_has_one_open_void_at_a_time():
    void = VoidFactory()
    with pytest.raises(IntegrityError):
        VoidFactory(unit=void.unit)
