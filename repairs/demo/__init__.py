"""Demo data for repairs, as `@demo_seeder` functions registered with `core.demo`."""

from . import repairs  # noqa: F401
