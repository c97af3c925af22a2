"""Who may see which rent account because of casework: the TA accounts of cases they can see."""

from django.db.models import Q
from django.utils import dateformat

from accounts import roles
from core import history
from rents import scopes as rent_scopes

from .models import Case


@rent_scopes.register("casework")
def ta_accounts_visible_to(user) -> Q | None:
    if not user.has_role(*roles.PREVENTION_ROLES, roles.ADMINISTRATOR):
        return None
    return Q(placement__case__in=Case.objects.visible_to(user))


@rent_scopes.owners.register("casework")
class PlacementAccounts(rent_scopes.AccountOwner):
    """What the ledger shows for a temporary accommodation placement's account."""

    related = ("placement__case",)

    def resident_address(self, account):
        placement = getattr(account, "placement", None)
        return [line.strip() for line in placement.address.splitlines() if line.strip()] if placement else None

    def describe(self, account, user):
        placement = getattr(account, "placement", None)  # reverse one-to-one: absent for an agreement
        if placement is None:
            return []
        text = f"{placement.get_kind_display()} from {dateformat.format(placement.started_on, 'j F Y')}"
        if not user.has_perm("casework.view_case"):
            return [rent_scopes.OwnerLine("Temporary accommodation", text)]
        case = placement.case
        return [
            rent_scopes.OwnerLine(
                "Temporary accommodation", f"{text}, case ", f"{case.get_absolute_url()}#placements", case.reference
            )
        ]


history.log_history_reads("casework.Assessment", "assessment (circumstances and support needs)")
history.log_history_reads("casework.SafeguardingConcern", "safeguarding")
history.log_history_reads("casework.HomeVisit", "home visit risks")
