"""Time the main pages and exports of every demo role on a small and a large demo (PostgreSQL only).

Each size is seeded into its own database (`hearth_bench_small`, `hearth_bench_large`) by
`migrate` and `seed_demo` in a subprocess with DATABASE_URL pointing at it, then timed in another
subprocess by `core.benchmarks.time_pages`; the table pairs the two by page and role. The pages
themselves are listed in `core.benchmarks.PAGES`.

    manage.py bench_pages --small "scale=1,years=1" --large "scale=160,years=10" --runs 5
    manage.py bench_pages --reuse --only "Arrears" --markdown bench.md
"""

import argparse
import json
import logging
import os
import platform
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path
from urllib.parse import quote

from django.apps import apps
from django.conf import settings
from django.core.management import load_command_class
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from core import benchmarks

MANAGE = Path(settings.BASE_DIR) / "manage.py"

# The subprocesses run as production would (DEBUG off, so no query log) but on plain HTTP, with
# static files from the app folders (no collectstatic), no email and tasks run in-process.
SUBPROCESS_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "hearth-bench-pages-not-a-secret-0123456789abcdefghijklmnop",
    "ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "false",
    "SECURE_COOKIES": "false",
    "STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
    "EMAIL_URL": "dummymail://",
    "CELERY_BROKER_URL": "",
    "REDIS_URL": "",
    "LOG_LEVEL": "WARNING",
}


def _size(text: str) -> dict:
    """`scale=50,years=10` as {"scale": 50, "years": 10}."""
    size = {}
    for part in filter(None, (bit.strip() for bit in text.split(","))):
        key, sep, value = part.partition("=")
        if not sep or key.strip() not in ("scale", "years") or not value.strip().isdigit():
            raise CommandError(f'Sizes look like "scale=50,years=10", not {text!r}.')
        size[key.strip()] = int(value)
    return size


def seed_demo_takes_years() -> bool:
    """Whether this checkout's seed_demo has `--years` (it arrived with the ten-year demo)."""
    parser = load_command_class("core", "seed_demo").create_parser("manage.py", "seed_demo")
    return "--years" in parser._option_string_actions


def database_url(name: str) -> str:
    """DATABASE_URL for database `name` on the same server and credentials as this connection."""
    db = settings.DATABASES["default"]
    user = quote(db.get("USER") or "", safe="")
    password = f":{quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    host = db.get("HOST") or ""
    port = f":{db['PORT']}" if db.get("PORT") else ""
    if host.startswith("/"):
        return f"postgres://{auth}/{name}?host={host}"
    return f"postgres://{auth}{host}{port}/{name}"


