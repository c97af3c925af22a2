"""Rents demo data: Housing Benefit claims, a year of payments, plans and arrears (seeders run in `order`)."""

from . import accounts  # noqa: F401
