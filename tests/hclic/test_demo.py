"""The demo has a full quarter of reportable cases, some failing validation; seeding twice adds nothing."""

import datetime

import pytest
import time_machine
from django.core.management import call_command

from hclic.demo.quarter import CASES, seed_quarter
from hclic.export import build
from hclic.quarters import Quarter, reportable_cases
from hclic.services.submissions import readiness

pytestmark = pytest.mark.django_db


def test_the_demo_quarter(settings):
    settings.DEBUG = True
    with time_machine.travel(datetime.datetime(2026, 10, 5, 10, tzinfo=datetime.UTC), tick=False):
        call_command("seed_demo")
        quarter = Quarter.parse("2026Q3")
        demo = reportable_cases(quarter).filter(previous_reference__startswith="HCLIC-DEMO-2026Q3-")
        assert demo.count() == len(CASES) - 1  # the advice-only case is left out
        failing = {p.check for f in readiness(quarter) for p in f.problems}
        assert {
            "reason_for_loss",
            "assessment_before_application",
            "interim_while_prevention_owed",
            "partner_income_without_partner",
            "homeless_with_settled_outcome",
        } <= failing
        assert build(quarter, draft=True).totals["temporary_accommodation"]["households"] >= 2
        assert seed_quarter(1).startswith("H-CLIC: 0 cases")
