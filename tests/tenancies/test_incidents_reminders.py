"""Review dates drive reminders ("Incident reviews due") and My work; the demo data."""

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from accounts import roles
from core import mywork, reminders
from core.models import Notification
from tenancies.models import Incident, LadderAction, LadderStep, Letter
from tenancies.services import incidents as services
from tests.accounts.factories import UserFactory
from tests.tenancies.factories import SchemeFactory, cover, incident_about, resident_in

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 3, 2)
JOB = "tenancies.incident_reviews"


@pytest.fixture(autouse=True)
def frozen_day():
    with time_machine.travel(datetime.datetime(2026, 3, 2, 10, 0), tick=False):
        yield


@pytest.fixture
def scheme(housing_worker):
    scheme = SchemeFactory(name="Riverside House")
    cover(housing_worker, scheme)
    return scheme


def incident_due(scheme, review_on, **kwargs):
    return incident_about(resident_in(scheme), review_on=review_on, **kwargs)


def run():
    return reminders.run_reminder_jobs(now=timezone.now(), only=[JOB])[JOB]


# ------------------------------------------------------------------------ reminders


def test_a_review_due_today_reminds_the_recorder_and_the_workers_covering_the_scheme(
    scheme, housing_worker, manager, mailoutbox, django_capture_on_commit_callbacks
):
    colleague = UserFactory(role=roles.HOUSING_WORKER)
    cover(colleague, scheme)
    support = UserFactory(role=roles.SUPPORT_WORKER)
    cover(support, scheme)
    incident = incident_due(scheme, TODAY, recorded_by=manager)
    with django_capture_on_commit_callbacks(execute=True):
        assert run() == 3
    notes = Notification.objects.filter(key=f"incident-review:{incident.pk}:2026-03-02")
    assert {note.recipient for note in notes} == {manager, housing_worker, colleague}
    note = notes.first()
    assert note.subject == "Incident review due: anti-social behaviour at Riverside House"
    assert note.url == incident.get_absolute_url()
    assert incident.description not in note.body  # nothing personal in an email
    assert len(mailoutbox) == 3


def test_running_the_reminders_twice_sends_nothing_twice(scheme, housing_worker):
    incident_due(scheme, TODAY - datetime.timedelta(days=3), recorded_by=housing_worker)
    assert run() == 1
    assert run() == 0
    assert Notification.objects.count() == 1


def test_no_reminder_before_the_review_date_or_for_a_closed_incident(scheme, housing_worker):
    incident_due(scheme, TODAY + datetime.timedelta(days=1), recorded_by=housing_worker)
    closed = incident_due(scheme, TODAY, recorded_by=housing_worker)
    services.incident_close(incident=closed, closed_on=TODAY, outcome="Settled.", by=housing_worker)
    assert run() == 0


def test_a_new_review_date_brings_a_new_reminder(scheme, housing_worker):
    incident = incident_due(scheme, TODAY, recorded_by=housing_worker)
    assert run() == 1
    services.incident_set_review(incident=incident, review_on=TODAY + datetime.timedelta(days=7), by=housing_worker)
    assert run() == 0
    with time_machine.travel(datetime.datetime(2026, 3, 9, 10, 0), tick=False):
        assert run() == 1
    assert Notification.objects.count() == 2


def test_a_recorder_who_no_longer_covers_the_scheme_is_not_reminded(scheme):
    leaver = UserFactory(role=roles.HOUSING_WORKER)  # recorded it, but does not cover the scheme now
    incident_due(scheme, TODAY, recorded_by=leaver)
    run()
    assert not Notification.objects.filter(recipient=leaver).exists()


# ------------------------------------------------------------------------ My work


def test_a_housing_worker_covering_other_schemes_gets_nothing_and_the_run_queries_once_per_recipient(
    scheme, housing_worker, django_assert_max_num_queries
):
    other = UserFactory(role=roles.HOUSING_WORKER)
    for name in ("Elm Court", "Birch House"):
        cover(other, SchemeFactory(name=name))
    for _ in range(3):
        incident_due(scheme, TODAY, recorded_by=other)
    # The reviews and the coverage; each recipient's role and scope once; each reminder sent (savepoint, insert).
    with django_assert_max_num_queries(2 + 2 * 2 + 3 * 3):
        assert run() == 3
    assert set(Notification.objects.values_list("recipient", flat=True)) == {housing_worker.pk}


def test_my_work_shows_reviews_due_in_the_next_fortnight_or_overdue(scheme, housing_worker):
    overdue = incident_due(scheme, TODAY - datetime.timedelta(days=2))
    soon = incident_due(scheme, TODAY + datetime.timedelta(days=14))
    incident_due(scheme, TODAY + datetime.timedelta(days=15))  # later
    incident_due(SchemeFactory(), TODAY)  # a scheme they do not cover
    items = [item for item in mywork.due_for(housing_worker) if item.category == "Incident review"]
    assert [item.url for item in items] == [overdue.get_absolute_url(), soon.get_absolute_url()]
    assert items[0].overdue and not items[1].overdue
    assert items[0].title == "Review anti-social behaviour at Riverside House"
    assert "about" in items[0].detail


def test_my_work_shows_a_manager_only_the_reviews_they_recorded(scheme, manager):
    mine = incident_due(scheme, TODAY, recorded_by=manager)
    incident_due(scheme, TODAY)
    items = [item for item in mywork.due_for(manager) if item.category == "Incident review"]
    assert [item.url for item in items] == [mine.get_absolute_url()]


def test_my_work_is_empty_for_roles_without_incidents(scheme, role_users):
    incident_due(scheme, TODAY)
    for slug in ("prevention_officer", "team_leader"):
        assert not [i for i in mywork.due_for(role_users[slug]) if i.category == "Incident review"]


def test_my_work_takes_the_same_queries_however_much_is_due(scheme, housing_worker, django_assert_max_num_queries):
    from tenancies.mywork.incidents import incident_reviews

    incident_due(scheme, TODAY)
    with django_assert_max_num_queries(10) as few:
        incident_reviews(housing_worker)
    for _ in range(8):
        incident_due(scheme, TODAY)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(incident_reviews(housing_worker)) == 9


# ------------------------------------------------------------------------ demo


def test_demo_incidents_cover_the_ladder_and_are_idempotent(settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo")
    counts = (Incident.objects.count(), LadderAction.objects.count(), Letter.objects.count())
    call_command("seed_demo")
    assert (Incident.objects.count(), LadderAction.objects.count(), Letter.objects.count()) == counts

    ladders = {}
    for action in LadderAction.objects.order_by("taken_on"):
        ladders.setdefault(action.agreement_id, []).append(action)
    steps = [[action.step for action in actions] for actions in ladders.values()]
    assert [LadderStep.SUPPORTIVE] in steps
    assert [LadderStep.SUPPORTIVE, LadderStep.FIRST_WARNING, LadderStep.FINAL_WARNING] in steps
    first_warnings = LadderAction.objects.filter(step=LadderStep.FIRST_WARNING)
    assert any(action.is_live() for action in first_warnings)
    assert any(not action.is_live() for action in first_warnings)
    assert LadderAction.objects.filter(step=LadderStep.FINAL_WARNING).exclude(behaviour_agreement="").exists()
    assert Letter.objects.filter(ladder_action__step=LadderStep.FIRST_WARNING).count() == 3
    assert Incident.objects.filter(hate_incident=True).exists()
