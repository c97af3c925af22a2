"""What rents puts on "My work" (registered on import by `core.mywork.due_for`)."""

from . import arrears  # noqa: F401
