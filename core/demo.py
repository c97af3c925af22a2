"""The demo-data registry behind `manage.py seed_demo`.

Each app adds a `demo.py` with `@demo_seeder(order)` functions taking `scale` and
returning a short summary line. Seeders must be idempotent (get_or_create on natural keys).
The app that owns users registers `@demo_sign_ins`: a function returning (email, role) pairs
that `seed_demo` prints at the end, so core never needs to know where users come from.
"""

from collections.abc import Callable, Iterable

from django.utils.module_loading import autodiscover_modules

DEMO_PASSWORD = "hearth-demo"

Seeder = Callable[[int], str]
SignIns = Callable[[], Iterable[tuple[str, str]]]
_seeders: list[tuple[int, str, Seeder]] = []
_sign_ins: dict[str, SignIns] = {}


def demo_seeder(order: int):
    def register(func: Seeder) -> Seeder:
        name = f"{func.__module__}.{func.__name__}"
        if all(existing != name for _, existing, _ in _seeders):
            _seeders.append((order, name, func))
        return func

    return register


def seeders() -> list[tuple[str, Seeder]]:
    autodiscover_modules("demo")
    return [(name, func) for _, name, func in sorted(_seeders, key=lambda item: (item[0], item[1]))]


def demo_sign_ins(func: SignIns) -> SignIns:
    _sign_ins[f"{func.__module__}.{func.__name__}"] = func
    return func


def sign_ins() -> list[tuple[str, str]]:
    """The demo accounts to print after seeding, as (email, role) pairs."""
    autodiscover_modules("demo")
    return [pair for _, func in sorted(_sign_ins.items()) for pair in func()]
