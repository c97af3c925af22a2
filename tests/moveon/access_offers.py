"""Who may record and see private rented offers: prevention officers (their cases), team leaders (their
team's) and administrators; everyone else is refused. Scope follows the case."""

import datetime
from decimal import Decimal

from tests.access_matrix import Access
from tests.casework.access_cases import PREVENTION
from tests.casework.scoping import case_for


def _case(user, users):
    return {"pk": case_for(user).pk}


def _offer(user, users):
    from moveon.services.offers import offer_create

    case = case_for(user)
    offer = offer_create(
        case=case,
        address="1 Matrix Road",
        weekly_rent=Decimal("150.00"),
        bedrooms=1,
        weekly_income=Decimal("400.00"),
        offered_on=datetime.date(2026, 12, 1),
        by=users["administrator"],
    )
    return {"pk": offer.pk}


ACCESS = {
    "moveon:offer_create": Access(allowed=PREVENTION, kwargs=_case),
    "moveon:offer_detail": Access(allowed=PREVENTION, kwargs=_offer),
    "moveon:viewing_create": Access(allowed=PREVENTION, kwargs=_offer),
    "moveon:offer_outcome": Access(allowed=PREVENTION, kwargs=_offer),
}
