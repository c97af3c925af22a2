"""Reminder jobs for repairs: targets nearing and missed, Awaab's Law clocks, voids past their
turnaround target and budgets nearly or fully used.

Each job sends once per record and due time (a stable key), so re-running sends nothing twice.
Recipients are as in tenancies: the housing workers covering the scheme and their managers (their
team's leader), and only those who can open the record (`notify_about` checks its `visible_to`).
Times in messages are London dates and times ("by 3 December 2026, 14:30"), never "N days left".
"""

from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Q
from django.utils import dateformat, timezone

from accounts import roles
from accounts.models import Coverage, User
from core.clocks import LONDON, working_days_between
from core.reminders import reminder_job
from core.services import Openable, notify_about
from tenancies.models import Scheme

from ..models import HazardClock, Repair, RepairsBudget, Void
from ..rules import BUDGET_WARNING_SHARE, VOID_TURNAROUND_TARGET

NEARING = timedelta(hours=24)
NEARING_EMERGENCY = timedelta(hours=4)
EMERGENCY_CLOCK_WARNING = timedelta(hours=6)
WORKING_DAY_CLOCK_WARNING_DAYS = 1
# No clock more than a week away is within one working day, even across Christmas or Easter.
CLOCK_HORIZON = timedelta(days=7)


def when(moment) -> str:
    """A London date and time: "3 December 2026, 14:30"."""
    return dateformat.format(timezone.localtime(moment, LONDON), "j F Y, H:i")


def scheme_staff(scheme_ids) -> dict[int, list]:
    """The active housing workers covering each scheme today, and their team leaders, in one query."""
    coverage = (
        Coverage.objects.current()
        .filter(
            content_type=ContentType.objects.get_for_model(Scheme),
            object_id__in=set(scheme_ids),
            user__is_active=True,
            user__groups__name=roles.HOUSING_WORKER,
        )
        .select_related("user__team__leader")
    )
    staff: dict[int, list] = defaultdict(list)
    for cover in coverage:
        staff[cover.object_id].append(cover.user)
        leader = cover.user.team.leader if cover.user.team_id else None
        if leader is not None and leader.is_active:
            staff[cover.object_id].append(leader)
    return staff


def _notify_each(records, recipients_for, message_for) -> int:
    """Tell each record's `recipients_for(record)` its `message_for(record)` (key, subject, body),
    with one `Openable` for the whole run; returns how many were newly told."""
    records = list(records)
    openable = Openable(records)
    sent = 0
    for record in records:
        key, subject, body = message_for(record)
        sent += notify_about(record, recipients_for(record), key=key, subject=subject, body=body, openable=openable)
    return sent


@reminder_job("repairs-nearing-target")
def repairs_nearing_target(now) -> int:
    """Open repairs due within 24 hours (emergency priority: within 4 hours), once per repair and target."""
    repairs = [
        repair
        for repair in Repair.objects.due_within(NEARING, at=now).select_related("scheme", "priority", "unit")
        if not repair.priority.is_emergency or repair.target_due_at < now + NEARING_EMERGENCY
    ]
    staff = scheme_staff(repair.scheme_id for repair in repairs)

    def message(repair):
        return (
            f"repair-nearing-target:{repair.pk}:{repair.target_due_at.isoformat()}",
            f"Repair {repair.reference} due by {when(repair.target_due_at)}",
            f"The {repair.priority.name.lower()} repair {repair.reference} ({repair.get_category_display()}) "
            f"at {repair.scheme} must be completed by {when(repair.target_due_at)}.",
        )

    return _notify_each(repairs, lambda repair: staff[repair.scheme_id], message)


@reminder_job("repairs-past-target")
def repairs_past_target(now) -> int:
    """Open repairs past their target, once per repair and target."""
    repairs = list(Repair.objects.overdue(at=now).select_related("scheme", "priority"))
    staff = scheme_staff(repair.scheme_id for repair in repairs)

    def message(repair):
        return (
            f"repair-past-target:{repair.pk}:{repair.target_due_at.isoformat()}",
            f"Repair {repair.reference} missed its target ({when(repair.target_due_at)})",
            f"The {repair.priority.name.lower()} repair {repair.reference} ({repair.get_category_display()}) "
            f"at {repair.scheme} was due by {when(repair.target_due_at)} and is still open.",
        )

    return _notify_each(repairs, lambda repair: staff[repair.scheme_id], message)


def _clock_is_near(clock: HazardClock, now) -> bool:
    if clock.step == HazardClock.Step.EMERGENCY_ACTION:
        return clock.due_at < now + EMERGENCY_CLOCK_WARNING
    today = timezone.localdate(now)
    due_day = timezone.localtime(clock.due_at, LONDON).date()
    return working_days_between(today, due_day) <= WORKING_DAY_CLOCK_WARNING_DAYS


