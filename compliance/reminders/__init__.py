"""What falls due in compliance, as jobs registered with `core.reminders`, one module per area.

`checks.py`: checks coming due and overdue, actions coming due and overdue, and the managers' weekly
summary. `core.reminders` imports this package by name, which registers them.
"""

from . import checks  # noqa: F401
