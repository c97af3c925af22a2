"""Human-readable reference numbers (HO-2026-00042, TA-2026-00042-2) that stay unique when many people
open records at the same moment.

Taking "the highest existing number plus one" races: two transactions read the same highest number and
the second insert fails on the unique reference. Instead each kind of reference has one counter row,
locked with SELECT ... FOR UPDATE for the rest of the caller's transaction, so the next caller waits
until this one commits (or rolls back, which gives the number back). On SQLite the first write takes
the database write lock, which serialises callers the same way.
"""

from collections.abc import Callable, Iterable

from django.db import IntegrityError, transaction

from .models import ReferenceCounter


def next_number(key: str, *, start_after: Callable[[], int] | None = None) -> int:
    """The next number for `key`: 1, 2, 3... or, for a counter created now, the number after
    `start_after()` (the highest number already in use, so existing or migrated data never collides).

    Call it inside the transaction that saves the reference: the counter stays locked until it ends.
    """
    with transaction.atomic():
        counter = ReferenceCounter.objects.select_for_update().filter(key=key).first()
        if counter is None:
            try:
                with transaction.atomic():  # a savepoint: losing the race to create it is not an error
                    ReferenceCounter.objects.create(key=key, last=start_after() if start_after else 0)
            except IntegrityError:
                pass  # another transaction created it first; wait for its lock below
            counter = ReferenceCounter.objects.select_for_update().get(key=key)
        counter.last += 1
        counter.save(update_fields=["last"])
        return counter.last


def highest_in_use(references: Iterable[str], prefix: str) -> int:
    """The highest number after `prefix` among `references` (0 if none): the seed for a new counter."""
    numbers = (reference.removeprefix(prefix) for reference in references if reference.startswith(prefix))
    return max((int(number) for number in numbers if number.isdigit()), default=0)
