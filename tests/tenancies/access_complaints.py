import datetime

from tests.access_matrix import HOUSING, Access
from tests.tenancies.factories import ComplaintFactory
from tests.tenancies.scoping import scheme_for

MANAGERS_OF_HOUSING = frozenset({"senior_worker", "manager", "administrator"})


def _scheme(user, users):
    return {"scheme_pk": scheme_for(user).pk}


def _complaint(**state):
    """A complaint in `state`, in a scheme the requesting user can see (step pages need the right state)."""

    def build(user, users):
        today = datetime.date.today()
        fields = {key: today if value == "today" else value for key, value in state.items()}
        return {"pk": ComplaintFactory(scheme=scheme_for(user), received_on=today, **fields).pk}

    return build


_new = _complaint()
_acknowledged = _complaint(stage1_acknowledged_on="today")
_answered = _complaint(stage1_acknowledged_on="today", stage1_responded_on="today", stage1_response="Sorry.")

ACCESS = {
    "tenancies:complaint_list": Access(allowed=HOUSING),
    "tenancies:complaint_choose_scheme": Access(allowed=HOUSING),
    "tenancies:complaint_create": Access(allowed=HOUSING, kwargs=_scheme),
    "tenancies:complaint_detail": Access(allowed=HOUSING, kwargs=_new),
    "tenancies:complaint_acknowledge": Access(allowed=HOUSING, kwargs=_new),
    "tenancies:complaint_extend": Access(allowed=HOUSING, kwargs=_acknowledged),
    "tenancies:complaint_respond": Access(allowed=HOUSING, kwargs=_acknowledged),
    "tenancies:complaint_escalate": Access(allowed=HOUSING, kwargs=_answered),
    "tenancies:complaint_close": Access(allowed=HOUSING, kwargs=_answered),
    "tenancies:figures": Access(allowed=MANAGERS_OF_HOUSING),
}
