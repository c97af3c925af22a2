"""Demo complaints at different points of the Complaint Handling Code's two stages."""

from datetime import date, timedelta

from django.utils import timezone

from accounts.models import User
from core.clocks import add_working_days, is_working_day
from core.demo import demo_seeder

from ..models import Complaint, Scheme
from ..services.complaints import complaint_clocks
from ..services.meetings import residents_on


def _working_days_before(day: date, count: int) -> date:
    while count:
        day -= timedelta(days=1)
        count -= is_working_day(day)
    return day


def _overdue_acknowledgement(today, worker, manager):
    """Received 7 working days ago and not yet acknowledged: the acknowledgement is overdue."""
    return {
        "summary": "The shower in the shared bathroom has been broken for two weeks. I reported it twice and "
        "nobody has told me when it will be fixed.",
        "received_on": _working_days_before(today, 7),
        "stage1_handler": worker,
    }


def _stage2_answered_on_time(today, worker, manager):
    """Through both stages, every deadline met, then closed."""
    received = _working_days_before(today, 45)
    acknowledged = add_working_days(received, 2)
    responded = add_working_days(acknowledged, 8)
    escalated = add_working_days(responded, 3)
    acknowledged2 = add_working_days(escalated, 2)
    responded2 = add_working_days(acknowledged2, 15)
    return {
        "summary": "My neighbour's visitors are noisy late at night and staff did not do anything when I asked "
        "for help.",
        "received_on": received,
        "stage1_handler": worker,
        "stage1_acknowledged_on": acknowledged,
        "stage1_responded_on": responded,
        "stage1_response": "We are sorry this has been so hard. We have spoken with your neighbour about visitors "
        "after 11pm and agreed a plan with them. Please tell us straight away if it happens again.",
        "stage": Complaint.Stage.TWO,
        "escalated_on": escalated,
        "stage2_handler": manager,
        "stage2_acknowledged_on": acknowledged2,
        "stage2_responded_on": responded2,
        "stage2_response": "I have looked again at how we handled this. Staff should have acted sooner when you "
        "first asked. We have offered you £50 for the upset caused, and the team now checks in with you each "
        "week. If you are still unhappy you can contact the Housing Ombudsman.",
        "closed_on": min(add_working_days(responded2, 1), today),
    }


def _extended(today, worker, manager):
    """Acknowledged, then the response date extended (with a reason) while waiting for a contractor."""
    received = _working_days_before(today, 11)
    acknowledged = add_working_days(received, 1)
    return {
        "summary": "Damp and black mould on my bedroom wall. It is getting worse and I am worried about my health.",
        "received_on": received,
        "stage1_handler": worker,
        "stage1_acknowledged_on": acknowledged,
        "stage1_extension_reason": "The damp survey by Northern Homes' contractor is booked for next week. We need "
        "its findings to answer properly. We have told the resident the new date and given them the Housing "
        "Ombudsman's details.",
        "_extend_by": 7,
    }


def _answered_and_closed(today, worker, manager):
    received = _working_days_before(today, 20)
    acknowledged = add_working_days(received, 1)
    responded = add_working_days(acknowledged, 6)
    return {
        "summary": "I was charged for a replacement key fob that I never lost.",
        "received_on": received,
        "stage1_handler": worker,
        "stage1_acknowledged_on": acknowledged,
        "stage1_responded_on": responded,
        "stage1_response": "You are right: the fob was logged against the wrong room. We have removed the charge "
        "and are sorry for the worry this caused.",
        "closed_on": add_working_days(responded, 1),
    }


PATTERNS = [_overdue_acknowledgement, _stage2_answered_on_time, _extended, _answered_and_closed]


@demo_seeder(order=20)
def seed_complaints(scale: int) -> str:
    """Two complaints per scheme, rotating through the patterns above; idempotent on scheme and summary."""
    today = timezone.localdate()
    worker = User.objects.filter(email="housing.worker@example.org").first()
    manager = User.objects.filter(email="manager@example.org").first()
    made = 0
    for index, scheme in enumerate(Scheme.objects.all()):
        residents = list(residents_on(scheme, today).order_by("-pk")[:2])
        for offset, pattern in enumerate((PATTERNS[index % 4], PATTERNS[(index + 1) % 4])):
            fields = pattern(today, worker, manager)
            extend_by = fields.pop("_extend_by", None)
            person = residents[offset] if offset < len(residents) else None
            complaint, created = Complaint.objects.get_or_create(
                scheme=scheme,
                summary=fields.pop("summary"),
                defaults={
                    **fields,
                    "person": person,
                    "complainant_name": "" if person else "A resident's sister",
                    "recorded_by": worker,
                },
            )
            if created and extend_by:
                original = complaint_clocks(complaint).current_response.original_due
                complaint.stage1_extended_to = add_working_days(original, extend_by)
                complaint.save(update_fields=["stage1_extended_to"])
            made += created
    return f"{Complaint.objects.count()} complaints ({made} new)"
