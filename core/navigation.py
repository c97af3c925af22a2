"""Header navigation. Each app registers its sections with the permission that shows them."""

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    permission: str | None
    order: int


_items: list[NavItem] = []


def register(label: str, url_name: str, *, permission: str | None = None, order: int = 50) -> None:
    if all(item.url_name != url_name for item in _items):
        _items.append(NavItem(label, url_name, permission, order))


def items_for(user) -> list[tuple[str, str]]:
    return [
        (item.label, reverse(item.url_name))
        for item in sorted(_items, key=lambda item: item.order)
        if item.permission is None or user.has_perm(item.permission)
    ]
