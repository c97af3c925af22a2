"""What rents puts on "My work", one module per area (found by `core.mywork.due_for`)."""

from . import arrears  # noqa: F401
