"""Demo incidents at different steps of the warning ladder, with their letters.

Runs after the stock and agreements seeder (order 10) and uses the residents it made; if there
are none that fit, it makes its own. Everything goes through the incident services, so the
ladder rules hold and the warning letters are real PDFs. Idempotent: each incident is keyed on
its scheme and description.
"""

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from accounts.models import User
from core.demo import demo_seeder
from people.services import person_create

from ..models import Agreement, Ground, Incident, IncidentParty, LadderStep, Letter, Property, Scheme, Unit
from ..services import incidents as services
from ..services.incidents import PartyInput

SCHEME_NAMES = ["Riverside House", "Elm Court", "Canal Street Project"]
WORKER, MANAGER, SUPPORT_WORKER = "housing.worker@example.org", "manager@example.org", "support.worker@example.org"


@dataclass(frozen=True)
class Step:
    step: int
    days_ago: int
    grounds: list[str]
    summary: str
    support_offered: str
    why_support_not_enough: str = ""
    behaviour_agreement: str = ""
    reasonable_adjustments: str = ""


@dataclass(frozen=True)
class Scenario:
    scheme: int  # index into the schemes found
    kind: str
    risk: str
    description: str
    steps: list[Step]
    hate_incident: bool = False
    others: list[tuple[str, str]] = field(default_factory=list)
    review_in_days: int = 14
    outcome: str = ""


SUPPORT = (
    "Weekly sessions with your support worker, help to get an appointment with your GP, "
    "and a referral to the community mental health team if you would like one."
)

