"""Reminder job: incident reviews that are due.

Review dates drive the incident's follow-up: on the review date (or after, until someone acts)
the worker who recorded it and the housing workers covering the scheme get one reminder per
incident per review date. Setting a new review date starts a new reminder.
"""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import dateformat, timezone

from accounts import roles
from accounts.models import Coverage
from core.reminders import reminder_job
from core.services import Openable, notify_about

from ..models import Incident, Scheme


def _covering_housing_workers(scheme_ids) -> dict[int, list]:
    """Housing workers covering each scheme today, in one query."""
    coverage = (
        Coverage.objects.current()
        .filter(
            content_type=ContentType.objects.get_for_model(Scheme),
            object_id__in=scheme_ids,
            user__is_active=True,
            user__groups__name=roles.HOUSING_WORKER,
        )
        .select_related("user")
    )
    covering: dict[int, list] = defaultdict(list)
    for cover in coverage:
        covering[cover.object_id].append(cover.user)
    return covering


@reminder_job("tenancies.incident_reviews")
def incident_reviews_due(now) -> int:
    today = timezone.localdate(now)
    due = list(Incident.objects.review_due(today).select_related("scheme", "recorded_by").order_by("review_on", "pk"))
    covering = _covering_housing_workers({incident.scheme_id for incident in due})
    openable = Openable(due)
    sent = 0
    for incident in due:
        when = dateformat.format(incident.review_on, "j F Y")
        # The recorder too, but only while they can still open it (not a scheme they have left).
        sent += notify_about(
            incident,
            [*covering[incident.scheme_id], incident.recorded_by],
            key=f"incident-review:{incident.pk}:{incident.review_on.isoformat()}",
            subject=f"Incident review due: {incident.get_kind_display().lower()} at {incident.scheme}",
            # No names or details: this may go by email.
            body=f"The incident at {incident.scheme} on {dateformat.format(incident.occurred_on, 'j F Y')} "
            f"is due for review on {when}. Open it in Hearth to review how things are going and set "
            "the next review date, or close it.",
            url=reverse("tenancies:incident_detail", args=[incident.pk]),
            openable=openable,
        )
    return sent
