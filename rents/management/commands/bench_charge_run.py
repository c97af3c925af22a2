"""Benchmark the weekly rent charge run against a plain PostgreSQL COPY of the same rows.

    DEBUG=true DATABASE_URL=postgres://... python manage.py bench_charge_run --agreements 100000 [--weeks 1] [--keep]

It creates N throwaway rent accounts (one or two charge lines each), times `charge_run` posting
their charges, then times a COPY of the same number of ledger rows into a scratch copy of the
ledger table (same columns, indexes, check and foreign-key constraints, WAL-logged): the floor
the charge run is measured against. It checks the balances and that a second run posts nothing,
then deletes everything it created (unless --keep). PostgreSQL only.
"""

import random
import secrets
import time
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from core.money import format_money
from rents.models import ChargeLine, RentAccount
from rents.services import ledger, standing
from rents.services.charges import week_commencing

TARGET_RATIO = 2.5
SAMPLE_SIZE = 1000
CHARGE_COLUMNS = (
    "account_id, kind, method, amount, posted_on, week_commencing, description, reference, reason, created_at"
)


class Command(BaseCommand):
    help = "Time the weekly rent charge run for N new accounts against a PostgreSQL COPY of the same rows."

    def add_arguments(self, parser):
        parser.add_argument("--agreements", type=int, default=100_000, help="Rent accounts to create (default 100000).")
        parser.add_argument("--weeks", type=int, default=1, help="Weeks each account is charged for (catch-up).")
        parser.add_argument("--week-commencing", help="The Monday to charge up to (YYYY-MM-DD); default this week.")
        parser.add_argument("--seed", type=int, default=2026, help="Seed for the generated charge amounts.")
        parser.add_argument("--keep", action="store_true", help="Leave the accounts, lines and charges in place.")
        parser.add_argument(
            "--force", action="store_true", help="Run even though rent accounts already exist (only its own are used)."
        )

    def handle(self, *args, agreements, weeks, week_commencing, seed, keep, force, **options):
        if connection.vendor != "postgresql":
            raise CommandError(f"bench_charge_run needs PostgreSQL; this database is {connection.vendor}.")
        if agreements < 1 or weeks < 1:
            raise CommandError("--agreements and --weeks must be at least 1.")
        target = self._target(week_commencing)
        existing = RentAccount.objects.count()
        if existing and not force:
            raise CommandError(
                f"{existing} rent account(s) already exist. This command creates and deletes {agreements} accounts; "
                "run it on a scratch database, or pass --force to run alongside them (only its own are charged)."
            )
        self.prefix = f"BN{secrets.token_hex(3).upper()}-"  # e.g. BN1A2B3C-0000001: 16 characters of 20
        self.ids: list[int] = []
        self.scratch = f"bench_ledger_copy_{self.prefix[2:8].lower()}"
        charging_from = target - timedelta(weeks=weeks - 1)
        rows = agreements * weeks
        if settings.DEBUG:
            self.stdout.write("Note: DEBUG is on, so Django logs each query (a handful here; no material effect).")
        self.stdout.write(
            f"Charge run benchmark: {agreements} agreements x {weeks} week(s) = {rows} charges, "
            f"weeks {charging_from} to {target}."
        )
        try:
            self._run(agreements, weeks, charging_from, target, seed, force and existing)
        finally:
            self._clean_up(keep)

    def _target(self, value) -> date:
        if not value:
            return week_commencing(timezone.localdate())
        try:
            day = date.fromisoformat(value)
        except ValueError:
            raise CommandError("--week-commencing must be a date like 2026-11-30.") from None
        if day.weekday() != 0:
            raise CommandError("--week-commencing must be a Monday.")
        return day

    def _run(self, agreements, weeks, charging_from, target, seed, others_exist):
        # 1. Build the accounts and their charge lines (not part of the timed run).
        started = time.perf_counter()
        weekly = self._build(agreements, charging_from, random.Random(seed))  # noqa: S311 - test data
        built = time.perf_counter() - started
        self.stdout.write(f"Built {len(self.ids)} accounts and their charge lines in {built:.2f}s (COPY + ANALYZE).")

        # With other accounts present (--force), charge only ours; otherwise the real, unfiltered run.
        accounts = RentAccount.objects.filter(reference__startswith=self.prefix) if others_exist else None
        if others_exist:
            self.stdout.write("Other accounts exist (--force): charging only the benchmark's accounts.")

        # 2. The charge run.
        started = time.perf_counter()
        posted = ledger.charge_run(week=target, accounts=accounts)
        run = time.perf_counter() - started
        expected = sum(1 for amount in weekly.values() if amount) * weeks
        if posted != expected:
            raise CommandError(f"The charge run posted {posted} charges; expected {expected}.")

        # 2b. What the scheduled task does next: work out the charged accounts' arrears for today.
        started = time.perf_counter()
        refreshed = standing.refresh(accounts)
        refresh_seconds = time.perf_counter() - started

        # 3. The floor: COPY the same rows into a scratch copy of the ledger table.
        copy_seconds = self._time_copy(weekly, weeks, target)

        # 4. Report.
        ratio = run / copy_seconds
        met = "met" if ratio <= TARGET_RATIO else "NOT met"
        self.stdout.write(f"charge_run: {posted} rows in {run:.3f}s ({posted / run:,.0f} rows/s)")
        self.stdout.write(f"COPY floor: {posted} rows in {copy_seconds:.3f}s ({posted / copy_seconds:,.0f} rows/s)")
        self.stdout.write(f"Ratio run/COPY: {ratio:.2f} (target <= {TARGET_RATIO}: {met})")
        self.stdout.write(
            f"Then the standing (arrears for today) of {refreshed} accounts in {refresh_seconds:.3f}s "
            "(the task's second step, not part of the ratio)"
        )

        # Checks: cached balances match the entries, a sample matches the generated rates, and a second run is a no-op.
        started = time.perf_counter()
        ours = set(self.ids)
        mismatches = [mismatch for mismatch in ledger.balance_mismatches() if mismatch[0] in ours]
        checked = time.perf_counter() - started
        if mismatches:
            raise CommandError(f"{len(mismatches)} balance(s) differ from their entries, e.g. {mismatches[:3]}.")
        sample = random.Random(seed + 1).sample(  # noqa: S311 - a sample, not security
            self.ids, min(SAMPLE_SIZE, len(self.ids))
        )
        for pk, balance in RentAccount.objects.filter(pk__in=sample).values_list("pk", "balance"):
            if balance != weekly[pk] * weeks:
                expected = format_money(weekly[pk] * weeks)
                raise CommandError(f"Account {pk} owes {format_money(balance)}; expected {expected}.")
        self.stdout.write(
            f"Balances: every cached balance matches its entries ({checked:.2f}s); "
            f"{len(sample)} sampled accounts owe exactly {weeks} week(s) of their rate."
        )
        started = time.perf_counter()
        again = ledger.charge_run(week=target, accounts=accounts)
        second = time.perf_counter() - started
        if again:
            raise CommandError(f"A second charge run posted {again} charges; it should post none.")
        self.stdout.write(f"Second charge_run (idempotency): 0 rows posted in {second:.3f}s")

    def _build(self, agreements, charging_from, rng) -> dict[int, Decimal]:
        """COPY the accounts and lines in one transaction; return each account's weekly charge."""
        now = timezone.now()
        amounts = []
        for _ in range(agreements):
            core = Decimal(rng.randrange(8_500, 26_000)) / 100  # £85.00 to £259.99 a week
            service = Decimal(rng.randrange(350, 4_500)) / 100 if rng.random() < 0.6 else None  # 60% have one
            amounts.append((core, service))
        with transaction.atomic(), connection.cursor() as cursor:
            with cursor.copy(
                "COPY rents_rentaccount (reference, name, charging_from, charging_until, calendar_id, balance, "
                "opened_at) FROM STDIN"
            ) as copy:
                for n in range(agreements):
                    copy.write_row(
                        (f"{self.prefix}{n:07d}", f"Bench resident {n}, Flat {n % 40 + 1}", charging_from,
                         None, None, Decimal("0.00"), now)
                    )  # fmt: skip
            cursor.execute(
                "SELECT id FROM rents_rentaccount WHERE reference LIKE %s ORDER BY reference", [self.prefix + "%"]
            )
            self.ids = [pk for (pk,) in cursor.fetchall()]
            with cursor.copy(
                "COPY rents_chargeline (account_id, kind, weekly_amount, effective_from) FROM STDIN"
            ) as copy:
                for pk, (core, service) in zip(self.ids, amounts, strict=True):
                    copy.write_row((pk, ChargeLine.Kind.CORE_RENT.value, core, charging_from))
                    if service is not None:
                        copy.write_row((pk, ChargeLine.Kind.ELIGIBLE_SERVICE.value, service, charging_from))
        with connection.cursor() as cursor:
            # Fresh planner statistics for the tables just loaded, as a live database would have.
            # The ledger's are left to autovacuum, as in production.
            cursor.execute("ANALYZE rents_rentaccount, rents_chargeline")
        return {pk: core + (service or 0) for pk, (core, service) in zip(self.ids, amounts, strict=True)}

    def _time_copy(self, weekly, weeks, target) -> float:
        """COPY the same rows the run posted into a WAL-logged copy of the ledger table with the same
        indexes, check constraints and foreign keys, committed: the least the run could cost."""
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE TABLE {self.scratch} (LIKE rents_ledgerentry INCLUDING ALL)")
            cursor.execute(
                "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'f'",
                ["rents_ledgerentry"],
            )
            for n, (definition,) in enumerate(cursor.fetchall()):
                cursor.execute(f"ALTER TABLE {self.scratch} ADD CONSTRAINT {self.scratch}_fk{n} {definition}")
        mondays = [target - timedelta(weeks=k) for k in reversed(range(weeks))]
        now = timezone.now()
        rows = [
            (pk, "charge", "", amount, monday, monday, "Weekly charge", "", "", now)
            for pk, amount in weekly.items()
            if amount
            for monday in mondays
        ]
        started = time.perf_counter()
        with (
            transaction.atomic(),
            connection.cursor() as cursor,
            cursor.copy(f"COPY {self.scratch} ({CHARGE_COLUMNS}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
        return time.perf_counter() - started

    def _clean_up(self, keep):
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {self.scratch}")
        if keep or not self.ids:
            if self.ids:
                self.stdout.write(f"Kept {len(self.ids)} accounts (references starting {self.prefix}).")
            return
        started = time.perf_counter()
        # Raw SQL: ledger entries are append-only in the ORM, and these are ours alone (by id).
        with transaction.atomic(), connection.cursor() as cursor:
            # The run just added rows the ledger's statistics may not know about yet; without
            # fresh ones the planner can pick a sequential scan that checks each row against
            # the whole id array.
            cursor.execute("ANALYZE rents_ledgerentry")
            cursor.execute("DELETE FROM rents_ledgerentry WHERE account_id = ANY(%s)", [self.ids])
            entries = cursor.rowcount
            cursor.execute("DELETE FROM rents_chargeline WHERE account_id = ANY(%s)", [self.ids])
            cursor.execute("DELETE FROM rents_rentaccount WHERE id = ANY(%s)", [self.ids])
            accounts = cursor.rowcount
        self.stdout.write(
            f"Cleaned up {accounts} accounts, their lines and {entries} ledger entries "
            f"in {time.perf_counter() - started:.2f}s."
        )
