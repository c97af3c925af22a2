"""What higher apps tell tenancies about letting a unit, without tenancies importing them.

- `letting_check`: a function `(unit, start_date) -> list[str]` naming why the unit cannot be let
  yet (repairs: a void's failing or missing safety item; compliance: an overdue pre-let check).
  `agreement_sign_up` refuses a sign-up while any check names a reason, and the sign-up form shows them.
- `unit_state`: a function `(units, on) -> dict[unit id, str]` giving a fuller state than
  occupied/void ("Void: waiting for inspection, 12 days"), shown wherever units are listed.
"""

from collections.abc import Callable, Iterable
from datetime import date

LettingCheck = Callable[..., list[str]]
UnitState = Callable[..., dict[int, str]]

_checks: dict[str, LettingCheck] = {}
_states: dict[str, UnitState] = {}


def letting_check(name: str):
    def register(func: LettingCheck) -> LettingCheck:
        _checks[name] = func
        return func

    return register


def unit_state(name: str):
    def register(func: UnitState) -> UnitState:
        _states[name] = func
        return func

    return register


def letting_blockers(unit, start_date: date) -> list[str]:
    """Every reason, from every app, why `unit` cannot be let from `start_date`."""
    return [reason for name in sorted(_checks) for reason in _checks[name](unit, start_date)]


def unit_states(units: Iterable, on: date) -> dict[int, str]:
    """The fuller state of each unit that an app knows one for (a fixed number of queries per app)."""
    units = list(units)
    found: dict[int, str] = {}
    for name in sorted(_states):
        found.update(_states[name](units, on))
    return found
