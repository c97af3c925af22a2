"""Who may start and end duties, record s184 decisions and s202 review requests."""

from tests.access_matrix import Access
from tests.casework.factories import DutyFactory, MainDutyDecisionFactory
from tests.casework.scoping import case_for

PREVENTION = frozenset({"prevention_officer", "team_leader", "administrator"})


def _case(user, users):
    return {"pk": case_for(user).pk}


def _duty(user, users):
    return {"pk": DutyFactory(case=case_for(user)).pk}


def _decision(user, users):
    return {"pk": MainDutyDecisionFactory(case=case_for(user, homeless_tonight=True)).pk}


def _requested_review(user, users):
    from django.utils import timezone

    decision = MainDutyDecisionFactory(
        case=case_for(user, homeless_tonight=True), review_requested_on=timezone.localdate()
    )
    return {"pk": decision.pk}


ACCESS = {
    "casework:duty_start": Access(allowed=PREVENTION, kwargs=_case),
    "casework:duty_end": Access(allowed=PREVENTION, kwargs=_duty),
    "casework:decision_create": Access(allowed=PREVENTION, kwargs=_case),
    "casework:review_request": Access(allowed=PREVENTION, kwargs=_decision),
    "casework:review_decide": Access(allowed=PREVENTION, kwargs=_requested_review),
}
