"""Opening, triage, qualification, banding and overrides of housing register applications."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError

from casework.models import Duty
from register.models import ApplicationMember, Band, BandRule, QualificationSettings, RegisterApplication
from register.services import applications as services
from tests.casework.factories import CaseFactory, DutyFactory, HouseholdMemberFactory
from tests.people.factories import PersonFactory
from tests.register.factories import application_for, triaged, years_ago

pytestmark = pytest.mark.django_db
Status = RegisterApplication.Status


def band(code):
    return Band.objects.get(code=code)


def test_reference_counts_up_per_year():
    with time_machine.travel(datetime.datetime(2026, 3, 1, 12, tzinfo=datetime.UTC)):
        first = application_for()
        second = application_for()
    assert first.reference == "HR-2026-00001"
    assert second.reference == "HR-2026-00002"
    assert first.status == Status.RECEIVED


def test_open_main_duty_proposes_a_and_b_with_where_from():
    case = CaseFactory(person=PersonFactory(date_of_birth=years_ago(30)))
    DutyFactory(case=case, kind=Duty.Kind.MAIN)
    application = application_for(case)
    assert application.pref_homeless and application.pref_duty
    assert case.reference in application.pref_homeless_source
    assert "Main housing duty" in application.pref_duty_source


def test_relief_proposes_homeless_only_and_prevention_the_duty_only():
    relief_case = CaseFactory(person=PersonFactory(date_of_birth=years_ago(30)))
    DutyFactory(case=relief_case, kind=Duty.Kind.RELIEF)
    relief = application_for(relief_case)
    assert relief.pref_homeless and not relief.pref_duty
    prevention_case = CaseFactory(person=PersonFactory(date_of_birth=years_ago(30)))
    DutyFactory(case=prevention_case, kind=Duty.Kind.PREVENTION)
    prevention = application_for(prevention_case)
    assert prevention.pref_duty and not prevention.pref_homeless


def test_ended_duty_proposes_nothing():
    case = CaseFactory(person=PersonFactory(date_of_birth=years_ago(30)))
    DutyFactory(case=case, kind=Duty.Kind.MAIN, ended_on=case.approached_on)
    application = application_for(case)
    assert not application.pref_homeless and not application.pref_duty


def test_case_household_is_copied():
    case = CaseFactory(person=PersonFactory(date_of_birth=years_ago(30)))
    HouseholdMemberFactory(case=case, name="Kid", date_of_birth=years_ago(4))
    application = application_for(case)
    assert list(application.household.values_list("name", flat=True)) == ["Kid"]


# Banding: each default rule, and the priority order.


@pytest.mark.parametrize(
    "answers,code,rule",
    [
        ({"pref_medical": True, "urgent": True, "armed_forces": "former", "left_forces_on": years_ago(1)}, "A", 10),
        ({"pref_medical": True, "urgent": True}, "A", 20),
        ({"pref_duty": True}, "B", 30),
        ({"pref_homeless": True}, "B", 40),
        ({"pref_locality": True}, "C", 60),
        ({"pref_medical": True}, "C", 60),
        ({}, "D", 100),
    ],
)
def test_each_rule_gives_its_band_and_says_why(answers, code, rule):
    application = triaged(**answers)
    assert application.status == Status.BANDED
    assert application.calculated_band.code == code
    assert application.effective_band.code == code
    assert application.calculated_rule.priority == rule
    assert f"Rule {rule}" in application.calculation
    assert f"band {code}" in application.calculation


def test_overcrowded_rule_and_flag_feed_preference_c():
    application = application_for()
    ApplicationMember.objects.create(
        application=application, name="Teen", relationship="child", date_of_birth=years_ago(14), sex="male"
    )
    ApplicationMember.objects.create(
        application=application, name="Girl", relationship="child", date_of_birth=years_ago(12), sex="female"
    )
    application = triaged(application, bedrooms_now=2)
    assert application.bedrooms_needed == 3
    assert application.overcrowded
    assert application.pref_conditions
    assert "needs 3, has 2" in application.pref_conditions_source
    assert application.calculated_rule.priority == 50  # overcrowded (B), before "any preference" (C)
    # A bigger home: no longer overcrowded, and the automatic (c) goes with it.
    application = services.application_triage(application=application, by=application.officer, bedrooms_now=3)
    assert not application.overcrowded
    assert not application.pref_conditions
    assert application.calculated_band.code == "D"


def test_officers_own_c_survives_when_not_overcrowded():
    application = triaged(pref_conditions=True, bedrooms_now=5)
    assert application.pref_conditions
    assert "set by" in application.pref_conditions_source


def test_the_first_rule_in_priority_order_wins():
    application = triaged(pref_homeless=True, pref_duty=True)
    assert application.calculated_rule.priority == 30
    BandRule.objects.filter(priority=40).update(priority=5, band=band("A"))
    application = services.assess(application=application, by=application.officer)
    assert application.calculated_rule.priority == 5
    assert application.calculated_band.code == "A"


def test_inactive_rule_is_skipped():
    BandRule.objects.filter(priority=30).update(active=False)
    application = triaged(pref_duty=True)
    assert application.calculated_rule.priority == 60


def test_rule_needing_vulnerability():
    BandRule.objects.create(name="Vulnerable", band=band("A"), priority=1, needs_vulnerable=True)
    assert triaged(vulnerable=True).calculated_band.code == "A"
    assert triaged(vulnerable=False).calculated_band.code == "D"


def test_serving_without_injury_gets_no_additional_preference():
    application = triaged(pref_medical=True, urgent=True, armed_forces="serving")
    assert not application.additional_preference
    assert application.calculated_rule.priority == 20


# Override


def test_override_needs_a_reason_and_saves_nothing_without_one():
    application = triaged(pref_homeless=True)
    with pytest.raises(ValidationError) as error:
        services.band_override(application=application, band=band("A"), reason="  ", by=application.officer)
    assert "reason" in error.value.message_dict
    application.refresh_from_db()
    assert application.override_band is None
    assert application.effective_band.code == "B"


def test_override_sets_effective_band_and_is_in_history():
    application = triaged(pref_homeless=True)
    application = services.band_override(
        application=application, band=band("A"), reason="Fleeing violence; police advise a move", by=application.officer
    )
    assert application.effective_band.code == "A"
    assert application.calculated_band.code == "B"
    assert application.history.filter(override_reason__startswith="Fleeing").exists()
    # Recalculating keeps the override.
    application = services.assess(application=application, by=application.officer)
    assert application.effective_band.code == "A"
    # Removing it goes back to the calculated band.
    application = services.band_override(application=application, band=None, reason="Moved", by=application.officer)
    assert application.effective_band.code == "B"


def test_date_in_band_changes_only_when_the_effective_band_changes():
    with time_machine.travel(datetime.datetime(2026, 1, 5, 12, tzinfo=datetime.UTC)):
        application = triaged(pref_homeless=True)
        assert application.band_since == datetime.date(2026, 1, 5)
    with time_machine.travel(datetime.datetime(2026, 2, 5, 12, tzinfo=datetime.UTC)):
        # Same band, recalculated: the date is kept.
        application = services.application_triage(application=application, by=application.officer, pref_duty=True)
        assert application.effective_band.code == "B"
        assert application.band_since == datetime.date(2026, 1, 5)
    with time_machine.travel(datetime.datetime(2026, 3, 5, 12, tzinfo=datetime.UTC)):
        application = services.band_override(
            application=application, band=band("A"), reason="Urgent", by=application.officer
        )
        assert application.band_since == datetime.date(2026, 3, 5)
    with time_machine.travel(datetime.datetime(2026, 4, 5, 12, tzinfo=datetime.UTC)):
        # An override to the band they are already in changes nothing.
        application = services.band_override(
            application=application, band=band("A"), reason="Still urgent", by=application.officer
        )
        assert application.band_since == datetime.date(2026, 3, 5)


# Qualification


def test_every_check_passes_and_is_recorded():
    application = triaged()
    checks = {c.check_name: c for c in application.checks.all()}
    assert set(checks) == {"local_connection", "income", "savings", "arrears", "asb", "existing"}
    assert all(c.passed for c in checks.values())
    assert "5 years in the district; the scheme needs 2" in checks["local_connection"].reason


@pytest.mark.parametrize(
    "answers,check,reason",
    [
        ({"years_in_district": 1}, "local_connection", "1 years in the district; the scheme needs 2."),
        ({"household_income": Decimal("60000.00")}, "income", "£60,000.00 gross household income"),
        ({"savings": Decimal("16000.01")}, "savings", "the limit is £16,000.00"),
        ({"housing_arrears": Decimal("900.00")}, "arrears", "£900.00 housing-related arrears"),
        ({"proven_asb": True}, "asb", "Proven anti-social behaviour."),
        ({"years_in_district": None}, "local_connection", "not recorded yet"),
    ],
)
def test_a_failing_check_means_does_not_qualify_with_the_reason(answers, check, reason):
    application = triaged(pref_homeless=True, **answers)
    assert application.status == Status.DOES_NOT_QUALIFY
    assert application.effective_band is None
    failed = application.checks.get(passed=False)
    assert failed.check_name == check
    assert reason in failed.reason


def test_savings_at_the_limit_qualify():
    assert triaged(savings=Decimal("16000.00")).status == Status.BANDED


def test_existing_open_application_does_not_qualify():
    first = triaged()
    second = triaged(application_for(CaseFactory(person=first.person)))
    assert second.status == Status.DOES_NOT_QUALIFY
    assert first.reference in second.checks.get(check_name="existing").reason
    first.refresh_from_db()
    assert first.status == Status.BANDED


@pytest.mark.parametrize("kind", ["serving", "serving_injured", "bereaved", "reserve_injured"])
def test_armed_forces_are_exempt_from_local_connection(kind):
    application = triaged(years_in_district=0, armed_forces=kind)
    check = application.checks.get(check_name="local_connection")
    assert check.passed and check.exempt
    assert "SI 2012/1869" in check.reason


def test_every_former_regular_is_exempt_since_the_2024_amendment():
    application = triaged(years_in_district=0, armed_forces="former", left_forces_on=years_ago(20))
    check = application.checks.get(check_name="local_connection")
    assert check.passed and check.exempt
    assert "as amended from 18 December 2024" in check.reason
    assert triaged(years_in_district=0, armed_forces="former").status == Status.BANDED  # no date needed now


def test_before_the_amendment_former_regulars_were_exempt_within_five_years_only():
    with time_machine.travel(datetime.datetime(2024, 6, 1, 12, tzinfo=datetime.UTC)):
        recent = triaged(years_in_district=0, armed_forces="former", left_forces_on=years_ago(4))
        assert recent.checks.get(check_name="local_connection").exempt
        long_ago = triaged(years_in_district=0, armed_forces="former", left_forces_on=years_ago(6))
        assert long_ago.status == Status.DOES_NOT_QUALIFY
        with pytest.raises(ValidationError) as error:
            triaged(armed_forces="former")
        assert "left_forces_on" in error.value.message_dict


def test_administrators_switch_checks_off_and_change_limits():
    settings = QualificationSettings.current()
    settings.local_connection_years = 0
    settings.income_limit = None
    settings.refuse_proven_asb = False
    settings.savings_limit = Decimal("100.00")
    settings.save()
    application = triaged(years_in_district=0, household_income=Decimal("90000"), proven_asb=True)
    names = set(application.checks.values_list("check_name", flat=True))
    assert names == {"savings", "arrears", "existing"}
    assert application.checks.get(check_name="savings").passed is False


def test_does_not_qualify_cannot_be_overridden_into_a_band():
    application = triaged(proven_asb=True)
    with pytest.raises(ValidationError):
        services.band_override(application=application, band=band("A"), reason="Try", by=application.officer)


def test_closed_application_takes_no_changes():
    application = triaged()
    services.application_close(application=application, reason="Housed", by=application.officer)
    with pytest.raises(ValidationError):
        services.application_triage(application=application, by=application.officer, urgent=True)
    with pytest.raises(ValidationError) as error:
        services.application_close(application=application, reason="", by=application.officer)
    assert "reason" in error.value.message_dict


def test_household_add_recalculates_bedrooms():
    application = triaged(bedrooms_now=1)
    assert application.bedrooms_needed == 1 and not application.overcrowded
    services.household_add(
        application=application, name="Son", relationship="child", date_of_birth=years_ago(22), by=application.officer
    )
    application.refresh_from_db()
    assert application.bedrooms_needed == 2
    assert application.overcrowded
    assert application.pref_conditions
    assert application.calculated_band.code == "B"


def test_second_partner_refused():
    application = application_for()
    services.household_add(
        application=application, name="P", relationship="partner", date_of_birth=years_ago(30), by=application.officer
    )
    with pytest.raises(ValidationError):
        services.household_add(
            application=application,
            name="Q",
            relationship="partner",
            date_of_birth=years_ago(30),
            by=application.officer,
        )


def test_signpost_recorded():
    application = application_for()
    signpost = services.signpost_add(
        application=application, to_whom="Citizens Advice", note="Debt", by=application.officer
    )
    assert signpost.by == application.officer
    with pytest.raises(ValidationError):
        services.signpost_add(
            application=application,
            to_whom="X",
            made_on=datetime.date.today() + datetime.timedelta(days=400),
            by=application.officer,
        )


def test_application_without_a_case_uses_its_own_household_rows():
    from tests.casework.factories import PreventionTeamFactory, officer_in

    team = PreventionTeamFactory()
    officer = officer_in(team)
    person = PersonFactory(date_of_birth=years_ago(40))
    application = services.application_open(person=person, team=team, officer=officer, by=officer)
    assert application.case is None
    assert not application.pref_homeless and not application.pref_duty
    for name, age, sex in (("Amy", 16, "female"), ("Ben", 15, "male"), ("Cal", 8, "male")):
        services.household_add(
            application=application, name=name, relationship="child", date_of_birth=years_ago(age), sex=sex, by=officer
        )
    application.refresh_from_db()
    # the applicant; Amy alone (no girl under 10); Ben with Cal (both male)
    assert application.bedrooms_needed == 3
    assert "Ben sharing with Cal" in application.bedroom_reason


def test_case_for_someone_else_is_refused():
    case = CaseFactory()
    with pytest.raises(ValidationError):
        services.application_open(person=PersonFactory(), team=case.team, case=case, by=case.officer)


def test_triage_sets_only_triage_answers():
    application = application_for()
    with pytest.raises(TypeError):
        services.application_triage(application=application, by=application.officer, status="banded")
