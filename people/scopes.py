"""Who may see which person: modules above register a condition (see core.scopes)."""

from core import history
from core.scopes import ScopeRegistry

registry = ScopeRegistry()
register = registry.register


def _mask_ni_number(value) -> str:
    from .models import Person

    return Person(ni_number=value or "").masked_ni_number if value else ""


for _label in ("people.SupportNeed", "people.RiskFlag", "people.Consent"):
    history.scope_through(_label, "person")
history.mask_in_history("people.Person", "ni_number", _mask_ni_number)
history.log_history_reads("people.SupportNeed", "support needs and risks")
history.log_history_reads("people.RiskFlag", "support needs and risks")
