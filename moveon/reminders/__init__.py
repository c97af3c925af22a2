"""Move-on reminders (imported here so core's autodiscovery finds them)."""

from . import moves  # noqa: F401
