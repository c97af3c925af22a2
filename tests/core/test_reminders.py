import pytest
from django.core.management import call_command

from core import reminders, services
from core.models import Notification
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def overdue_review_job():
    """A reminder job in the shape every module's job takes: find what is due, notify with a stable key."""

    @reminders.reminder_job("test-overdue-reviews")
    def job(now):
        sent = 0
        for user in UserFactory._meta.model.objects.filter(email__startswith="due"):
            sent += services.notify(recipient=user, key=f"review:{user.pk}", subject="Review overdue") is not None
        return sent

    yield job
    reminders.unregister("test-overdue-reviews")


@pytest.fixture
def broken_job():
    @reminders.reminder_job("test-broken")
    def job(now):
        raise RuntimeError("boom")

    yield job
    reminders.unregister("test-broken")


def test_running_reminders_twice_sends_nothing_twice(
    overdue_review_job, mailoutbox, django_capture_on_commit_callbacks
):
    UserFactory(email="due1@example.org")
    UserFactory(email="due2@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        first = reminders.run_reminder_jobs(only=["test-overdue-reviews"])
    with django_capture_on_commit_callbacks(execute=True):
        second = reminders.run_reminder_jobs(only=["test-overdue-reviews"])
    assert first == {"test-overdue-reviews": 2}
    assert second == {"test-overdue-reviews": 0}
    assert Notification.objects.count() == 2
    assert len(mailoutbox) == 2


def test_a_failing_job_does_not_stop_the_others(overdue_review_job, broken_job, caplog):
    UserFactory(email="due1@example.org")
    result = reminders.run_reminder_jobs(only=["test-overdue-reviews", "test-broken"])
    assert result == {"test-broken": -1, "test-overdue-reviews": 1}
    assert "Reminder job test-broken failed" in caplog.text


def test_send_reminders_command_reports_what_it_sent(overdue_review_job, capsys):
    UserFactory(email="due1@example.org")
    call_command("send_reminders", job=["test-overdue-reviews"])
    call_command("send_reminders", job=["test-overdue-reviews"])
    out = capsys.readouterr().out
    assert "test-overdue-reviews: 1 reminder sent" in out
    assert "test-overdue-reviews: 0 reminders sent" in out


def test_send_reminders_lists_jobs(overdue_review_job, capsys):
    call_command("send_reminders", list=True)
    assert "test-overdue-reviews" in capsys.readouterr().out


def test_beat_schedule_runs_the_reminders_task():
    from django.conf import settings

    from config.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["send-reminders-hourly"]
    assert entry["task"] in app.tasks


def test_the_beat_schedule_is_visible_and_editable_in_admin(client):
    from django_celery_beat.models import PeriodicTask

    from tests.accounts.factories import UserFactory

    task = PeriodicTask.objects.get(name="send-reminders-hourly")
    assert task.task == "core.tasks.send_reminders"
    assert task.crontab.minute == "5"
    admin = UserFactory(role="Administrator", is_superuser=True)
    client.force_login(admin)
    response = client.get(f"/admin/django_celery_beat/periodictask/{task.pk}/change/")
    assert response.status_code == 200
    assert b"send-reminders-hourly" in response.content


def test_expired_sessions_are_cleared_by_the_nightly_task(client):
    from datetime import timedelta

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from core import tasks
    from tests.accounts.factories import UserFactory

    client.force_login(UserFactory())
    Session.objects.create(session_key="old", session_data="x", expire_date=timezone.now() - timedelta(minutes=1))
    tasks.clear_expired_sessions.delay()
    assert list(Session.objects.values_list("session_key", flat=True)) == [client.session.session_key]
