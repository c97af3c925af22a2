"""Tenancies demo data, one module per area (seeders run in `order`)."""

from . import agreements, complaints, history, incidents, meetings  # noqa: F401
