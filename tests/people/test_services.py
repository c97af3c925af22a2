import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts import roles
from people import services
from people.models import Consent, Person, RiskFlag, SupportNeed
from tests.accounts.factories import UserFactory
from tests.people.factories import ConsentFactory, PersonFactory
from tests.tenancies.factories import AgreementFactory
from tests.tenancies.scoping import scheme_for

pytestmark = pytest.mark.django_db

REFER = Consent.Purpose.REFER_TO_COUNCIL


@pytest.fixture
def worker(db):
    return UserFactory(role=roles.HOUSING_WORKER)


def test_a_new_person_is_saved_with_the_worker_in_their_history(worker):
    person = services.person_create(legal_name="Alex Morgan", ni_number="ab 12 34 56 c", by=worker)
    assert person.ni_number == "AB123456C"
    created = person.history.get()
    assert (created.history_type, created.history_user) == ("+", worker)


def test_a_new_person_with_a_wrong_ni_number_is_refused_and_nothing_is_saved(worker):
    with pytest.raises(ValidationError) as error:
        services.person_create(legal_name="Alex Morgan", ni_number="not-an-ni", by=worker)
    assert "ni_number" in error.value.message_dict
    assert not Person.objects.exists()
    assert not Person.history.exists()


def test_changing_a_persons_details_names_who_changed_what(worker):
    person = PersonFactory(preferred_name="")
    services.person_update(person=person, data={"preferred_name": "Jo", "phone": "07700 900123"}, by=worker)
    person.refresh_from_db()
    assert (person.preferred_name, person.phone, person.name) == ("Jo", "07700 900123", "Jo")
    latest = person.history.latest()
    assert latest.history_user == worker
    assert set(latest.diff_against(latest.prev_record).changed_fields) >= {"preferred_name", "phone"}


def test_a_change_that_breaks_a_rule_is_refused_and_leaves_no_history(worker):
    person = PersonFactory(legal_name="Alex Morgan")
    before = person.history.count()
    with pytest.raises(ValidationError):
        services.person_update(person=person, data={"legal_name": "", "ni_number": "NOT-AN-NI"}, by=worker)
    person.refresh_from_db()
    assert person.legal_name == "Alex Morgan"
    assert person.history.count() == before


def test_consent_is_recorded_with_how_and_by_whom(worker):
    person = PersonFactory()
    consent = services.consent_record(person=person, purpose=REFER, how="  Verbally, in person ", by=worker)
    assert (consent.given, consent.how, consent.recorded_by, consent.recorded_on) == (
        True,
        "Verbally, in person",
        worker,
        timezone.localdate(),
    )
    assert consent.history.get().history_user == worker


def test_consent_without_saying_how_it_was_given_is_refused(worker):
    with pytest.raises(ValidationError) as error:
        services.consent_record(person=PersonFactory(), purpose=REFER, how="   ", by=worker)
    assert "how" in error.value.message_dict
    assert not Consent.objects.exists()


def test_withdrawn_consent_is_a_new_refusal_and_the_earlier_consent_stays(worker):
    """UK GDPR art. 7(3): withdrawing is as easy as giving, and the record of what was lawful then stays."""
    person = PersonFactory()
    given = ConsentFactory(person=person, purpose=REFER, recorded_on=datetime.date(2026, 11, 1))
    withdrawn = services.consent_withdraw(
        person=person, purpose=REFER, how="Rang to say they no longer agree", by=worker
    )
    assert not withdrawn.given and withdrawn.recorded_by == worker
    assert withdrawn.history.get().history_user == worker
    given.refresh_from_db()
    assert given.given
    assert person.consents.filter(purpose=REFER).first() == withdrawn


def test_a_support_note_names_its_author_in_its_history(worker):
    person = PersonFactory()
    note = services.support_note_add(person=person, written_on=timezone.localdate(), text="Doing well.", by=worker)
    assert note.author == worker
    assert note.history.get().history_user == worker


def test_people_are_visible_only_to_workers_with_a_reason(worker):
    mine = AgreementFactory(unit__property__scheme=scheme_for(worker)).person
    theirs = AgreementFactory().person
    nobody = PersonFactory()
    assert list(Person.objects.visible_to(worker)) == [mine]
    manager = UserFactory(role=roles.HOUSING_MANAGER)
    assert set(Person.objects.visible_to(manager)) == {mine, theirs}
    assert nobody not in Person.objects.visible_to(manager)


def test_a_support_need_names_who_recorded_it_in_its_history(worker):
    person = PersonFactory()
    need = services.support_need_record(
        person=person, category=SupportNeed.Category.MENTAL_HEALTH, details=" Finds mornings hard. ", by=worker
    )
    assert (need.recorded_by, need.details, need.recorded_on) == (worker, "Finds mornings hard.", timezone.localdate())
    assert need.history.get().history_user == worker


def test_a_support_need_of_an_unknown_category_is_refused_and_nothing_is_saved(worker):
    with pytest.raises(ValidationError):
        services.support_need_record(person=PersonFactory(), category="astrology", by=worker)
    assert not SupportNeed.objects.exists()


def test_a_risk_flag_names_who_raised_it_in_its_history(worker):
    person = PersonFactory()
    flag = services.risk_flag_record(
        person=person, kind=RiskFlag.Kind.TO_STAFF, level=RiskFlag.Level.HIGH, details="Visit in pairs.", by=worker
    )
    assert (flag.recorded_by, flag.level, flag.active) == (worker, RiskFlag.Level.HIGH, True)
    assert flag.history.get().history_user == worker


def test_a_risk_flag_of_an_unknown_level_is_refused_and_nothing_is_saved(worker):
    with pytest.raises(ValidationError):
        services.risk_flag_record(person=PersonFactory(), kind=RiskFlag.Kind.FIRE, level="extreme", by=worker)
    assert not RiskFlag.objects.exists()
