from celery import shared_task

from . import reminders, services


@shared_task
def send_reminders() -> dict[str, int]:
    sent = reminders.run_reminder_jobs()
    sent["pending-emails"] = services.send_pending_emails()
    return sent


@shared_task
def send_pending_emails() -> int:
    return services.send_pending_emails()


@shared_task(autoretry_for=(ConnectionError, OSError), retry_backoff=True, max_retries=5)
def email_notification(notification_id: int) -> bool:
    return services.email_notification(notification_id=notification_id)


@shared_task
def clear_expired_sessions() -> None:
    services.clear_expired_sessions()


@shared_task
def prune_submission_tokens() -> int:
    return services.prune_submission_tokens()


@shared_task
def ping() -> str:
    """Used by /healthz-style checks and tests to prove a worker is consuming."""
    return "pong"
