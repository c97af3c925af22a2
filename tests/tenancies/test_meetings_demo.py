"""Demo house meetings, involvement and complaints: realistic states, and idempotent."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from tenancies.models import Complaint, HouseMeeting, Involvement, MeetingAction
from tenancies.services.complaints import complaint_clocks

pytestmark = pytest.mark.django_db


def counts():
    return tuple(model.objects.count() for model in (HouseMeeting, MeetingAction, Involvement, Complaint))


def test_demo_meetings_and_complaints_cover_each_state_and_rerunning_adds_nothing():
    call_command("seed_demo", force=True)
    today = timezone.localdate()
    first = counts()
    assert all(first)
    assert HouseMeeting.objects.filter(held_on__gt=today).exists()  # a planned meeting
    assert HouseMeeting.objects.filter(held_on__gte=today.replace(day=1) - timezone.timedelta(days=92)).exists()
    assert MeetingAction.objects.overdue(today).exists()
    worker = User.objects.get(email="housing.worker@example.org")
    assert MeetingAction.objects.outstanding().filter(owner=worker, due_on__gte=today).exists()
    assert Involvement.objects.filter(kind="compliment").exists()

    clocks = [complaint_clocks(c) for c in Complaint.objects.all()]
    overdue_acknowledgement = [
        c for c in clocks if c.next and c.next.step == "acknowledge" and c.next.state(today) == "overdue"
    ]
    stage2_on_time = [c for c in clocks if c.get(2, "respond") and c.get(2, "respond").met]
    extended = [c for c in clocks if c.get(1, "respond").extended]
    assert overdue_acknowledgement
    assert stage2_on_time
    assert extended
    for c in stage2_on_time:
        assert c.complaint.stage2_handler != c.complaint.stage1_handler

    call_command("seed_demo", force=True)
    assert counts() == first
