from .landlords import Landlord, LandlordProperty, PropertyDocument
from .lha import BroadRentalMarketArea, LHARate

__all__ = ["BroadRentalMarketArea", "LHARate", "Landlord", "LandlordProperty", "PropertyDocument"]
