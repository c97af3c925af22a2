"""Who may see which person: modules above register a condition (see core.scopes)."""

from core.scopes import ScopeRegistry

registry = ScopeRegistry()
register = registry.register
