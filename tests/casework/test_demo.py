"""The demo caseload covers every stage, is idempotent, and its pages open."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from casework.models import Case, Duty, MainDutyDecision, Mediation, Placement, Referral, SafeguardingConcern

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    return Case.objects.all()


def test_the_demo_caseload_has_every_stage(demo):
    assert demo.filter(triage_outcome=Case.TriageOutcome.PENDING, officer__isnull=False).exists()
    assert demo.filter(officer__isnull=True).exists()
    open_duties = set(Duty.objects.filter(ended_on__isnull=True).values_list("kind", flat=True))
    assert open_duties == {Duty.Kind.PREVENTION, Duty.Kind.RELIEF, Duty.Kind.INTERIM, Duty.Kind.MAIN}
    assert demo.filter(status=Case.Status.CLOSED, outcome=Case.Outcome.PREVENTED_STAYED).exists()
    assert demo.filter(notice_type=Case.Notice.SECTION_21, notice_valid=True).count() == 2
    assert demo.filter(source=Case.Source.DUTY_TO_REFER, referring_body__isnull=False).exists()
    assert any(d.review_window_open() for d in MainDutyDecision.objects.all())
    assert SafeguardingConcern.objects.open().exists()
    assert Mediation.objects.filter(outcome=Mediation.Outcome.CAN_STAY).exists()
    assert Referral.objects.filter(status=Referral.Status.RECEIVED).exists()
    placements = Placement.objects.select_related("rent_account")
    assert {"bed_and_breakfast", "private_leased"} <= {p.kind for p in placements}
    assert all(p.rent_account.balance > 0 for p in placements)  # charged to this week
    reasons = set(demo.values_list("reason_for_loss__code", flat=True))
    assert {"FAMILY_OR_FRIENDS_NO_LONGER_WILLING", "END_OF_PRIVATE_RENTED_TENANCY_ASSURED", "DOMESTIC_ABUSE"} <= reasons


def test_the_demo_has_families_in_bed_and_breakfast_near_and_past_six_weeks_with_ta_arrears(demo):
    from django.utils import timezone

    from casework.models.placements import bed_and_breakfast_clock, families_in_bed_and_breakfast
    from rents.models import ArrearsAction

    today = timezone.localdate()
    clocks = {
        case.person.name: bed_and_breakfast_clock(case.placements.all(), today)
        for case in families_in_bed_and_breakfast(today)
    }
    assert clocks["Chloe Bennett"].nights == 38 and not clocks["Chloe Bennett"].in_breach(today)
    over = clocks["Marcus Reid"]
    assert over.nights == 60 and over.in_breach(today)
    marcus = demo.get(person__legal_name="Marcus Reid")
    assert [p.kind for p in marcus.placements.all()] == ["bed_and_breakfast", "bed_and_breakfast"]
    accounts = [p.rent_account for p in marcus.placements.all()]
    assert all(account.balance > 0 for account in accounts)
    assert ArrearsAction.objects.filter(case__account__placement__case=marcus).exists()


def test_seeding_twice_adds_nothing(demo):
    before = (Case.objects.count(), Duty.objects.count(), Referral.objects.count())
    call_command("seed_demo")
    assert (Case.objects.count(), Duty.objects.count(), Referral.objects.count()) == before


def test_the_demo_officer_and_leader_can_open_every_case(client, demo):
    for email in ("prevention.officer@example.org", "team.leader@example.org"):
        client.force_login(User.objects.get(email=email))
        assert client.get(reverse("casework:caseload")).status_code == 200
        for case in demo:
            assert client.get(reverse("casework:case_detail", args=[case.pk])).status_code == 200, case


def test_every_issued_plan_has_the_letter_that_was_issued(demo):
    from casework.models import PersonalisedHousingPlan

    issued = PersonalisedHousingPlan.objects.filter(issued_on__isnull=False)
    assert issued.exists()
    for plan in issued:
        assert plan.pdf, plan
        with plan.pdf.open("rb") as letter:
            assert letter.read(5) == b"%PDF-"
        assert plan.issued_on == plan.case.approached_on + timedelta(days=2)  # the day the story says


def test_the_two_domestic_abuse_cases_are_different_families(demo):
    first, second = demo.filter(reason_for_loss__code="DOMESTIC_ABUSE").order_by("approached_on")
    children = [set(case.household.values_list("name", "date_of_birth")) for case in (first, second)]
    assert children[0] and children[1] and not children[0] & children[1]
    assert {n for n, _ in children[0]}.isdisjoint({n for n, _ in children[1]})
    assert {d for _, d in children[0]}.isdisjoint({d for _, d in children[1]})
    assert first.reason_detail != second.reason_detail
    assert first.risk_summary != second.risk_summary
    assert first.assessment.circumstances != second.assessment.circumstances
