"""Housing register demo data: applications in every band, an override, one not qualifying, one overcrowded."""

from . import applications  # noqa: F401
