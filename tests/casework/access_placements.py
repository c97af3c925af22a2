"""Who may record and end temporary accommodation placements."""

import datetime
from decimal import Decimal

from django.utils import timezone

from tests.access_matrix import Access
from tests.casework.access_cases import PREVENTION
from tests.casework.scoping import case_for


def _interim_case(user, users):
    from casework.models import Duty
    from tests.casework.factories import DutyFactory

    case = case_for(user, homeless_tonight=True, reason_to_believe_priority_need=True)
    DutyFactory(case=case, kind=Duty.Kind.INTERIM, started_on=timezone.localdate() - datetime.timedelta(days=3))
    return case


def _case(user, users):
    return {"pk": _interim_case(user, users).pk}


def _placement(user, users):
    from casework.services.placements import placement_start

    case = _interim_case(user, users)
    placement = placement_start(
        case=case,
        kind="hostel",
        address="Anytown Hostel",
        started_on=timezone.localdate(),
        weekly_charge=Decimal("90.00"),
        by=case.officer,
    )
    return {"pk": placement.pk}


ACCESS = {
    "casework:placement_create": Access(allowed=PREVENTION, kwargs=_case),
    "casework:placement_end": Access(allowed=PREVENTION, kwargs=_placement),
}
