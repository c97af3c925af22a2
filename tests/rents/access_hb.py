import datetime
from uuid import uuid4

from rents.services import hb
from tests.access_matrix import HOUSING, Access
from tests.rents.factories import account_for


def _account(user, users):
    return {"pk": account_for(user).pk}


def _claim(user, users):
    claim = hb.claim_create(
        account=account_for(user), claim_reference=f"HB{uuid4().hex[:10]}", starts_on=datetime.date.today()
    )
    return {"pk": claim.pk}


ACCESS = {
    "rents:hb_claim_create": Access(allowed=HOUSING, kwargs=_account),
    "rents:hb_claim_edit": Access(allowed=HOUSING, kwargs=_claim),
    "rents:hb_claim_status": Access(allowed=HOUSING, kwargs=_claim),
}
