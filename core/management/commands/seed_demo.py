import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from core.demo import DEMO_PASSWORD, MAX_SCALE, MAX_YEARS, History, history_seeders, seeders, sign_ins


class Command(BaseCommand):
    help = (
        "Create demo users and demo data (idempotent). --scale N multiplies the volumes; --years Y adds "
        "Y years of history (rent ledgers, incidents, repairs, closed cases) in bulk."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1, help=f"Multiply the demo volumes (1 to {MAX_SCALE}).")
        parser.add_argument(
            "--years",
            type=int,
            default=0,
            help=f"Extend the history back this many years before today (1 to {MAX_YEARS}; none by default).",
        )
        parser.add_argument("--force", action="store_true", help="Run even when DEBUG is off.")

    def handle(self, *args, scale, force, years=0, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates accounts with a published password, so it only runs with DEBUG on. "
                "Use --force if you really mean to seed this database."
            )
        if not 1 <= scale <= MAX_SCALE:
            raise CommandError(f"--scale must be between 1 and {MAX_SCALE}.")
        if not 0 <= years <= MAX_YEARS:
            raise CommandError(f"--years must be between 1 and {MAX_YEARS}.")
        started = time.perf_counter()
        for _name, seeder in seeders():
            step = time.perf_counter()
            with transaction.atomic():
                summary = seeder(scale)
            self.stdout.write(f"  {summary} ({time.perf_counter() - step:.1f}s)")
        if years:
            self.stdout.write(f"History: {years} years at scale {scale}")
            history = History(scale=scale, years=years, today=timezone.localdate(), write=self._progress)
            for _name, seeder in history_seeders():
                step = time.perf_counter()
                with transaction.atomic():
                    summary = seeder(history)
                self.stdout.write(f"  {summary} ({time.perf_counter() - step:.1f}s)")
        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready at scale {scale} in {time.perf_counter() - started:.1f}s.")
        )
        self.stdout.write(f"Demo sign-ins (password for all: {DEMO_PASSWORD}):")
        for email, role in sign_ins():
            self.stdout.write(f"  {email:34} {role}")

    def _progress(self, line: str) -> None:
        self.stdout.write(line)
        self.stdout.flush()
