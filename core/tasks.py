from celery import shared_task

from . import reminders, reports, services


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


@shared_task(autoretry_for=(ConnectionError, OSError), retry_backoff=True, max_retries=5)
def make_report(report_id: int) -> str:
    return reports.make_report(report_id)


@shared_task
def sweep_reports() -> dict[str, int]:
    """Every five minutes: queue again what is stalled, delete what is past its time."""
    return {"requeued": reports.requeue_stalled(), "deleted": reports.delete_expired()}


@shared_task
def ping() -> str:
    """Used by /healthz-style checks and tests to prove a worker is consuming."""
    return "pong"
