"""Duty clocks, s202 review windows and untriaged approaches on "My work": the officer's own cases."""

from datetime import timedelta

from django.utils import timezone

from core.mywork import DueItem, provider

from ..models import Case, Duty, MainDutyDecision
from ..rules import DUTY_CLOCK, REVIEW_REQUEST

HORIZON = timedelta(days=14)


@provider("casework.clocks")
def clocks(user) -> list[DueItem]:
    """Open prevention and relief duties on the user's cases that reach 56 days within two weeks or have passed it,
    and the user's cases still waiting for triage. Two queries."""
    today = timezone.localdate()
    duties = (
        Duty.objects.visible_to(user)
        .open()
        .clocked()
        .filter(
            case__officer=user,
            case__status=Case.Status.OPEN,
            started_on__lte=today + HORIZON - timedelta(days=DUTY_CLOCK.days),
        )
        .select_related("case__person")
    )
    items = [
        DueItem(
            title=f"{duty.case.person.name}: 56 days of the {duty.get_kind_display().split(' (')[0].lower()}",
            due=duty.day_56,
            url=f"{duty.case.get_absolute_url()}#duties",
            category="Duty clock",
            detail=f"Case {duty.case.reference}, duty started {duty.started_on:%-d %B %Y}",
        )
        for duty in duties
    ]
    pending = (
        Case.objects.visible_to(user)
        .open()
        .filter(officer=user, triage_outcome=Case.TriageOutcome.PENDING)
        .select_related("person")
    )
    items += [
        DueItem(
            title=f"{case.person.name}: triage the approach",
            due=case.approached_on,
            url=case.get_absolute_url(),
            category="Triage",
            detail=f"Case {case.reference}, approached us {case.approached_on:%-d %B %Y}",
        )
        for case in pending
    ]
    return items


@provider("casework.review_windows")
def review_windows(user) -> list[DueItem]:
    """Decisions on the user's open cases whose 21 days to ask for a s202 review are still running and no
    request is recorded, due on the last day they can ask. One query."""
    today = timezone.localdate()
    decisions = (
        MainDutyDecision.objects.visible_to(user)
        .filter(
            case__officer=user,
            case__status=Case.Status.OPEN,
            review_requested_on__isnull=True,
            letter_sent_on__gte=today - timedelta(days=REVIEW_REQUEST.days),
        )
        .select_related("case__person")
    )
    return [
        DueItem(
            title=f"{decision.case.person.name}: they can ask for a review (s202) until "
            f"{decision.review_deadline:%-d %B %Y}",
            due=decision.review_deadline,
            url=f"{decision.case.get_absolute_url()}#duties",
            category="Review window",
            detail=f"Case {decision.case.reference}, decision of {decision.decided_on:%-d %B %Y}, "
            f"letter dated {decision.letter_sent_on:%-d %B %Y}",
        )
        for decision in decisions
        if decision.review_window_open(today)
    ]
