"""Who may open the mediation pages: the prevention team, within their object scope."""

from tests.access_matrix import Access
from tests.casework.factories import MediationFactory
from tests.casework.scoping import case_for

PREVENTION = frozenset({"prevention_officer", "team_leader", "administrator"})


def _case(user, users):
    return {"pk": case_for(user).pk}


def _mediation(user, users):
    return {"pk": MediationFactory(case=case_for(user)).pk}


ACCESS = {
    "casework:mediation_create": Access(allowed=PREVENTION, kwargs=_case),
    "casework:mediation_detail": Access(allowed=PREVENTION, kwargs=_mediation),
    "casework:mediation_session_add": Access(allowed=PREVENTION, kwargs=_mediation),
    "casework:mediation_outcome": Access(allowed=PREVENTION, kwargs=_mediation),
}
