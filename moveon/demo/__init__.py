"""Move-on demo data: landlords and agents, LHA rates, offers, incentives and a move due its follow-up."""

from . import moveon  # noqa: F401
