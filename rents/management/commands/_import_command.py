"""Shared body of import_hb_schedule and import_payments."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from rents.services import imports


class ImportCommand(BaseCommand):
    kind: str

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path to the CSV file.")
        parser.add_argument("--by", help="Email of the user the import is recorded against.")

    def handle(self, *args, file, by=None, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file} is not a file.")
        user = None
        if by:
            user = get_user_model().objects.filter(email__iexact=by).first()
            if user is None:
                raise CommandError(f"No user has the email {by}.")
        try:
            batch = imports.import_file(
                kind=self.kind, filename=path.name, content=path.read_bytes(), by=user, scoped=False
            )
        except imports.ImportRejected as exc:
            for error in exc.errors:
                where = f"Line {error.line}" if error.line else "File"
                self.stderr.write(f"{where}: {error.message}")
            raise CommandError(f"{path.name} was not imported: nothing was posted.") from None
        held = batch.row_count - batch.posted_count
        self.stdout.write(
            self.style.SUCCESS(f"Import {batch.pk}: {batch.posted_count} of {batch.row_count} rows posted.")
        )
        if held:
            self.stdout.write(
                self.style.WARNING(f"{held} row(s) held for review: /rents/imports/{batch.pk}/ in Hearth.")
            )
