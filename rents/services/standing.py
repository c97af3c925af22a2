"""What lists read about an account without aggregating its ledger (`RentAccount`'s derived columns).

Two kinds of derived column, kept two ways:

- *From the entries*: `balance`, `charged_to`, `last_payment_on` and `hb_paid_to` change only when
  an entry is posted, so `ledger._post` and the charge run move them in the same transaction (the
  former under the account's row lock, the latter in the statement that inserts the charges).
- *For a day*: `weekly_charge`, `hb_pending` and `arrears` (`rules.arrears`) also change with the
  date, so they are worked out for `standing_on`, from the balance in `standing_balance`. A
  single-entry write works them out for today; the charge run only moves balances, which makes
  those accounts' standing stale; `refresh` (nightly, after the charge run, and before every list
  reads them) works out every account whose standing is not today's or not from today's balance.
  A list therefore never shows a standing worked out for another day or another balance.

`mismatches` proves both kinds against the ledger (`check_rent_balances`).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Max, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from .. import rules
from ..models import ChargeLine, HousingBenefitClaim, LedgerEntry, RentAccount
from .charges import pennies, week_commencing
from .hb import expected_for_period

ZERO = Decimal("0.00")
ENTRY_FIELDS = ["balance", "charged_to", "last_payment_on", "hb_paid_to"]
STANDING_FIELDS = ["weekly_charge", "hb_pending", "arrears", "standing_on", "standing_balance"]

HB_EXPECTED_STATUSES = (HousingBenefitClaim.Status.AWARDED, HousingBenefitClaim.Status.PENDING)


@dataclass(frozen=True)
class Split:
    """A positive balance split into Housing Benefit still expected and what the resident owes, and
    `arrears`: what of that is late (`rules.arrears`), not counting the current week's charge."""

    balance: Decimal
    hb_pending: Decimal
    resident_owed: Decimal
    this_week: Decimal = ZERO
    arrears: Decimal = ZERO


def _split(balance: Decimal, hb_expected: Decimal, *, this_week: Decimal = ZERO, hb_this_week: Decimal = ZERO) -> Split:
    hb_pending = max(ZERO, min(balance, hb_expected))
    owed = rules.arrears(balance=balance, hb_pending=hb_pending, this_week=this_week, hb_this_week=hb_this_week)
    return Split(
        balance=balance, hb_pending=hb_pending, resident_owed=balance - hb_pending, this_week=this_week, arrears=owed
    )


def _hb_expected(claims, last_credit: date | None, today: date) -> Decimal:
    """HB the claims should pay from the day after the last HB credit (or the claim start) to today.
    A credit covers up to its `period_to`, from the council's schedule or keyed in as "HB paid up
    to" (HB is paid in arrears, so that is usually before the day it was posted); only a credit
    from before that field existed falls back to its posting date."""
    total = ZERO
    for claim in claims:
        start = claim.starts_on if last_credit is None else max(claim.starts_on, last_credit + timedelta(days=1))
        end = min(today, claim.ends_on) if claim.ends_on else today
        if end >= start:
            total += expected_for_period(claim, start, end)
    return pennies(total)


def this_week_charges(ids, today: date) -> dict[int, Decimal]:
    """The current rent week's charge as posted in advance by the charge run (none yet, rent-free or not
    charging: absent), less nothing reversed: one row per account on the ledger's weekly-charge key."""
    return dict(
        LedgerEntry.objects.filter(
            account_id__in=ids,
            kind=LedgerEntry.Kind.CHARGE,
            week_commencing=week_commencing(today),
            reversed_by__isnull=True,
        ).values_list("account_id", "amount")
    )


def splits_for(accounts, *, today: date | None = None) -> dict[int, Split]:
    """The split for many accounts in two queries (claims, this week's charges), keyed by account id.
    Reads the cached balance and `hb_paid_to` (load them); never aggregates the ledger."""
    today = today or timezone.localdate()
    accounts = list(accounts)
    ids = [account.pk for account in accounts]
    claims: dict[int, list] = {}
    for claim in HousingBenefitClaim.objects.filter(account_id__in=ids, status__in=HB_EXPECTED_STATUSES):
        claims.setdefault(claim.account_id, []).append(claim)
    this_week = this_week_charges(ids, today)
    before_this_week = week_commencing(today) - timedelta(days=1)
    result = {}
    for account in accounts:
        balance = max(account.balance, ZERO)
        account_claims, last = claims.get(account.pk, []), account.hb_paid_to
        expected = _hb_expected(account_claims, last, today)
        hb_this_week = _hb_expected(account_claims, max(last, before_this_week) if last else before_this_week, today)
        result[account.pk] = _split(
            balance, expected, this_week=this_week.get(account.pk, ZERO), hb_this_week=hb_this_week
        )
    return result


def split_for(account: RentAccount, *, today: date | None = None) -> Split:
    return splits_for([account], today=today)[account.pk]


