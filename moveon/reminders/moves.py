"""The six-month sustainment follow-up: the case's officer is told once when it falls due."""

from django.utils import timezone

from core.reminders import reminder_job
from core.services import Openable, notify

from ..models import Move


@reminder_job("moveon.sustainment_follow_up")
def sustainment_follow_up(now) -> int:
    today = timezone.localdate(now)
    moves = list(Move.objects.follow_up_due(today).select_related("case__person", "case__officer", "offer__home"))
    openable = Openable([move.case for move in moves])
    sent = 0
    for move in moves:
        officer = move.case.officer
        if officer is None or not officer.is_active:
            continue
        message = notify(
            recipient=officer,
            about=move.case,
            openable=openable,
            key=f"moveon-sustainment:{move.pk}:{officer.pk}",
            subject=f"{move.case.person.name}: six-month follow-up of their private rented move",
            body=(
                f"{move.case.person.name} moved into {move.offer.place} on {move.start_date:%-d %B %Y}. "
                f"Six months on, get in touch to check they are still there and whether they need any help, "
                "and record the follow-up."
            ),
            url=move.get_absolute_url(),
        )
        sent += message is not None
    return sent
