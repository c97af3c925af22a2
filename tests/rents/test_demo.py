"""The rent samples match the demo: a newcomer importing them sees rows that find their residents."""

from pathlib import Path

import pytest
from django.core.management import call_command

from rents.models import HousingBenefitClaim, ImportBatch
from rents.services import imports

pytestmark = pytest.mark.django_db
SAMPLES = Path(imports.__file__).resolve().parents[1] / "samples"


def test_the_hb_sample_names_the_demo_residents_on_its_claims(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    rows = imports.parse(ImportBatch.Kind.HB_SCHEDULE, (SAMPLES / "hb_schedule_sample.csv").read_bytes())
    claims = {c.claim_reference: c for c in HousingBenefitClaim.objects.select_related("account")}
    named = [row for row in rows if row.reference in claims]
    assert named, "no sample row has a demo claim"
    mismatched = [
        (row.reference, row.resident_name, claims[row.reference].account.name)
        for row in named
        if " ".join(row.resident_name.casefold().split()) not in imports._names_of(claims[row.reference].account)
    ]
    assert not mismatched


def test_the_demo_has_an_accepted_arrears_stage_with_its_letter(settings):
    from rents.models import ArrearsAction

    settings.DEBUG = True
    call_command("seed_demo")
    accepted = ArrearsAction.objects.filter(decision=ArrearsAction.Decision.ACCEPTED).exclude(letter="")
    assert accepted.exists(), "README promises an accepted arrears stage with its letter"
