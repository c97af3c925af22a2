from tests.access_matrix import HOUSING, HOUSING_AND_SUPPORT, Access
from tests.tenancies.factories import HouseMeetingFactory, MeetingActionFactory
from tests.tenancies.scoping import scheme_for


def _scheme(user, users):
    return {"scheme_pk": scheme_for(user).pk}


def _meeting(user, users):
    return {"pk": HouseMeetingFactory(scheme=scheme_for(user)).pk}


def _open_action(user, users):
    return {"pk": MeetingActionFactory(meeting__scheme=scheme_for(user), owner=users["housing_worker"]).pk}


ACCESS = {
    "tenancies:meeting_list": Access(allowed=HOUSING_AND_SUPPORT),
    "tenancies:meeting_choose_scheme": Access(allowed=HOUSING),
    "tenancies:meeting_create": Access(allowed=HOUSING, kwargs=_scheme),
    "tenancies:meeting_detail": Access(allowed=HOUSING_AND_SUPPORT, kwargs=_meeting),
    "tenancies:meeting_edit": Access(allowed=HOUSING, kwargs=_meeting),
    "tenancies:meeting_action_add": Access(allowed=HOUSING, kwargs=_meeting),
    "tenancies:meeting_action_done": Access(allowed=HOUSING, method="post", kwargs=_open_action, ok=(302,)),
    "tenancies:involvement_list": Access(allowed=HOUSING),
    "tenancies:involvement_create": Access(allowed=HOUSING, kwargs=_scheme),
}
