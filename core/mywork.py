"""The "My work" registry: each app contributes what is due for the signed-in user.

An app registers a provider in its `mywork.py`; the provider returns `DueItem`s for
one user and must stay within a fixed number of queries however much is due.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.utils.module_loading import autodiscover_modules


@dataclass(frozen=True)
class DueItem:
    title: str
    due: date | None
    url: str
    category: str
    detail: str = ""
    # Someone may be in danger now (an open lone-working alert): listed before everything else.
    urgent: bool = False

    @property
    def overdue(self) -> bool:
        from django.utils import timezone

        return self.due is not None and self.due < timezone.localdate()


Provider = Callable[[object], list[DueItem]]
_providers: dict[str, Provider] = {}


def provider(name: str):
    def register(func: Provider) -> Provider:
        _providers[name] = func
        return func

    return register


def due_for(user) -> list[DueItem]:
    autodiscover_modules("mywork")
    items: list[DueItem] = []
    for func in _providers.values():
        items.extend(func(user))
    return sorted(items, key=lambda item: (not item.urgent, item.due is None, item.due or date.max, item.title))
