"""What falls due in compliance, as jobs registered with `core.reminders`, one module per area."""
