"""The demo-data registry behind `manage.py seed_demo`.

Each app adds a `demo.py` with `@demo_seeder(order)` functions taking `scale` and
returning a short summary line. Seeders must be idempotent (get_or_create on natural keys).
"""

from collections.abc import Callable

from django.utils.module_loading import autodiscover_modules

DEMO_PASSWORD = "hearth-demo"

Seeder = Callable[[int], str]
_seeders: list[tuple[int, str, Seeder]] = []


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
