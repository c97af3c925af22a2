"""Who may open the voids pages: housing staff in their schemes; nobody else (issue 11, Access)."""

from tests.access_matrix import HOUSING, Access
from tests.repairs.factories import VoidFactory
from tests.tenancies.factories import UnitFactory
from tests.tenancies.scoping import scheme_for


def _void(user, users):
    return {"pk": VoidFactory(unit__property__scheme=scheme_for(user)).pk}


def _unit(user, users):
    return {"unit_pk": UnitFactory(property__scheme=scheme_for(user)).pk}


ACCESS = {
    "repairs:void_board": Access(allowed=HOUSING),
    "repairs:void_detail": Access(allowed=HOUSING, kwargs=_void),
    "repairs:void_dates": Access(allowed=HOUSING, kwargs=_void),
    "repairs:void_check": Access(allowed=HOUSING, kwargs=_void),
    "repairs:void_back_in_use": Access(allowed=HOUSING, method="post", kwargs=_void, ok=(302,)),
    "repairs:unit_out_of_use": Access(allowed=HOUSING, kwargs=_unit),
}
