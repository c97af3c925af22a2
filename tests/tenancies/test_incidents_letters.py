"""Warning letters: real PDFs (WeasyPrint), read back with pypdf, kept with the case."""

import datetime
import io
import re

import pytest
import time_machine
from pypdf import PdfReader

from tenancies.models import Agreement, Ground, LadderStep, Letter
from tenancies.services import incidents as services
from tests.tenancies.factories import SchemeFactory, cover, incident_about, resident_in

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 3, 2)


@pytest.fixture(autouse=True)
def frozen_day():
    with time_machine.travel(datetime.datetime(2026, 3, 2, 10, 0), tick=False):
        yield


@pytest.fixture
def agreement(housing_worker):
    scheme = SchemeFactory(name="Canal Street Project")
    cover(housing_worker, scheme)
    return resident_in(
        scheme, person__legal_name="Jordan Michael Ellis", person__preferred_name="Jo", unit__label="Room 4"
    )


@pytest.fixture
def incident(agreement, housing_worker):
    return incident_about(agreement, occurred_on=TODAY - datetime.timedelta(days=40), recorded_by=housing_worker)


def text_of(letter: Letter) -> str:
    with letter.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def record(incident, agreement, by, step, days_ago, **kwargs):
    values = {
        "taken_on": TODAY - datetime.timedelta(days=days_ago),
        "grounds": [Ground.RESIDENTS, Ground.NON_ENGAGEMENT],
        "summary": "There was loud music from your room after midnight on 3 nights.",
        "support_offered": "Weekly sessions with Sunita, and help to see your GP about sleep.",
        "why_support_not_enough": "The music carried on.",
        "review_on": TODAY + datetime.timedelta(days=14),
    }
    values.update(kwargs)
    return services.ladder_action_record(incident=incident, person=agreement.person, step=step, by=by, **values)


def test_a_first_warning_letter_says_what_happened_the_support_on_offer_and_when_it_stops_counting(
    incident, agreement, housing_worker
):
    record(incident, agreement, housing_worker, LadderStep.SUPPORTIVE, 30)
    action = record(incident, agreement, housing_worker, LadderStep.FIRST_WARNING, 0)

    letter = Letter.objects.get()
    assert letter.ladder_action == action
    assert letter.person == agreement.person
    assert letter.created_by == housing_worker
    assert letter.title == "First written warning, 2 March 2026"
    assert letter.file.name.startswith(f"letters/{agreement.person.pk}/first-warning-")
    assert list(agreement.person.letters.all()) == [letter]  # listed on the resident's page

    text = text_of(letter)
    assert "Dear Jo," in text  # their preferred name
    assert "Room 4" in text
    assert "loud music from your room after midnight" in text
    assert "Weekly sessions with Sunita, and help to see your GP about sleep." in text
    assert "It stops counting on 2 June 2026." in text
    assert "Please treat the other people who live here with kindness and respect" in text
    assert housing_worker.full_name in text


def test_a_final_warning_letter_includes_the_acceptable_behaviour_agreement(incident, agreement, housing_worker):
    record(incident, agreement, housing_worker, LadderStep.SUPPORTIVE, 30)
    record(incident, agreement, housing_worker, LadderStep.FIRST_WARNING, 20)
    record(
        incident,
        agreement,
        housing_worker,
        LadderStep.FINAL_WARNING,
        0,
        behaviour_agreement="You agree to turn music off by 11pm. We agree to meet you every week.",
    )
    letter = Letter.objects.get(ladder_action__step=LadderStep.FINAL_WARNING)
    text = text_of(letter)
    assert "You agree to turn music off by 11pm. We agree to meet you every week." in text
    assert "It stops counting on 2 September 2026." in text


def test_a_notice_to_quit_a_licence_comes_with_a_letter_holding_the_prescribed_information(
    incident, agreement, housing_worker
):
    record(incident, agreement, housing_worker, LadderStep.SUPPORTIVE, 30)
    record(incident, agreement, housing_worker, LadderStep.FIRST_WARNING, 20)
    record(incident, agreement, housing_worker, LadderStep.FINAL_WARNING, 10, behaviour_agreement="Music off by 11pm.")
    record(
        incident,
        agreement,
        housing_worker,
        LadderStep.NOTICE,
        0,
        notice_served_on=TODAY,
        notice_expires_on=datetime.date(2026, 4, 6),
        prescribed_information_given=True,
    )
    letter = Letter.objects.get(ladder_action__step=LadderStep.NOTICE)
    text = text_of(letter)
    assert "Your licence will end on 6 April 2026." in text
    assert "must get an order for possession from the court" in text
    assert "Legal Aid" in text
    assert Agreement.objects.get().status == Agreement.Status.NOTICE_SERVED


def test_supportive_interventions_have_no_letter(incident, agreement, housing_worker):
    record(incident, agreement, housing_worker, LadderStep.SUPPORTIVE, 0)
    assert not Letter.objects.exists()
