"""Who may see which person.

`people` sits below the modules that give a reason to see someone (a tenancy in a scheme
you cover, a case you hold), so those modules register a scope function here instead of
`people` importing them. A person is visible when any registered scope includes them.
"""

from collections.abc import Callable

from django.db.models import Q

PersonScope = Callable[[object], Q | None]
_scopes: dict[str, PersonScope] = {}


def register(name: str):
    def decorator(func: PersonScope) -> PersonScope:
        _scopes[name] = func
        return func

    return decorator


def q_for(user) -> Q | None:
    """OR of every module's condition for this user; None means "sees nobody"."""
    combined = None
    for func in _scopes.values():
        condition = func(user)
        if condition is not None:
            combined = condition if combined is None else combined | condition
    return combined
