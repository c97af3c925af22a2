"""Who may open the landlord directory: prevention officers, team leaders and administrators (the directory
is shared by the whole prevention service, so there is no narrower object scope)."""

from tests.access_matrix import Access
from tests.moveon.factories import LandlordFactory, LandlordPropertyFactory

MOVEON = frozenset({"prevention_officer", "team_leader", "administrator"})


def _landlord(user, users):
    return {"pk": LandlordFactory().pk}


def _home(user, users):
    return {"pk": LandlordPropertyFactory().pk}


ACCESS = {
    "moveon:landlord_list": Access(allowed=MOVEON),
    "moveon:landlord_create": Access(allowed=MOVEON),
    "moveon:landlord_detail": Access(allowed=MOVEON, kwargs=_landlord),
    "moveon:landlord_edit": Access(allowed=MOVEON, kwargs=_landlord),
    "moveon:property_create": Access(allowed=MOVEON, kwargs=_landlord),
    "moveon:property_detail": Access(allowed=MOVEON, kwargs=_home),
    "moveon:property_edit": Access(allowed=MOVEON, kwargs=_home),
    "moveon:document_create": Access(allowed=MOVEON, kwargs=_home),
}
