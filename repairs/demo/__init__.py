"""Demo data for repairs, as `@demo_seeder` functions registered with `core.demo`."""

from . import history, repairs  # noqa: F401
