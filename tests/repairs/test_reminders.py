"""Repairs reminder jobs: who hears (in-scope housing workers and their managers only), once, and when."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from accounts import roles
from accounts.models import Team
from core import reminders
from core.models import Notification
from repairs.models import Hazard, HazardClock, Repair
from tests.accounts.factories import UserFactory
from tests.repairs.factories import NOW, HazardFactory, RepairFactory, RepairsBudgetFactory, VoidFactory, priority

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


def run(job: str, now: datetime = NOW) -> int:
    with time_machine.travel(now, tick=False):
        return reminders.run_reminder_jobs(now=now, only=[job])[job]


@pytest.fixture
def worker(manager):
    """Local override of conftest's `worker`: reminders also go to the worker's team leader, `manager`."""
    team = Team.objects.create(name="North team", kind=Team.Kind.HOUSING, leader=manager)
    return UserFactory(role=roles.HOUSING_WORKER, team=team)


def repair_in(scheme, **kwargs) -> Repair:
    return RepairFactory(unit__property__scheme=scheme, **kwargs)


def recipients(**filters) -> set:
    return set(Notification.objects.filter(**filters).values_list("recipient", flat=True))


def test_every_repairs_job_is_registered():
    names = set(reminders.registered_jobs())
    assert {
        "repairs-nearing-target",
        "repairs-past-target",
        "repairs-hazard-clocks",
        "repairs-voids-past-target",
        "repairs-budget-thresholds",
    } <= names


def test_nearing_target_goes_to_the_scheme_worker_and_their_manager_once(
    worker, manager, other_worker, scheme, other_scheme
):
    repair = repair_in(scheme, target_due_at=NOW + timedelta(hours=20))
    repair_in(scheme, target_due_at=NOW + timedelta(hours=30))  # not yet
    assert run("repairs-nearing-target") == 2
    assert run("repairs-nearing-target") == 0
    assert recipients() == {worker.pk, manager.pk}
    note = Notification.objects.get(recipient=worker)
    assert note.subject == f"Repair {repair.reference} due by 4 December 2026, 06:00"
    assert note.url == repair.get_absolute_url()
    assert other_worker.pk not in recipients()


def test_an_emergency_repair_is_warned_four_hours_before(worker, scheme):
    emergency = priority("emergency")
    repair = repair_in(scheme, priority=emergency, target_due_at=NOW + timedelta(hours=5))
    assert run("repairs-nearing-target") == 0
    assert run("repairs-nearing-target", NOW + timedelta(hours=2)) == 2  # worker and manager, 3 hours before
    assert Notification.objects.filter(subject__contains=repair.reference).count() == 2


def test_past_target_is_sent_once_and_not_for_closed_repairs(worker, other_worker, scheme, other_scheme):
    late = repair_in(scheme, target_due_at=NOW - timedelta(hours=1))
    repair_in(scheme, target_due_at=NOW - timedelta(days=2), status=Repair.Status.CANCELLED)
    repair_in(other_scheme, target_due_at=NOW - timedelta(hours=1))
    assert run("repairs-past-target") == 3  # ours to worker and manager; the other scheme's to its worker
    assert run("repairs-past-target", NOW + timedelta(hours=5)) == 0
    mine = Notification.objects.filter(recipient=worker).get()
    assert late.reference in mine.subject
    assert "3 December 2026, 09:00" in mine.body
    assert Notification.objects.filter(recipient=other_worker).exclude(subject__contains=late.reference).count() == 1
    assert not Notification.objects.filter(recipient=other_worker, subject__contains=late.reference).exists()


def clock(scheme, *, step, due_at, kind=Hazard.Kind.SIGNIFICANT) -> HazardClock:
    hazard = HazardFactory(repair=repair_in(scheme, category=Repair.Category.DAMP_MOULD), kind=kind)
    return HazardClock.objects.create(
        hazard=hazard, step=step, started_at=due_at - timedelta(hours=24), due_at=due_at, rule_name="AWAAB_TEST"
    )


def test_the_emergency_clock_is_warned_five_hours_before_and_not_seven(worker, manager, other_worker, scheme):
    clock(
        scheme,
        step=HazardClock.Step.EMERGENCY_ACTION,
        kind=Hazard.Kind.EMERGENCY,
        due_at=datetime(2026, 12, 3, 17, tzinfo=LONDON),
    )
    assert run("repairs-hazard-clocks") == 0  # 7 hours before
    assert run("repairs-hazard-clocks", datetime(2026, 12, 3, 12, tzinfo=LONDON)) == 2  # 5 hours before
    assert run("repairs-hazard-clocks", datetime(2026, 12, 3, 12, 15, tzinfo=LONDON)) == 0
    assert recipients() == {worker.pk, manager.pk}
    note = Notification.objects.get(recipient=worker)
    assert "by 3 December 2026, 17:00" in note.subject
    assert "days left" not in note.subject + note.body


def test_working_day_clocks_are_warned_one_working_day_before(worker, scheme):
    clock(scheme, step=HazardClock.Step.INVESTIGATE, due_at=datetime(2026, 12, 4, 23, 59, tzinfo=LONDON))
    clock(scheme, step=HazardClock.Step.WRITTEN_SUMMARY, due_at=datetime(2026, 12, 7, 23, 59, tzinfo=LONDON))
    assert run("repairs-hazard-clocks") == 2  # Friday's clock only, to the worker and the manager
    note = Notification.objects.get(recipient=worker)
    assert "by 4 December 2026, 23:59" in note.subject


def test_a_missed_clock_is_reported_once_and_a_met_clock_not_at_all(worker, other_worker, scheme, other_scheme):
    clock(scheme, step=HazardClock.Step.INVESTIGATE, due_at=NOW - timedelta(hours=2))
    met = clock(scheme, step=HazardClock.Step.SAFETY_WORK, due_at=NOW - timedelta(hours=2))
    met.met_at = NOW - timedelta(hours=3)
    met.save()
    assert run("repairs-hazard-clocks") == 2
    assert run("repairs-hazard-clocks", NOW + timedelta(hours=1)) == 0
    note = Notification.objects.get(recipient=worker)
    assert note.subject.startswith("Awaab's Law deadline missed: investigate")
    assert "3 December 2026, 08:00" in note.body
    assert other_worker.pk not in recipients()


def test_the_hazard_sweep_runs_every_15_minutes_through_its_own_task(worker, scheme):
    from django.conf import settings

    from config.celery import app
    from repairs import tasks

    entry = settings.CELERY_BEAT_SCHEDULE["repairs-hazard-clocks-every-15-minutes"]
    assert entry["task"] == "repairs.tasks.hazard_clock_sweep"
    assert entry["task"] in app.tasks
    assert entry["schedule"].minute == {0, 15, 30, 45}
    clock(scheme, step=HazardClock.Step.INVESTIGATE, due_at=NOW - timedelta(hours=2))
    repair_in(scheme, target_due_at=NOW - timedelta(hours=1))
    with time_machine.travel(NOW, tick=False):
        assert tasks.hazard_clock_sweep() == {"repairs-hazard-clocks": 2}


def test_voids_past_target_are_sent_once_per_void(worker, other_worker, scheme, other_scheme):
    late = VoidFactory(unit__property__scheme=scheme, started_on=date(2026, 11, 2))  # due to let by 30 November
    VoidFactory(unit__property__scheme=scheme, started_on=date(2026, 11, 20))
    VoidFactory(unit__property__scheme=scheme, started_on=date(2026, 11, 2), kind="major_works")  # 70 days
    assert run("repairs-voids-past-target") == 2
    assert run("repairs-voids-past-target", NOW + timedelta(days=1)) == 0
    note = Notification.objects.get(recipient=worker)
    assert note.url == late.get_absolute_url()
    assert "30 November 2026" in note.body
    assert other_worker.pk not in recipients()


def test_budget_thresholds_go_to_managers_once_per_threshold(worker, manager, scheme):
    budget = RepairsBudgetFactory(scheme=scheme, amount=Decimal("10000.00"), committed=Decimal("8000.00"))
    assert run("repairs-budget-thresholds") == 0
    type(budget).objects.filter(pk=budget.pk).update(spent=Decimal("1000.00"))  # 90%
    assert run("repairs-budget-thresholds") == 1
    assert run("repairs-budget-thresholds") == 0
    type(budget).objects.filter(pk=budget.pk).update(spent=Decimal("2500.00"))  # 105%
    assert run("repairs-budget-thresholds") == 1
    assert run("repairs-budget-thresholds") == 0
    assert recipients() == {manager.pk}  # the housing worker cannot approve over budget
    subjects = list(Notification.objects.order_by("pk").values_list("subject", flat=True))
    assert subjects == [
        f"Repairs budget {budget} is 90% committed or spent",
        f"Repairs budget {budget} is 105% committed or spent",
    ]
