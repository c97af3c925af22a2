"""Demo data for compliance, as `@demo_seeder` functions registered with `core.demo`."""

from . import checks  # noqa: F401
