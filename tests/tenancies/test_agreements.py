import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from tenancies.models import Agreement, Unit
from tenancies.services import agreements as services
from tenancies.signals import agreement_ended
from tests.accounts.factories import UserFactory
from tests.compliance.factories import pre_let_checks_done
from tests.people.factories import PersonFactory
from tests.tenancies.factories import (
    AgreementFactory,
    EndedAgreementFactory,
    OfferedAgreementFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date


def sign_up(unit, start, end=None, kind=Agreement.Kind.LICENCE, person=None):
    pre_let_checks_done(unit, start)
    return services.agreement_sign_up(
        person=person or PersonFactory(),
        unit=unit,
        kind=kind,
        start_date=start,
        end_date=end,
        weekly_rent=Decimal("100.00"),
        by=UserFactory(),
    )


def test_sign_up_makes_an_offer_that_the_checklist_activates():
    worker = UserFactory()
    agreement = sign_up(UnitFactory(), D(2026, 12, 1))
    assert agreement.status == Agreement.Status.OFFERED
    services.agreement_update_checklist(agreement=agreement, by=worker, id_seen=True, agreement_signed=True)
    assert agreement.status == Agreement.Status.OFFERED
    services.agreement_update_checklist(
        agreement=agreement, by=worker, hb_claim_made=True, induction_done=True, keys_issued=True
    )
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.ACTIVE
    assert agreement.checklist_completed_on is not None
    assert agreement.history.latest().history_user == worker


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (D(2026, 6, 1), None),  # open-ended after an open-ended one
        (D(2025, 12, 1), D(2026, 1, 1)),  # ends on the day the existing one starts
        (D(2026, 3, 1), D(2026, 3, 2)),  # inside
    ],
)
def test_a_unit_never_holds_two_overlapping_agreements(start, end):
    unit = UnitFactory()
    sign_up(unit, D(2026, 1, 1))
    with pytest.raises(ValidationError, match="already has an agreement from 1 January 2026 to no end date"):
        sign_up(unit, start, end)
    assert unit.agreements.count() == 1


def test_back_to_back_agreements_are_allowed():
    unit = UnitFactory()
    sign_up(unit, D(2026, 1, 1), D(2026, 3, 31))
    sign_up(unit, D(2026, 4, 1))
    assert unit.agreements.count() == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="Exclusion constraints need PostgreSQL")
def test_postgresql_refuses_overlaps_even_past_the_application_check():
    unit = UnitFactory()
    AgreementFactory(unit=unit, start_date=D(2026, 1, 1), end_date=None)
    with pytest.raises(IntegrityError, match="agreement_no_overlap_per_unit"), transaction.atomic():
        Agreement.objects.create(person=PersonFactory(), unit=unit, start_date=D(2026, 2, 1), kind="licence")


def test_end_before_start_is_refused():
    with pytest.raises(ValidationError) as error:
        sign_up(UnitFactory(), D(2026, 5, 1), D(2026, 4, 1))
    assert error.value.message_dict == {"end_date": ["The end date must be on or after the start date."]}


def test_no_new_assured_shorthold_tenancies_from_1_may_2026():
    with pytest.raises(ValidationError, match="Renters' Rights Act 2025"):
        sign_up(UnitFactory(), D(2026, 5, 1), kind=Agreement.Kind.ASSURED_SHORTHOLD)
    older = sign_up(UnitFactory(), D(2026, 4, 30), kind=Agreement.Kind.ASSURED_SHORTHOLD)
    assert older.pk


def test_an_unavailable_unit_cannot_be_let():
    with pytest.raises(ValidationError, match="unavailable: Fire damage"):
        sign_up(UnitFactory(unavailable_reason="Fire damage"), D(2026, 12, 1))


def test_ending_an_agreement_starts_a_void_through_the_hook():
    agreement = AgreementFactory(start_date=D(2026, 1, 5))
    received = []

    def receiver(sender, agreement, unit, void_from, by, **kwargs):
        received.append((agreement.pk, unit.pk, void_from, by))

    agreement_ended.connect(receiver)
    worker = UserFactory()
    try:
        services.agreement_end(
            agreement=agreement,
            end_date=D(2026, 11, 20),
            reason=Agreement.EndReason.PLANNED_MOVE_ON,
            positive_move_on=True,
            destination="Council flat",
            by=worker,
        )
    finally:
        agreement_ended.disconnect(receiver)
    assert received == [(agreement.pk, agreement.unit.pk, D(2026, 11, 21), worker)]
    agreement.refresh_from_db()
    assert (agreement.status, agreement.end_reason) == (Agreement.Status.ENDED, "planned_move_on")


