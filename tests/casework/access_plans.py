"""Who may open the assessment and housing plan pages: the prevention team, within their object scope."""

from django.core.files.base import ContentFile

from tests.access_matrix import Access
from tests.casework.factories import PlanFactory, PlanStepFactory
from tests.casework.scoping import case_for

PREVENTION = frozenset({"prevention_officer", "team_leader", "administrator"})


def _case(user, users):
    return {"pk": case_for(user).pk}


def _plan(user, users):
    plan = PlanFactory(case=case_for(user))
    PlanStepFactory(plan=plan, party="council", text="Offer mediation with your host.")
    return {"pk": plan.pk}


def _issued_plan(user, users):
    plan = PlanFactory(case=case_for(user))
    plan.pdf.save("housing-plan-matrix.pdf", ContentFile(b"%PDF-1.4 matrix"), save=True)
    return {"pk": plan.pk}


def _step(user, users):
    return {"pk": PlanStepFactory(plan=PlanFactory(case=case_for(user))).pk}


ACCESS = {
    "casework:assessment_edit": Access(allowed=PREVENTION, kwargs=_case),
    "casework:plan_create": Access(allowed=PREVENTION, kwargs=_case),
    "casework:plan_detail": Access(allowed=PREVENTION, kwargs=_plan),
    "casework:plan_edit": Access(allowed=PREVENTION, kwargs=_plan),
    "casework:plan_issue": Access(allowed=PREVENTION, method="post", kwargs=_plan, ok=(302,)),
    "casework:plan_pdf": Access(allowed=PREVENTION, kwargs=_issued_plan),
    "casework:plan_step_done": Access(allowed=PREVENTION, method="post", kwargs=_step, ok=(302,)),
}
