"""Who may open the housing register pages: the prevention team, within their object scope."""

from tests.access_matrix import Access
from tests.casework.scoping import case_for
from tests.register.factories import application_for

PREVENTION = frozenset({"prevention_officer", "team_leader", "administrator"})


def _case(user, users):
    return {"pk": case_for(user).pk}


def _person(user, users):
    return {"pk": case_for(user).person.pk}


def _application(user, users):
    return {"pk": application_for(case_for(user), by=users["administrator"]).pk}


ACCESS = {
    "register:queue": Access(allowed=PREVENTION),
    "register:application_create": Access(allowed=PREVENTION, kwargs=_case),
    "register:application_create_for_person": Access(allowed=PREVENTION, kwargs=_person),
    "register:application_detail": Access(allowed=PREVENTION, kwargs=_application),
    "register:application_triage": Access(allowed=PREVENTION, kwargs=_application),
    "register:household_add": Access(allowed=PREVENTION, kwargs=_application),
    "register:band_override": Access(allowed=PREVENTION, kwargs=_application),
    "register:signpost_add": Access(allowed=PREVENTION, kwargs=_application),
    "register:application_close": Access(allowed=PREVENTION, kwargs=_application),
}
