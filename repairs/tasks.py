"""Repairs Celery tasks: they call the reminder registry or a service, nothing else."""

from celery import shared_task

from core import reminders

HAZARD_CLOCKS_JOB = "repairs-hazard-clocks"


@shared_task
def hazard_clock_sweep() -> dict[str, int]:
    """Every 15 minutes from beat: the hourly run alone could warn of a 24-hour emergency clock too late."""
    return reminders.run_reminder_jobs(only=[HAZARD_CLOCKS_JOB])
