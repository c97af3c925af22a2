import datetime

import pytest
from django.urls import reverse

from accounts import roles
from casework.models import Referral
from core.models import Notification
from people.models import Consent, Person
from tenancies.models import Agreement
from tests.accounts.factories import UserFactory
from tests.compliance.factories import pre_let_checks_done
from tests.tenancies.factories import AgreementFactory, OfferedAgreementFactory, UnitFactory
from tests.tenancies.scoping import scheme_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker(db):
    return UserFactory(role=roles.HOUSING_WORKER)


def sign_up_data(unit, **overrides):
    data = {
        "person-legal_name": "Jordan Ellis",
        "person-preferred_name": "Jo",
        "person-date_of_birth": "1994-07-02",
        "person-ni_number": "JM 12 34 56 B",
        "person-communication_preferences": "Text first, please",
        "agreement-unit": unit.pk,
        "agreement-kind": "licence",
        "agreement-start_date": "2026-12-01",
        "agreement-end_date": "",
        "agreement-weekly_rent": "110.50",
        "agreement-weekly_service_charge": "30.00",
        "agreement-weekly_personal_charge": "12.00",
        "agreement-weekly_support_charge": "0",
    }
    data.update(overrides)
    return data


def test_sign_up_a_new_resident_to_a_void_unit(client, worker):
    unit = UnitFactory(property__scheme=scheme_for(worker))
    client.force_login(worker)
    form_page = client.get(reverse("tenancies:sign_up"), {"unit": unit.pk})
    assert form_page.context["agreement_form"].initial["unit"] == str(unit.pk)
    refused = client.post(reverse("tenancies:sign_up"), sign_up_data(unit))
    assert refused.status_code == 200 and not Agreement.objects.exists()
    assert f"Gas safety check ({unit.property}): no record." in refused.content.decode()
    pre_let_checks_done(unit, datetime.date(2026, 12, 1))
    response = client.post(reverse("tenancies:sign_up"), sign_up_data(unit))
    agreement = Agreement.objects.get()
    assert response.status_code == 302
    assert response.url == agreement.get_absolute_url()
    assert (agreement.person.name, agreement.person.ni_number) == ("Jo", "JM123456B")
    assert agreement.status == Agreement.Status.OFFERED
    assert str(agreement.weekly_total) == "152.50"
    assert agreement.person.history.latest().history_user == worker


def test_sign_up_to_someone_elses_scheme_is_refused(client, worker):
    unit = UnitFactory()
    client.force_login(worker)
    response = client.post(reverse("tenancies:sign_up"), sign_up_data(unit))
    assert response.status_code == 200
    assert "not one you can let" in response.content.decode()
    assert not Person.objects.exists()


def test_sign_up_with_bad_input_changes_nothing(client, worker):
    unit = UnitFactory(property__scheme=scheme_for(worker))
    AgreementFactory(unit=unit, start_date=datetime.date(2026, 11, 1), end_date=datetime.date(2027, 6, 1))
    client.force_login(worker)
    cases = [
        sign_up_data(unit, **{"agreement-unit": "999999"}),
        sign_up_data(unit, **{"agreement-end_date": "2026-01-01"}),
        sign_up_data(unit, **{"agreement-weekly_rent": "lots"}),
        sign_up_data(unit, **{"person-legal_name": ""}),
    ]
    for data in cases:
        response = client.post(reverse("tenancies:sign_up"), data)
        assert response.status_code == 200
        assert b"There is a problem" in response.content
    assert Person.objects.count() == 1


def test_overlapping_sign_up_shows_a_clear_message(client, worker):
    scheme = scheme_for(worker)
    unit = UnitFactory(property__scheme=scheme)
    OfferedAgreementFactory(unit=unit, start_date=datetime.date(2026, 12, 10))
    client.force_login(worker)
    response = client.post(reverse("tenancies:sign_up"), sign_up_data(unit))
    # The unit is no longer offered as void, and the form says why it cannot be chosen.
    assert response.status_code == 200
    assert Agreement.objects.count() == 1


def test_checklist_completion_activates_the_agreement(client, worker):
    agreement = OfferedAgreementFactory(unit__property__scheme=scheme_for(worker))
    client.force_login(worker)
    url = reverse("tenancies:agreement_checklist", args=[agreement.pk])
    client.post(url, {"id_seen": "on", "agreement_signed": "on"})
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.OFFERED
    response = client.post(
        url,
        {"id_seen": "on", "agreement_signed": "on", "hb_claim_made": "on", "induction_done": "on", "keys_issued": "on"},
        follow=True,
    )
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.ACTIVE
    assert b"now active" in response.content


def test_end_an_agreement(client, worker):
    agreement = AgreementFactory(unit__property__scheme=scheme_for(worker))
    client.force_login(worker)
    url = reverse("tenancies:agreement_end", args=[agreement.pk])
    bad = client.post(url, {"end_date": "1999-01-01", "reason": "planned_move_on", "positive_move_on": "yes"})
    assert bad.status_code == 200
    assert b"on or after the start date" in bad.content
    response = client.post(
        url, {"end_date": datetime.date.today().isoformat(), "reason": "planned_move_on", "positive_move_on": "yes"}
    )
    assert response.status_code == 302
    assert response.url == agreement.get_absolute_url()
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.ENDED
    assert agreement.positive_move_on is True


def test_referral_to_the_council_needs_consent(client, worker):
    leader = UserFactory(role=roles.TEAM_LEADER)
    agreement = AgreementFactory(unit__property__scheme=scheme_for(worker))
    client.force_login(worker)
    url = reverse("tenancies:agreement_refer", args=[agreement.pk])
    data = {"risk": "move_on_nowhere", "reason": "Licence ends in 6 weeks; no move-on found yet.", "consent_how": ""}
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert b"only refer someone with their consent" in refused.content
    assert not Referral.objects.exists()
    response = client.post(url, {**data, "consent_given": "on", "consent_how": "Verbally, in person"})
    assert response.status_code == 302
    assert response.url == agreement.get_absolute_url()
    referral = Referral.objects.get()
    assert referral.person == agreement.person
    assert referral.consent.purpose == Consent.Purpose.REFER_TO_COUNCIL
    assert referral.referred_by == worker
    assert Notification.objects.filter(recipient=leader, url=referral.get_absolute_url()).exists()
    # The worker who raised it follows its status; another worker cannot.
    assert client.get(referral.get_absolute_url()).status_code == 200
    client.force_login(UserFactory(role=roles.HOUSING_WORKER))
    assert client.get(referral.get_absolute_url()).status_code == 404
