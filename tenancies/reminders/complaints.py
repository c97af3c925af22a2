"""Reminders for the Complaint Handling Code's deadlines: two working days before, and on the day."""

from django.utils import timezone

from core.clocks import working_days_between
from core.reminders import reminder_job
from core.services import Openable, notify_about

from ..models import Complaint
from ..services.complaints import complaint_clocks, current_handler

WARN_WORKING_DAYS = 2


@reminder_job("tenancies.complaint_deadlines")
def complaint_deadlines(now) -> int:
    """Remind whoever handles each open complaint (or, if they have left or no longer cover its scheme, whoever
    logged it) of its next deadline.

    Once per complaint, deadline and due date ("soon" from two working days before, "due" on the
    day, or when first seen after it), so an extension brings fresh reminders for the new date.
    """
    today = timezone.localdate(now)
    sent = 0
    complaints = list(
        Complaint.objects.open().select_related("scheme", "stage1_handler", "stage2_handler", "recorded_by")
    )
    openable = Openable(complaints)
    for complaint in complaints:
        deadline = complaint_clocks(complaint).next
        if deadline is None:
            continue
        if today >= deadline.due:
            when = "due"
        elif working_days_between(today, deadline.due) <= WARN_WORKING_DAYS:
            when = "soon"
        else:
            continue
        candidates = (current_handler(complaint), complaint.recorded_by)
        recipient = next(
            (user for user in candidates if user is not None and user.is_active and openable(user, complaint)), None
        )
        if recipient is None:
            continue
        what = deadline.label.lower()
        if when == "soon":
            subject = f"Complaint {what} due {deadline.due:%-d %B}"
        elif today == deadline.due:
            subject = f"Complaint {what} due today"
        else:
            subject = f"Complaint {what} overdue (was due {deadline.due:%-d %B})"
        sent += notify_about(
            complaint,
            [recipient],
            key=f"complaint-deadline:{complaint.pk}:{deadline.key}:{deadline.due.isoformat()}:{when}",
            subject=subject,
            body=(
                f"The {what} for the complaint received on {complaint.received_on:%-d %B %Y} at "
                f"{complaint.scheme} is due by {deadline.due:%-d %B %Y} under the Complaint Handling Code."
            ),
            openable=openable,
        )
    return sent
