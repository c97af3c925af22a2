"""The hooks higher apps use to stop a letting and to say more about a unit's state."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tenancies import letting
from tenancies.models import Agreement
from tenancies.services import agreements as services
from tenancies.signals import agreement_activated, agreement_offered
from tests.accounts.factories import UserFactory
from tests.compliance.factories import pre_let_checks_done
from tests.people.factories import PersonFactory
from tests.tenancies.factories import UnitFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def blocking_check():
    @letting.letting_check("zz_test_blocker")
    def check(unit, start_date):
        return [f"The smoke alarm in {unit.label} has not been tested."] if start_date >= D(2026, 12, 1) else []

    yield check
    letting._checks.pop("zz_test_blocker")


def sign_up(unit, start):
    pre_let_checks_done(unit, start)  # compliance's own pre-let check has nothing to say
    return services.agreement_sign_up(
        person=PersonFactory(),
        unit=unit,
        kind=Agreement.Kind.LICENCE,
        start_date=start,
        weekly_rent=Decimal("100.00"),
        by=UserFactory(),
    )


def test_a_letting_check_refuses_the_sign_up_and_says_why(blocking_check):
    unit = UnitFactory()
    with pytest.raises(ValidationError) as caught:
        sign_up(unit, D(2026, 12, 7))
    assert any("smoke alarm" in message for message in caught.value.messages)
    assert not Agreement.objects.filter(unit=unit).exists()


def test_a_letting_check_with_nothing_to_say_lets_the_sign_up_through(blocking_check):
    assert sign_up(UnitFactory(), D(2026, 11, 30)).status == Agreement.Status.OFFERED


def test_offer_and_activation_are_announced_once_each():
    seen = []

    def receiver(sender, agreement, unit, by, **kwargs):
        seen.append(agreement.status)

    agreement_offered.connect(receiver)
    agreement_activated.connect(receiver)
    try:
        agreement = sign_up(UnitFactory(), D(2026, 12, 7))
        services.agreement_update_checklist(
            agreement=agreement, by=UserFactory(), **dict.fromkeys(Agreement.CHECKLIST, True)
        )
        services.agreement_update_checklist(agreement=agreement, by=UserFactory(), **{Agreement.CHECKLIST[0]: True})
    finally:
        agreement_offered.disconnect(receiver)
        agreement_activated.disconnect(receiver)
    assert seen == [Agreement.Status.OFFERED, Agreement.Status.ACTIVE]


def test_unit_states_merge_what_each_app_knows():
    unit, other = UnitFactory(), UnitFactory()

    @letting.unit_state("zz_test_state")
    def state(units, on):
        return {u.pk: "Void: waiting for inspection" for u in units if u.pk == unit.pk}

    try:
        assert letting.unit_states([unit, other], D(2026, 12, 1)) == {unit.pk: "Void: waiting for inspection"}
    finally:
        letting._states.pop("zz_test_state")
