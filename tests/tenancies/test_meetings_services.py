"""House meeting and involvement services: the rules, whoever calls them."""

from datetime import date, datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from accounts import roles
from core.clocks import LONDON
from tenancies.models import HouseMeeting
from tenancies.services import meetings as services
from tests.accounts.factories import UserFactory
from tests.tenancies.factories import (
    AgreementFactory,
    EndedAgreementFactory,
    HouseMeetingFactory,
    MeetingActionFactory,
    OfferedAgreementFactory,
    SchemeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def on_20_june_2025():
    with time_machine.travel(datetime(2025, 6, 20, 12, 0, tzinfo=LONDON), tick=False):
        yield


@pytest.fixture
def worker():
    return UserFactory(role=roles.HOUSING_WORKER)


def test_residents_on_a_date_are_those_with_a_current_agreement_in_the_scheme():
    scheme = SchemeFactory()
    living = AgreementFactory(unit__property__scheme=scheme, start_date=date(2025, 1, 1)).person
    left = EndedAgreementFactory(
        unit__property__scheme=scheme, start_date=date(2024, 1, 1), end_date=date(2025, 5, 31)
    ).person
    coming = OfferedAgreementFactory(unit__property__scheme=scheme, start_date=date(2025, 7, 1)).person
    AgreementFactory(start_date=date(2025, 1, 1))  # another scheme
    assert set(services.residents_on(scheme, date(2025, 6, 20))) == {living}
    assert set(services.residents_on(scheme, date(2025, 5, 1))) == {living, left}
    assert set(services.residents_on(scheme, date(2025, 7, 2))) == {living, coming}


def test_recording_a_meeting_refuses_people_who_did_not_live_there(worker):
    scheme = SchemeFactory(name="Elm Court")
    stranger = AgreementFactory(person__legal_name="Jo Bloggs", start_date=date(2025, 1, 1)).person
    with pytest.raises(ValidationError) as error:
        services.meeting_record(scheme=scheme, held_on=date(2025, 6, 18), residents=[stranger], by=worker)
    assert error.value.message_dict["residents_present"] == [
        "Jo Bloggs did not live at Elm Court on 18 June 2025. Choose residents only."
    ]
    assert not HouseMeeting.objects.exists()


def test_recording_a_meeting_keeps_who_recorded_it_in_history(worker):
    meeting = services.meeting_record(scheme=SchemeFactory(), held_on=date(2025, 6, 18), staff=[worker], by=worker)
    assert meeting.recorded_by == worker
    assert meeting.history.first().history_user == worker


def test_an_action_can_be_marked_done_only_once(worker):
    action = MeetingActionFactory(owner=worker)
    services.meeting_action_done(action=action, by=worker, on=date(2025, 6, 19))
    action.refresh_from_db()
    assert action.done_on == date(2025, 6, 19)
    with pytest.raises(ValidationError, match="already marked done on 19 June 2025"):
        services.meeting_action_done(action=action, by=worker)


def test_an_action_needs_a_description_and_a_due_date_after_the_meeting(worker):
    meeting = HouseMeetingFactory(held_on=date(2025, 6, 18))
    with pytest.raises(ValidationError, match="Say what needs to be done"):
        services.meeting_action_add(meeting=meeting, description=" ", owner=worker, due_on=date(2025, 7, 1), by=worker)
    with pytest.raises(ValidationError, match="cannot be before the meeting"):
        services.meeting_action_add(meeting=meeting, description="x", owner=worker, due_on=date(2025, 6, 1), by=worker)


def test_involvement_links_only_to_people_who_lived_at_the_scheme(worker):
    scheme = SchemeFactory()
    stranger = AgreementFactory().person
    with pytest.raises(ValidationError, match="has never lived at"):
        services.involvement_record(
            scheme=scheme, kind="feedback", received_on=date(2025, 6, 19), details="x", person=stranger, by=worker
        )
    record = services.involvement_record(
        scheme=scheme, kind="compliment", received_on=date(2025, 6, 19), details="Thank you", by=worker
    )
    assert record.person is None
    assert record.recorded_by == worker


def test_involvement_cannot_be_dated_in_the_future(worker):
    with pytest.raises(ValidationError, match="cannot be in the future"):
        services.involvement_record(
            scheme=SchemeFactory(), kind="feedback", received_on=date(2025, 6, 21), details="x", by=worker
        )
