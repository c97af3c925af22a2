"""Casework reminders, one module per area (imported here so core's autodiscovery finds them)."""

from . import duties, placements, plans  # noqa: F401
