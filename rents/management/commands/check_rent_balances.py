from django.core.management.base import BaseCommand, CommandError

from core.money import format_money
from rents.services import standing

LABELS = {
    "charged_to": "last week charged",
    "last_payment_on": "last payment",
    "hb_paid_to": "Housing Benefit paid to",
    "weekly_charge": "weekly charge",
    "hb_pending": "Housing Benefit expected",
    "arrears": "arrears",
}


def _value(value) -> str:
    if value is None:
        return "none"
    return value.strftime("%-d %B %Y") if hasattr(value, "strftime") else format_money(value)


def describe(problem) -> str:
    if problem.field == "balance":
        return (
            f"Account {problem.account_id}: cached {format_money(problem.stored)}, "
            f"entries add up to {format_money(problem.actual)}"
        )
    return (
        f"Account {problem.account_id}: {LABELS[problem.field]} is {_value(problem.stored)}, "
        f"the ledger and charge lines give {_value(problem.actual)}"
    )


class Command(BaseCommand):
    help = (
        "Verify every account's cached balance equals the sum of its ledger entries, and that the other "
        "columns lists read (last payment, HB paid to, and today's weekly charge, HB expected and arrears) "
        "match the ledger and the charge lines. --repair recomputes them from the ledger."
    )

    def add_arguments(self, parser):
        parser.add_argument("--repair", action="store_true", help="Recompute the faulty accounts from the ledger.")

    def handle(self, *args, repair, **options):
        problems = standing.mismatches()
        for problem in problems:
            self.stderr.write(describe(problem))
        if problems and repair:
            standing.rebuild({problem.account_id for problem in problems})
            self.stdout.write(f"Recomputed {len({p.account_id for p in problems})} account(s) from the ledger.")
            return
        if problems:
            accounts = len({problem.account_id for problem in problems})
            raise CommandError(f"{accounts} account balance(s) or derived columns do not match their entries.")
        self.stdout.write("Every balance matches the sum of its entries, and every derived column matches the ledger.")
