"""Reminders for house meeting actions that are past their due date."""

from django.utils import timezone

from core.reminders import reminder_job
from core.services import Openable, notify_about

from ..models import MeetingAction


@reminder_job("tenancies.meeting_actions_overdue")
def meeting_actions_overdue(now) -> int:
    """Tell each owner who can still open the meeting, once per action and due date (a new due date, a new reminder)."""
    today = timezone.localdate(now)
    sent = 0
    overdue = list(
        MeetingAction.objects.overdue(today).filter(owner__is_active=True).select_related("owner", "meeting__scheme")
    )
    openable = Openable(action.meeting for action in overdue)
    for action in overdue:
        meeting = action.meeting
        sent += notify_about(
            meeting,
            [action.owner],
            key=f"meeting-action-overdue:{action.pk}:{action.due_on.isoformat()}",
            subject=f"Overdue house meeting action: {action.description}"[:200],
            body=(
                f"This action from the house meeting at {meeting.scheme} on {meeting.held_on:%-d %B %Y} was due "
                f"on {action.due_on:%-d %B %Y}: {action.description}. Mark it done on the meeting page "
                "when it is finished."
            ),
            url=f"{meeting.get_absolute_url()}#actions",
            openable=openable,
        )
    return sent
