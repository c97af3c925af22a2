"""One factory per model and per state (`EndedAgreementFactory`, `VoidUnitFactory`...)."""

import datetime
from decimal import Decimal

import factory

from accounts.models import Coverage
from tenancies.models import (
    Agreement,
    Complaint,
    HouseMeeting,
    Incident,
    IncidentParty,
    LadderAction,
    LadderStep,
    MeetingAction,
    Property,
    Scheme,
    Unit,
)
from tests.accounts.factories import UserFactory
from tests.people.factories import PersonFactory


class SchemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Scheme
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Scheme {n}")
    kind = Scheme.Kind.SUPPORTED
    address = factory.Faker("street_address", locale="en_GB")
    postcode = "LS1 4AP"
    partner_landlord = "Northern Homes Housing Association"
    support_provider = "Hearth Recovery Support"


def cover(user, scheme):
    """Give `user` coverage of `scheme` (what admins set up in Django admin)."""
    return Coverage.objects.get_or_create(user=user, content_type_id=_scheme_ct(), object_id=scheme.pk)[0]


def _scheme_ct():
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(Scheme).pk


class PropertyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Property

    scheme = factory.SubFactory(SchemeFactory)
    address = factory.Sequence(lambda n: f"{n + 1} Hearth Street")
    town = "Leeds"
    postcode = "LS2 7EE"


class UnitFactory(factory.django.DjangoModelFactory):
    """A void unit (no agreement)."""

    class Meta:
        model = Unit

    property = factory.SubFactory(PropertyFactory)
    label = factory.Sequence(lambda n: f"Room {n + 1}")
    kind = Unit.Kind.ROOM


class AgreementFactory(factory.django.DjangoModelFactory):
    """An active licence that started 90 days ago."""

    class Meta:
        model = Agreement

    person = factory.SubFactory(PersonFactory)
    unit = factory.SubFactory(UnitFactory)
    kind = Agreement.Kind.LICENCE
    status = Agreement.Status.ACTIVE
    start_date = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=90))
    weekly_rent = Decimal("110.00")
    weekly_service_charge = Decimal("35.50")
    weekly_personal_charge = Decimal("12.00")
    id_seen = True
    agreement_signed = True
    hb_claim_made = True
    induction_done = True
    keys_issued = True
    checklist_completed_on = factory.LazyAttribute(lambda o: o.start_date)


class OfferedAgreementFactory(AgreementFactory):
    status = Agreement.Status.OFFERED
    start_date = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=7))
    id_seen = False
    agreement_signed = False
    hb_claim_made = False
    induction_done = False
    keys_issued = False
    checklist_completed_on = None


class EndedAgreementFactory(AgreementFactory):
    status = Agreement.Status.ENDED
    start_date = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=400))
    end_date = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=30))
    end_reason = Agreement.EndReason.PLANNED_MOVE_ON
    positive_move_on = True


class IncidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Incident

    scheme = factory.SubFactory(SchemeFactory)
    occurred_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=2))
    kind = Incident.Kind.ASB
    description = "Loud music late at night in the shared house, upsetting other residents."
    risk = Incident.Risk.LOW
    recorded_by = factory.SubFactory(UserFactory)


class IncidentPartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IncidentParty

    incident = factory.SubFactory(IncidentFactory)
    person = factory.SubFactory(PersonFactory)
    role = IncidentParty.Role.ALLEGED


class LadderActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LadderAction

    incident = factory.SubFactory(IncidentFactory)
    agreement = factory.SubFactory(AgreementFactory)
    person = factory.SelfAttribute("agreement.person")
    step = LadderStep.SUPPORTIVE
    summary = "Talked with them about the noise and how they are feeling."
    support_offered = "Weekly check-ins with their support worker."


class HouseMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HouseMeeting

    scheme = factory.SubFactory(SchemeFactory)
    held_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=7))
    agenda = "Kitchen rota; garden; welcome new resident."
    minutes = "Agreed a new kitchen rota."


class MeetingActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingAction

    meeting = factory.SubFactory(HouseMeetingFactory)
    description = "Put the new kitchen rota on the noticeboard"
    owner = factory.SubFactory(UserFactory)
    due_on = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=7))


class ComplaintFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Complaint

    scheme = factory.SubFactory(SchemeFactory)
    person = factory.SubFactory(PersonFactory)
    received_on = factory.LazyFunction(datetime.date.today)
    summary = "The heating in my room has not worked for a week."


def resident_in(scheme, **kwargs):
    """An active licence in `scheme` (returns the agreement; its person is the resident)."""
    return AgreementFactory(unit__property__scheme=scheme, **kwargs)


def incident_about(agreement, **kwargs):
    """An open incident in the agreement's scheme, about its resident."""
    incident = IncidentFactory(scheme=agreement.unit.property.scheme, **kwargs)
    IncidentPartyFactory(incident=incident, person=agreement.person, role=IncidentParty.Role.ALLEGED)
    return incident
