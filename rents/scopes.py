"""Who may see which rent account, and what the ledger may say about who holds it.

The ledger knows no owner. Owners (tenancies' agreements, casework's TA placements) register
a visibility condition with `registry` (see core.scopes) and an `AccountOwner` with `owners`,
which tells rents' pages how to name, describe, contact and filter an account by scheme.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import CharField, Q, QuerySet, Value
from django.db.models.functions import Coalesce

from core import history
from core.scopes import ScopeRegistry

registry = ScopeRegistry()
register = registry.register

for _label in ("rents.ChargeLine", "rents.HousingBenefitClaim", "rents.ArrearsCase", "rents.ImportRow"):
    history.scope_through(_label, "account")


@dataclass(frozen=True)
class OwnerLine:
    """One line of the account page about who holds the account: `text`, then `link_text` linked to `url`."""

    label: str
    text: str = ""
    url: str = ""
    link_text: str = ""


class AccountOwner:
    """What one owner tells the ledger. Every method answers None (or nothing) for an account it
    does not hold; `related` and `contact_related` are the joins that make each answer free."""

    related: tuple[str, ...] = ()
    contact_related: tuple[str, ...] = ()

    def describe(self, account, user) -> list[OwnerLine]:
        return []

    def resident_name(self, account) -> str | None:
        """The name the resident asked us to use, for statements and letters."""
        return None

    def resident_names(self, account) -> set[str]:
        """Every name a council schedule may use for the resident (HB import name check)."""
        return set()

    def resident_address(self, account) -> list[str] | None:
        """The lines of the address letters are sent to (the room or flat the account is for)."""
        return None

    def contact(self, account):
        """Who hears about arrears proposals on this account."""
        return None

    def notice_url(self, account) -> str | None:
        """Where any notice is handled (the arrears notice stage serves nothing itself)."""
        return None

    def notice_words(self, account) -> tuple[str, str] | None:
        """Where the notice stage is handled and the link text, when it is not a tenancy's incident ladder."""
        return None

    def letter_template(self, account, template: str) -> str | None:
        """The owner's own wording of a stage letter (temporary accommodation is not a tenancy), or None."""
        return None

    def may_review(self, account, user) -> bool | None:
        """Whether the user may agree a stage that needs a manager's review, besides housing managers."""
        return None

    def scheme_name(self):
        """An expression for the account's scheme name, or None if this owner has no schemes."""
        return None

    def in_scheme(self, scheme_id) -> Q | None:
        return None

    def schemes_for(self, user) -> QuerySet | None:
        """The schemes the user may filter the arrears list by."""
        return None


class OwnerRegistry:
    def __init__(self):
        self._owners: dict[str, AccountOwner] = {}

    def register(self, name: str):
        def decorator(cls: type[AccountOwner]) -> type[AccountOwner]:
            self._owners[name] = cls()
            return cls

        return decorator

    def related(self, prefix: str = "", *, contact: bool = False) -> list[str]:
        """The joins that let every owner answer without a query, under `prefix` (e.g. "account__")."""
        paths = []
        for owner in self._owners.values():
            paths.extend(owner.contact_related if contact else owner.related)
        return [f"{prefix}{path}" for path in paths]

    def _first(self, answer: Callable[[AccountOwner], object]):
        for owner in self._owners.values():
            value = answer(owner)
            if value is not None:
                return value
        return None

    def describe(self, account, user) -> list[OwnerLine]:
        return [line for owner in self._owners.values() for line in owner.describe(account, user)]

    def resident_name(self, account) -> str:
        return self._first(lambda owner: owner.resident_name(account)) or account.name

    def resident_names(self, account) -> set[str]:
        return set().union(*(owner.resident_names(account) for owner in self._owners.values()))

    def resident_address(self, account) -> list[str]:
        return self._first(lambda owner: owner.resident_address(account)) or []

    def contact(self, account):
        return self._first(lambda owner: owner.contact(account))

    def notice_url(self, account) -> str | None:
        return self._first(lambda owner: owner.notice_url(account))

    def notice_words(self, account) -> tuple[str, str]:
        return self._first(lambda owner: owner.notice_words(account)) or (
            "any notice is handled on the tenancy's incident ladder",
            "go to the tenancy and its incident ladder",
        )

    def letter_template(self, account, template: str) -> str:
        return self._first(lambda owner: owner.letter_template(account, template)) or template

    def may_review(self, account, user) -> bool:
        return bool(self._first(lambda owner: owner.may_review(account, user)))

    def scheme_name(self):
        expressions = [e for owner in self._owners.values() if (e := owner.scheme_name()) is not None]
        if not expressions:
            return Value(None, output_field=CharField())
        return expressions[0] if len(expressions) == 1 else Coalesce(*expressions)

    def in_scheme(self, scheme_id) -> Q:
        conditions = [q for owner in self._owners.values() if (q := owner.in_scheme(scheme_id)) is not None]
        if not conditions:
            return Q(pk__in=[])
        combined = conditions[0]
        for condition in conditions[1:]:
            combined |= condition
        return combined

    def schemes_for(self, user) -> QuerySet | None:
        return self._first(lambda owner: owner.schemes_for(user))


owners = OwnerRegistry()
