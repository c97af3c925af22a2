from django.core.management.base import BaseCommand
from django.utils import timezone

from casework.services.visits import lone_working_sweep


class Command(BaseCommand):
    help = (
        "Alert team leaders now about officers who have not checked out of a home visit (what Celery beat does "
        "every minute). For running without a worker, e.g. from cron every minute. Safe to run repeatedly."
    )

    def handle(self, *args, **options):
        sent = lone_working_sweep(now=timezone.now())
        self.stdout.write(f"Lone working: {sent} alert{'s' if sent != 1 else ''} sent")
