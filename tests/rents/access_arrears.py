import datetime
from decimal import Decimal

from rents.services import arrears, ledger
from tests.access_matrix import HOUSING, Access
from tests.rents.factories import account_for


def _account_in_arrears(user):
    account = account_for(user)
    ledger.adjustment_post(account=account, amount=Decimal("300.00"), reason="Arrears brought forward", by=None)
    return account


def _account(user, users):
    return {"pk": account_for(user).pk}


def _proposal(user, users):
    from rents.models import ArrearsAction

    account = _account_in_arrears(user)
    arrears.propose_stages(today=datetime.date.today())
    return {"pk": ArrearsAction.objects.get(case__account=account).pk}


def _accepted_letter(user, users):
    from rents.models import ArrearsAction

    pk = _proposal(user, users)["pk"]
    arrears.proposal_accept(action=ArrearsAction.objects.get(pk=pk), by=users["manager"])
    return {"pk": pk}


ACCESS = {
    # Prevention staff see the temporary accommodation accounts of their cases here.
    "rents:arrears_cases": Access(allowed=HOUSING | {"prevention_officer", "team_leader"}),
    "rents:arrears_account": Access(allowed=HOUSING, kwargs=_account),
    "rents:arrears_accept": Access(allowed=HOUSING, method="post", kwargs=_proposal, data={}, ok=(302,)),
    "rents:arrears_decline": Access(
        allowed=HOUSING, method="post", kwargs=_proposal, data={"notes": "Paying again from Friday"}, ok=(302,)
    ),
    "rents:arrears_letter": Access(allowed=HOUSING, kwargs=_accepted_letter),
}