SCENARIOS = [
    Scenario(
        scheme=0,
        kind=Incident.Kind.ASB,
        risk=Incident.Risk.LOW,
        description="Loud music from Room 3 between midnight and 3am on two nights. Two residents asked staff "
        "to help because they could not sleep.",
        others=[(IncidentParty.Role.STAFF, "Night concierge")],
        steps=[
            Step(
                LadderStep.SUPPORTIVE,
                6,
                [Ground.RESIDENTS],
                "Talked over a cup of tea. They have not been sleeping and play music to cope. Agreed to use "
                "headphones after 11pm.",
                "Headphones from the hardship fund; sleep support through their support worker.",
                reasonable_adjustments="Meetings in the afternoon, which they find easier.",
            )
        ],
        review_in_days=8,
    ),
    Scenario(
        scheme=1,
        kind=Incident.Kind.DISPUTE,
        risk=Incident.Risk.MEDIUM,
        description="Argument in the shared kitchen about food going missing. Raised voices and a cupboard door "
        "was slammed. Another resident felt frightened.",
        steps=[
            Step(
                LadderStep.SUPPORTIVE,
                45,
                [Ground.RESIDENTS],
                "Talked about what happened and how they felt. They said they were hungry and short of money.",
                "Food bank voucher, help to check their Universal Credit, and a lockable kitchen cupboard.",
            ),
            Step(
                LadderStep.FIRST_WARNING,
                20,
                [Ground.RESIDENTS, Ground.DAMAGE],
                "On 3 occasions since we last talked, there have been loud arguments in the kitchen, and on one "
                "of them a cupboard door was broken. Other residents have told us they feel frightened.",
                SUPPORT,
                why_support_not_enough="Money worries are still causing arguments; the benefit check is waiting "
                "for an appointment.",
            ),
        ],
    ),
    Scenario(
        scheme=2,
        kind=Incident.Kind.DAMAGE,
        risk=Incident.Risk.LOW,
        description="Hole in the plasterboard wall of the first-floor landing after a night out.",
        steps=[
            Step(
                LadderStep.SUPPORTIVE,
                150,
                [Ground.DAMAGE],
                "Talked about the night and what led to it. They were upset and apologised.",
                "Referral to the alcohol recovery service and weekly check-ins.",
            ),
            Step(
                LadderStep.FIRST_WARNING,
                140,
                [Ground.DAMAGE],
                "The wall on the first-floor landing was damaged again on 12 March. We know you were having "
                "a very hard time then.",
                "Weekly check-ins with your support worker and support from the alcohol recovery service.",
                why_support_not_enough="The referral had not started yet, and the damage happened again.",
            ),
        ],
        outcome="Repaired. No further damage since; they are doing well with the recovery service.",
    ),
    Scenario(
        scheme=0,
        kind=Incident.Kind.VISITORS,
        risk=Incident.Risk.HIGH,
        description="Visitors let into the building late at night who were not signed in. One visitor "
        "threatened a member of staff.",
        others=[(IncidentParty.Role.VISITOR, "Unknown male visitor"), (IncidentParty.Role.STAFF, "Duty worker")],
        steps=[
            Step(
                LadderStep.SUPPORTIVE,
                100,
                [Ground.VISITORS],
                "Talked about the visitors and the signing-in rules. They said they felt pressured to let people in.",
                "Support to talk to the police safeguarding team about the pressure from visitors.",
            ),
            Step(
                LadderStep.FIRST_WARNING,
                80,
                [Ground.VISITORS, Ground.STAFF],
                "Visitors came into the building after midnight without signing in, and one of them shouted "
                "at a member of staff.",
                SUPPORT,
                why_support_not_enough="Visitors are still coming late at night without signing in.",
            ),
            Step(
                LadderStep.FINAL_WARNING,
                30,
                [Ground.VISITORS, Ground.STAFF],
                "Visitors have again come in late at night without signing in, and staff felt unsafe.",
                SUPPORT + " We can also change the lock on your door straight away if you feel unsafe.",
                why_support_not_enough="The visitors keep coming, and staff and residents feel unsafe.",
                behaviour_agreement="You agree to sign every visitor in at reception and make sure they leave "
                "by 11pm.\nWe agree to meet you every week, and to help you say no to people who pressure you.",
            ),
        ],
        review_in_days=-2,
    ),
    Scenario(
        scheme=1,
        kind=Incident.Kind.ASB,
        risk=Incident.Risk.HIGH,
        hate_incident=True,
        description="Racist remarks shouted at another resident in the garden. The resident affected is being "
        "supported and has reported it to the police.",
        steps=[
            Step(
                LadderStep.SUPPORTIVE,
                3,
                [Ground.RESIDENTS],
                "Talked about what was said and why it is hurtful. Explained our zero-tolerance approach to "
                "hate incidents and the support available.",
                "A restorative conversation, if both residents agree, with the support team.",
            )
        ],
        review_in_days=4,
    ),
]


def _staff():
    staff = {user.email: user for user in User.objects.filter(email__in=[WORKER, MANAGER, SUPPORT_WORKER])}
    return staff.get(WORKER), staff.get(MANAGER), staff.get(SUPPORT_WORKER)


def _schemes() -> list[Scheme]:
    named = {scheme.name: scheme for scheme in Scheme.objects.filter(name__in=SCHEME_NAMES)}
    schemes = [named[name] for name in SCHEME_NAMES if name in named]
    if not schemes:
        schemes = list(Scheme.objects.order_by("name")[:3])
    if not schemes:
        schemes = [
            Scheme.objects.get_or_create(
                name=SCHEME_NAMES[0], defaults={"address": "12 River Road\nLeeds", "postcode": "LS11 5DR"}
            )[0]
        ]
    return schemes


