"""Who may open the contractor and budget pages and the works order PDF: housing staff view them
(budgets and orders in their schemes); managers and administrators add and change contractors and
budgets; support workers, prevention officers and team leaders nothing."""

from tests.access_matrix import HOUSING, Access
from tests.repairs.factories import ContractorFactory, RepairsBudgetFactory, WorksOrderFactory
from tests.tenancies.scoping import scheme_for

MANAGE = frozenset({"manager", "administrator"})


def _contractor(user, users):
    return {"pk": ContractorFactory().pk}


def _budget(user, users):
    return {"pk": RepairsBudgetFactory(scheme=scheme_for(user)).pk}


def _order(user, users):
    return {"pk": WorksOrderFactory(repair__unit__property__scheme=scheme_for(user)).pk}


ACCESS = {
    "repairs:contractor_list": Access(allowed=HOUSING),
    "repairs:contractor_detail": Access(allowed=HOUSING, kwargs=_contractor),
    "repairs:contractor_create": Access(allowed=MANAGE),
    "repairs:contractor_edit": Access(allowed=MANAGE, kwargs=_contractor),
    "repairs:budget_list": Access(allowed=HOUSING),
    "repairs:budget_detail": Access(allowed=HOUSING, kwargs=_budget),
    "repairs:budget_create": Access(allowed=MANAGE),
    "repairs:works_order_pdf": Access(allowed=HOUSING, kwargs=_order),
}
