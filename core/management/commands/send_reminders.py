from datetime import timedelta

from django.core.management.base import BaseCommand

from core.reminders import registered_jobs, run_reminder_jobs
from core.services import send_pending_emails


class Command(BaseCommand):
    help = (
        "Run the reminder jobs now (what the hourly Celery beat task does), then send every email still "
        "pending (after a broker outage, or with no worker). Safe to run repeatedly."
    )

    def add_arguments(self, parser):
        parser.add_argument("--job", action="append", dest="jobs", help="Run only this job (repeatable).")
        parser.add_argument("--list", action="store_true", help="List the registered jobs and exit.")

    def handle(self, *args, jobs, list, **options):
        if list:
            for name in registered_jobs():
                self.stdout.write(name)
            return
        results = run_reminder_jobs(only=jobs)
        if not results:
            self.stdout.write("No reminder jobs are registered yet.")
        for name, sent in results.items():
            if sent < 0:
                self.stderr.write(self.style.ERROR(f"{name}: failed (see the log)"))
            else:
                self.stdout.write(f"{name}: {sent} reminder{'s' if sent != 1 else ''} sent")
        if not jobs:
            emailed = send_pending_emails(grace=timedelta(0))
            self.stdout.write(f"pending emails: {emailed} sent")
