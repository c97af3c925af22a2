"""Stock, agreements, incidents, house meetings and complaints, one module per area."""

from .agreements import Agreement
from .complaints import Complaint
from .incidents import Ground, Incident, IncidentParty, LadderAction, LadderStep, Letter, letter_upload_to
from .meetings import HouseMeeting, Involvement, MeetingAction
from .stock import Property, Scheme, Unit

__all__ = [
    "Agreement",
    "Complaint",
    "Ground",
    "HouseMeeting",
    "Incident",
    "IncidentParty",
    "Involvement",
    "LadderAction",
    "LadderStep",
    "Letter",
    "MeetingAction",
    "Property",
    "Scheme",
    "Unit",
    "letter_upload_to",
]
