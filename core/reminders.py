"""The reminder-job registry.

Each app registers jobs in its `reminders.py` with `@reminder_job("name")`. A job finds
what is due and calls `core.services.notify` with a stable key (for example
`"incident-review:42:2026-12-01"`), so running the jobs twice sends nothing twice.
The hourly beat task and `manage.py send_reminders` both call `run_reminder_jobs`.
"""

import logging
from collections.abc import Callable
from datetime import datetime

from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

logger = logging.getLogger(__name__)

ReminderJob = Callable[[datetime], int]
_jobs: dict[str, ReminderJob] = {}


def reminder_job(name: str):
    def register(func: ReminderJob) -> ReminderJob:
        _jobs[name] = func
        return func

    return register


def unregister(name: str) -> None:
    _jobs.pop(name, None)


def registered_jobs() -> dict[str, ReminderJob]:
    autodiscover_modules("reminders")
    return dict(sorted(_jobs.items()))


def run_reminder_jobs(*, now: datetime | None = None, only: list[str] | None = None) -> dict[str, int]:
    """Run every registered job (or those named) and return how many reminders each sent.

    One failing job is logged and does not stop the others.
    """
    now = now or timezone.now()
    sent: dict[str, int] = {}
    for name, job in registered_jobs().items():
        if only and name not in only:
            continue
        try:
            sent[name] = job(now)
        except Exception:
            logger.exception("Reminder job %s failed", name)
            sent[name] = -1
    return sent
