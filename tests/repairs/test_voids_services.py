"""The void lifecycle: opened by the end of an agreement or by taking a unit out of use, moved
through its stage dates and checklist, offered and let; the safety items stop a letting."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from repairs.models import Void, VoidCheck
from repairs.services import voids as services
from tenancies.letting import letting_blockers, unit_states
from tenancies.models import Agreement
from tenancies.services import agreements as tenancy_services
from tests.accounts.factories import UserFactory
from tests.compliance.factories import pre_let_checks_done
from tests.people.factories import PersonFactory
from tests.repairs.factories import RepairFactory, VoidCheckFactory, VoidFactory
from tests.tenancies.factories import AgreementFactory, OfferedAgreementFactory, UnitFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_30_november")]

D = datetime.date
TODAY = D(2026, 11, 30)


@pytest.fixture
def user():
    return UserFactory()


def end(agreement, on, by, reason=Agreement.EndReason.PLANNED_MOVE_ON):
    return tenancy_services.agreement_end(agreement=agreement, end_date=on, reason=reason, positive_move_on=None, by=by)


def all_safe(void, on):
    """Every safety item on the void checklist passed on `on`, and compliance's pre-let checks done."""
    for item in VoidCheck.SAFETY_ITEMS:
        VoidCheckFactory(void=void, item=item, checked_on=on)
    pre_let_checks_done(void.unit, on)


def test_ending_an_agreement_opens_a_void_from_the_next_day_at_rent_and_service_charge(user):
    agreement = AgreementFactory(
        start_date=D(2026, 1, 5),
        weekly_rent=Decimal("150.00"),
        weekly_service_charge=Decimal("40.00"),
        weekly_personal_charge=Decimal("15.00"),
    )
    end(agreement, D(2026, 11, 20), user)
    void = Void.objects.get(unit=agreement.unit)
    assert void.started_on == D(2026, 11, 21)
    assert void.weekly_charge == Decimal("190.00")
    assert void.ended_agreement == agreement
    assert void.stage == Void.Stage.AWAITING_KEYS
    assert void.kind == Void.Kind.STANDARD
    assert void.loss(TODAY) == Decimal("244.29")  # 9 days of £190 a week


def test_stage_dates_move_the_void_and_must_be_in_order(user):
    void = VoidFactory(started_on=D(2026, 11, 2))
    services.void_record_dates(void=void, keys_back_on=D(2026, 11, 3), by=user)
    assert Void.objects.get().stage == Void.Stage.AWAITING_INSPECTION
    services.void_record_dates(void=void, inspected_on=D(2026, 11, 5), works_ordered_on=D(2026, 11, 6), by=user)
    assert Void.objects.get().stage == Void.Stage.WORKS_IN_PROGRESS
    with pytest.raises(ValidationError) as caught:
        services.void_record_dates(void=void, works_completed_on=D(2026, 11, 4), by=user)
    assert "works_completed_on" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.void_record_dates(void=void, ready_to_let_on=D(2026, 12, 1), by=user)
    assert "cannot be in the future" in caught.value.message_dict["ready_to_let_on"][0]
    with pytest.raises(ValidationError) as caught:
        services.void_record_dates(void=void, keys_back_on=D(2026, 11, 1), by=user)
    assert "before the void started" in caught.value.message_dict["keys_back_on"][0]
    services.void_record_dates(void=void, works_completed_on=D(2026, 11, 20), ready_to_let_on=D(2026, 11, 21), by=user)
    assert Void.objects.get().stage == Void.Stage.READY_TO_LET


