"""Make the schedules every scheme's stock calls for: run once after upgrading to a release with
compliance (stock saved before it has no schedules yet); the nightly task does the same."""

from django.core.management.base import BaseCommand

from compliance.services.schedules import schedules_sync_all


class Command(BaseCommand):
    help = "Bring every scheme's compliance schedules into step with its stock and the check types."

    def handle(self, *args, **options):
        totals = schedules_sync_all()
        self.stdout.write(f"Schedules made: {totals['made']}; paused or resumed: {totals['changed']}.")
