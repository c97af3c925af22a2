from django.core.management.base import BaseCommand, CommandError

from core.money import format_money
from rents.services.ledger import balance_mismatches


class Command(BaseCommand):
    help = "Verify every account's cached balance equals the sum of its ledger entries."

    def handle(self, *args, **options):
        problems = balance_mismatches()
        for pk, cached, actual in problems:
            self.stderr.write(f"Account {pk}: cached {format_money(cached)}, entries add up to {format_money(actual)}")
        if problems:
            raise CommandError(f"{len(problems)} account balance(s) do not match their entries.")
        self.stdout.write("Every balance matches the sum of its entries.")
