"""Who may record a move and its six-month follow-up: officers and team leaders on cases they see."""

import datetime

from tests.access_matrix import Access
from tests.casework.access_cases import PREVENTION
from tests.casework.scoping import case_for


def _accepted(user, users):
    from moveon.services.offers import offer_decide
    from tests.moveon.factories import an_offer

    offer = an_offer(case=case_for(user), by=users["administrator"])
    return offer_decide(offer=offer, outcome="accepted", on=datetime.date(2026, 12, 1), by=users["administrator"])


def _offer(user, users):
    return {"pk": _accepted(user, users).pk}


def _move(user, users):
    from moveon.services.moves import move_record

    offer = _accepted(user, users)
    move = move_record(offer=offer, start_date=datetime.date(2026, 12, 1), tenancy_months=12, by=users["administrator"])
    return {"pk": move.pk}


ACCESS = {
    "moveon:move_create": Access(allowed=PREVENTION, kwargs=_offer),
    "moveon:follow_up": Access(allowed=PREVENTION, kwargs=_move),
}
