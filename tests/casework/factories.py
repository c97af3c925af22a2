import datetime

import factory
from django.utils import timezone

from accounts import roles
from accounts.models import Team
from casework.models import (
    Case,
    ContactLog,
    Duty,
    HclicCategory,
    HomeVisit,
    HouseholdMember,
    MainDutyDecision,
    Mediation,
    MediationSession,
    PersonalisedHousingPlan,
    PlanStep,
    Referral,
    SafeguardingConcern,
    ServiceReferral,
)
from tests.accounts.factories import TeamFactory, UserFactory
from tests.people.factories import ConsentFactory, PersonFactory


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Referral

    person = factory.SubFactory(PersonFactory)
    source = Referral.Source.SUPPORTED_HOUSING
    risk = Referral.Risk.MOVE_ON_NOWHERE
    reason = "Their licence ends next month and they have nowhere settled to go."
    consent = factory.SubFactory(ConsentFactory, person=factory.SelfAttribute("..person"))
    referred_by = factory.SubFactory(UserFactory)


class PreventionTeamFactory(TeamFactory):
    name = factory.Sequence(lambda n: f"Housing Options {n}")
    kind = Team.Kind.PREVENTION


def officer_in(team, **kwargs):
    return UserFactory(role=roles.PREVENTION_OFFICER, team=team, **kwargs)


def hclic(list_id: str, code: str) -> HclicCategory:
    """A category from the seeded lists (migration 0003)."""
    return HclicCategory.objects.get(list_id=list_id, code=code)


class CaseFactory(factory.django.DjangoModelFactory):
    """A triaged case: threatened with homelessness by family asking them to leave, application taken."""

    class Meta:
        model = Case
        skip_postgeneration_save = True

    person = factory.SubFactory(PersonFactory)
    team = factory.SubFactory(PreventionTeamFactory)
    officer = factory.LazyAttribute(lambda o: officer_in(o.team))
    approached_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=3))
    homeless_tonight = False
    threatened_within_56_days = True
    eligibility = Case.Eligibility.ELIGIBLE
    reason_to_believe_priority_need = False
    triage_outcome = Case.TriageOutcome.APPLICATION
    triaged_on = factory.SelfAttribute("approached_on")
    host_name = "Dee Parent"
    host_relationship = "Mother"
    reason_detail = "Mum says I have to leave by the end of the month; we keep arguing about money."
    reason_for_loss = factory.LazyFunction(
        lambda: hclic("reason_loss_settled_home", "FAMILY_OR_FRIENDS_NO_LONGER_WILLING")
    )


class DutyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Duty

    case = factory.SubFactory(CaseFactory)
    kind = Duty.Kind.PREVENTION
    started_on = factory.SelfAttribute("case.approached_on")
    started_by = factory.SelfAttribute("case.officer")


class MainDutyDecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MainDutyDecision

    case = factory.SubFactory(CaseFactory, homeless_tonight=True)
    outcome = MainDutyDecision.Outcome.ACCEPTED
    decided_on = factory.LazyFunction(timezone.localdate)
    letter_sent_on = factory.SelfAttribute("decided_on")
    reasons = "Homeless, eligible, in priority need because of a pregnancy, and not intentionally homeless."
    decided_by = factory.SelfAttribute("case.officer")


class HouseholdMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HouseholdMember

    case = factory.SubFactory(CaseFactory)
    name = factory.Faker("name", locale="en_GB")
    relationship = HouseholdMember.Relationship.CHILD
    date_of_birth = datetime.date(2019, 5, 4)


class HomeVisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HomeVisit

    case = factory.SubFactory(CaseFactory)
    officer = factory.SelfAttribute("case.officer")
    address = "14 Mill Lane, Anytown AN1 2BC"
    planned_start = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(hours=1))
    expected_end = factory.LazyAttribute(lambda o: o.planned_start + datetime.timedelta(hours=1))


class MediationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mediation

    case = factory.SubFactory(CaseFactory)
    host_name = factory.SelfAttribute("case.host_name")
    host_relationship = factory.SelfAttribute("case.host_relationship")
    started_by = factory.SelfAttribute("case.officer")


class MediationSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MediationSession

    mediation = factory.SubFactory(MediationFactory)
    held_on = factory.LazyFunction(timezone.localdate)
    attended = "Applicant, their mother, the officer"
    notes = "Talked about the arguments over money and the house rules."
    agreed_actions = "Mum agrees they can stay until the end of next month."
    by = factory.SelfAttribute("mediation.started_by")


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PersonalisedHousingPlan

    case = factory.SubFactory(CaseFactory)
    version = 1
    scenario = "family_friends"
    review_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=14))
    created_by = factory.SelfAttribute("case.officer")


class PlanStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanStep

    plan = factory.SubFactory(PlanFactory)
    party = "applicant"
    text = "Come to the mediation meeting we arrange with your host."


class SafeguardingConcernFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SafeguardingConcern

    case = factory.SubFactory(CaseFactory)
    about = SafeguardingConcern.About.CHILD
    subject_name = "Riley (aged 6)"
    category = SafeguardingConcern.Category.NEGLECT
    seen = "No food in the house on two visits; the child said they had not eaten since yesterday."
    referred_to = SafeguardingConcern.ReferredTo.CHILDRENS_SERVICES
    referred_on = factory.LazyFunction(timezone.localdate)
    agency_reference = "CS-0042"
    raised_by = factory.SelfAttribute("case.officer")


class ContactLogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactLog

    case = factory.SubFactory(CaseFactory)
    method = ContactLog.Method.PHONE
    summary = "Called to check how things are at home and to confirm Thursday's visit."
    by = factory.SelfAttribute("case.officer")


class ServiceReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceReferral

    case = factory.SubFactory(CaseFactory)
    service = ServiceReferral.Service.MENTAL_HEALTH
    organisation = "Anytown Talking Therapies"
    consent = factory.SubFactory(
        ConsentFactory, person=factory.SelfAttribute("..case.person"), purpose="share_with_support"
    )
    by = factory.SelfAttribute("case.officer")
