"""Compliance Celery tasks: they call a service, nothing else. Reminders run through
`core.tasks.send_reminders`, which runs this app's reminder jobs with every other app's."""

from celery import shared_task

from .services.schedules import schedules_sync_all


@shared_task
def sync_schedules() -> dict[str, int]:
    """Nightly from beat: every scheme's schedules in step with its stock and the check types."""
    return schedules_sync_all()
