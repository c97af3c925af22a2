"""Who may see which rent account because of casework: the TA accounts of cases they can see."""

from django.db.models import Q
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
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

    related = ("placement__case__person",)
    contact_related = ("placement__case__officer", "placement__case__team__leader")

    def _placement(self, account):
        return getattr(account, "placement", None)  # reverse one-to-one: absent for an agreement

    def resident_name(self, account):
        placement = self._placement(account)
        return placement.case.person.name if placement else None

    def resident_names(self, account):
        placement = self._placement(account)
        return {placement.case.person.legal_name, placement.case.person.preferred_name} - {""} if placement else set()

    def contact(self, account):
        """The case's officer hears about arrears proposals; the team leader while no one holds the case."""
        placement = self._placement(account)
        return (placement.case.officer or placement.case.team.leader) if placement else None

    def notice_url(self, account):
        placement = self._placement(account)
        return f"{placement.case.get_absolute_url()}#placements" if placement else None

    def notice_words(self, account):
        if self._placement(account) is None:
            return None
        return (
            "whether the accommodation can continue is decided on the homelessness case, with the household's "
            "circumstances and the duty owed in mind",
            "go to the case and its placements",
        )

    def letter_template(self, account, template):
        """Stage letters in temporary accommodation wording: the charge, not a tenancy's rent."""
        if self._placement(account) is None or not template:
            return None
        name = template.rsplit("/", 1)[-1]
        candidate = f"casework/letters/ta_arrears/{name}"
        try:
            get_template(candidate)
        except TemplateDoesNotExist:
            return None
        return candidate

    def may_review(self, account, user):
        """In temporary accommodation the team leader is the manager who agrees the last stages."""
        return True if self._placement(account) is not None and user.has_perm("casework.reassign_case") else None

    def resident_address(self, account):
        placement = self._placement(account)
        return [line.strip() for line in placement.address.splitlines() if line.strip()] if placement else None

    def describe(self, account, user):
        placement = self._placement(account)
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
