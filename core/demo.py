"""The demo-data registry behind `manage.py seed_demo`.

Each app adds a `demo.py` with `@demo_seeder(order)` functions taking `scale` and
returning a short summary line. Seeders must be idempotent (get_or_create on natural keys).
The app that owns users registers `@demo_sign_ins`: a function returning (email, role) pairs
that `seed_demo` prints at the end, so core never needs to know where users come from.

`seed_demo --years Y` then runs the `@demo_history(order)` seeders, which take a `History` (the
scale, the years and how to report progress) and add Y years of past records in bulk. They are a
second registry rather than a new argument, so the ordinary seeders and the default demo stay as
they are; each must be idempotent too (it fills only the years not yet filled).
"""

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from dateutil.relativedelta import relativedelta
from django.utils.module_loading import autodiscover_modules
from simple_history.utils import bulk_create_with_history

DEMO_PASSWORD = "hearth-demo"

Seeder = Callable[[int], str]
SignIns = Callable[[], Iterable[tuple[str, str]]]
_seeders: list[tuple[int, str, Seeder]] = []
_sign_ins: dict[str, SignIns] = {}
MAX_YEARS = 10
# Scale 160 with ten years of history is about 5 million ledger rows, the size issue 14 proves pages at.
MAX_SCALE = 200


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


class Progress:
    """Prints "rents: 1,200,000 of about 5,100,000 ledger rows, 42 s" at most every `every` seconds,
    so a long bulk step shows it is moving without flooding the terminal."""

    def __init__(self, write: Callable[[str], None], label: str, unit: str, total: int | None = None, every=10.0):
        self.write, self.label, self.unit, self.total, self.every = write, label, unit, total, every
        self.done = 0
        self.started = self.last = time.perf_counter()

    def advance(self, count: int = 1) -> None:
        self.done += count
        now = time.perf_counter()
        if now - self.last >= self.every:
            self.last = now
            self.write(self._line(now))

    def finish(self) -> None:
        self.write(self._line(time.perf_counter(), final=True))

    def _line(self, now: float, *, final: bool = False) -> str:
        of = f" of about {self.total:,}" if self.total and not final else ""
        return f"    {self.label}: {self.done:,}{of} {self.unit}, {now - self.started:.0f} s"


@dataclass(frozen=True)
class History:
    """What a history seeder is asked to add: `years` of past records before `today`, in proportion
    to `scale`. `since` is the same day `years` ago (29 February falls back to the 28th)."""

    scale: int
    years: int
    today: date
    write: Callable[[str], None] = field(default=print, repr=False)

    @property
    def since(self) -> date:
        return self.today - relativedelta(years=self.years)

    def progress(self, label: str, unit: str, total: int | None = None) -> Progress:
        return Progress(self.write, label, unit, total)


def bulk_create_with_progress(objs: list, model, progress: Progress, *, chunk: int = 5000, **options) -> list:
    """`bulk_create_with_history` a chunk at a time, so the progress line moves during a long load."""
    made = []
    for start in range(0, len(objs), chunk):
        made += bulk_create_with_history(objs[start : start + chunk], model, batch_size=2000, **options)
        progress.advance(len(objs[start : start + chunk]))
    return made


HistorySeeder = Callable[[History], str]
_history: list[tuple[int, str, HistorySeeder]] = []


def demo_history(order: int):
    """Register a seeder of past records for `seed_demo --years`; it takes a `History`."""

    def register(func: HistorySeeder) -> HistorySeeder:
        name = f"{func.__module__}.{func.__name__}"
        if all(existing != name for _, existing, _ in _history):
            _history.append((order, name, func))
        return func

    return register


def history_seeders() -> list[tuple[str, HistorySeeder]]:
    autodiscover_modules("demo")
    return [(name, func) for _, name, func in sorted(_history, key=lambda item: (item[0], item[1]))]
