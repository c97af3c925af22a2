"""Reminders for the duty clocks (56 days) and the s202 review windows."""

from datetime import timedelta

from django.utils import timezone

from core.reminders import reminder_job
from core.services import Openable, notify

from ..models import Case, Duty, MainDutyDecision
from ..rules import (
    DUTY_CLOCK,
    DUTY_REMINDERS,
    REVIEW_DECISION,
    REVIEW_DECISION_REMINDER,
    REVIEW_REQUEST,
    REVIEW_REQUEST_WARNING,
)

REMINDER_DAYS = tuple(rule.days for rule in DUTY_REMINDERS)


def _recipient(case: Case):
    """The case officer; for an unassigned case (or an officer who has left), the team leader."""
    if case.officer is not None and case.officer.is_active:
        return case.officer
    leader = case.team.leader
    return leader if leader is not None and leader.is_active else None


def _milestone(duty: Duty, today) -> int | None:
    """The latest clock milestone reached (days since the duty began: 42, 49, 56), so a job that catches up
    after a gap sends only the one that matters now."""
    elapsed = (today - duty.started_on).days
    reached = [day for day in REMINDER_DAYS if elapsed >= day]
    return reached[-1] if reached else None


@reminder_job("casework.duty_clocks")
def duty_clocks(now) -> int:
    """Tell the officer 14 and 7 days before the 56-day point of a prevention or relief duty, and on it."""
    today = timezone.localdate(now)
    earliest_start = today - timedelta(days=REMINDER_DAYS[0])
    duties = (
        Duty.objects.open()
        .clocked()
        .filter(case__status=Case.Status.OPEN, started_on__lte=earliest_start)
        .select_related("case__person", "case__officer", "case__team__leader")
    )
    duties = list(duties)
    openable = Openable(duty.case for duty in duties)
    sent = 0
    for duty in duties:
        milestone = _milestone(duty, today)
        recipient = _recipient(duty.case)
        if milestone is None or recipient is None:
            continue
        case, day_56 = duty.case, duty.day_56
        kind = duty.get_kind_display().split(" (")[0].lower()
        if milestone == DUTY_CLOCK.days:
            subject = f"The {kind} for {case.person.name} reached 56 days"
            body = (
                f"The 56 days of the {kind} on case {case.reference} were up on {day_56:%-d %B %Y}. "
                "Review the case with them: what has been tried, what happens next, and whether the duty ends now "
                "or continues (for example while a valid notice is still running)."
            )
        else:
            # The date, not "n days left": a message read days later (or sent after a gap) stays true.
            subject = f"The {kind} for {case.person.name} reaches its 56-day point on {day_56:%-d %B %Y}"
            body = (
                f"The {kind} on case {case.reference} reaches 56 days on {day_56:%-d %B %Y}. "
                "Check the personalised housing plan and what is still needed before then."
            )
        sent += (
            notify(
                recipient=recipient,
                about=case,
                openable=openable,
                key=f"duty-clock:{duty.pk}:{milestone}",
                subject=subject[:200],
                body=body,
                url=f"{case.get_absolute_url()}#duties",
            )
            is not None
        )
    return sent


@reminder_job("casework.review_window")
def review_window(now) -> int:
    """Tell the officer when the 21 days to ask for a s202 review end within 3 days and no request is recorded,
    and on day 49 of a requested review, a week before it must be decided."""
    today = timezone.localdate(now)
    sent = 0
    closing = (
        MainDutyDecision.objects.filter(
            review_requested_on__isnull=True,
            letter_sent_on__lte=today - timedelta(days=REVIEW_REQUEST.days - REVIEW_REQUEST_WARNING.days),
            letter_sent_on__gte=today - timedelta(days=REVIEW_REQUEST.days),
        )
        .exclude(case__status=Case.Status.CLOSED)
        .select_related("case__person", "case__officer", "case__team__leader")
    )
    closing = list(closing)
    openable = Openable(decision.case for decision in closing)
    for decision in closing:
        recipient = _recipient(decision.case)
        if recipient is None:
            continue
        case = decision.case
        sent += (
            notify(
                recipient=recipient,
                about=case,
                openable=openable,
                key=f"review-window:{decision.pk}",
                subject=f"The time to ask for a review ends soon for {case.person.name}",
                body=(
                    f"{case.person.name} can ask for a review of the decision of {decision.decided_on:%-d %B %Y} "
                    f"until {decision.review_deadline:%-d %B %Y}. If they want one, help them ask in time."
                ),
                url=f"{case.get_absolute_url()}#duties",
            )
            is not None
        )
    requested = MainDutyDecision.objects.filter(
        review_requested_on__lte=today - timedelta(days=REVIEW_DECISION_REMINDER.days),
        review_decided_on__isnull=True,
        review_requested_on__gt=today - timedelta(days=REVIEW_DECISION.days),
    ).select_related("case__person", "case__officer", "case__team__leader")
    requested = list(requested)
    openable = Openable(decision.case for decision in requested)
    for decision in requested:
        recipient = _recipient(decision.case)
        if recipient is None:
            continue
        case = decision.case
        due = decision.review_due
        sent += (
            notify(
                recipient=recipient,
                about=case,
                openable=openable,
                key=f"review-decision:{decision.pk}",
                subject=f"The review for {case.person.name} must be decided by {due:%-d %B %Y}",
                body=(
                    f"{case.person.name} asked on {decision.review_requested_on:%-d %B %Y} for a review of the "
                    f"decision on case {case.reference}. The review must be decided and they must be told by "
                    f"{due:%-d %B %Y}, unless they agreed to a longer time."
                ),
                url=f"{case.get_absolute_url()}#duties",
            )
            is not None
        )
    return sent
