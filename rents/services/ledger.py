"""Every write to the ledger goes through here, in a transaction that also updates the cached balance."""

from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import F, Min, Q, Sum
from django.utils import timezone

from core.money import format_money

from .. import rules
from ..models import DERIVED_FIELDS, ChargeLine, HousingBenefitClaim, LedgerEntry, RentAccount, RentFreeWeek
from . import standing
from .charges import AccountTerms, Line, charge_for_week, pennies, week_commencing, weeks_between

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
    """Append one entry and move the cached balance and the other derived columns with it
    (`standing.after_entry`), under a row lock."""
    if amount == ZERO:
        raise ValidationError("An entry of £0.00 changes nothing.")
    locked = RentAccount.objects.select_for_update().get(pk=account.pk)
    entry = LedgerEntry.objects.create(account=locked, amount=amount, **fields)
    standing.after_entry(locked, entry)
    for field in DERIVED_FIELDS:  # the caller's copy of the account, without reading it back
        setattr(account, field, getattr(locked, field))
    return entry


def _positive(amount: Decimal, what: str) -> Decimal:
    if amount is None or amount <= ZERO:
        raise ValidationError(f"The {what} must be more than £0.00.")
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError(f"The {what} must be in pounds and pence, like 12.50.")
    return amount


def _check_hb_paid_up_to(account: RentAccount, period_to: date | None) -> None:
    """A Housing Benefit payment keyed by hand says what it pays up to (`rules.HB_PAID_UP_TO_AHEAD`):
    the arrears split counts HB still expected from the day after, as it does for a schedule row."""
    if period_to is None:
        raise ValidationError(
            {"period_to": "Enter the date this Housing Benefit pays up to, from the council's remittance."}
        )
    latest = timezone.localdate() + timedelta(days=rules.HB_PAID_UP_TO_AHEAD.days)
    if period_to > latest:
        raise ValidationError(
            {
                "period_to": f"Housing Benefit is paid in arrears, so it cannot pay up to a date after "
                f"{latest:%-d %B %Y}. Check the date on the council's remittance."
            }
        )
    claim_start = HousingBenefitClaim.objects.filter(account=account).aggregate(first=Min("starts_on"))["first"]
    if claim_start is not None and period_to < claim_start:
        raise ValidationError(
            {
                "period_to": f"The Housing Benefit claim starts on {claim_start:%-d %B %Y}, so this payment "
                "cannot pay up to a date before that."
            }
        )


