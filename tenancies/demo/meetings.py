"""Demo house meetings (the last three months, one planned), their actions, and involvement records."""

from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from core.demo import demo_seeder

from ..models import HouseMeeting, Involvement, MeetingAction, Scheme
from ..services.meetings import residents_on

# (days ago, agenda, minutes, actions as (description, due days after the meeting, done?))
MEETINGS = [
    (
        75,
        "Welcome to new residents\nKitchen cleaning rota\nIdeas for the garden",
        "Everyone welcomed the two new residents. People said the kitchen is often left untidy late at night, "
        "so we agreed a new cleaning rota that starts next Monday. Several residents would like to grow "
        "vegetables in the back garden.",
        [
            ("Put the new kitchen cleaning rota on the noticeboard", 3, True),
            ("Ask the council's community garden project about raised beds and seeds", 21, True),
        ],
    ),
    (
        40,
        "Repairs update\nQuiet hours after 11pm\nChristmas and New Year plans",
        "Staff gave an update on repairs. The back-garden gate still does not latch, which worries some residents "
        "at night. Residents agreed to keep music low after 11pm and to talk to staff, not each other, if noise "
        "becomes a problem. There was support for a shared meal at New Year.",
        [
            ("Ask Northern Homes to fix the back-garden gate latch", 14, False),
            ("Share the out-of-hours repairs number with every resident", 7, True),
        ],
    ),
    (
        12,
        "Fire safety\nThe lounge Wi-Fi\nFeedback on the support sessions",
        "Residents asked for a short fire safety talk. The Wi-Fi in the lounge drops out in the evenings. People "
        "said the Wednesday drop-in support session is helpful and asked if it could run later in the day.",
        [
            ("Book a fire safety talk with West Yorkshire Fire and Rescue", 19, False),
            ("Report the lounge Wi-Fi problem to the internet provider", 16, False),
        ],
    ),
]
PLANNED_IN_DAYS = 18
PLANNED_AGENDA = "Update on the garden gate\nFire safety talk date\nAny other business"

INVOLVEMENT = [
    (
        Involvement.Kind.COMPLIMENT,
        50,
        "Thanked staff for helping with their PIP application and going with them to the assessment.",
    ),
    (
        Involvement.Kind.FEEDBACK,
        30,
        "Said the laundry room is hard to use when the machines are booked all weekend; asked for a booking sheet.",
    ),
    (Involvement.Kind.SUGGESTION, 20, "Suggested a Sunday cooking club so people can learn to cook on a budget."),
    (
        Involvement.Kind.PARTICIPATION,
        8,
        "Joined the residents' panel reviewing the house rules and gave thoughtful ideas about visitors at weekends.",
    ),
]


@demo_seeder(order=20)
def seed_meetings_and_involvement(scale: int) -> str:
    """Idempotent: a scheme that already has meetings or involvement records is left as it is."""
    today = timezone.localdate()
    worker = User.objects.filter(email="housing.worker@example.org").first()
    support = User.objects.filter(email="support.worker@example.org").first()
    manager = User.objects.filter(email="manager@example.org").first()
    owners = [user for user in (worker, manager) if user]
    meetings_made = involvement_made = 0
    for scheme_index, scheme in enumerate(Scheme.objects.all()):
        if owners and not HouseMeeting.objects.filter(scheme=scheme).exists():
            for days_ago, agenda, minutes, actions in MEETINGS:
                held_on = today - timedelta(days=days_ago)
                residents = list(residents_on(scheme, held_on).order_by("pk")[:5])
                meeting = HouseMeeting.objects.create(
                    scheme=scheme, held_on=held_on, agenda=agenda, minutes=minutes, recorded_by=worker
                )
                meeting.residents_present.set(residents[: 3 + days_ago % 3])
                meeting.staff_present.set([user for user in (worker, support) if user])
                for index, (description, due_after, done) in enumerate(actions):
                    due_on = held_on + timedelta(days=due_after)
                    MeetingAction.objects.create(
                        meeting=meeting,
                        description=description,
                        owner=owners[(scheme_index + index) % len(owners)],
                        due_on=due_on,
                        done_on=min(due_on, today) if done else None,
                    )
                meetings_made += 1
            HouseMeeting.objects.create(
                scheme=scheme,
                held_on=today + timedelta(days=PLANNED_IN_DAYS),
                agenda=PLANNED_AGENDA,
                recorded_by=worker,
            )
            meetings_made += 1
        if not Involvement.objects.filter(scheme=scheme).exists():
            residents = list(residents_on(scheme, today).order_by("pk")[:4])
            for index, (kind, days_ago, details) in enumerate(INVOLVEMENT):
                Involvement.objects.create(
                    scheme=scheme,
                    person=residents[index] if index < len(residents) and index != 1 else None,
                    kind=kind,
                    received_on=today - timedelta(days=days_ago),
                    details=details,
                    recorded_by=worker,
                )
                involvement_made += 1
    return (
        f"{HouseMeeting.objects.count()} house meetings ({meetings_made} new), "
        f"{Involvement.objects.count()} involvement records ({involvement_made} new)"
    )
