"""python manage.py export_hclic --quarter 2026Q3 [--draft] [--output DIR] [--by EMAIL]"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from hclic.quarters import Quarter
from hclic.services.submissions import QuarterNotReady, quarter_export


class Command(BaseCommand):
    help = "Export a quarter's H-CLIC files; refused while cases fail unless --draft. A full export is kept."

    def add_arguments(self, parser):
        parser.add_argument("--quarter", required=True, help="As 2026Q3 (July to September 2026).")
        parser.add_argument("--draft", action="store_true", help="Mark the files as a draft; failing cases allowed.")
        parser.add_argument("--output", default=".", help="Directory for the files (default: here).")
        parser.add_argument("--by", help="Email of the team leader or administrator exporting (for the record).")

    def handle(self, *args, quarter, draft, output, by, **options):
        try:
            quarter = Quarter.parse(quarter)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        user = self._user(by)
        try:
            files, submission = quarter_export(quarter=quarter, draft=draft, by=user)
        except QuarterNotReady as exc:
            for failure in exc.failures:
                for problem in failure.problems:
                    self.stderr.write(f"{failure.reference}: {problem.message}")
            raise CommandError(exc.messages[0]) from exc
        directory = Path(output)
        directory.mkdir(parents=True, exist_ok=True)
        for attr, name in files.filenames().items():
            (directory / name).write_bytes(getattr(files, attr))
            self.stdout.write(str(directory / name))
        if submission:
            self.stdout.write(f"Kept as {submission}: {submission.case_count} cases.")
        else:
            self.stdout.write(f"Draft: {len(files.case_ids)} cases; not kept.")

    def _user(self, email):
        users = get_user_model().objects.filter(is_active=True)
        if email:
            user = users.filter(email__iexact=email).first()
            if user is None or not user.has_perm("hclic.add_hclicsubmission"):
                raise CommandError(f"{email} is not an active user who may export H-CLIC.")
            return user
        user = users.filter(is_superuser=True).order_by("pk").first()
        if user is None:
            raise CommandError("Say who is exporting with --by EMAIL (a team leader or administrator).")
        return user