@transaction.atomic
def payment_post(
    *,
    account: RentAccount,
    amount: Decimal,
    method: str,
    received_on: date,
    reference: str = "",
    period_to: date | None = None,
    by,
) -> LedgerEntry:
    """A payment reduces the balance. A payment with a reference already posted is refused. A
    Housing Benefit payment needs `period_to`, the last day it pays for (`_check_hb_paid_up_to`);
    other payments cover no period."""
    _positive(amount, "payment")
    if method not in LedgerEntry.Method.values:
        raise ValidationError("Choose how the payment was made.")
    if method == LedgerEntry.Method.HOUSING_BENEFIT:
        _check_hb_paid_up_to(account, period_to)
    else:
        period_to = None
    if reference and LedgerEntry.objects.filter(account=account, kind="payment", reference=reference).exists():
        raise ValidationError(f"A payment with reference {reference} is already on this account.")
    return _post(
        account=account,
        amount=-amount,
        kind=LedgerEntry.Kind.PAYMENT,
        method=method,
        posted_on=received_on,
        period_to=period_to,
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
        raise ValidationError(
            f"The account is only {format_money(locked.balance, unsigned=True)} in credit; "
            "a refund cannot be more than that."
        )
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
    refusal = entry.reversal_refusal()
    if refusal is not None:
        raise ValidationError(refusal)
    return _post(
        account=entry.account,
        amount=-entry.amount,
        kind=LedgerEntry.Kind.REVERSAL,
        reverses=entry,
        reason=reason,
        description=f"Reversal of {entry.get_kind_display().lower()} of {entry.posted_on:%-d %B %Y}",
        created_by=by,
    )


def _due_terms(accounts, target: date) -> Iterator[tuple[AccountTerms, date | None]]:
    """Each account that may still owe a charge up to `target`, with its terms and the last week
    it was charged for (None if never). Accounts already charged for `target` or a later week
    have nothing due, so they are left out in SQL (a second run the same week reads almost
    nothing).

    The last charged week is the account's `charged_to`, which the run moves with the balance, so
    finding what is due reads the accounts alone, not the ledger.

    It reads plain rows, not model instances, and yields each account's terms as they are used
    rather than building them all first: with 100,000 accounts, keeping them all alive makes
    Python's garbage collector rescan them again and again."""
    due = accounts.filter(Q(charged_to__isnull=True) | Q(charged_to__lt=target)).filter(
        # An ended account charged to its last week has nothing more to pay: ten years of past residents
        # are not read again every week.
        Q(charging_until__isnull=True) | Q(charged_to__isnull=True) | Q(charging_until__gte=F("charged_to") + ONE_WEEK)
    )
    rows = list(due.values_list("pk", "charging_from", "charging_until", "calendar_id", "charged_to"))
    if not rows:
        return
    # Lines for the due accounts only (the same filter as a plain subquery), unsorted: the weekly rate
    # does not depend on the order of lines.
    lines: dict[int, list[tuple]] = {}
    for line in (
        ChargeLine.objects.filter(account__in=due.values("pk"))
        .order_by()
        .values_list("account_id", "kind", "weekly_amount", "effective_from")
    ):
        lines.setdefault(line[0], []).append(line)
    calendars = {calendar_id for _, _, _, calendar_id, _ in rows if calendar_id is not None}
    free_weeks: dict[int, set[date]] = {calendar_id: set() for calendar_id in calendars}
    for calendar_id, monday in RentFreeWeek.objects.filter(calendar_id__in=calendars).values_list(
        "calendar_id", "week_commencing"
    ):
        free_weeks[calendar_id].add(monday)
    rent_free = {calendar_id: frozenset(weeks) for calendar_id, weeks in free_weeks.items()}
    no_lines, no_weeks = (), frozenset()
    for account_id, charging_from, charging_until, calendar_id, last_charged in rows:
        terms = AccountTerms(
            account_id=account_id,
            charging_from=charging_from,
            charging_until=charging_until,
            lines=tuple(
                [
                    Line(kind, amount, effective_from)
                    for _, kind, amount, effective_from in lines.get(account_id, no_lines)
                ]
            ),
            rent_free=rent_free[calendar_id] if calendar_id is not None else no_weeks,
        )
        yield terms, last_charged


def charge_run(*, week: date | None = None, accounts=None) -> int:
    """Post every missing weekly charge up to and including `week` (this week by default).

    Idempotent: a unique constraint allows one charge per account per week, so a second run,
    or two runs at once, post nothing new. Missed weeks are caught up. Returns rows posted.
    """
    target = week_commencing(week or timezone.localdate())
    accounts = (accounts if accounts is not None else RentAccount.objects.all()).filter(
        charging_from__lte=target + timedelta(days=6)
    )
    rows = []
    for terms, last_charged in _due_terms(accounts, target):
        first = terms.charging_from
        if last_charged is not None:
            first = max(first, last_charged + ONE_WEEK)
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


# The batch's charges into the ledger, each once: the fast path runs it as it is, the exact path
# with RETURNING.
INSERT_CHARGES = """
    INSERT INTO rents_ledgerentry
        (account_id, kind, method, amount, posted_on, week_commencing, description, reference, reason, created_at)
    SELECT account_id, 'charge', '', amount, week, week, 'Weekly charge', '', '', now()
    FROM rent_charge_batch
    ON CONFLICT (account_id, week_commencing) WHERE kind = 'charge' DO NOTHING
"""
# Each balance moved by exactly what was inserted, for a run that meets another's charges.
INSERT_CHARGES_EXACTLY = f"""
    WITH inserted AS ({INSERT_CHARGES} RETURNING account_id, amount, week_commencing
    ), totals AS (
        SELECT account_id, sum(amount) AS total, count(*) AS n, max(week_commencing) AS last_week
        FROM inserted GROUP BY account_id
    ), moved AS (
        UPDATE rents_rentaccount a
        SET balance = a.balance + t.total, charged_to = GREATEST(a.charged_to, t.last_week)
        FROM totals t
        WHERE a.id = t.account_id RETURNING t.n
    )
    SELECT coalesce(sum(n), 0) FROM moved
"""  # noqa: S608 - built from the constant above, no input


class _ChargedMeanwhile(Exception):
    """Another run posted some of these charges first: take the exact path instead."""


def _insert_charges_postgresql(rows) -> int:
    """COPY the charges (and each account's total and last week) into temporary tables, then one
    INSERT .. ON CONFLICT DO NOTHING and one UPDATE of the balances and `charged_to` from the totals.
    No indexed column of the accounts changes, so their updates can stay heap-only (the table has
    room for them, migration 0008), and the balance change makes their standing stale for
    `standing.refresh`. If another run posted some of the same charges meanwhile, the insert counts
    fewer rows than it was given: that attempt is undone and the exact statement below moves each
    balance by exactly what it inserted, so a concurrent run is safe either way."""
    totals: dict[int, list] = {}
    for account_id, monday, amount in rows:
        total = totals.get(account_id)
        if total is None:
            totals[account_id] = [amount, monday]
        else:
            total[0] += amount
            total[1] = max(total[1], monday)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS rent_charge_batch, rent_charge_totals")  # an earlier run, same transaction
        cursor.execute(
            "CREATE TEMPORARY TABLE rent_charge_batch (account_id bigint, week date, amount numeric(12,2)) "
            "ON COMMIT DROP"
        )
        with cursor.copy("COPY rent_charge_batch (account_id, week, amount) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        try:
            with transaction.atomic():
                cursor.execute(INSERT_CHARGES)
                if cursor.rowcount != len(rows):
                    raise _ChargedMeanwhile
                cursor.execute(
                    "CREATE TEMPORARY TABLE rent_charge_totals "
                    "(account_id bigint, total numeric(12,2), last_week date) ON COMMIT DROP"
                )
                with cursor.copy("COPY rent_charge_totals (account_id, total, last_week) FROM STDIN") as copy:
                    for account_id, (total, last_week) in totals.items():
                        copy.write_row((account_id, total, last_week))
                cursor.execute(
                    """
                    UPDATE rents_rentaccount a
                    SET balance = a.balance + t.total, charged_to = GREATEST(a.charged_to, t.last_week)
                    FROM rent_charge_totals t WHERE a.id = t.account_id
                    """
                )
                return len(rows)
        except _ChargedMeanwhile:
            pass
        cursor.execute(INSERT_CHARGES_EXACTLY)
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
    """After a bulk insert: the balances and the other entry-derived columns from the ledger."""
    standing.rebuild(account_ids, work_out=False)


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
