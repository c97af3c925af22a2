"""Who may see which rent account because of casework: the TA accounts of cases they can see."""

from django.db.models import Q

from accounts import roles
from core import history
from rents import scopes as rent_scopes

from .models import Case


@rent_scopes.register("casework")
def ta_accounts_visible_to(user) -> Q | None:
    if not user.has_role(*roles.PREVENTION_ROLES, roles.ADMINISTRATOR):
        return None
    return Q(placement__case__in=Case.objects.visible_to(user))


history.log_history_reads("casework.Assessment", "assessment (circumstances and support needs)")
history.log_history_reads("casework.SafeguardingConcern", "safeguarding")
history.log_history_reads("casework.HomeVisit", "home visit risks")
