"""Who may see which rent account: owners (tenancies, later casework) register a condition (see core.scopes)."""

from core import history
from core.scopes import ScopeRegistry

registry = ScopeRegistry()
register = registry.register

for _label in ("rents.ChargeLine", "rents.HousingBenefitClaim", "rents.ArrearsCase", "rents.ImportRow"):
    history.scope_through(_label, "account")
history.scope_through("rents.ArrearsAction", "case")
