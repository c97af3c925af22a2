"""What falls due in repairs, as jobs registered with `core.reminders`, one module per area."""

from . import repairs  # noqa: F401