def _free_agreement(scheme: Scheme, since: date, used: set[int], *, by) -> Agreement:
    """A resident living in `scheme` since `since` with nothing on the ladder yet (or a new one)."""
    agreement = (
        services.current_agreements(scheme=scheme)
        .filter(status=Agreement.Status.ACTIVE, start_date__lte=since, ladder_actions__isnull=True)
        .exclude(person_id__in=used)
        .order_by("start_date", "pk")
        .first()
    )
    if agreement is None:
        building, _ = Property.objects.get_or_create(
            scheme=scheme, address="Incident demo annexe", defaults={"town": "Leeds", "postcode": scheme.postcode}
        )
        unit = Unit.objects.create(property=building, label=f"Flat {building.units.count() + 1}", kind=Unit.Kind.FLAT)
        person = person_create(by=by, legal_name=f"Demo Resident {unit.label}", preferred_name="")
        agreement = Agreement.objects.create(
            person=person,
            unit=unit,
            status=Agreement.Status.ACTIVE,
            start_date=since - timedelta(days=30),
            weekly_rent=Decimal("118.40"),
        )
    used.add(agreement.person_id)
    return agreement


def _play(scenario: Scenario, scheme: Scheme, used: set[int], staff, today: date) -> bool:
    if Incident.objects.filter(scheme=scheme, description=scenario.description).exists():
        return False
    worker, manager, support = staff
    if worker is None or not Scheme.objects.visible_to(worker).filter(pk=scheme.pk).exists():
        worker = manager  # the manager records incidents in schemes the demo worker does not cover
    first = max(step.days_ago for step in scenario.steps)
    agreement = _free_agreement(scheme, today - timedelta(days=first + 1), used, by=worker)
    person = agreement.person
    parties = [PartyInput(role=IncidentParty.Role.ALLEGED, person=person)]
    parties += [PartyInput(role=role, name=name) for role, name in scenario.others]
    review_on = today + timedelta(days=scenario.review_in_days)
    incident = services.incident_record(
        scheme=scheme,
        occurred_on=today - timedelta(days=first + 1),
        kind=scenario.kind,
        hate_incident=scenario.hate_incident,
        description=scenario.description,
        risk=scenario.risk,
        parties=parties,
        review_on=None,
        by=worker,
    )
    for step in scenario.steps:
        taken_on = today - timedelta(days=step.days_ago)
        last = step is scenario.steps[-1]
        services.ladder_action_record(
            incident=incident,
            person=person,
            step=step.step,
            taken_on=taken_on,
            grounds=step.grounds,
            summary=step.summary,
            support_offered=step.support_offered,
            why_support_not_enough=step.why_support_not_enough,
            support_plan_reviewed=True,
            reasonable_adjustments=step.reasonable_adjustments,
            support_worker=person.key_support_worker or support,
            behaviour_agreement=step.behaviour_agreement,
            review_on=max(review_on, taken_on) if last else taken_on + timedelta(days=14),
            by=worker,
        )
    if scenario.outcome:
        services.incident_close(
            incident=incident, closed_on=today - timedelta(days=20), outcome=scenario.outcome, by=worker
        )
    return True


@demo_seeder(order=20)
def seed_incidents(scale: int) -> str:
    today = timezone.localdate()
    staff = _staff()
    if staff[1] is None:
        return "Incidents: no demo staff yet, nothing to do"
    schemes = _schemes()
    used: set[int] = set(Incident.objects.values_list("parties__person_id", flat=True).exclude(parties__person=None))
    made = 0
    for scenario in SCENARIOS:
        made += _play(scenario, schemes[scenario.scheme % len(schemes)], used, staff, today)
    # Larger scales add more early, supportive-only incidents (no letters, so they stay quick).
    for n in range(1, scale):
        for index, scheme in enumerate(schemes):
            template = SCENARIOS[0]
            extra = Scenario(
                scheme=index,
                kind=Incident.Kind.ASB,
                risk=Incident.Risk.LOW,
                description=f"{template.description} (demo {n}.{index})",
                steps=[replace(template.steps[0], days_ago=1 + (n + index) % 20)],
                review_in_days=(n + index) % 21 - 3,
            )
            made += _play(extra, scheme, used, staff, today)
    return (
        f"{Incident.objects.count()} incidents ({made} new), "
        f"{Letter.objects.filter(ladder_action__isnull=False).count()} warning letters"
    )
