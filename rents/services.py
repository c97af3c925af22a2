"""Every write to the ledger goes through here, in a transaction that also updates the cached balance."""

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import F, Max, Sum
from django.utils import timezone

from .calendar import week_commencing, weeks_between
from .charges import AccountTerms, Line, charge_for_week, pennies
from .models import ChargeLine, LedgerEntry, RentAccount

ZERO = Decimal("0.00")
ONE_WEEK = timedelta(days=7)


def account_open(
    *, reference: str, name: str, charging_from: date, lines: dict[str, Decimal], calendar=None
) -> RentAccount:
    """Open an account for an agreement or placement, with its weekly charge lines."""
    account = RentAccount.objects.create(reference=reference, name=name, charging_from=charging_from, calendar=calendar)
    ChargeLine.objects.bulk_create(
        ChargeLine(account=account, kind=kind, weekly_amount=amount, effective_from=charging_from)
        for kind, amount in lines.items()
        if amount
    )
    return account


def account_stop_charging(*, account: RentAccount, last_day: date) -> RentAccount:
    account.charging_until = last_day
    account.save(update_fields=["charging_until"])
    return account


def _post(*, account: RentAccount, amount: Decimal, **fields) -> LedgerEntry:
    """Append one entry and move the cached balance with it, under a row lock."""
    if amount == ZERO:
        raise ValidationError("An entry of £0.00 changes nothing.")
    locked = RentAccount.objects.select_for_update().get(pk=account.pk)
    entry = LedgerEntry.objects.create(account=locked, amount=amount, **fields)
    RentAccount.objects.filter(pk=locked.pk).update(balance=F("balance") + amount)
    account.refresh_from_db(fields=["balance"])
    return entry


def _positive(amount: Decimal, what: str) -> Decimal:
    if amount is None or amount <= ZERO:
        raise ValidationError(f"The {what} must be more than £0.00.")
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError(f"The {what} must be in pounds and pence, like 12.50.")
    return amount


@transaction.atomic
def payment_post(
    *, account: RentAccount, amount: Decimal, method: str, received_on: date, reference: str = "", by
) -> LedgerEntry:
    """A payment reduces the balance. A payment with a reference already posted is refused."""
    _positive(amount, "payment")
    if method not in LedgerEntry.Method.values:
        raise ValidationError("Choose how the payment was made.")
    if reference and LedgerEntry.objects.filter(account=account, kind="payment", reference=reference).exists():
        raise ValidationError(f"A payment with reference {reference} is already on this account.")
    return _post(
        account=account,
        amount=-amount,
        kind=LedgerEntry.Kind.PAYMENT,
        method=method,
        posted_on=received_on,
        reference=reference,
        description=f"Payment ({LedgerEntry.Method(method).label})",
        created_by=by,
    )


@transaction.atomic
def adjustment_post(*, account: RentAccount, amount: Decimal, reason: str, by) -> LedgerEntry:
    if not reason.strip():
        raise ValidationError("Say why the adjustment is needed.")
    return _post(
        account=account,
        amount=amount,
        kind=LedgerEntry.Kind.ADJUSTMENT,
        reason=reason,
        description="Adjustment",
        created_by=by,
    )


@transaction.atomic
def write_off_post(*, account: RentAccount, amount: Decimal, reason: str, by, approved_by) -> LedgerEntry:
    """Writing off debt needs a manager's approval (a user with rents.approve_writeoff)."""
    _positive(amount, "write-off")
    if approved_by is None or not approved_by.has_perm("rents.approve_writeoff"):
        raise PermissionDenied("A write-off needs approval from a manager.")
    if not reason.strip():
        raise ValidationError("Say why the debt is being written off.")
    return _post(
        account=account,
        amount=-amount,
        kind=LedgerEntry.Kind.WRITE_OFF,
        reason=reason,
        description="Write-off",
        created_by=by,
        approved_by=approved_by,
    )


@transaction.atomic
def refund_post(*, account: RentAccount, amount: Decimal, reason: str, by, approved_by) -> LedgerEntry:
    """A refund pays credit back to the resident; it needs a manager's approval."""
    _positive(amount, "refund")
    if approved_by is None or not approved_by.has_perm("rents.approve_writeoff"):
        raise PermissionDenied("A refund needs approval from a manager.")
    locked = RentAccount.objects.select_for_update().get(pk=account.pk)
    if locked.balance + amount > ZERO:
        raise ValidationError(f"The account is only £{-locked.balance} in credit; a refund cannot be more than that.")
    return _post(
        account=account,
        amount=amount,
        kind=LedgerEntry.Kind.REFUND,
        reason=reason,
        description="Refund",
        created_by=by,
        approved_by=approved_by,
    )


@transaction.atomic
def entry_reverse(*, entry: LedgerEntry, reason: str, by) -> LedgerEntry:
    """Cancel an entry with an equal and opposite one. Reversals themselves cannot be reversed."""
    if not reason.strip():
        raise ValidationError("Say why the entry is being reversed.")
    entry = LedgerEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.kind == LedgerEntry.Kind.REVERSAL:
        raise ValidationError("A reversal cannot itself be reversed. Post a new entry instead.")
    if LedgerEntry.objects.filter(reverses=entry).exists():
        raise ValidationError("This entry has already been reversed.")
    return _post(
        account=entry.account,
        amount=-entry.amount,
        kind=LedgerEntry.Kind.REVERSAL,
        reverses=entry,
        reason=reason,
        description=f"Reversal of {entry.get_kind_display().lower()} of {entry.posted_on:%-d %B %Y}",
        created_by=by,
    )


