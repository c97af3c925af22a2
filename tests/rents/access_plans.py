import datetime
from decimal import Decimal

from rents.services import plans
from tests.access_matrix import HOUSING, Access
from tests.rents.factories import account_for


def _account(user, users):
    return {"pk": account_for(user).pk}


def _plan(user, users):
    today = datetime.date.today()
    plan = plans.plan_create(
        account=account_for(user),
        weekly_amount=Decimal("10.00"),
        starts_on=today,
        review_on=today + datetime.timedelta(days=84),
        by=None,
    )
    return {"pk": plan.pk}


ACCESS = {
    "rents:plan_create": Access(allowed=HOUSING, kwargs=_account),
    "rents:plan_detail": Access(allowed=HOUSING, kwargs=_plan),
    "rents:plan_cancel": Access(allowed=HOUSING, method="post", kwargs=_plan, ok=(302,)),
}
