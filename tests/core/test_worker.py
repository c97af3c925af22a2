"""Worker-level behaviour, on a real Celery worker consuming from Redis."""

import time

import pytest
from django.core import mail
from django.db import transaction

from core import services
from core.models import Notification
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.worker


def wait_for(predicate, timeout=15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_notification_email_is_sent_by_the_worker_not_in_process(celery_worker):
    from config.celery import app

    assert app.conf.task_always_eager is False
    user = UserFactory()
    with transaction.atomic():
        notification = services.notify(recipient=user, key="worker:1", subject="From the worker")
    # The worker thread has its own connection; it stamps emailed_at when it has sent.
    assert wait_for(lambda: Notification.objects.get(pk=notification.pk).emailed_at is not None)
    assert [m.subject for m in mail.outbox] == ["Hearth: From the worker"]
    assert celery_worker.hostname


def test_reminders_task_runs_on_the_worker(celery_worker):
    from core import reminders, tasks

    @reminders.reminder_job("worker-test-job")
    def job(now):
        user = UserFactory(email="worker-reminder@example.org")
        return services.notify(recipient=user, key="worker-test", subject="Worker reminder", email=False) is not None

    try:
        tasks.send_reminders.delay()
        assert wait_for(lambda: Notification.objects.filter(key="worker-test").exists())
    finally:
        reminders.unregister("worker-test-job")
