"""Reminders for families in bed and breakfast: at 4 and 5 weeks of B&B nights in total under the
application, and when the six weeks are exceeded (SI 2003/3326 art 4(1)(b); `bed_and_breakfast_clock`)."""

from django.utils import timezone

from core.reminders import reminder_job
from core.services import Openable, notify

from ..models.placements import bed_and_breakfast_clock, families_in_bed_and_breakfast
from ..rules import BED_AND_BREAKFAST_REMINDERS
from .duties import _recipient

MILESTONES = tuple(rule.days for rule in BED_AND_BREAKFAST_REMINDERS)


@reminder_job("casework.bed_and_breakfast")
def bed_and_breakfast(now) -> int:
    """Tell the officer at 4 and 5 weeks of B&B nights, and the officer and team leader once the six
    weeks are exceeded; one message per case and milestone."""
    today = timezone.localdate(now)
    cases = list(families_in_bed_and_breakfast(today))
    openable = Openable(cases)
    sent = 0
    for case in cases:
        clock = bed_and_breakfast_clock(case.placements.all(), today)
        recipient = _recipient(case)
        if recipient is None:
            continue
        name = case.person.name
        if clock.in_breach(today):
            subject = f"{name}'s family has been in bed and breakfast for more than six weeks"
            body = (
                f"The household on case {case.reference} has had more than six weeks of bed and breakfast in "
                f"total (from the night of {clock.breach_from:%-d %B %Y}). B&B is not suitable for a family for "
                "longer than that. Move them to self-contained accommodation as soon as you can."
            )
            recipients = {recipient, case.team.leader} - {None}
            key = f"bnb-breach:{case.pk}:{clock.breach_from:%Y-%m-%d}"
        else:
            reached = [days for days in MILESTONES if clock.nights >= days]
            if not reached:
                continue
            weeks = reached[-1] // 7
            subject = f"{name}'s family: {weeks} weeks in bed and breakfast"
            body = (
                f"The household on case {case.reference} has had {clock.nights} nights of bed and breakfast in total. "
                f"The six weeks run out before the night of {clock.breach_from:%-d %B %Y}: find them "
                "self-contained accommodation before then."
            )
            recipients = {recipient}
            key = f"bnb-weeks:{case.pk}:{reached[-1]}"
        for person in sorted(recipients, key=lambda user: user.pk):
            if person.is_active:
                message = notify(
                    recipient=person,
                    about=case,
                    openable=openable,
                    key=f"{key}:{person.pk}",
                    subject=subject,
                    body=body,
                    url=f"{case.get_absolute_url()}#placements",
                )
                sent += message is not None
    return sent
