"""What a worker must do next in compliance, as sections registered with `core.mywork`.

`checks.py`: the user's checks coming due or overdue and their open actions due. `core.mywork`
imports this package by name, which registers the provider.
"""

from . import checks  # noqa: F401
