from .landlords import Landlord, LandlordProperty, PropertyDocument
from .lha import BroadRentalMarketArea, LHARate
from .offers import MoveOnSettings, Offer, Viewing

__all__ = [
    "BroadRentalMarketArea",
    "LHARate",
    "Landlord",
    "LandlordProperty",
    "MoveOnSettings",
    "Offer",
    "PropertyDocument",
    "Viewing",
]