def _terms(accounts) -> list[AccountTerms]:
    accounts = list(accounts.prefetch_related("charge_lines", "calendar__rent_free_weeks"))
    return [
        AccountTerms(
            account_id=account.pk,
            charging_from=account.charging_from,
            charging_until=account.charging_until,
            lines=tuple(
                Line(line.kind, line.weekly_amount, line.effective_from) for line in account.charge_lines.all()
            ),
            rent_free=frozenset(w.week_commencing for w in account.calendar.rent_free_weeks.all())
            if account.calendar
            else frozenset(),
        )
        for account in accounts
    ]


def charge_run(*, week: date | None = None, accounts=None) -> int:
    """Post every missing weekly charge up to and including `week` (this week by default).

    Idempotent: a unique constraint allows one charge per account per week, so a second run,
    or two runs at once, post nothing new. Missed weeks are caught up. Returns rows posted.
    """
    target = week_commencing(week or timezone.localdate())
    accounts = (accounts if accounts is not None else RentAccount.objects.all()).filter(
        charging_from__lte=target + timedelta(days=6)
    )
    last_charged = dict(
        LedgerEntry.objects.filter(kind="charge", account__in=accounts)
        .values("account")
        .annotate(last=Max("week_commencing"))
        .values_list("account", "last")
    )
    rows = []
    for terms in _terms(accounts):
        first = terms.charging_from
        if terms.account_id in last_charged:
            first = max(first, last_charged[terms.account_id] + ONE_WEEK)
        last = min(target, terms.charging_until) if terms.charging_until else target
        for monday in weeks_between(first, last):
            amount = charge_for_week(terms, monday)
            if amount:
                rows.append((terms.account_id, monday, amount))
    if not rows:
        return 0
    with transaction.atomic():
        if connection.vendor == "postgresql":
            return _insert_charges_postgresql(rows)
        return _insert_charges_portable(rows)


def _insert_charges_postgresql(rows) -> int:
    """COPY into a temporary table, then one INSERT .. ON CONFLICT DO NOTHING that also moves
    the cached balances by exactly what was inserted: fast, and safe against a concurrent run."""
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS rent_charge_batch")  # a run earlier in this same transaction
        cursor.execute(
            "CREATE TEMPORARY TABLE rent_charge_batch (account_id bigint, week date, amount numeric(12,2)) "
            "ON COMMIT DROP"
        )
        with cursor.copy("COPY rent_charge_batch (account_id, week, amount) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(
            """
            WITH inserted AS (
                INSERT INTO rents_ledgerentry
                    (account_id, kind, method, amount, posted_on, week_commencing, description, reference,
                     reason, created_at)
                SELECT account_id, 'charge', '', amount, week, week, 'Weekly charge', '', '', now()
                FROM rent_charge_batch
                ON CONFLICT (account_id, week_commencing) WHERE kind = 'charge' DO NOTHING
                RETURNING account_id, amount
            ), totals AS (
                SELECT account_id, sum(amount) AS total, count(*) AS n FROM inserted GROUP BY account_id
            ), moved AS (
                UPDATE rents_rentaccount a SET balance = a.balance + t.total FROM totals t
                WHERE a.id = t.account_id RETURNING t.n
            )
            SELECT coalesce(sum(n), 0) FROM moved
            """
        )
        return int(cursor.fetchone()[0])


def _insert_charges_portable(rows) -> int:
    before = LedgerEntry.objects.filter(kind="charge").count()
    LedgerEntry.objects.bulk_create(
        [
            LedgerEntry(
                account_id=account_id,
                kind=LedgerEntry.Kind.CHARGE,
                amount=amount,
                posted_on=monday,
                week_commencing=monday,
                description="Weekly charge",
            )
            for account_id, monday, amount in rows
        ],
        batch_size=2000,
        ignore_conflicts=True,
    )
    posted = LedgerEntry.objects.filter(kind="charge").count() - before
    if posted:
        _recompute_balances({account_id for account_id, _, _ in rows})
    return posted


def _recompute_balances(account_ids) -> None:
    for account_id, total in (
        LedgerEntry.objects.filter(account_id__in=account_ids)
        .values("account")
        .annotate(total=Sum("amount"))
        .values_list("account", "total")
    ):
        RentAccount.objects.filter(pk=account_id).update(balance=pennies(total))


def balance_mismatches() -> list[tuple[int, Decimal, Decimal]]:
    """Accounts whose cached balance differs from the sum of their entries (should be none)."""
    # SQLite sums decimals as floats; round back to pennies (PostgreSQL is exact already).
    sums = {
        pk: pennies(total)
        for pk, total in LedgerEntry.objects.values("account")
        .annotate(total=Sum("amount"))
        .values_list("account", "total")
    }
    return [
        (pk, cached, sums.get(pk, ZERO))
        for pk, cached in RentAccount.objects.values_list("pk", "balance")
        if cached != sums.get(pk, ZERO)
    ]
