"""Compliance reminder jobs: who hears (the person assigned, or the scheme's workers, and their team
leader once overdue), once per record and due date, and the managers' summary once a week."""

import importlib
import time
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.utils import timezone

from accounts import roles
from accounts.models import Team
from compliance.models import Action, ScheduledCheck
from core import reminders
from core.models import Notification
from tests.accounts.factories import UserFactory
from tests.compliance.factories import ActionFactory, record, schedule_of
from tests.tenancies.factories import PropertyFactory, cover
from tests.tenancies.scoping import scheme_for

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 12, 3, 10, tzinfo=LONDON)  # a Thursday, ISO week 2026-W49
TODAY = NOW.date()
HOSTEL = {"safety_exemption": "hostel", "safety_exemption_basis": "Board and lodging, no self-contained flats"}
QUIET = {"has_gas_supply": False, "has_communal_areas": False, "asbestos": "none"}
JOBS = (
    "compliance-checks-due-soon",
    "compliance-checks-overdue",
    "compliance-actions-due",
    "compliance-actions-overdue",
    "compliance-weekly-digest",
)


def run(job: str, now: datetime = NOW) -> int:
    with time_machine.travel(now, tick=False):
        return reminders.run_reminder_jobs(now=now, only=[job])[job]


def recipients(**filters) -> set:
    return set(Notification.objects.filter(**filters).values_list("recipient", flat=True))


@pytest.fixture
def manager(db):
    return UserFactory(role=roles.HOUSING_MANAGER, full_name="Mo Manager")


@pytest.fixture
def worker(manager):
    team = Team.objects.create(name="North team", kind=Team.Kind.HOUSING, leader=manager)
    return UserFactory(role=roles.HOUSING_WORKER, team=team, full_name="Wyn Worker")


@pytest.fixture
def other_worker(db):
    return UserFactory(role=roles.HOUSING_WORKER, full_name="Ola Other")


def quiet_scheme(user, name):
    """A hostel scheme with one building needing only a legionella assessment, and its walk-round;
    both recorded in date, so each test sets the one state it is about."""
    scheme = scheme_for(user, name=name, **HOSTEL)
    building = PropertyFactory(scheme=scheme, address="1 Mill Lane", **QUIET)
    record(schedule_of("legionella_risk_assessment", building=building), date(2026, 11, 1))
    record(schedule_of("health_safety_walkround", scheme=scheme), date(2026, 11, 20))
    return scheme


def legionella(scheme) -> ScheduledCheck:
    return ScheduledCheck.objects.get(scheme=scheme, check_type__code="legionella_risk_assessment")


def due(schedule: ScheduledCheck, next_due_on: date, **changes) -> ScheduledCheck:
    """Move a schedule's due date as a record would."""
    schedule.next_due_on = next_due_on
    schedule.due_soon_from = next_due_on - timedelta(days=schedule.check_type.warning_days)
    for name, value in changes.items():
        setattr(schedule, name, value)
    schedule.save()
    return schedule


@pytest.fixture
def scheme(worker):
    return quiet_scheme(worker, "Riverside House")


@pytest.fixture
def other_scheme(other_worker):
    return quiet_scheme(other_worker, "Hill View")


@pytest.mark.django_db
def test_every_compliance_job_is_registered():
    assert set(JOBS) <= set(reminders.registered_jobs())


@pytest.mark.django_db
def test_nothing_is_sent_when_everything_is_in_date(scheme, other_scheme):
    assert [run(job) for job in JOBS] == [0, 0, 0, 0, 0]


# Checks --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_check_coming_due_goes_to_the_schemes_worker_once(worker, manager, other_worker, scheme, other_scheme):
    check = due(legionella(scheme), date(2026, 12, 20))  # 60 days' warning: due soon
    due(legionella(other_scheme), date(2027, 3, 1))  # not yet
    assert run("compliance-checks-due-soon") == 1
    assert run("compliance-checks-due-soon", NOW + timedelta(days=1)) == 0
    assert recipients() == {worker.pk}  # not yet the manager's concern
    note = Notification.objects.get()
    assert note.subject == "Legionella risk assessment due by 20 December 2026: 1 Mill Lane, LS2 7EE"
    assert "due by 20 December 2026" in note.body
    assert "Riverside House" in note.body
    assert note.url == check.get_absolute_url()
    assert "days left" not in note.subject + note.body


@pytest.mark.django_db
def test_due_today_is_still_due_soon_and_a_new_due_date_is_reminded_afresh(worker, scheme):
    check = due(legionella(scheme), TODAY)
    assert run("compliance-checks-due-soon") == 1
    due(check, date(2026, 12, 31))  # recorded again, and due again before long
    assert run("compliance-checks-due-soon") == 1
    assert Notification.objects.filter(recipient=worker).count() == 2


@pytest.mark.django_db
def test_an_assigned_check_goes_to_the_person_assigned_instead(worker, scheme):
    colleague = UserFactory(role=roles.HOUSING_WORKER, full_name="Cal Colleague")
    cover(colleague, scheme)
    due(legionella(scheme), date(2026, 12, 20), assigned_to=colleague)
    assert run("compliance-checks-due-soon") == 1
    assert recipients() == {colleague.pk}


@pytest.mark.django_db
def test_an_overdue_check_goes_to_the_worker_and_manager_once(worker, manager, other_worker, scheme, other_scheme):
    due(legionella(scheme), date(2026, 11, 30))
    assert run("compliance-checks-overdue") == 2
    assert run("compliance-checks-overdue", NOW + timedelta(days=3)) == 0
    assert recipients() == {worker.pk, manager.pk}
    note = Notification.objects.get(recipient=worker)
    assert note.subject == "Legionella risk assessment overdue since 30 November 2026: 1 Mill Lane, LS2 7EE"
    assert "was due by 30 November 2026" in note.body
    assert other_worker.pk not in recipients()


