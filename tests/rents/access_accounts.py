import datetime
from decimal import Decimal

from accounts import roles
from rents.services import ledger
from tests.access_matrix import HOUSING, Access
from tests.rents.factories import account_for

MANAGERS_OF_MONEY = frozenset({"manager", "administrator"})


PREVENTION_READS = frozenset({"prevention_officer", "team_leader"})


def _ta_account_for(user):
    """A temporary accommodation placement's account on a case this prevention user holds."""
    from casework.models import Duty
    from casework.services import placements
    from tests.casework.factories import DutyFactory
    from tests.casework.scoping import case_for

    case = case_for(user, homeless_tonight=True, reason_to_believe_priority_need=True)
    duty = DutyFactory(case=case, kind=Duty.Kind.INTERIM, started_on=datetime.date.today())
    placement = placements.placement_start(
        case=case,
        kind="bed_and_breakfast",
        address="Station Hotel, 1 Station Road",
        started_on=duty.started_on,
        weekly_charge=Decimal("175.00"),
        by=case.officer,
    )
    return placement.rent_account


def _account(user, users):
    """Housing staff get an account in a scheme they cover; prevention staff a TA account on their case."""
    if user.has_role(roles.PREVENTION_OFFICER, roles.TEAM_LEADER):
        return {"pk": _ta_account_for(user).pk}
    return {"pk": account_for(user).pk}


def _account_with_payment(user, users):
    account = account_for(user)
    payment = ledger.payment_post(
        account=account, amount=Decimal("30.00"), method="cash", received_on=datetime.date.today(), by=None
    )
    return {"pk": account.pk, "entry_pk": payment.pk}


def _account_in_credit(user, users):
    return {"pk": _account_with_payment(user, users)["pk"]}


ACCESS = {
    # Prevention staff read (and never post to) the temporary accommodation accounts of their cases.
    "rents:account_detail": Access(allowed=HOUSING | PREVENTION_READS, kwargs=_account),
    "rents:payment_post": Access(
        allowed=HOUSING,
        method="post",
        kwargs=_account,
        data={"amount": "10.00", "method": "cash", "received_on": datetime.date.today().isoformat()},
        ok=(302,),
    ),
    "rents:adjustment_post": Access(
        allowed=HOUSING,
        method="post",
        kwargs=_account,
        data={"direction": "increase", "amount": "5.00", "reason": "Replacement key"},
        ok=(302,),
    ),
    "rents:entry_reverse": Access(
        allowed=HOUSING, method="post", kwargs=_account_with_payment, data={"reason": "Posted twice"}, ok=(302,)
    ),
    "rents:write_off_post": Access(
        allowed=MANAGERS_OF_MONEY,
        method="post",
        kwargs=_account,
        data={"amount": "5.00", "reason": "Resident has died; estate has no funds"},
        ok=(302,),
    ),
    "rents:refund_post": Access(
        allowed=MANAGERS_OF_MONEY,
        method="post",
        kwargs=_account_in_credit,
        data={"amount": "10.00", "reason": "Moving out; credit returned"},
        ok=(302,),
    ),
    "rents:statement": Access(allowed=HOUSING | PREVENTION_READS, kwargs=_account),
    # Prevention staff see the temporary accommodation accounts of their cases here.
    "rents:arrears_list": Access(allowed=HOUSING | {"prevention_officer", "team_leader"}),
}
