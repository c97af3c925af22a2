"""Opening, triaging, assigning and closing cases (casework.services.cases)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts import roles
from casework.models import Case, Duty, Referral
from casework.services import cases as services
from core.models import Notification
from tests.accounts.factories import UserFactory
from tests.casework.factories import CaseFactory, DutyFactory, PreventionTeamFactory, ReferralFactory, officer_in
from tests.people.factories import ConsentFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    return PreventionTeamFactory()


@pytest.fixture
def officer(team):
    return officer_in(team)


def test_a_self_approach_opens_a_case_with_a_yearly_reference(team, officer):
    case = services.approach_open(person=PersonFactory(), team=team, by=officer, officer=officer)
    again = services.approach_open(person=PersonFactory(), team=team, by=officer)
    year = timezone.localdate().year
    assert (case.reference, again.reference) == (f"HO-{year}-00001", f"HO-{year}-00002")
    assert case.history.first().history_user == officer


def test_a_person_with_an_open_case_is_not_opened_twice(team, officer):
    person = PersonFactory(legal_name="Jo Bloggs")
    first = services.approach_open(person=person, team=team, by=officer)
    with pytest.raises(ValidationError, match=f"already has an open case, {first.reference}"):
        services.approach_open(person=person, team=team, by=officer)
    assert Case.objects.count() == 1


def test_an_existing_case_reference_is_used_once(team, officer):
    services.approach_open(person=PersonFactory(), team=team, by=officer, previous_reference="LEG-123")
    with pytest.raises(ValidationError) as error:
        services.approach_open(person=PersonFactory(), team=team, by=officer, previous_reference="leg-123")
    assert "already on case" in error.value.message_dict["previous_reference"][0]
    assert Case.objects.count() == 1


def test_an_earlier_reference_must_be_the_same_person(team, officer):
    earlier = CaseFactory(team=team, status=Case.Status.CLOSED)
    with pytest.raises(ValidationError, match="about someone else"):
        services.approach_open(person=PersonFactory(), team=team, by=officer, previous_reference=earlier.reference)
    returning = services.approach_open(
        person=earlier.person, team=team, by=officer, previous_reference=earlier.reference
    )
    assert returning.previous_reference == earlier.reference


def test_a_referral_needs_consent(team, officer):
    person = PersonFactory()
    with pytest.raises(ValidationError) as error:
        services.approach_open(person=person, team=team, by=officer, source=Case.Source.DUTY_TO_REFER)
    assert "consent" in error.value.message_dict["referral_consent"][0]
    refused = ConsentFactory(person=person, given=False)
    with pytest.raises(ValidationError):
        services.approach_open(
            person=person, team=team, by=officer, source=Case.Source.DUTY_TO_REFER, referral_consent=refused
        )
    assert not Case.objects.exists()


def test_approach_record_is_all_or_nothing(team, officer):
    with pytest.raises(ValidationError):
        services.approach_record(
            person_fields={"legal_name": "Sam Lee", "ni_number": "not-an-ni"}, team=team, by=officer
        )
    from people.models import Person

    assert not Person.objects.exists()
    case = services.approach_record(
        person_fields={"legal_name": "Sam Lee"},
        team=team,
        by=officer,
        consent_how="Verbally, on the phone",
        source=Case.Source.AGENCY,
        referrer_name="Anytown Foodbank",
    )
    assert case.referral_consent.given and case.referral_consent.how == "Verbally, on the phone"


def test_the_approach_date_cannot_be_in_the_future(team, officer):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        services.approach_open(person=PersonFactory(), team=team, by=officer, approached_on=tomorrow)
    assert "future" in error.value.message_dict["approached_on"][0]


def test_accepting_a_hearth_referral_opens_a_case_without_rekeying(team, officer):
    referral = ReferralFactory(expected_loss_on=timezone.localdate() + datetime.timedelta(days=30))
    case = services.referral_accept(referral=referral, team=team, by=officer, officer=officer)
    referral.refresh_from_db()
    assert referral.status == Referral.Status.ACCEPTED and case.reference in referral.status_note
    assert (case.person, case.source, case.referral_consent) == (referral.person, Case.Source.HEARTH, referral.consent)
    assert case.reason_detail == referral.reason
    assert Notification.objects.filter(recipient=referral.referred_by, key=f"referral-accepted:{referral.pk}").exists()
    with pytest.raises(ValidationError, match="already been dealt with"):
        services.referral_accept(referral=referral, team=team, by=officer)


def test_triage_records_a_running_notice_as_a_threat(officer):
    case = CaseFactory(officer=officer, team=officer.team, threatened_within_56_days=None)
    expires = timezone.localdate() + datetime.timedelta(days=40)
    case = services.case_triage(
        case=case,
        by=officer,
        outcome=Case.TriageOutcome.APPLICATION,
        homeless_tonight=False,
        notice_type=Case.Notice.SECTION_21,
        notice_served_on=timezone.localdate() - datetime.timedelta(days=20),
        notice_expires_on=expires,
        notice_valid=True,
    )
    assert case.threatened_within_56_days is True and case.triaged_by == officer
    assert case.notice_running_on(timezone.localdate())


def test_triage_refuses_a_notice_that_ends_before_it_was_served(officer):
    case = CaseFactory(officer=officer, team=officer.team)
    with pytest.raises(ValidationError) as error:
        services.case_triage(
            case=case,
            by=officer,
            outcome=Case.TriageOutcome.APPLICATION,
            homeless_tonight=False,
            notice_type=Case.Notice.SECTION_8,
            notice_served_on=timezone.localdate(),
            notice_expires_on=timezone.localdate() - datetime.timedelta(days=1),
        )
    assert "notice_expires_on" in error.value.message_dict
    case.refresh_from_db()
    assert case.notice_type == Case.Notice.NONE


def test_advice_only_closes_the_case(officer):
    case = CaseFactory(officer=officer, team=officer.team, triage_outcome=Case.TriageOutcome.PENDING)
    case = services.case_triage(case=case, by=officer, outcome=Case.TriageOutcome.ADVICE_ONLY)
    assert (case.status, case.outcome) == (Case.Status.CLOSED, Case.Outcome.ADVICE_ONLY)


def test_only_a_team_leader_reassigns_but_an_officer_may_pick_up(team, officer):
    leader = UserFactory(role=roles.TEAM_LEADER, team=team)
    colleague = officer_in(team)
    case = CaseFactory(team=team, officer=None)
    services.case_assign(case=case, officer=officer, by=officer)
    with pytest.raises(ValidationError, match="Only a team leader"):
        services.case_assign(case=case, officer=colleague, by=colleague)
    services.case_assign(case=case, officer=colleague, by=leader)
    case.refresh_from_db()
    assert case.officer == colleague
    assert Notification.objects.filter(recipient=colleague, subject__contains=case.reference).exists()
    outsider = officer_in(PreventionTeamFactory())
    with pytest.raises(ValidationError) as error:
        services.case_assign(case=case, officer=outsider, by=leader)
    assert "is not in" in error.value.message_dict["officer"][0]


def test_a_case_closes_only_when_its_duties_have_ended(officer):
    case = CaseFactory(officer=officer, team=officer.team)
    duty = DutyFactory(case=case)
    with pytest.raises(ValidationError, match="End the open duties first"):
        services.case_close(case=case, outcome=Case.Outcome.PREVENTED_STAYED, by=officer)
    Duty.objects.filter(pk=duty.pk).update(ended_on=timezone.localdate(), end_reason="withdrew")
    case = services.case_close(case=case, outcome=Case.Outcome.WITHDREW, by=officer)
    assert case.status == Case.Status.CLOSED and case.closed_on == timezone.localdate()
    with pytest.raises(ValidationError, match="already closed"):
        services.case_close(case=case, outcome=Case.Outcome.WITHDREW, by=officer)


def test_closing_a_case_from_a_referral_tells_the_referral(team, officer):
    case = services.referral_accept(referral=ReferralFactory(), team=team, by=officer, officer=officer)
    services.case_close(case=case, outcome=Case.Outcome.PREVENTED_MOVED, by=officer)
    case.referral.refresh_from_db()
    assert case.referral.status == Referral.Status.CLOSED
    assert "moved to other accommodation" in case.referral.status_note


def test_relief_cannot_start_before_prevention_ended(officer):
    from casework.services import duties

    case = CaseFactory(
        officer=officer, team=officer.team, approached_on=timezone.localdate() - datetime.timedelta(days=30)
    )
    prevention = DutyFactory(case=case, started_on=case.approached_on)
    Duty.objects.filter(pk=prevention.pk).update(
        ended_on=timezone.localdate() - datetime.timedelta(days=5), end_reason="contact_lost"
    )
    case.homeless_tonight = True
    case.save()
    with pytest.raises(ValidationError) as error:
        duties.duty_start(case=case, kind=Duty.Kind.RELIEF, started_on=case.approached_on, by=officer)
    assert "ended on" in error.value.message_dict["started_on"][0]
    relief = duties.duty_start(
        case=case, kind=Duty.Kind.RELIEF, started_on=prevention.started_on + datetime.timedelta(days=25), by=officer
    )
    assert relief.is_open
