"""House meeting actions on "My work": the user's own, due within two weeks or overdue."""

from datetime import timedelta

from django.utils import timezone

from core.mywork import DueItem, provider

from ..models import MeetingAction

HORIZON = timedelta(days=14)


@provider("tenancies.meeting_actions")
def meeting_actions(user) -> list[DueItem]:
    today = timezone.localdate()
    actions = (
        MeetingAction.objects.visible_to(user)
        .outstanding()
        .filter(owner=user, due_on__lte=today + HORIZON)
        .select_related("meeting__scheme")
    )
    return [
        DueItem(
            title=action.description,
            due=action.due_on,
            url=f"{action.meeting.get_absolute_url()}#actions",
            category="House meeting action",
            detail=f"{action.meeting.scheme}, meeting on {action.meeting.held_on:%-d %B %Y}",
        )
        for action in actions
    ]
