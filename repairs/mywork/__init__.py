"""What a worker must do next in repairs, as sections registered with `core.mywork`."""

from . import repairs  # noqa: F401
