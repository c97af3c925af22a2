"""What tenancies puts on "My work", one module per area."""

from . import agreements, complaints, incidents, meetings  # noqa: F401
