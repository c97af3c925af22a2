"""Demo data for the H-CLIC return (core.demo discovers hclic.demo)."""

from . import quarter  # noqa: F401
