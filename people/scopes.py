"""Who may see which person: modules above register a condition (see core.scopes)."""

from core import history
from core.scopes import ScopeRegistry

registry = ScopeRegistry()
register = registry.register


for _label in ("people.SupportNeed", "people.RiskFlag", "people.Consent"):
    history.scope_through(_label, "person")
history.log_history_reads("people.SupportNeed", "support needs and risks")
history.log_history_reads("people.RiskFlag", "support needs and risks")
