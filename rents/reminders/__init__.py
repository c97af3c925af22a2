"""Rent reminder jobs, one module per area (found by `core.reminders.run_reminder_jobs`)."""

from . import plans  # noqa: F401
