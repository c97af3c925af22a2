"""Years of rent ledger for past accounts, written in bulk for `seed_demo --years`.

Charges are what the charge run would post (`charges.charge_for_week` over each account's dated
charge lines, April rises included); Housing Benefit credits pay the eligible part of each week in
arrears, with the last day they pay for in `period_to`; most residents pay their part every week,
some fall behind for a few weeks and catch up, and some leave owing (half of those debts written
off with a manager's approval). Posting millions of entries one by one through `ledger.payment_post`
would take hours, so the rows go straight into the ledger (COPY on PostgreSQL, bulk_create
elsewhere), within every constraint the services keep (one charge per account per week, payment
references unique per account); the accounts' cached balance and derived columns are then rebuilt
from the ledger (`standing.rebuild`), so the end state is the one the services would leave.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from random import Random

from django.db import connection

from core.clocks import LONDON
from core.demo import History

from ..models import ChargeLine, LedgerEntry
from ..services import standing
from ..services.charges import AccountTerms, charge_for_week, pennies, weekly_rate, weeks_between

ZERO = Decimal("0.00")
COLUMNS = (
    "account_id",
    "kind",
    "method",
    "amount",
    "posted_on",
    "week_commencing",
    "period_to",
    "description",
    "reference",
    "reason",
    "created_by_id",
    "approved_by_id",
    "created_at",
)
HB_DELAY = timedelta(days=10)  # the council pays on the Thursday after the rent week, in arrears
WRITE_OFF_AFTER = timedelta(days=56)
METHODS = ["standing_order", "standing_order", "bank_transfer", "card", "cash"]
BATCH = 5000


@dataclass(frozen=True)
class PastAccount:
    """An account that has ended, with its terms; `hb_reference` is its HB claim's, if HB paid."""

    terms: AccountTerms
    reference: str
    hb_reference: str = ""


def expected_rows(account: PastAccount) -> int:
    """Roughly how many entries `ledger_rows` writes for the account (for the progress line)."""
    weeks = len(weeks_between(account.terms.charging_from, account.terms.charging_until))
    return round(weeks * (1.9 + (1 if account.hb_reference else 0)))


def write_ledgers(accounts: list[PastAccount], *, history: History, by=None, approved_by=None) -> int:
    """Write every entry of these accounts (which have none yet), then rebuild their derived columns.
    Returns how many entries were written."""
    if not accounts:
        return 0
    progress = history.progress("rents", "ledger rows", sum(expected_rows(account) for account in accounts))
    stamps: dict[date, datetime] = {}

    def rows() -> Iterator[tuple]:
        for account in accounts:
            rng = Random(f"hearth-history-ledger-{account.reference}")  # noqa: S311 - demo data
            count = 0
            for row in ledger_rows(account, rng, today=history.today, by=by, approved_by=approved_by, stamps=stamps):
                count += 1
                yield row
            progress.advance(count)

    written = _copy(rows()) if connection.vendor == "postgresql" else _bulk_create(rows())
    progress.done = written
    progress.finish()
    _rebuild([account.terms.account_id for account in accounts], history)
    return written


def ledger_rows(account: PastAccount, rng: Random, *, today: date, by=None, approved_by=None, stamps=None):
    """The entries of one past account, in the order they were posted: tuples in `COLUMNS` order."""
    terms = account.terms
    stamps = {} if stamps is None else stamps
    by_id = by.pk if by else None
    eligible = tuple(line for line in terms.lines if line.kind in ChargeLine.HB_ELIGIBLE)
    pattern = rng.choices(["steady", "lapses", "leaves_owing"], weights=[65, 25, 10])[0]
    method = rng.choice(METHODS)
    label = f"Payment ({LedgerEntry.Method(method).label})"
    pay_after = timedelta(days=rng.randint(0, 4))
    weeks = weeks_between(terms.charging_from, terms.charging_until)
    stops_paying = len(weeks) - rng.randint(4, 12) if pattern == "leaves_owing" else len(weeks)
    owed = ZERO  # the resident's part not paid yet
    missing = 0  # weeks left in a lapse

    def stamp(day: date) -> datetime:
        if day not in stamps:
            stamps[day] = datetime.combine(day, time(9), tzinfo=LONDON)
        return stamps[day]

    for index, monday in enumerate(weeks):
        amount = charge_for_week(terms, monday)
        if amount is None:
            continue
        yield (
            terms.account_id,
            "charge",
            "",
            amount,
            monday,
            monday,
            None,
            "Weekly charge",
            "",
            "",
            None,
            None,
            stamp(monday),
        )
        hb = ZERO
        if account.hb_reference:
            full = weekly_rate(terms.lines, monday)
            hb = pennies(amount * weekly_rate(eligible, monday) / full) if full else ZERO
            covers_to = min(monday + timedelta(days=6), terms.charging_until)
            posted = monday + HB_DELAY
            if hb and posted <= today:
                yield (
                    terms.account_id,
                    "payment",
                    "housing_benefit",
                    -hb,
                    posted,
                    None,
                    covers_to,
                    "Payment (Housing Benefit)",
                    f"{account.hb_reference}-{covers_to:%Y%m%d}",
                    "",
                    None,
                    None,
                    stamp(posted),
                )
        owed += amount - hb
        if pattern == "lapses" and not missing and rng.random() < 0.04:
            missing = rng.randint(2, 8)
        if index >= stops_paying:
            continue
        if missing:
            missing -= 1
            continue
        posted = monday + pay_after
        if owed <= ZERO or posted > today:
            continue
        pays = owed if pattern != "lapses" else min(owed, 2 * (amount - hb) + Decimal("10.00"))
        reference = "" if method == "cash" else f"{account.reference}-{posted:%Y%m%d}"
        yield (
            terms.account_id,
            "payment",
            method,
            -pays,
            posted,
            None,
            None,
            label,
            reference,
            "",
            by_id,
            None,
            stamp(posted),
        )
        owed -= pays
    written_off_on = terms.charging_until + WRITE_OFF_AFTER
    if pattern == "leaves_owing" and owed > ZERO and approved_by and written_off_on <= today and rng.random() < 0.5:
        yield (
            terms.account_id,
            "write_off",
            "",
            -owed,
            written_off_on,
            None,
            None,
            "Write-off",
            "",
            "Former resident's arrears: no forwarding address, and recovery would cost more than the debt.",
            by_id,
            approved_by.pk,
            stamp(written_off_on),
        )


def _copy(rows: Iterable[tuple]) -> int:
    """COPY straight into the ledger table (its constraints and indexes still checked row by row)."""
    table = LedgerEntry._meta.db_table
    written = 0
    with connection.cursor() as cursor:
        with cursor.copy(f"COPY {table} ({', '.join(COLUMNS)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                written += 1
        cursor.execute(f"ANALYZE {table}")  # the rebuild's plans should know the table is big now
    return written


def _bulk_create(rows: Iterable[tuple]) -> int:
    written = 0
    batch: list[LedgerEntry] = []
    for row in rows:
        batch.append(LedgerEntry(**dict(zip(COLUMNS, row, strict=True))))
        if len(batch) >= BATCH:
            LedgerEntry.objects.bulk_create(batch)
            written += len(batch)
            batch = []
    LedgerEntry.objects.bulk_create(batch)
    return written + len(batch)


def _rebuild(ids: list[int], history: History) -> None:
    """The cached balance, the other entry-derived columns and the standing for today, from the
    ledger just written."""
    progress = history.progress("rents", "accounts rebuilt from the ledger", len(ids))
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        standing.rebuild(chunk, today=history.today)
        progress.advance(len(chunk))
    progress.finish()