def test_a_failing_or_missing_safety_item_stops_the_sign_up_and_says_which(user):
    void = VoidFactory(started_on=D(2026, 11, 2))
    VoidCheckFactory(void=void, item=VoidCheck.Item.GAS, result=VoidCheck.Result.FAIL, notes="Boiler flue")
    reasons = letting_blockers(void.unit, TODAY)
    assert any("Gas safety check current: failed" in reason and "Boiler flue" in reason for reason in reasons)
    assert any(reason.startswith("Smoke alarm tested: not recorded") for reason in reasons)
    with pytest.raises(ValidationError) as caught:
        tenancy_services.agreement_sign_up(
            person=PersonFactory(), unit=void.unit, kind=Agreement.Kind.LICENCE, start_date=TODAY, by=user
        )
    assert any("Boiler flue" in message for message in caught.value.messages)
    assert not Agreement.objects.filter(unit=void.unit).exists()


def test_alarms_must_be_tested_on_the_first_day_of_the_agreement(user):
    void = VoidFactory(started_on=D(2026, 11, 2))
    all_safe(void, D(2026, 11, 28))
    reasons = letting_blockers(void.unit, TODAY)
    assert [reason.split(":")[0] for reason in reasons] == ["Smoke alarm tested", "Carbon monoxide alarm tested"]
    VoidCheck.objects.filter(item__in=services.ALARMS).update(checked_on=TODAY)
    assert letting_blockers(void.unit, TODAY) == []


def test_a_gas_check_more_than_twelve_months_old_is_not_current(user):
    void = VoidFactory(started_on=D(2026, 11, 2))
    all_safe(void, TODAY)
    VoidCheck.objects.filter(item=VoidCheck.Item.GAS).update(checked_on=D(2025, 11, 30))
    assert [reason.split(":")[0] for reason in letting_blockers(void.unit, TODAY)] == ["Gas safety check current"]


def test_smoke_alarm_cannot_be_marked_not_needed(user):
    void = VoidFactory(started_on=D(2026, 11, 2))
    with pytest.raises(ValidationError) as caught:
        services.void_check_record(
            void=void,
            item=VoidCheck.Item.SMOKE_ALARM,
            result=VoidCheck.Result.NOT_APPLICABLE,
            checked_on=TODAY,
            by=user,
        )
    assert "result" in caught.value.message_dict
    services.void_check_record(
        void=void, item=VoidCheck.Item.CO_ALARM, result=VoidCheck.Result.NOT_APPLICABLE, checked_on=TODAY, by=user
    )
    assert void.checks.get().result == VoidCheck.Result.NOT_APPLICABLE


def test_offer_then_activation_lets_the_void_on_the_new_start_date(user):
    old = AgreementFactory(
        start_date=D(2026, 1, 5), weekly_rent=Decimal("140.00"), weekly_service_charge=Decimal("0.00")
    )
    end(old, D(2026, 11, 9), user)
    void = Void.objects.get()
    all_safe(void, TODAY)
    new = tenancy_services.agreement_sign_up(
        person=PersonFactory(), unit=old.unit, kind=Agreement.Kind.LICENCE, start_date=TODAY, by=user
    )
    void.refresh_from_db()
    assert void.new_agreement == new and void.stage == Void.Stage.OFFERED
    tenancy_services.agreement_update_checklist(agreement=new, by=user, **dict.fromkeys(Agreement.CHECKLIST, True))
    void.refresh_from_db()
    assert void.let_on == TODAY and void.stage == Void.Stage.LET
    assert void.days_void() == 20
    assert void.loss() == Decimal("400.00")


def test_an_offer_not_taken_up_returns_the_void_to_its_stage_before_the_offer(user):
    void = VoidFactory(started_on=D(2026, 11, 2), keys_back_on=D(2026, 11, 3))
    all_safe(void, TODAY)
    offer = tenancy_services.agreement_sign_up(
        person=PersonFactory(), unit=void.unit, kind=Agreement.Kind.LICENCE, start_date=TODAY, by=user
    )
    end(offer, TODAY, user, reason=Agreement.EndReason.OFFER_NOT_TAKEN)
    assert Void.objects.count() == 1
    void.refresh_from_db()
    assert void.new_agreement is None and void.stage == Void.Stage.AWAITING_INSPECTION