@reminder_job("repairs-hazard-clocks")
def hazard_clocks(now) -> int:
    """Running Awaab's Law clocks nearing their deadline (the 24-hour emergency clock from 6 hours
    before, working-day clocks from 1 working day before) and once missed.

    Beat runs this job every 15 minutes as well as hourly, so the emergency warning is on time."""
    clocks = list(
        HazardClock.objects.running()
        .filter(due_at__lt=now + CLOCK_HORIZON)
        .select_related("hazard__repair__scheme")
        .order_by("due_at", "pk")
    )
    due = [clock for clock in clocks if clock.due_at <= now or _clock_is_near(clock, now)]
    staff = scheme_staff(clock.hazard.repair.scheme_id for clock in due)

    def message(clock):
        repair = clock.hazard.repair
        step = clock.get_step_display()
        state = "past" if clock.due_at <= now else "near"
        if state == "near":
            subject = f"Awaab's Law: {step.lower()} by {when(clock.due_at)} ({repair.reference})"
            body = (
                f"For the {clock.hazard.get_kind_display().lower()} on repair {repair.reference} at {repair.scheme}: "
                f"{step.lower()} by {when(clock.due_at)}."
            )
        else:
            subject = f"Awaab's Law deadline missed: {step.lower()} ({repair.reference})"
            body = (
                f"For the {clock.hazard.get_kind_display().lower()} on repair {repair.reference} at {repair.scheme}: "
                f"{step.lower()} was due by {when(clock.due_at)}. Record what was done, or why it could not be, "
                "on the repair's page."
            )
        return f"hazard-clock:{clock.pk}:{clock.due_at.isoformat()}:{state}", subject[:200], body

    return _notify_each(due, lambda clock: staff[clock.hazard.repair.scheme_id], message)


@reminder_job("repairs-voids-past-target")
def voids_past_target(now) -> int:
    """Open voids past their turnaround target (by kind), once per void and target date."""
    today = timezone.localdate(now)
    late = Q()
    for kind, rule in VOID_TURNAROUND_TARGET.items():
        late |= Q(kind=kind, started_on__lt=today - timedelta(days=rule.days))
    voids = list(Void.objects.open().filter(late).select_related("unit__property__scheme"))
    staff = scheme_staff(void.unit.property.scheme_id for void in voids)

    def message(void):
        target = VOID_TURNAROUND_TARGET[void.kind].due(void.started_on)
        return (
            f"void-past-target:{void.pk}:{target.isoformat()}",
            f"Void past its turnaround target: {void.unit}"[:200],
            f"{void.unit} has been empty since {dateformat.format(void.started_on, 'j F Y')}. As a "
            f"{void.get_kind_display().lower()} it was due to be let by {dateformat.format(target, 'j F Y')}.",
        )

    return _notify_each(voids, lambda void: staff[void.unit.property.scheme_id], message)


def _budget_managers():
    """Active users who may approve over-budget spending (by role or directly)."""
    perm = Permission.objects.get(content_type__app_label="repairs", codename="approve_over_budget")
    return list(
        User.objects.filter(is_active=True).filter(Q(groups__permissions=perm) | Q(user_permissions=perm)).distinct()
    )


@reminder_job("repairs-budget-thresholds")
def budget_thresholds(now) -> int:
    """Budgets whose committed and spent money has reached BUDGET_WARNING_SHARE% or 100% of the amount:
    the highest threshold reached, once per budget and threshold, to managers who can see the scheme."""
    warning = Decimal(BUDGET_WARNING_SHARE) / 100
    budgets = list(
        RepairsBudget.objects.filter(amount__gt=0, committed__gte=F("amount") * warning - F("spent")).select_related(
            "scheme", "budget_code"
        )
    )
    if not budgets:
        return 0
    managers = _budget_managers()

    def message(budget):
        used = budget.committed + budget.spent
        threshold = 100 if used >= budget.amount else BUDGET_WARNING_SHARE
        share = int(used * 100 / budget.amount)
        return (
            f"repairs-budget:{budget.pk}:{threshold}",
            f"Repairs budget {budget} is {share}% committed or spent"[:200],
            f"The {budget.budget_code.name} budget for {budget.scheme} ({budget.financial_year}/"
            f"{(budget.financial_year + 1) % 100:02d}) is £{budget.amount:,.2f}; £{used:,.2f} is committed "
            f"or spent, £{budget.remaining:,.2f} remains.",
        )

    return _notify_each(budgets, lambda budget: managers, message)