class Command(BaseCommand):
    help = "Time every role's main pages and exports on a small and a large demo database (PostgreSQL)."

    def add_arguments(self, parser):
        parser.add_argument("--small", default="scale=1,years=1", help='The small demo, e.g. "scale=1,years=1".')
        parser.add_argument("--large", default="scale=160,years=10", help='The large demo, e.g. "scale=50,years=10".')
        for which in ("small", "large"):
            parser.add_argument(f"--{which}-scale", type=int, help=f"Override the {which} demo's scale.")
            parser.add_argument(f"--{which}-years", type=int, help=f"Override the {which} demo's years of history.")
            parser.add_argument(
                f"--{which}-db", default=f"hearth_bench_{which}", help=f"The {which} demo's database name."
            )
        parser.add_argument("--runs", type=int, default=5, help="Timed requests per page (the median is kept).")
        parser.add_argument("--only", action="append", help="Time only this page (by name; repeatable).")
        parser.add_argument("--role", action="append", help="Time only this role (name or demo email; repeatable).")
        parser.add_argument("--reuse", action="store_true", help="Use already-seeded databases as they are.")
        parser.add_argument("--markdown", help="Also write the table as Markdown to this file.")
        parser.add_argument("--json", help="Also write every timing as JSON to this file.")
        parser.add_argument("--list", action="store_true", help="List the pages and exit.")
        # Internal: time the current database and write the rows as JSON (what the subprocess runs).
        parser.add_argument("--measure", help=argparse.SUPPRESS)

    def handle(self, *args, **options):
        if options["list"]:
            for page in benchmarks.PAGES:
                self.stdout.write(f"  {page.name:36} {page.url_name} {page.query}")
            return
        if connection.vendor != "postgresql":
            raise CommandError(
                "bench_pages runs on PostgreSQL only (it creates a database per size, and SQLite times say "
                "nothing about production). Set DATABASE_URL=postgres://... and run it again."
            )
        if options["runs"] < 1:
            raise CommandError("--runs must be at least 1.")
        if options["measure"]:
            return self._measure(options)
        sizes = {}
        for which in ("small", "large"):
            size = {"scale": 1, **_size(options[which])}
            if options[f"{which}_scale"] is not None:
                size["scale"] = options[f"{which}_scale"]
            if options[f"{which}_years"] is not None:
                size["years"] = options[f"{which}_years"]
            sizes[which] = size
        if options["small_db"] == options["large_db"]:
            raise CommandError("The small and large demos need two databases.")
        years = seed_demo_takes_years()
        if not years and any(size.get("years") for size in sizes.values()):
            self.stdout.write("seed_demo has no --years in this checkout: seeding by --scale only.")
        results = {}
        for which in ("small", "large"):
            name = options[f"{which}_db"]
            self._prepare(name, sizes[which], reuse=options["reuse"], years=years)
            results[which] = self._time(name, options)
        self._report(results, sizes, options)

    # ------------------------------------------------------------------ seeding

    def _exists(self, name: str) -> bool:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            return cursor.fetchone() is not None

    def _prepare(self, name: str, size: dict, *, reuse: bool, years: bool) -> None:
        if name == connection.settings_dict["NAME"]:
            raise CommandError(f"{name} is the database this command is connected to; name another one.")
        if reuse and self._exists(name):
            self.stdout.write(f"Reusing {name} as it is.")
            return
        quoted = connection.ops.quote_name(name)
        with connection.cursor() as cursor:
            if self._exists(name):
                if "bench" not in name:
                    raise CommandError(f"{name} exists and is not a bench database: drop it yourself or use --reuse.")
                cursor.execute(f"DROP DATABASE {quoted} WITH (FORCE)")
            cursor.execute(f"CREATE DATABASE {quoted}")
        seed = ["seed_demo", "--force", "--scale", str(size["scale"])]
        if years and size.get("years"):
            seed += ["--years", str(size["years"])]
        started = time.perf_counter()
        self.stdout.write(f"Seeding {name}: {' '.join(seed[2:])}")
        for command in (["migrate", "--no-input", "-v", "0"], seed):
            self._run(name, command)
        self.stdout.write(f"Seeded {name} in {time.perf_counter() - started:.0f} s.")

    def _run(self, name: str, command: list[str]) -> None:
        env = {**os.environ, **SUBPROCESS_ENV, "DATABASE_URL": database_url(name)}
        done = subprocess.run([sys.executable, str(MANAGE), *command], env=env, check=False)  # noqa: S603
        if done.returncode:
            raise CommandError(f"{' '.join(command[:1])} on {name} failed (exit {done.returncode}).")

    # ------------------------------------------------------------------ timing

    def _time(self, name: str, options) -> dict:
        with tempfile.TemporaryDirectory() as folder:
            out = Path(folder) / "rows.json"
            command = ["bench_pages", "--measure", str(out), "--runs", str(options["runs"])]
            for page in options["only"] or []:
                command += ["--only", page]
            for role in options["role"] or []:
                command += ["--role", role]
            self.stdout.write(f"Timing {name}:")
            self._run(name, command)
            return json.loads(out.read_text())

    def _measure(self, options) -> None:
        # A 403 a view gives a role it is not for is expected (the page is skipped), as are WeasyPrint's
        # notes on the PDFs' CSS and whitenoise's missing collectstatic folder: keep the output to times.
        logging.getLogger("django.request").setLevel(logging.ERROR)
        logging.getLogger("weasyprint").setLevel(logging.ERROR)
        warnings.filterwarnings("ignore", message="No directory at", module="django.core.handlers.base")
        LedgerEntry = apps.get_model("rents.LedgerEntry")
        sizes = {
            "ledger rows": LedgerEntry._default_manager.count(),
            "rent accounts": apps.get_model("rents.RentAccount")._default_manager.count(),
            "schemes": apps.get_model("tenancies.Scheme")._default_manager.count(),
            "cases": apps.get_model("casework.Case")._default_manager.count(),
        }
        rows = benchmarks.time_pages(
            runs=options["runs"], only=options["only"], roles=options["role"], write=self.stdout.write
        )
        Path(options["measure"]).write_text(json.dumps({"sizes": sizes, "rows": [row.as_dict() for row in rows]}))

    # ------------------------------------------------------------------ report

    def _report(self, results: dict, sizes: dict, options) -> None:
        rows = benchmarks.compare(results["small"]["rows"], results["large"]["rows"])
        described = {
            which: ", ".join(f"{key} {value}" for key, value in sizes[which].items())
            + " ("
            + ", ".join(f"{count:,} {label}" for label, count in results[which]["sizes"].items())
            + ")"
            for which in ("small", "large")
        }
        heading = [
            f"Small: {described['small']}",
            f"Large: {described['large']}",
            f"Median of {options['runs']} runs after one warm-up, {timezone.now():%Y-%m-%d %H:%M} UTC, "
            f"{os.cpu_count()} CPUs, {platform.system()} {platform.machine()}, PostgreSQL "
            f"{connection.pg_version // 10000}. Flags: >{benchmarks.RATIO_LIMIT:g}x the small time, "
            f">{benchmarks.MS_LIMIT:.0f} ms on the large demo, ERROR for any answer but 200.",
        ]
        self.stdout.write("\n".join(["", *heading, "", benchmarks.text_table(rows)]))
        if options["markdown"]:
            Path(options["markdown"]).write_text(
                "\n".join([*(f"{line}  " for line in heading), "", benchmarks.markdown_table(rows), ""])
            )
            self.stdout.write(f"Markdown table written to {options['markdown']}.")
        if options["json"]:
            Path(options["json"]).write_text(json.dumps({"sizes": sizes, **results}, indent=1))
        errors = [row for row in rows if "ERROR" in row.flags]
        slow = [row for row in rows if row.flags and "ERROR" not in row.flags]
        self.stdout.write(f"{len(rows)} rows, {len(slow)} over a target, {len(errors)} errors.")
        if errors:
            raise CommandError(f"{len(errors)} pages answered something other than 200: see the table.")
