from rents.models import ImportBatch

from ._import_command import ImportCommand


class Command(ImportCommand):
    help = "Import a council Housing Benefit payment schedule (CSV; see docs/imports.md). All or nothing."
    kind = ImportBatch.Kind.HB_SCHEDULE
