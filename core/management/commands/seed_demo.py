import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.demo import DEMO_PASSWORD, seeders, sign_ins


class Command(BaseCommand):
    help = "Create demo users and demo data (idempotent). --scale N multiplies the volumes."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1, help="Multiply the demo volumes (1 to 100).")
        parser.add_argument("--force", action="store_true", help="Run even when DEBUG is off.")

    def handle(self, *args, scale, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates accounts with a published password, so it only runs with DEBUG on. "
                "Use --force if you really mean to seed this database."
            )
        if not 1 <= scale <= 100:
            raise CommandError("--scale must be between 1 and 100.")
        started = time.perf_counter()
        for _name, seeder in seeders():
            step = time.perf_counter()
            with transaction.atomic():
                summary = seeder(scale)
            self.stdout.write(f"  {summary} ({time.perf_counter() - step:.1f}s)")
        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready at scale {scale} in {time.perf_counter() - started:.1f}s.")
        )
        self.stdout.write(f"Demo sign-ins (password for all: {DEMO_PASSWORD}):")
        for email, role in sign_ins():
            self.stdout.write(f"  {email:34} {role}")
