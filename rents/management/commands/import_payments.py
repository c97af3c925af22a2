from rents.models import ImportBatch

from ._import_command import ImportCommand


class Command(ImportCommand):
    help = "Import a bank or payment-card file (CSV: date, reference, amount; see docs/imports.md). All or nothing."
    kind = ImportBatch.Kind.PAYMENTS
