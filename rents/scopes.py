"""Who may see which rent account: owners (tenancies, later casework) register a condition (see core.scopes)."""

from core.scopes import ScopeRegistry

registry = ScopeRegistry()
register = registry.register
