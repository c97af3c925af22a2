"""Sections of the case page. Each area registers one, so the case page needs no edit when an area grows.

A section is a template (rendered with the case page's context plus what its function returns)
and a function `(request, case) -> dict` that must run a fixed number of queries.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    name: str
    title: str
    template: str
    context: Callable
    order: int


_sections: dict[str, Section] = {}


def section(name: str, *, title: str, template: str, order: int = 50):
    def register(func):
        _sections[name] = Section(name, title, template, func, order)
        return func

    return register


def sections() -> list[Section]:
    return sorted(_sections.values(), key=lambda s: s.order)
