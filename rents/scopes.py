"""Who may see which rent account.

The ledger does not know who owns an account, so owners (tenancies for agreements, casework
for temporary accommodation placements) register a scope function here, as people.scopes does.
"""

from collections.abc import Callable

from django.db.models import Q

AccountScope = Callable[[object], Q | None]
_scopes: dict[str, AccountScope] = {}


def register(name: str):
    def decorator(func: AccountScope) -> AccountScope:
        _scopes[name] = func
        return func

    return decorator


def q_for(user) -> Q | None:
    combined = None
    for func in _scopes.values():
        condition = func(user)
        if condition is not None:
            combined = condition if combined is None else combined | condition
    return combined
