"""Incident services and the rules of the trauma-informed warning ladder."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from tenancies.letters import ladder as letters
from tenancies.models import Agreement, Ground, Incident, IncidentParty, LadderAction, LadderStep, Letter
from tenancies.services import incidents as services
from tenancies.services.incidents import ASK_A_MANAGER, NON_ENGAGEMENT_ALONE, PartyInput
from tests.tenancies.factories import (
    AgreementFactory,
    LadderActionFactory,
    SchemeFactory,
    cover,
    incident_about,
    resident_in,
)

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 3, 2)


@pytest.fixture(autouse=True)
def quick_letters(monkeypatch):
    """Letters are tested with real PDFs in test_incidents_letters; here a stand-in keeps the rules quick."""
    monkeypatch.setattr(letters, "render_pdf", lambda template, context: b"%PDF-1.4 test")


@pytest.fixture(autouse=True)
def frozen_day():
    with time_machine.travel(datetime.datetime(2026, 3, 2, 10, 0), tick=False):
        yield


@pytest.fixture
def scheme(housing_worker):
    scheme = SchemeFactory(name="Riverside House")
    cover(housing_worker, scheme)
    return scheme


@pytest.fixture
def agreement(scheme):
    return resident_in(scheme, person__legal_name="Jordan Ellis", person__preferred_name="Jo")


@pytest.fixture
def incident(agreement, housing_worker):
    return incident_about(agreement, recorded_by=housing_worker, occurred_on=TODAY - datetime.timedelta(days=80))


def step(incident, agreement, by, step, *, days_ago=0, **kwargs):
    """Record a step with sensible, valid answers unless the test says otherwise."""
    taken_on = kwargs.pop("taken_on", TODAY - datetime.timedelta(days=days_ago))
    values = {
        "taken_on": taken_on,
        "grounds": [Ground.RESIDENTS],
        "summary": "Loud music after midnight; we talked about it.",
        "support_offered": "Weekly sessions with their support worker.",
        "why_support_not_enough": "" if step == LadderStep.SUPPORTIVE else "The noise carried on.",
        "review_on": taken_on + datetime.timedelta(days=14),
    }
    if step == LadderStep.FINAL_WARNING:
        values["behaviour_agreement"] = "Music off by 11pm. We meet every week."
    values.update(kwargs)
    return services.ladder_action_record(incident=incident, person=agreement.person, step=step, by=by, **values)


def messages_of(excinfo) -> list[str]:
    return [message for messages in excinfo.value.message_dict.values() for message in messages]


# ------------------------------------------------------------------------ recording incidents


def test_recording_an_incident_keeps_residents_and_other_people_involved(scheme, agreement, housing_worker):
    neighbour_resident = resident_in(scheme)
    incident = services.incident_record(
        scheme=scheme,
        occurred_on=TODAY,
        kind=Incident.Kind.ASB,
        hate_incident=True,
        description="Shouting in the hallway.",
        risk=Incident.Risk.MEDIUM,
        parties=[
            PartyInput(role=IncidentParty.Role.ALLEGED, person=agreement.person),
            PartyInput(role=IncidentParty.Role.AFFECTED, person=neighbour_resident.person),
            PartyInput(role=IncidentParty.Role.NEIGHBOUR, name="Mrs Okafor at number 14"),
        ],
        review_on=TODAY + datetime.timedelta(days=7),
        by=housing_worker,
    )
    assert incident.recorded_by == housing_worker
    assert incident.hate_incident
    roles = sorted((party.role, party.person_id, party.name) for party in incident.parties.all())
    assert roles == sorted(
        [
            ("alleged", agreement.person.pk, ""),
            ("affected", neighbour_resident.person.pk, ""),
            ("neighbour", None, "Mrs Okafor at number 14"),
        ]
    )
    # Audit: who recorded it is in the history, even outside a request.
    assert incident.history.get().history_user == housing_worker
    assert incident.parties.first().history.get().history_user == housing_worker


def test_an_incident_cannot_name_someone_who_does_not_live_in_the_scheme(scheme, housing_worker):
    elsewhere = AgreementFactory()  # lives in another scheme
    moved_out = resident_in(scheme, status=Agreement.Status.ENDED, end_date=TODAY - datetime.timedelta(days=3))
    for person in (elsewhere.person, moved_out.person):
        with pytest.raises(ValidationError, match="does not live at Riverside House now"):
            services.incident_record(
                scheme=scheme,
                occurred_on=TODAY,
                kind=Incident.Kind.DISPUTE,
                hate_incident=False,
                description="Argument.",
                risk=Incident.Risk.LOW,
                parties=[PartyInput(role=IncidentParty.Role.ALLEGED, person=person)],
                review_on=None,
                by=housing_worker,
            )
    assert not Incident.objects.exists()


def test_an_incident_needs_someone_involved_and_cannot_be_in_the_future(scheme, housing_worker):
    with pytest.raises(ValidationError) as excinfo:
        services.incident_record(
            scheme=scheme,
            occurred_on=TODAY + datetime.timedelta(days=1),
            kind=Incident.Kind.DAMAGE,
            hate_incident=False,
            description="Broken window.",
            risk=Incident.Risk.LOW,
            parties=[],
            review_on=None,
            by=housing_worker,
        )
    assert "The date it happened cannot be in the future." in messages_of(excinfo)
    assert any("at least one person involved" in m for m in messages_of(excinfo))
    assert not Incident.objects.exists()


def test_closing_an_incident_needs_an_outcome_and_keeps_it(incident, housing_worker):
    with pytest.raises(ValidationError, match="Say how the incident was resolved"):
        services.incident_close(incident=incident, closed_on=TODAY, outcome="  ", by=housing_worker)
    incident.refresh_from_db()
    assert incident.closed_on is None

    services.incident_close(incident=incident, closed_on=TODAY, outcome="Apologised; all settled.", by=housing_worker)
    incident.refresh_from_db()
    assert (incident.closed_on, incident.outcome) == (TODAY, "Apologised; all settled.")
    assert incident.history.latest().history_user == housing_worker


def test_a_closed_incident_takes_no_more_steps(incident, agreement, housing_worker):
    services.incident_close(incident=incident, closed_on=TODAY, outcome="Settled.", by=housing_worker)
    with pytest.raises(ValidationError, match="This incident is closed"):
        step(incident, agreement, housing_worker, LadderStep.SUPPORTIVE)


def test_a_new_review_date_cannot_be_in_the_past(incident, housing_worker):
    with pytest.raises(ValidationError, match="cannot be in the past"):
        services.incident_set_review(incident=incident, review_on=TODAY - datetime.timedelta(days=1), by=housing_worker)
    services.incident_set_review(incident=incident, review_on=TODAY + datetime.timedelta(days=3), by=housing_worker)
    assert Incident.objects.get().review_on == TODAY + datetime.timedelta(days=3)


# ------------------------------------------------------------------------ the ladder


def test_support_comes_first_a_supportive_intervention_needs_no_reason(incident, agreement, housing_worker):
    action = step(incident, agreement, housing_worker, LadderStep.SUPPORTIVE, support_plan_reviewed=True)
    assert action.agreement == agreement
    assert action.expires_on is None  # supportive interventions do not expire
    assert services.ladder_for(agreement=agreement).current_step == LadderStep.SUPPORTIVE
    assert not hasattr(action, "letter")


def test_a_worker_cannot_skip_straight_to_a_warning(incident, agreement, housing_worker):
    with pytest.raises(ValidationError) as excinfo:
        step(incident, agreement, housing_worker, LadderStep.FIRST_WARNING, skip_reason="Serious risk.")
    assert excinfo.value.message_dict["step"] == [ASK_A_MANAGER]
    assert not LadderAction.objects.exists()


def test_a_manager_may_skip_a_step_with_a_reason_and_is_recorded_as_approving(incident, agreement, manager):
    with pytest.raises(ValidationError, match="Say why this step cannot wait"):
        step(incident, agreement, manager, LadderStep.FINAL_WARNING)
    action = step(
        incident, agreement, manager, LadderStep.FINAL_WARNING, skip_reason="Threatened a resident with a knife."
    )
    assert action.approved_by == manager
    assert action.skip_reason == "Threatened a resident with a knife."


def test_moving_up_needs_the_support_offered_and_why_it_was_not_enough(incident, agreement, housing_worker):
    step(incident, agreement, housing_worker, LadderStep.SUPPORTIVE, days_ago=10)
    with pytest.raises(ValidationError) as excinfo:
        step(
            incident, agreement, housing_worker, LadderStep.FIRST_WARNING, support_offered="", why_support_not_enough=""
        )
    assert excinfo.value.message_dict["support_offered"] == ["Say what support was offered."]
    assert excinfo.value.message_dict["why_support_not_enough"] == ["Say why the support offered was not enough."]
    assert LadderAction.objects.count() == 1
    assert not Letter.objects.exists()


@pytest.mark.parametrize("grounds", [[Ground.NON_ENGAGEMENT]])
def test_not_engaging_with_support_can_never_alone_be_the_reason_for_a_warning(
    incident, agreement, housing_worker, grounds
):
    step(incident, agreement, housing_worker, LadderStep.SUPPORTIVE, days_ago=10, grounds=grounds)  # fine for support
    with pytest.raises(ValidationError) as excinfo:
        step(incident, agreement, housing_worker, LadderStep.FIRST_WARNING, grounds=grounds)
    assert excinfo.value.message_dict["grounds"] == [NON_ENGAGEMENT_ALONE]
    action = step(incident, agreement, housing_worker, LadderStep.FIRST_WARNING, grounds=[*grounds, Ground.DAMAGE])
    assert action.grounds == ["non_engagement", "damage"]


def test_a_step_needs_at_least_one_known_concern(incident, agreement, housing_worker):
    for grounds in ([], ["shouting"]):
        with pytest.raises(ValidationError, match="Choose at least one concern"):
            step(incident, agreement, housing_worker, LadderStep.SUPPORTIVE, grounds=grounds)


def test_first_warning_counts_for_three_months_and_final_for_six_by_default(incident, agreement, housing_worker):
    step(incident, agreement, housing_worker, LadderStep.SUPPORTIVE, days_ago=20)
    first = step(incident, agreement, housing_worker, LadderStep.FIRST_WARNING, days_ago=10)
    assert first.expires_on == datetime.date(2026, 5, 20)  # 20 February + 3 months
    final = step(incident, agreement, housing_worker, LadderStep.FINAL_WARNING)
    assert final.expires_on == datetime.date(2026, 9, 2)
    assert final.behaviour_agreement == "Music off by 11pm. We meet every week."


def test_the_expiry_can_be_changed_but_must_be_after_the_warning(incident, agreement, housing_worker):
    step(incident, agreement, housing_worker, LadderStep.SUPPORTIVE, days_ago=20)
    with pytest.raises(ValidationError, match="must stop counting after"):
        step(incident, agreement, housing_worker, LadderStep.FIRST_WARNING, expires_on=TODAY)
    action = step(incident, agreement, housing_worker, LadderStep.FIRST_WARNING, expires_on=datetime.date(2026, 4, 2))
    assert action.expires_on == datetime.date(2026, 4, 2)


def test_expired_warnings_no_longer_count(incident, agreement, housing_worker, manager):
    step(incident, agreement, housing_worker, LadderStep.SUPPORTIVE, days_ago=20)
    step(incident, agreement, housing_worker, LadderStep.FIRST_WARNING, days_ago=10)
    assert services.ladder_for(agreement=agreement).current_step == LadderStep.FIRST_WARNING

    with time_machine.travel(datetime.datetime(2026, 5, 21, 10, 0), tick=False):
        ladder = services.ladder_for(agreement=agreement)
        assert ladder.current_step == LadderStep.SUPPORTIVE
        assert [counts for _, counts in ladder.history()] == [False, True]
        assert ladder.is_skip(LadderStep.FINAL_WARNING)
        with pytest.raises(ValidationError) as excinfo:
            step(incident, agreement, housing_worker, LadderStep.FINAL_WARNING, taken_on=datetime.date(2026, 5, 21))
        assert excinfo.value.message_dict["step"] == [ASK_A_MANAGER]
        # A new first warning is the next step again.
        step(incident, agreement, housing_worker, LadderStep.FIRST_WARNING, taken_on=datetime.date(2026, 5, 21))


def test_the_ladder_counts_steps_from_every_incident_about_the_resident(scheme, agreement, housing_worker):
    earlier = incident_about(agreement, occurred_on=TODAY - datetime.timedelta(days=30))
    later = incident_about(agreement)
    step(earlier, agreement, housing_worker, LadderStep.SUPPORTIVE, days_ago=25)
    step(later, agreement, housing_worker, LadderStep.FIRST_WARNING)
    ladder = services.ladders_for_incident(incident=later)[0]
    assert ladder.current_step == LadderStep.FIRST_WARNING
    assert [action.incident for action in ladder.actions] == [earlier, later]


def test_a_final_warning_comes_with_an_acceptable_behaviour_agreement(incident, agreement, housing_worker):
    step(incident, agreement, housing_worker, LadderStep.SUPPORTIVE, days_ago=20)
    step(incident, agreement, housing_worker, LadderStep.FIRST_WARNING, days_ago=10)
    with pytest.raises(ValidationError) as excinfo:
        step(incident, agreement, housing_worker, LadderStep.FINAL_WARNING, behaviour_agreement="")
    assert "behaviour_agreement" in excinfo.value.message_dict


def _up_to_final(incident, agreement, by):
    step(incident, agreement, by, LadderStep.SUPPORTIVE, days_ago=60)
    step(incident, agreement, by, LadderStep.FIRST_WARNING, days_ago=50)
    step(incident, agreement, by, LadderStep.FINAL_WARNING, days_ago=40)


def test_a_notice_to_quit_a_licence_gives_four_weeks_and_the_prescribed_information(
    incident, agreement, housing_worker
):
    _up_to_final(incident, agreement, housing_worker)
    with pytest.raises(ValidationError) as excinfo:
        step(
            incident,
            agreement,
            housing_worker,
            LadderStep.NOTICE,
            notice_served_on=TODAY,
            notice_expires_on=TODAY + datetime.timedelta(days=27),
        )
    errors = excinfo.value.message_dict
    assert errors["notice_expires_on"] == [
        "A notice to quit a licence must give at least 4 weeks: end it on 30 March 2026 or later."
    ]
    assert "prescribed information" in errors["prescribed_information_given"][0]
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.ACTIVE

    action = step(
        incident,
        agreement,
        housing_worker,
        LadderStep.NOTICE,
        notice_served_on=TODAY,
        notice_expires_on=TODAY + datetime.timedelta(days=28),
        prescribed_information_given=True,
    )
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.NOTICE_SERVED
    assert agreement.history.latest().history_user == housing_worker
    assert action.expires_on is None  # a notice counts while the agreement lasts
    assert action.letter.title == "Notice to quit, 2 March 2026"


def test_a_tenancy_notice_records_the_statutory_notice_and_has_no_covering_letter(scheme, housing_worker):
    tenancy = resident_in(scheme, kind=Agreement.Kind.ASSURED_PERIODIC)
    incident = incident_about(tenancy, occurred_on=TODAY - datetime.timedelta(days=70))
    _up_to_final(incident, tenancy, housing_worker)
    with pytest.raises(ValidationError, match="Enter the date court proceedings may start"):
        step(incident, tenancy, housing_worker, LadderStep.NOTICE, notice_served_on=TODAY)
    action = step(
        incident,
        tenancy,
        housing_worker,
        LadderStep.NOTICE,
        notice_served_on=TODAY,
        notice_expires_on=TODAY + datetime.timedelta(days=14),
    )
    tenancy.refresh_from_db()
    assert tenancy.status == Agreement.Status.NOTICE_SERVED
    assert not action.prescribed_information_given
    assert not Letter.objects.filter(ladder_action=action).exists()


def test_possession_follows_notice(incident, agreement, housing_worker):
    _up_to_final(incident, agreement, housing_worker)
    with pytest.raises(ValidationError):
        step(incident, agreement, housing_worker, LadderStep.POSSESSION, review_on=None)
    step(
        incident,
        agreement,
        housing_worker,
        LadderStep.NOTICE,
        days_ago=30,
        notice_served_on=TODAY - datetime.timedelta(days=30),
        notice_expires_on=TODAY - datetime.timedelta(days=1),
        prescribed_information_given=True,
    )
    action = step(incident, agreement, housing_worker, LadderStep.POSSESSION, review_on=None)
    assert services.ladder_for(agreement=agreement).current_step == LadderStep.POSSESSION
    assert action.review_on is None


def test_a_step_sets_the_incident_review_date(incident, agreement, housing_worker):
    step(incident, agreement, housing_worker, LadderStep.SUPPORTIVE, review_on=datetime.date(2026, 3, 20))
    incident.refresh_from_db()
    assert incident.review_on == datetime.date(2026, 3, 20)
    with pytest.raises(ValidationError, match="Choose a date to review"):
        step(incident, agreement, housing_worker, LadderStep.SUPPORTIVE, review_on=None)


def test_steps_are_only_for_residents_the_incident_is_about(scheme, incident, housing_worker):
    affected = resident_in(scheme)
    IncidentParty.objects.create(incident=incident, person=affected.person, role=IncidentParty.Role.AFFECTED)
    with pytest.raises(ValidationError, match="is not named as a resident this incident is about"):
        step(incident, affected, housing_worker, LadderStep.SUPPORTIVE)


def test_a_step_cannot_be_dated_before_the_incident_or_in_the_future(incident, agreement, housing_worker):
    with pytest.raises(ValidationError, match="before the incident happened"):
        step(incident, agreement, housing_worker, LadderStep.SUPPORTIVE, days_ago=81)
    with pytest.raises(ValidationError, match="cannot be in the future"):
        step(incident, agreement, housing_worker, LadderStep.SUPPORTIVE, taken_on=TODAY + datetime.timedelta(days=1))


def test_a_lower_step_while_a_higher_one_counts_is_not_a_skip(incident, agreement, housing_worker):
    LadderActionFactory(
        incident=incident,
        agreement=agreement,
        step=LadderStep.FINAL_WARNING,
        taken_on=TODAY,
        expires_on=TODAY + datetime.timedelta(days=100),
    )
    ladder = services.ladder_for(agreement=agreement)
    assert not ladder.is_skip(LadderStep.FIRST_WARNING)
    assert not ladder.is_skip(LadderStep.NOTICE)
    assert ladder.is_skip(LadderStep.POSSESSION)