def test_ending_twice_or_before_the_start_is_refused():
    agreement = AgreementFactory(start_date=D(2026, 1, 5))
    with pytest.raises(ValidationError):
        services.agreement_end(
            agreement=agreement, end_date=D(2025, 1, 1), reason="other", positive_move_on=None, by=None
        )
    services.agreement_end(agreement=agreement, end_date=D(2026, 2, 1), reason="other", positive_move_on=None, by=None)
    with pytest.raises(ValidationError, match="already ended"):
        services.agreement_end(
            agreement=agreement, end_date=D(2026, 3, 1), reason="other", positive_move_on=None, by=None
        )


def test_unit_status_follows_occupancy():
    occupied = AgreementFactory().unit
    void = UnitFactory()
    unavailable = UnitFactory(unavailable_reason="Damp works")
    statuses = {u.pk: u.status() for u in Unit.objects.with_occupancy()}
    assert statuses == {occupied.pk: "occupied", void.pk: "void", unavailable.pk: "unavailable"}
    assert list(Unit.objects.void()) == [void]


@time_machine.travel(datetime.datetime(2026, 11, 26, 12, tzinfo=datetime.UTC))
def test_sustainment_counts_lasting_or_positive_endings():
    today = D(2026, 11, 26)
    AgreementFactory(start_date=D(2025, 1, 1))  # 12+ months, still going: sustained 6 and 12
    EndedAgreementFactory(start_date=D(2025, 6, 1), end_date=D(2025, 8, 1), positive_move_on=True)  # positive early
    EndedAgreementFactory(
        start_date=D(2025, 6, 1), end_date=D(2025, 9, 1), positive_move_on=False, end_reason="eviction"
    )  # failed before 6 months
    EndedAgreementFactory(
        start_date=D(2025, 3, 1), end_date=D(2025, 12, 1), positive_move_on=False, end_reason="abandonment"
    )  # lasted 6, not 12
    AgreementFactory(start_date=D(2026, 9, 1))  # too new to count
    OfferedAgreementFactory()  # offers never count
    result = services.sustainment(agreements=Agreement.objects.all(), on=today)
    assert (result.eligible_6, result.sustained_6) == (4, 3)
    assert (result.eligible_12, result.sustained_12) == (4, 2)
    assert result.rate_6 == Decimal("75.0")
    assert result.rate_12 == Decimal("50.0")


def test_sustainment_with_nothing_to_count():
    result = services.sustainment(agreements=Agreement.objects.none())
    assert result.rate_6 is None


def test_sign_up_opens_a_rent_account_that_the_charge_run_charges():
    from rents.services.ledger import charge_run

    agreement = services.agreement_sign_up(
        person=PersonFactory(legal_name="Jordan Ellis"),
        unit=pre_let_checks_done(UnitFactory(label="Room 4"), D(2026, 11, 4)),
        kind=Agreement.Kind.LICENCE,
        start_date=D(2026, 11, 4),
        weekly_rent=Decimal("70.00"),
        weekly_service_charge=Decimal("14.00"),
        by=UserFactory(),
    )
    account = agreement.rent_account
    assert account.reference == f"RA{agreement.pk:06d}"
    assert sorted(account.charge_lines.values_list("kind", "weekly_amount")) == [
        ("core_rent", Decimal("70.00")),
        ("eligible_service", Decimal("14.00")),
    ]
    services.agreement_end(
        agreement=agreement, end_date=D(2026, 11, 17), reason="planned_move_on", positive_move_on=True, by=None
    )
    charge_run(week=D(2026, 11, 30))
    account.refresh_from_db()
    # Wed-Sun (5/7 of £84), a full week, then Mon-Tue (2/7).
    assert list(account.entries.values_list("amount", flat=True)) == [
        Decimal("60.00"),
        Decimal("84.00"),
        Decimal("24.00"),
    ]
    assert account.balance == Decimal("168.00")


def test_rent_accounts_follow_the_agreements_a_user_can_see():
    from accounts import roles
    from rents.models import RentAccount
    from tests.tenancies.scoping import scheme_for

    worker = UserFactory(role=roles.HOUSING_WORKER)
    mine = services.agreement_sign_up(
        person=PersonFactory(),
        unit=pre_let_checks_done(UnitFactory(property__scheme=scheme_for(worker)), D(2026, 12, 1)),
        kind="licence",
        start_date=D(2026, 12, 1),
        weekly_rent=Decimal("80.00"),
        by=worker,
    )
    services.agreement_sign_up(
        person=PersonFactory(),
        unit=pre_let_checks_done(UnitFactory(), D(2026, 12, 1)),
        kind="licence",
        start_date=D(2026, 12, 1),
        weekly_rent=Decimal("80.00"),
        by=worker,
    )
    assert list(RentAccount.objects.visible_to(worker)) == [mine.rent_account]
    assert RentAccount.objects.visible_to(UserFactory(role=roles.HOUSING_MANAGER)).count() == 2
    assert not RentAccount.objects.visible_to(UserFactory(role=roles.PREVENTION_OFFICER)).exists()