def test_taking_a_unit_out_of_use_for_major_works_opens_a_major_works_void(user):
    unit = UnitFactory()
    void = services.void_take_out_of_use(
        unit=unit, reason=Void.Reason.MAJOR_WORKS, details="New roof", started_on=D(2026, 11, 16), by=user
    )
    assert void.kind == Void.Kind.MAJOR_WORKS and void.stage == Void.Stage.AWAITING_INSPECTION
    unit.refresh_from_db()
    assert "New roof" in unit.unavailable_reason
    with pytest.raises(ValidationError):
        tenancy_services.agreement_sign_up(
            person=PersonFactory(), unit=unit, kind=Agreement.Kind.LICENCE, start_date=TODAY, by=user
        )
    services.void_return_to_use(void=void, by=user)
    unit.refresh_from_db()
    assert unit.unavailable_reason == ""


def test_an_existing_void_taken_out_of_use_changes_reason_rather_than_opening_another(user):
    void = VoidFactory(started_on=D(2026, 11, 2))
    again = services.void_take_out_of_use(
        unit=void.unit, reason=Void.Reason.UNSAFE, details="Ceiling down", started_on=TODAY, by=user
    )
    assert again.pk == void.pk and again.reason == Void.Reason.UNSAFE
    assert Void.objects.count() == 1


def test_an_occupied_unit_cannot_be_taken_out_of_use(user):
    agreement = AgreementFactory(start_date=D(2026, 1, 5))
    with pytest.raises(ValidationError):
        services.void_take_out_of_use(
            unit=agreement.unit, reason=Void.Reason.DECANT, details="Decant", started_on=TODAY, by=user
        )
    assert not Void.objects.exists()


def test_a_repair_links_to_the_void_of_its_unit_only(user):
    void = VoidFactory()
    repair = RepairFactory(unit=void.unit, scheme=void.unit.property.scheme)
    services.void_link_repair(void=void, repair=repair, by=user)
    assert list(void.repairs.all()) == [repair]
    with pytest.raises(ValidationError):
        services.void_link_repair(void=void, repair=RepairFactory(), by=user)


def test_unit_states_name_the_stage_and_days_in_one_query(user, django_assert_num_queries):
    voids = [VoidFactory(started_on=D(2026, 11, 2)), VoidFactory(started_on=D(2026, 11, 20), keys_back_on=TODAY)]
    offered = VoidFactory(started_on=D(2026, 11, 10))
    offered.new_agreement = OfferedAgreementFactory(unit=offered.unit, start_date=D(2026, 12, 7))
    offered.save()
    units = [void.unit for void in [*voids, offered]] + [UnitFactory()]
    with django_assert_num_queries(1):
        states = unit_states(units, TODAY)
    assert states[voids[0].unit_id] == "Void: waiting for the keys, 28 days"
    assert states[voids[1].unit_id] == "Void: waiting for inspection, 10 days"
    assert states[offered.unit_id] == "Offered (20 days void)"
    assert units[-1].pk not in states


def test_the_scheme_and_unit_pages_show_the_voids_true_state_and_why_it_cannot_be_let(worker_client, worker):
    from django.urls import reverse

    from tests.tenancies.scoping import scheme_for

    void = VoidFactory(
        started_on=D(2026, 11, 2), keys_back_on=D(2026, 11, 3), unit__property__scheme=scheme_for(worker)
    )
    VoidCheckFactory(void=void, item=VoidCheck.Item.GAS, result=VoidCheck.Result.FAIL, notes="Boiler flue")
    scheme_page = worker_client.get(reverse("tenancies:scheme_detail", args=[void.unit.scheme.pk])).content.decode()
    assert "Void: waiting for inspection, 28 days" in scheme_page
    unit_page = worker_client.get(void.unit.get_absolute_url()).content.decode()
    assert "Void: waiting for inspection, 28 days" in unit_page
    assert "This unit cannot be let yet" in unit_page and "Boiler flue" in unit_page
