"""A broker outage delays emails but never fails a saved request, loses an email or sends one twice (issue 8.3)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from casework.models import Referral
from core import services
from core.models import Notification
from tests.accounts.factories import UserFactory
from tests.tenancies.factories import AgreementFactory
from tests.tenancies.test_agreement_views import scheme_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker_down(settings):
    """Point Celery at a port nothing listens on, with tasks really published (not run in-process)."""
    from config.celery import app

    saved = app.conf.broker_url, app.conf.task_always_eager
    app.conf.broker_url = "redis://127.0.0.1:9/0"
    app.conf.task_always_eager = False
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app._pool = None
    app.amqp._producer_pool = None
    yield app
    app.conf.broker_url, app.conf.task_always_eager = saved
    app._pool = None
    app.amqp._producer_pool = None


def test_notify_keeps_the_email_pending_when_the_broker_is_down(broker_down, django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        notification = services.notify(recipient=user, key="k", subject="Review due")
    notification.refresh_from_db()
    assert notification.email_pending is True
    assert notification.emailed_at is None
    assert mail.outbox == []


def test_the_sweep_sends_a_pending_email_exactly_once_after_its_grace(broker_down, django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        notification = services.notify(recipient=user, key="k", subject="Review due")
    assert services.send_pending_emails() == 0  # still within the grace: the queued task may yet send it
    later = timezone.now() + services.PENDING_EMAIL_GRACE + timedelta(seconds=1)
    assert services.send_pending_emails(now=later) == 1
    assert services.send_pending_emails(now=later) == 0
    assert services.email_notification(notification_id=notification.pk) is False
    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.email_pending is False and notification.emailed_at is not None


def test_the_sweep_sends_nothing_to_someone_who_has_since_switched_emails_off(
    broker_down, django_capture_on_commit_callbacks
):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        notification = services.notify(recipient=user, key="k", subject="Review due")
    user.email_notifications = False
    user.save()
    assert services.send_pending_emails(grace=timedelta(0)) == 0
    notification.refresh_from_db()
    assert notification.email_pending is False and mail.outbox == []


def test_send_reminders_without_a_worker_sends_what_is_pending(broker_down, django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(recipient=user, key="k", subject="Review due")
    call_command("send_reminders", "--job", "none-such")
    assert mail.outbox == []  # naming jobs runs only those
    call_command("send_reminders")
    call_command("send_reminders")
    assert len(mail.outbox) == 1


def test_a_referral_from_a_tenancy_is_saved_and_answered_while_the_broker_is_down(
    client, broker_down, django_capture_on_commit_callbacks
):
    worker = UserFactory(role=roles.HOUSING_WORKER)
    leader = UserFactory(role=roles.TEAM_LEADER)
    agreement = AgreementFactory(unit__property__scheme=scheme_for(worker))
    client.force_login(worker)
    url = reverse("tenancies:agreement_refer", args=[agreement.pk])
    data = {
        "risk": "move_on_nowhere",
        "reason": "Licence ends in 6 weeks; no move-on found yet.",
        "consent_given": "on",
        "consent_how": "Verbally, in person",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302
    assert response.url == agreement.get_absolute_url()
    referral = Referral.objects.get()
    assert Notification.objects.get(recipient=leader, url=referral.get_absolute_url()).email_pending is True
    # The worker, unsure it went, sends it again: no second referral, and they are told why.
    with django_capture_on_commit_callbacks(execute=True):
        retry = client.post(url, data)
    assert retry.status_code == 200
    assert "already with the council" in retry.content.decode()
    assert Referral.objects.count() == 1
