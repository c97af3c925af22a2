from .incentives import Incentive, IncentiveBudget, financial_year_label, financial_year_of
from .landlords import Landlord, LandlordProperty, PropertyDocument
from .lha import BroadRentalMarketArea, LHARate
from .moves import Move
from .offers import MoveOnSettings, Offer, Viewing

__all__ = [
    "BroadRentalMarketArea",
    "Incentive",
    "IncentiveBudget",
    "LHARate",
    "Landlord",
    "LandlordProperty",
    "Move",
    "MoveOnSettings",
    "Offer",
    "PropertyDocument",
    "Viewing",
    "financial_year_label",
    "financial_year_of",
]