def weekly_charges(ids, today: date) -> dict[int, Decimal]:
    """Each account's current weekly charge: the latest line of each kind in effect this rent week."""
    week_end = week_commencing(today) + timedelta(days=6)
    latest: dict[tuple[int, str], Decimal] = {}
    lines = ChargeLine.objects.filter(account_id__in=ids, effective_from__lte=week_end).order_by("effective_from")
    for line in lines.values_list("account_id", "kind", "weekly_amount"):
        latest[(line[0], line[1])] = line[2]
    totals: dict[int, Decimal] = {}
    for (account_id, _kind), amount in latest.items():
        totals[account_id] = totals.get(account_id, ZERO) + amount
    return totals


@dataclass(frozen=True)
class FromEntries:
    balance: Decimal
    last_payment_on: date | None
    hb_paid_to: date | None
    charged_to: date | None = None


def from_entries(account_ids: Iterable[int]) -> dict[int, FromEntries]:
    """The entry-derived columns recomputed from the ledger itself: for checks and rebuilds only,
    never for a page (it reads every entry of these accounts)."""
    ids = list(account_ids)
    totals = {
        pk: pennies(Decimal(str(total)))  # SQLite sums decimals as floats
        for pk, total in LedgerEntry.objects.filter(account_id__in=ids)
        .values("account_id")
        .annotate(total=Sum("amount"))
        .values_list("account_id", "total")
    }
    payments = (
        LedgerEntry.objects.filter(account_id__in=ids, kind=LedgerEntry.Kind.PAYMENT, reversed_by__isnull=True)
        .values("account_id")
        .annotate(
            last=Max("posted_on"),
            hb=Max(Coalesce("period_to", "posted_on"), filter=Q(method=LedgerEntry.Method.HOUSING_BENEFIT)),
        )
    )
    paid = {row["account_id"]: (row["last"], row["hb"]) for row in payments}
    charged = dict(
        LedgerEntry.objects.filter(account_id__in=ids, kind=LedgerEntry.Kind.CHARGE)
        .values("account_id")
        .annotate(last=Max("week_commencing"))
        .values_list("account_id", "last")
    )
    return {
        pk: FromEntries(totals.get(pk, ZERO), *paid.get(pk, (None, None)), charged_to=charged.get(pk)) for pk in ids
    }


def after_entry(locked: RentAccount, entry: LedgerEntry) -> None:
    """Move the entry-derived columns for one new entry and work out the standing for today, in one
    UPDATE. `locked` is the account's row, read under `select_for_update` with its balance before
    this entry; it is left holding the new values."""
    fields = {"balance": locked.balance + entry.amount}
    reverses = entry.reverses if entry.kind == LedgerEntry.Kind.REVERSAL else None
    if entry.kind == LedgerEntry.Kind.PAYMENT:
        if locked.last_payment_on is None or entry.posted_on > locked.last_payment_on:
            fields["last_payment_on"] = entry.posted_on
        if entry.method == LedgerEntry.Method.HOUSING_BENEFIT:
            paid_to = entry.period_to or entry.posted_on
            if locked.hb_paid_to is None or paid_to > locked.hb_paid_to:
                fields["hb_paid_to"] = paid_to
    elif reverses is not None and reverses.kind == LedgerEntry.Kind.PAYMENT:
        # A reversed payment no longer counts: look again at this account's payments (its index).
        recomputed = from_entries([locked.pk])[locked.pk]
        fields["last_payment_on"], fields["hb_paid_to"] = recomputed.last_payment_on, recomputed.hb_paid_to
    for name, value in fields.items():
        setattr(locked, name, value)
    standing = _standing([locked], timezone.localdate())[locked.pk]  # reads the new balance and HB paid to
    for name, value in standing.items():
        setattr(locked, name, value)
    RentAccount.objects.filter(pk=locked.pk).update(**fields, **standing)


def invalidate(account_ids: Iterable[int]) -> None:
    """Clear the standing of accounts whose claims or charge lines changed, in the writer's
    transaction; the next list or the nightly job works it out again."""
    RentAccount.objects.filter(pk__in=list(account_ids)).update(standing_on=None)


def _store(accounts: list[RentAccount], fields: list[str]) -> None:
    """Write these columns of many accounts. On PostgreSQL, COPY into a temporary table and one
    UPDATE .. FROM it: Django's `bulk_update` builds a CASE with a branch per row, which PostgreSQL
    reads for every row, so a thousand rows cost a million comparisons (a few rows, as a payment
    writes, keep `bulk_update`: one statement)."""
    if connection.vendor != "postgresql" or len(accounts) <= 50:
        RentAccount.objects.bulk_update(accounts, fields, batch_size=1000)
        return
    columns = {field: RentAccount._meta.get_field(field) for field in fields}
    types = ", ".join(f"{field} {column.db_type(connection)}" for field, column in columns.items())
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS rent_account_derived")
        cursor.execute(f"CREATE TEMPORARY TABLE rent_account_derived (id bigint, {types}) ON COMMIT DROP")
        with cursor.copy(f"COPY rent_account_derived (id, {', '.join(fields)}) FROM STDIN") as copy:
            for account in accounts:
                copy.write_row((account.pk, *(getattr(account, field) for field in fields)))
        assignments = ", ".join(f"{field} = d.{field}" for field in fields)
        # The names are RentAccount's own fields, never input.
        cursor.execute(f"UPDATE rents_rentaccount a SET {assignments} FROM rent_account_derived d WHERE a.id = d.id")  # noqa: S608
        cursor.execute("DROP TABLE rent_account_derived")


