"""Which people a user may see because of supported housing (registered with people.scopes)."""

from django.db.models import F, Q

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


@rent_scopes.owners.register("tenancies")
class AgreementAccounts(rent_scopes.AccountOwner):
    """What the ledger shows and filters by for an agreement's account (rents imports nothing of ours)."""

    related = ("agreement__person", "agreement__unit")
    contact_related = ("agreement__created_by",)

    def _agreement(self, account):
        return getattr(account, "agreement", None)  # reverse one-to-one: absent for a TA placement

    def describe(self, account, user):
        agreement = self._agreement(account)
        if agreement is None:
            return []
        text = f"{agreement.get_kind_display()}: {agreement.person}, {agreement.unit}"
        return [rent_scopes.OwnerLine("Agreement", url=agreement.get_absolute_url(), link_text=text)]

    def resident_name(self, account):
        agreement = self._agreement(account)
        return agreement.person.name if agreement is not None else None

    def resident_names(self, account):
        agreement = self._agreement(account)
        return {agreement.person.legal_name, agreement.person.preferred_name} if agreement is not None else set()

    def resident_address(self, account):
        agreement = self._agreement(account)
        if agreement is None:
            return None
        prop = agreement.unit.property
        return [line for line in (agreement.unit.label, prop.address, prop.town, prop.postcode) if line]

    def contact(self, account):
        agreement = self._agreement(account)
        return agreement.created_by if agreement is not None else None

    def notice_url(self, account):
        agreement = self._agreement(account)
        return agreement.get_absolute_url() if agreement is not None else None

    def scheme_name(self):
        return F("agreement__unit__property__scheme__name")

    def in_scheme(self, scheme_id):
        return Q(agreement__unit__property__scheme=scheme_id)

    def schemes_for(self, user):
        return Scheme.objects.visible_to(user).order_by("name")


history.scope_through("tenancies.Property", "scheme")
history.scope_through("tenancies.IncidentParty", "incident")
history.scope_through("tenancies.Letter", "person")
history.scope_through("tenancies.Involvement", "person")
