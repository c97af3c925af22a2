"""Tenancies reminder jobs, one module per area (imported here so core's autodiscovery finds them)."""

from . import agreements, complaints, incidents, meetings  # noqa: F401