@pytest.mark.django_db
def test_a_check_with_no_record_is_overdue_once(worker, manager, scheme):
    ScheduledCheck.objects.filter(pk=legionella(scheme).pk).update(
        last_done_on=None, last_outcome="", next_due_on=None, due_soon_from=None
    )
    assert run("compliance-checks-overdue") == 2
    assert run("compliance-checks-overdue", NOW + timedelta(days=8)) == 0
    note = Notification.objects.get(recipient=worker)
    assert note.subject == "No record yet: legionella risk assessment, 1 Mill Lane, LS2 7EE"
    assert note.key == f"compliance-check-overdue:{legionella(scheme).pk}:no-record"


@pytest.mark.django_db
def test_a_paused_check_is_not_reminded(worker, scheme):
    due(legionella(scheme), date(2026, 11, 30), active=False)
    assert run("compliance-checks-overdue") == 0


# Actions -------------------------------------------------------------------------------------


def action_at(scheme, due_on, **kwargs) -> Action:
    return ActionFactory(check_record=legionella(scheme).records.first(), due_on=due_on, **kwargs)


@pytest.mark.django_db
def test_an_action_due_within_seven_days_goes_to_its_owner_once(worker, manager, scheme):
    action = action_at(scheme, date(2026, 12, 10), owner=worker, description="Descale the shower heads.")
    action_at(scheme, date(2026, 12, 11), owner=worker)  # 8 days away
    action_at(scheme, date(2026, 12, 5), owner=worker, status=Action.Status.DONE)
    assert run("compliance-actions-due") == 1
    assert run("compliance-actions-due", NOW + timedelta(hours=5)) == 0
    note = Notification.objects.get()
    assert note.recipient == worker
    assert note.subject == "Action due by 10 December 2026: Descale the shower heads."
    assert "Descale the shower heads." in note.body
    assert note.url == action.get_absolute_url()


@pytest.mark.django_db
def test_an_overdue_action_goes_to_its_owner_and_their_manager_once(worker, manager, other_worker, scheme):
    action_at(scheme, date(2026, 12, 1), owner=worker)
    assert run("compliance-actions-overdue") == 2
    assert run("compliance-actions-overdue", NOW + timedelta(days=2)) == 0
    assert recipients() == {worker.pk, manager.pk}
    assert "still open" in Notification.objects.get(recipient=worker).body


@pytest.mark.django_db
def test_an_action_no_one_owns_goes_to_the_schemes_workers(worker, manager, scheme):
    action_at(scheme, date(2026, 12, 8), owner=None)
    assert run("compliance-actions-due") == 1
    assert recipients() == {worker.pk}


# The weekly summary --------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_weekly_summary_goes_to_managers_once_a_week(worker, manager, scheme, other_scheme):
    due(legionella(scheme), date(2026, 11, 30))
    action_at(scheme, date(2026, 12, 1), owner=worker)
    action_at(other_scheme, date(2026, 11, 2), owner=None)
    UserFactory(role=roles.HOUSING_MANAGER, is_active=False)
    assert run("compliance-weekly-digest") == 1
    assert run("compliance-weekly-digest", NOW + timedelta(days=3)) == 0  # Sunday: the same ISO week
    note = Notification.objects.get()
    assert note.recipient == manager
    assert note.key == "compliance-weekly-digest:2026-W49"
    assert note.subject == "Compliance this week: 1 check and 2 actions overdue"
    assert "- Hill View: 0 checks and 1 action" in note.body
    assert "- Riverside House: 1 check and 1 action" in note.body
    assert run("compliance-weekly-digest", NOW + timedelta(days=4)) == 1  # Monday: week 50
    assert Notification.objects.filter(key="compliance-weekly-digest:2026-W50").count() == 1


# On a real Celery worker ---------------------------------------------------------------------

REFERENCE_DATA = "compliance.migrations.0002_seed_check_types_and_action_priorities"


def wait_for(predicate, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.worker
def test_the_reminders_task_on_a_real_worker_sends_each_reminder_once(celery_worker):
    """The hourly task, run twice by a worker on its own clock: the second run sends nothing it sent
    before. A check that falls overdue between the runs shows the second run has happened."""
    from config.celery import app
    from core import tasks

    assert app.conf.task_always_eager is False
    importlib.import_module(REFERENCE_DATA).seed(apps, None)  # a flush by an earlier worker test wipes it
    today = timezone.localdate()
    manager = UserFactory(role=roles.HOUSING_MANAGER)
    team = Team.objects.create(name="Worker test team", kind=Team.Kind.HOUSING, leader=manager)
    worker = UserFactory(role=roles.HOUSING_WORKER, team=team)
    first = due(legionella(quiet_scheme(worker, "Worker Test House")), today - timedelta(days=10))
    first_key = f"compliance-check-overdue:{first.pk}:{first.next_due_on.isoformat()}"

    tasks.send_reminders.delay()
    assert wait_for(lambda: Notification.objects.filter(key=first_key).count() == 2)
    assert recipients(key=first_key) == {worker.pk, manager.pk}

    second = due(legionella(quiet_scheme(worker, "Worker Test Lodge")), today - timedelta(days=3))
    second_key = f"compliance-check-overdue:{second.pk}:{second.next_due_on.isoformat()}"
    tasks.send_reminders.delay()
    assert wait_for(lambda: Notification.objects.filter(key=second_key).count() == 2)
    assert Notification.objects.filter(key=first_key).count() == 2
    assert Notification.objects.filter(recipient=manager, key__startswith="compliance-weekly-digest:").count() == 1
