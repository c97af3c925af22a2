"""Who may plan, open, check in and out of home visits, acknowledge alerts and see the lone-working page."""

from tests.access_matrix import Access
from tests.casework.factories import HomeVisitFactory
from tests.casework.factories_visits import AlertedVisitFactory, OnVisitFactory
from tests.casework.scoping import case_for

PREVENTION = frozenset({"prevention_officer", "team_leader", "administrator"})
LEADERS = frozenset({"team_leader", "administrator"})
# Only the visiting officer checks in and out: the leader's and admin's visits here are someone else's.
OFFICER = frozenset({"prevention_officer"})


def _case(user, users):
    return {"pk": case_for(user).pk}


def _visit(factory):
    def kwargs(user, users):
        return {"pk": factory(case=case_for(user)).pk}

    return kwargs


ACCESS = {
    "casework:visit_create": Access(allowed=PREVENTION, kwargs=_case),
    "casework:visit_detail": Access(allowed=PREVENTION, kwargs=_visit(HomeVisitFactory)),
    "casework:visit_check_in": Access(allowed=OFFICER, method="post", kwargs=_visit(HomeVisitFactory), ok=(302,)),
    "casework:visit_check_out": Access(allowed=OFFICER, method="post", kwargs=_visit(OnVisitFactory), ok=(302,)),
    "casework:visit_record": Access(allowed=PREVENTION, kwargs=_visit(OnVisitFactory)),
    "casework:visit_alert_acknowledge": Access(
        allowed=LEADERS,
        method="post",
        kwargs=_visit(AlertedVisitFactory),
        data={"note": "Called them: safe, the visit ran long."},
        ok=(302,),
    ),
    "casework:lone_working": Access(allowed=LEADERS),
}
