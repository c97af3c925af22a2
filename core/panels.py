"""Panels on a record's page that a higher app contributes, so a lower app's page needs no edit
(and no upward import) to show them: repairs raised from a complaint, a unit's void and repairs.

A panel is registered for a model label (`"tenancies.Complaint"`) with a template and a function
`(request, obj) -> dict | None`; None hides the panel. The function runs a fixed number of
queries and checks the user's scope itself (it is given the request). Pages render them with
`{% load panels %}{% record_panels obj %}`.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    name: str
    title: str
    template: str
    context: Callable
    order: int


_panels: dict[str, dict[str, Panel]] = {}


def panel(model_label: str, name: str, *, title: str, template: str, order: int = 50):
    def register(func):
        _panels.setdefault(model_label, {})[name] = Panel(name, title, template, func, order)
        return func

    return register


def panels_for(model_label: str) -> list[Panel]:
    return sorted(_panels.get(model_label, {}).values(), key=lambda p: (p.order, p.name))
