from datetime import date

from django.core.management.base import BaseCommand, CommandError

from rents.services.ledger import charge_run


class Command(BaseCommand):
    help = "Post weekly rent charges in advance, catching up missed weeks. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--week-commencing", help="Post up to this rent week (YYYY-MM-DD); default this week.")

    def handle(self, *args, week_commencing, **options):
        week = None
        if week_commencing:
            try:
                week = date.fromisoformat(week_commencing)
            except ValueError:
                raise CommandError("--week-commencing must be a date like 2026-11-30.") from None
        posted = charge_run(week=week)
        self.stdout.write(f"{posted} charge{'s' if posted != 1 else ''} posted.")
