"""python manage.py bench_hclic --cases 10000: seed that many reportable cases in bulk, time the export.

Everything runs in a transaction that is rolled back (unless --keep), so the database is left as it was.
The quarter is 2019Q2 by default, before any demo data, so only the seeded cases are reported.
"""

import random
import time
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import Team
from casework.models import Assessment, Case, Duty, HclicCategory, HouseholdMember, Placement
from hclic.export import build
from hclic.quarters import Quarter
from people.models import Person


class _Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Seed N reportable cases in bulk and time the H-CLIC export of their quarter."

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=10000)
        parser.add_argument("--quarter", default="2019Q2")
        parser.add_argument("--keep", action="store_true", help="Keep the seeded cases (default: roll back).")

    def handle(self, *args, cases, quarter, keep, **options):
        quarter = Quarter.parse(quarter)
        try:
            with transaction.atomic():
                seeded = time.perf_counter()
                self._seed(cases, quarter)
                self.stdout.write(f"Seeded {cases} cases in {time.perf_counter() - seeded:.1f} s")
                started = time.perf_counter()
                files = build(quarter, draft=True)
                elapsed = time.perf_counter() - started
                self.stdout.write(
                    f"Exported {len(files.case_ids)} cases of {quarter} in {elapsed:.2f} s "
                    f"(case file {len(files.case_file) // 1024} KiB, personal {len(files.personal_file) // 1024} KiB, "
                    f"CSV {len(files.csv_file) // 1024} KiB; both XML files validated)"
                )
                if not keep:
                    raise _Rollback
        except _Rollback:
            self.stdout.write("Rolled back.")

    def _seed(self, count: int, quarter: Quarter) -> None:
        rng = random.Random(13)  # noqa: S311  (repeatable test data, not secrets)
        user = get_user_model().objects.create_user(email=f"bench-{time.time_ns()}@example.invalid", password=None)
        team = Team.objects.create(name=f"Bench team {time.time_ns()}", kind=Team.Kind.PREVENTION)
        reasons = list(HclicCategory.objects.of("reason_loss_settled_home"))
        accommodation = list(HclicCategory.objects.of("accommodation_at_application"))
        households = list(HclicCategory.objects.of("household_composition"))
        people = Person.objects.bulk_create(
            Person(legal_name=f"Bench Person {i}", search_name=f"bench person {i}", date_of_birth=date(1990, 1, 1))
            for i in range(count)
        )
        days = (quarter.end - quarter.start).days
        cases = Case.objects.bulk_create(
            Case(
                reference=f"BENCH-{quarter}-{i:06d}",
                person=person,
                team=team,
                officer=user,
                approached_on=quarter.start + timedelta(days=rng.randrange(days)),
                eligibility=Case.Eligibility.ELIGIBLE,
                triage_outcome=Case.TriageOutcome.APPLICATION,
                reason_for_loss=rng.choice(reasons),
                accommodation_at_approach=rng.choice(accommodation),
                household_composition=rng.choice(households),
            )
            for i, person in enumerate(people)
        )
        duties = Duty.objects.bulk_create(
            Duty(case=case, kind=Duty.Kind.PREVENTION if i % 3 else Duty.Kind.RELIEF, started_on=case.approached_on,
                 started_by=user)
            for i, case in enumerate(cases)
        )  # fmt: skip
        Assessment.objects.bulk_create(
            Assessment(case=case, circumstances="Bench.", housing_needs="Bench.", support_needs="Bench.",
                       completed_on=case.approached_on, completed_by=user)
            for case in cases
        )  # fmt: skip
        HouseholdMember.objects.bulk_create(
            HouseholdMember(case=case, name="Bench Child", relationship=HouseholdMember.Relationship.CHILD,
                            date_of_birth=date(2018, 1, 1))
            for case in cases[::2]
        )  # fmt: skip
        interims = Duty.objects.bulk_create(
            Duty(case=case, kind=Duty.Kind.INTERIM, started_on=case.approached_on, started_by=user)
            for case, duty in zip(cases[::5], duties[::5], strict=True)
            if duty.kind == Duty.Kind.RELIEF
        )
        Placement.objects.bulk_create(
            Placement(case=duty.case, duty=duty, kind=Placement.Kind.HOSTEL, address="Bench Hostel",
                      started_on=duty.started_on, weekly_charge=Decimal("90.00"), created_by=user)
            for duty in interims
        )  # fmt: skip
