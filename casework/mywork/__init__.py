"""Casework mywork, one module per area (imported here so core's autodiscovery finds them)."""

from . import duties, placements, plans, visits  # noqa: F401