def _standing(accounts: list[RentAccount], today: date) -> dict[int, dict]:
    """The standing of these accounts (read with their current balance and `hb_paid_to`) for
    `today`, as column values by account id: four queries however many accounts."""
    splits = splits_for(accounts, today=today)
    weekly = weekly_charges([account.pk for account in accounts], today)
    return {
        account.pk: {
            "weekly_charge": weekly.get(account.pk, ZERO),
            "hb_pending": splits[account.pk].hb_pending,
            "arrears": splits[account.pk].arrears,
            "standing_on": today,
            "standing_balance": account.balance,
        }
        for account in accounts
    }


def _work_out(accounts: list[RentAccount], today: date) -> None:
    """Work out and store the standing of these accounts for `today`."""
    if not accounts:
        return
    standing = _standing(accounts, today)
    for account in accounts:
        for name, value in standing[account.pk].items():
            setattr(account, name, value)
    _store(accounts, STANDING_FIELDS)


def refresh(accounts=None, *, today: date | None = None, batch_size: int = 2000) -> int:
    """Work out the standing of every account (of `accounts`, a queryset) whose standing is not
    today's, a batch per transaction. Rows another transaction is writing are skipped on PostgreSQL
    (that writer works out their standing itself, or clears it), so a refresh never waits on the
    charge run or a payment and never deadlocks with them. Returns how many were worked out."""
    today = today or timezone.localdate()
    scope = accounts if accounts is not None else RentAccount.objects.all()
    done, after = 0, 0
    skip_locked = connection.features.has_select_for_update_skip_locked
    while True:
        # The scope may be any queryset (a user's visible accounts); the lock is taken on plain rows.
        ids = list(
            scope.standing_stale(today).filter(pk__gt=after).order_by("pk").values_list("pk", flat=True)[:batch_size]
        )
        if not ids:
            return done
        with transaction.atomic():
            batch = list(
                RentAccount.objects.filter(pk__in=ids)
                .standing_stale(today)
                .order_by("pk")
                .select_for_update(skip_locked=skip_locked)
                .only("pk", "balance", "hb_paid_to")
            )
            _work_out(batch, today)
        done += len(batch)
        after = ids[-1]


def rebuild(account_ids: Iterable[int] | None = None, *, today: date | None = None, work_out: bool = True) -> int:
    """Recompute every derived column of these accounts (all of them by default) from the ledger, for
    bulk loads (the demo's history) and repairs after `check_rent_balances` finds a fault; with
    `work_out=False` the standing is only cleared, for the next refresh."""
    ids = list(account_ids) if account_ids is not None else list(RentAccount.objects.values_list("pk", flat=True))
    for start in range(0, len(ids), 2000):
        chunk = ids[start : start + 2000]
        with transaction.atomic():
            accounts = list(RentAccount.objects.filter(pk__in=chunk).select_for_update().order_by("pk"))
            derived = from_entries(chunk)
            for account in accounts:
                found = derived[account.pk]
                for field in ENTRY_FIELDS:
                    setattr(account, field, getattr(found, field))
                account.standing_on = None
            _store(accounts, [*ENTRY_FIELDS, "standing_on"])
    return refresh(RentAccount.objects.filter(pk__in=ids), today=today) if ids and work_out else 0


@dataclass(frozen=True)
class Mismatch:
    account_id: int
    field: str
    stored: object
    actual: object


def mismatches(*, today: date | None = None, batch_size: int = 2000) -> list[Mismatch]:
    """Every derived column that differs from what the ledger and the charge lines give (should be
    none). The standing is checked where it is today's; a stale one is not trusted by any list."""
    today = today or timezone.localdate()
    found: list[Mismatch] = []
    ids = list(RentAccount.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch_size):
        accounts = list(RentAccount.objects.filter(pk__in=ids[start : start + batch_size]))
        derived = from_entries(a.pk for a in accounts)
        for account in accounts:
            for field in ENTRY_FIELDS:
                actual = getattr(derived[account.pk], field)
                if getattr(account, field) != actual:
                    found.append(Mismatch(account.pk, field, getattr(account, field), actual))
        current = [a for a in accounts if a.standing_on == today and a.standing_balance == a.balance]
        standing = _standing(current, today) if current else {}
        for account in current:
            for field in ("weekly_charge", "hb_pending", "arrears"):
                value = standing[account.pk][field]
                if getattr(account, field) != value:
                    found.append(Mismatch(account.pk, field, getattr(account, field), value))
    return found
