"""Who may raise, read, update and close safeguarding concerns, and list the open ones."""

from django.utils import timezone

from tests.access_matrix import Access
from tests.casework.factories import SafeguardingConcernFactory
from tests.casework.scoping import case_for

PREVENTION = frozenset({"prevention_officer", "team_leader", "administrator"})
# Concerns are read only by the case officer, the team's leaders and safeguarding leads (a per-user
# permission that no role has), so administrators get 404 on a concern as everyone else does.
READERS = frozenset({"prevention_officer", "team_leader"})


def _case(user, users):
    return {"pk": case_for(user).pk}


def _concern(user, users):
    return {"pk": SafeguardingConcernFactory(case=case_for(user)).pk}


ACCESS = {
    "casework:safeguarding_list": Access(allowed=frozenset({"team_leader"})),
    "casework:safeguarding_create": Access(allowed=PREVENTION, kwargs=_case),
    "casework:safeguarding_detail": Access(allowed=READERS, kwargs=_concern),
    "casework:safeguarding_edit": Access(allowed=READERS, kwargs=_concern),
    "casework:safeguarding_close": Access(
        allowed=READERS,
        method="post",
        kwargs=_concern,
        data={
            "outcome": "Children's Services visited; no further action.",
            "closed_on": timezone.localdate().isoformat(),
        },
        ok=(302,),
    ),
}
