"""Who may open the caseload and case pages."""

from tests.access_matrix import Access
from tests.casework.factories import ReferralFactory
from tests.casework.scoping import case_for

PREVENTION = frozenset({"prevention_officer", "team_leader", "administrator"})
READERS = PREVENTION | {"support_worker"}


def _case(user, users):
    return {"pk": case_for(user).pk}


def _referral(user, users):
    return {"pk": ReferralFactory().pk}


ACCESS = {
    "casework:caseload": Access(allowed=READERS),
    "casework:approach_create": Access(allowed=PREVENTION),
    "casework:case_detail": Access(allowed=READERS, kwargs=_case),
    "casework:case_triage": Access(allowed=PREVENTION, kwargs=_case),
    "casework:case_details": Access(allowed=PREVENTION, kwargs=_case),
    # Officers hold their own case here; only leaders (and admins) reassign.
    "casework:case_assign": Access(allowed=frozenset({"team_leader", "administrator"}), kwargs=_case),
    "casework:case_close": Access(allowed=PREVENTION, kwargs=_case),
    "casework:referral_list": Access(allowed=PREVENTION),
    "casework:referral_accept": Access(allowed=PREVENTION, method="post", kwargs=_referral, ok=(302,)),
}
