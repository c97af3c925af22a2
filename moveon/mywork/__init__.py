"""Move-on's lines on My work (imported here so core's autodiscovery finds them)."""

from . import incentives  # noqa: F401
