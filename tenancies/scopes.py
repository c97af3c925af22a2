"""Which people a user may see because of supported housing (registered with people.scopes)."""

from django.db.models import Q

from accounts import roles
from accounts.models import Coverage
from core import history
from people import scopes
from rents import scopes as rent_scopes

from .models import Agreement, Scheme


@scopes.register("tenancies")
def residents_visible_to(user) -> Q | None:
    if user.has_role(*roles.SEES_ALL_HOUSING):
        return Q(pk__in=Agreement.objects.values("person_id"))
    conditions = None
    if user.has_role(roles.HOUSING_WORKER, roles.SUPPORT_WORKER):
        covered = Coverage.objects.object_ids(user, Scheme)
        conditions = Q(pk__in=Agreement.objects.filter(unit__property__scheme__in=covered).values("person_id"))
    if user.has_role(roles.SUPPORT_WORKER):
        mine = Q(key_support_worker=user)
        conditions = mine if conditions is None else conditions | mine
    return conditions


@rent_scopes.register("tenancies")
def rent_accounts_visible_to(user) -> Q | None:
    """Accounts of agreements the user can see (support workers: balance only, enforced by permission)."""
    if not user.has_role(*roles.HOUSING_ROLES, roles.SUPPORT_WORKER, roles.ADMINISTRATOR):
        return None
    return Q(agreement__in=Agreement.objects.visible_to(user))


history.scope_through("tenancies.Property", "scheme")
history.scope_through("tenancies.IncidentParty", "incident")
history.scope_through("tenancies.Letter", "person")
history.scope_through("tenancies.Involvement", "person")
