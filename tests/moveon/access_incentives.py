"""Who may request, approve, pay and recover incentives: officers and team leaders on cases they see;
only team leaders (and administrators) approve."""

from decimal import Decimal

from tests.access_matrix import Access
from tests.casework.access_cases import PREVENTION
from tests.casework.scoping import case_for

APPROVERS = frozenset({"team_leader", "administrator"})


def _offer(user, users):
    from tests.moveon.factories import an_offer

    return {"pk": an_offer(case=case_for(user), by=users["administrator"]).pk}


def _incentive(user, users):
    from moveon.services.incentives import incentive_request
    from tests.moveon.factories import an_offer

    offer = an_offer(case=case_for(user), by=users["administrator"])
    return {
        "pk": incentive_request(offer=offer, kind="deposit", amount=Decimal("100.00"), by=users["administrator"]).pk
    }


ACCESS = {
    "moveon:incentive_create": Access(allowed=PREVENTION, kwargs=_offer),
    # Approving one within the limit is refused with a message and a redirect back to the offer.
    "moveon:incentive_approve": Access(allowed=APPROVERS, method="post", kwargs=_incentive, ok=(302,)),
    "moveon:incentive_pay": Access(allowed=PREVENTION, kwargs=_incentive),
    "moveon:incentive_recover": Access(allowed=PREVENTION, kwargs=_incentive),
    "moveon:incentive_withdraw": Access(allowed=PREVENTION, kwargs=_incentive),
}
