"""Agreements whose sign-up checklist is still not complete 7 days after they started."""

from datetime import timedelta

from django.utils import timezone

from accounts.models import Coverage
from core.reminders import reminder_job
from core.services import Openable, notify_about

from ..models import Agreement
from ..rules import CHECKLIST_GRACE


def checklist_overdue(on):
    return (
        Agreement.objects.checklist_incomplete()
        .filter(start_date__lte=on - timedelta(days=CHECKLIST_GRACE.amount))
        .select_related("person", "unit__property", "created_by")
    )


@reminder_job("tenancies.signup_checklists")
def remind_incomplete_checklists(now) -> int:
    today = timezone.localdate(now)
    agreements = list(checklist_overdue(today))
    scheme_ids = {agreement.unit.property.scheme_id for agreement in agreements}
    workers: dict[int, list] = {}
    for cover in (
        Coverage.objects.current()
        .filter(content_type__app_label="tenancies", content_type__model="scheme", object_id__in=scheme_ids)
        .select_related("user")
    ):
        workers.setdefault(cover.object_id, []).append(cover.user)
    openable = Openable(agreements)
    sent = 0
    for agreement in agreements:
        sent += notify_about(
            agreement,
            [*workers.get(agreement.unit.property.scheme_id, []), agreement.created_by],
            key=f"signup-checklist:{agreement.pk}",
            subject=f"Sign-up checklist not finished: {agreement.person}",
            body=f"{agreement.person} started at {agreement.unit} on {agreement.start_date:%-d %B %Y}. "
            "Some sign-up steps are still open.",
            openable=openable,
        )
    return sent
