"""Object scope for records that lower apps own but higher apps give a reason to see.

`people` and `rents` sit below the modules that know why someone may see a person or an
account (a tenancy in a scheme you cover, a case you hold), so those modules register a
condition with the lower app's `ScopeRegistry` instead of the lower app importing them.
"""

from collections.abc import Callable

from django.db.models import Q, QuerySet

Scope = Callable[[object], Q | None]


class ScopeRegistry:
    def __init__(self):
        self._scopes: dict[str, Scope] = {}

    def register(self, name: str):
        def decorator(func: Scope) -> Scope:
            self._scopes[name] = func
            return func

        return decorator

    def q_for(self, user) -> Q | None:
        """OR of every module's condition for this user; None means "sees nothing"."""
        combined = None
        for func in self._scopes.values():
            condition = func(user)
            if condition is not None:
                combined = condition if combined is None else combined | condition
        return combined

    def restrict(self, queryset: QuerySet, user) -> QuerySet:
        if not user.is_authenticated:
            return queryset.none()
        if user.is_superuser:
            return queryset
        condition = self.q_for(user)
        return queryset.filter(condition) if condition is not None else queryset.none()
