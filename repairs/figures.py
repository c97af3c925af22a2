"""Read-only repairs figures for the managers' dashboards: a fixed number of queries each.

* RP02 (`repairs_within_target`): the Regulator of Social Housing's tenant satisfaction measure
  "Proportion of non-emergency and emergency responsive repairs completed within the landlord's
  target timescale", reported separately for (1) non-emergency and (2) emergency repairs (TSM
  Technical Requirements; /work/shared/reference/statutory-notes.md, section 2.8 "Tenant
  Satisfaction Measures"). A repair counts in the period it was *completed* in, against the target
  fixed when it was reported (`Repair.target_priority`, `Repair.completed_within_target`).
* `repair_times`: average time to complete, and recalls (repairs that came back, `recall_of`).
* `hazard_clocks_met`: Awaab's Law clocks due in the period, met on time or missed, by step.
* `void_turnaround`: voids let in the period and their average turnaround, standard and major works
  apart, and the rent lost to voids during the period.
* `budget_position`: repairs budgets' amount, committed, spent and remaining.

Every function takes a queryset (all rows when None) and, where it has one, the period as two London
dates with both days included: an instant is in the period when its London date is, so 00:30 on
1 April in London (23:30 UTC on 31 March in summer time) is April's. Counts are ints, money and days
Decimals; percentages are Decimals rounded half-up to 1 place, None when there is nothing to divide by.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, Greatest, Least, TruncDate
from django.utils import timezone

from core.clocks import LONDON

from .models import HazardClock, Repair, RepairsBudget, Void

ONE_PLACE = Decimal("0.1")
PENNY = Decimal("0.01")
ZERO = Decimal("0.00")
HUNDRED = Decimal("100")
DAY = timedelta(days=1)


def _percentage(count, base) -> Decimal | None:
    if not base:
        return None
    return (Decimal(count) * HUNDRED / Decimal(base)).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def _days(duration: timedelta | None) -> Decimal | None:
    """A duration as days, to 1 place (None for no duration: nothing to average)."""
    if duration is None:
        return None
    micro = Decimal(duration // timedelta(microseconds=1))
    return (micro / Decimal(86_400_000_000)).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def _pennies(value) -> Decimal:
    # SQLite sums decimals as floats; round back to pennies.
    return Decimal(str(value or 0)).quantize(PENNY, rounding=ROUND_HALF_UP)


def _instants(field: str, start: date, end: date) -> Q:
    """`field` (a DateTimeField) falls on a London date from `start` to `end`, both included. A range
    of instants rather than `__date`, so it does not depend on the connection's time zone and can use
    an index."""
    return Q(
        **{
            f"{field}__gte": datetime.combine(start, time.min, tzinfo=LONDON),
            f"{field}__lt": datetime.combine(end + DAY, time.min, tzinfo=LONDON),
        }
    )


def _between(later: str, earlier: str) -> ExpressionWrapper:
    return ExpressionWrapper(F(later) - F(earlier), output_field=DurationField())


# RP02 ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WithinTarget:
    completed: int
    within_target: int

    @property
    def percentage(self) -> Decimal | None:
        """Completed within target as a percentage of completed; None when none were completed."""
        return _percentage(self.within_target, self.completed)


@dataclass(frozen=True)
class RepairsWithinTarget:
    start: date
    end: date
    emergency: WithinTarget
    non_emergency: WithinTarget


def repairs_within_target(repairs: QuerySet[Repair] | None, start: date, end: date) -> RepairsWithinTarget:
    """TSM RP02 (Regulator of Social Housing, Tenant Satisfaction Measures Technical Requirements;
    see /work/shared/reference/statutory-notes.md, section 2.8): "Proportion of non-emergency and
    emergency responsive repairs completed within the landlord's target timescale", reported
    separately for non-emergency and emergency repairs.

    Counts repairs completed in the period (by the London date of `completed_at`). Emergency or not
    is the priority the target was set from (`target_priority.is_emergency`), and within target is
    `completed_within_target`, fixed at completion: a later change of priority moves neither. One query.
    """
    repairs = Repair.objects.all() if repairs is None else repairs
    emergency = Q(target_priority__is_emergency=True)
    within = Q(completed_within_target=True)
    row = repairs.filter(_instants("completed_at", start, end)).aggregate(
        emergency=Count("pk", filter=emergency),
        emergency_within=Count("pk", filter=emergency & within),
        other=Count("pk", filter=~emergency),
        other_within=Count("pk", filter=~emergency & within),
    )
    return RepairsWithinTarget(
        start=start,
        end=end,
        emergency=WithinTarget(completed=row["emergency"], within_target=row["emergency_within"]),
        non_emergency=WithinTarget(completed=row["other"], within_target=row["other_within"]),
    )


# Times to complete and recalls ---------------------------------------------------------------


@dataclass(frozen=True)
class RepairTimes:
    start: date
    end: date
    completed: int
    average_days: Decimal | None
    reported: int
    recalls: int

    @property
    def recall_share(self) -> Decimal | None:
        """Recalls as a percentage of the repairs reported in the period; None when none were."""
        return _percentage(self.recalls, self.reported)


def repair_times(repairs: QuerySet[Repair] | None, start: date, end: date) -> RepairTimes:
    """Of the repairs completed in the period (London date of `completed_at`): how many, and the
    average time from report to completion (`completed_at - reported_at`) in days, to 1 place (None
    when none were completed).

    Of the repairs reported in the period (London date of `reported_at`), not cancelled: how many, and
    how many were recalls (`recall_of` set: the same fault back within 30 days of the last repair).
    A cancelled report was not a repair, so it is in neither count. One query."""
    repairs = Repair.objects.all() if repairs is None else repairs
    completed = _instants("completed_at", start, end)
    reported = _instants("reported_at", start, end) & ~Q(status=Repair.Status.CANCELLED)
    row = repairs.filter(completed | reported).aggregate(
        completed=Count("pk", filter=completed),
        average=Avg(_between("completed_at", "reported_at"), filter=completed),
        reported=Count("pk", filter=reported),
        recalls=Count("pk", filter=reported & Q(recall_of__isnull=False)),
    )
    return RepairTimes(
        start=start,
        end=end,
        completed=row["completed"],
        average_days=_days(row["average"]),
        reported=row["reported"],
        recalls=row["recalls"],
    )


# Awaab's Law clocks --------------------------------------------------------------------------


@dataclass(frozen=True)
class ClocksMet:
    """Clocks due in the period: met on time, met late, still running past due (overdue), stopped
    (no longer applying: decant, no hazard found) and still running but not yet due."""

    step: str  # a HazardClock.Step value, or "" for all steps together
    due: int
    met: int
    met_late: int
    overdue: int
    stopped: int

    @property
    def missed(self) -> int:
        return self.met_late + self.overdue

    @property
    def running(self) -> int:
        """Not met, not stopped and not yet past due."""
        return self.due - self.met - self.met_late - self.overdue - self.stopped

    @property
    def percentage(self) -> Decimal | None:
        """Met on time as a percentage of those met or missed; None when none were."""
        return _percentage(self.met, self.met + self.missed)

    @property
    def label(self) -> str:
        return HazardClock.Step(self.step).label if self.step else "All steps"


@dataclass(frozen=True)
class HazardClocksMet:
    start: date
    end: date
    at: datetime
    by_step: tuple[ClocksMet, ...]  # every step, in HazardClock.Step order, even with nothing due
    total: ClocksMet

    def step(self, step: str) -> ClocksMet:
        return next(row for row in self.by_step if row.step == step)


def hazard_clocks_met(
    clocks: QuerySet[HazardClock] | None, start: date, end: date, *, at: datetime | None = None
) -> HazardClocksMet:
    """Awaab's Law clocks (`HazardClock`) due in the period (London date of `due_at`), by step: met on
    time (`met_at <= due_at`), missed (met late, or still running past due at `at`, now by default).
    A stopped clock is neither. One grouped query."""
    at = at or timezone.now()
    clocks = HazardClock.objects.all() if clocks is None else clocks
    met = Q(met_at__isnull=False)
    running = Q(met_at__isnull=True, stopped_at__isnull=True)
    rows = (
        clocks.filter(_instants("due_at", start, end))
        .order_by()
        .values("step")
        .annotate(
            due=Count("pk"),
            met=Count("pk", filter=met & Q(met_at__lte=F("due_at"))),
            met_late=Count("pk", filter=met & Q(met_at__gt=F("due_at"))),
            overdue=Count("pk", filter=running & Q(due_at__lt=at)),
            stopped=Count("pk", filter=Q(met_at__isnull=True, stopped_at__isnull=False)),
        )
    )
    counts = {row.pop("step"): row for row in rows}
    zero = {"due": 0, "met": 0, "met_late": 0, "overdue": 0, "stopped": 0}
    by_step = tuple(ClocksMet(step=step.value, **counts.get(step.value, zero)) for step in HazardClock.Step)
    total = ClocksMet(step="", **{name: sum(getattr(row, name) for row in by_step) for name in zero})
    return HazardClocksMet(start=start, end=end, at=at, by_step=by_step, total=total)


# Voids ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Turnaround:
    let: int
    average_days: Decimal | None


@dataclass(frozen=True)
class VoidTurnaround:
    start: date
    end: date
    standard: Turnaround
    major_works: Turnaround
    all: Turnaround
    loss: Decimal


def void_loss(voids: QuerySet[Void] | None, start: date, end: date, *, today: date | None = None) -> Decimal:
    """The rent and service charge lost to voids during the period: for each void overlapping it, the
    weekly charge times the void's days within the period, over 7, totalled and rounded once to pennies.

    A void's days run as `Void.days_void` counts them: from `started_on` up to, not including, the day
    it was let (`let_on`, the new agreement's first day), closed (London date of `closed_at`) or, while
    open, `today`. So a void wholly inside the period loses here what `Void.loss` says it does.

    The days within the period are worked out in the database; the multiplication is not, because the
    ORM has no portable whole-days difference of two dates (PostgreSQL gives an interval, SQLite
    microseconds, and `Extract` from a duration needs PostgreSQL), and SQLite would sum the Decimals
    as floats. So one query fetches (weekly charge, days) for just the voids overlapping the period:
    a unit has few voids and at most one or two in any period, so this is bounded by the stock, not by
    history."""
    voids = Void.objects.all() if voids is None else voids
    today = today or timezone.localdate()
    void_end = Coalesce(F("let_on"), TruncDate("closed_at", tzinfo=LONDON), Value(today))
    pairs = (
        voids.filter(started_on__lte=end)
        .annotate(
            loss_from=Greatest(F("started_on"), Value(start)),
            loss_to=Least(void_end, Value(end + DAY)),
        )
        .filter(loss_to__gt=F("loss_from"))
        .order_by()
        .values_list("weekly_charge", _between("loss_to", "loss_from"))
    )
    total = sum((Decimal(charge) * duration.days for charge, duration in pairs), ZERO)
    return (total / 7).quantize(PENNY, rounding=ROUND_HALF_UP)


def void_turnaround(
    voids: QuerySet[Void] | None, start: date, end: date, *, today: date | None = None
) -> VoidTurnaround:
    """Voids let in the period (`let_on` from `start` to `end`), standard and major works apart (`kind`)
    and together: how many, and the average calendar days from `started_on` to `let_on`, to 1 place
    (None when none were let). With `void_loss` for the period. Two queries."""
    voids = Void.objects.all() if voids is None else voids
    standard = Q(kind=Void.Kind.STANDARD)
    major = Q(kind=Void.Kind.MAJOR_WORKS)
    days = _between("let_on", "started_on")
    row = voids.filter(let_on__gte=start, let_on__lte=end).aggregate(
        standard=Count("pk", filter=standard),
        standard_days=Avg(days, filter=standard),
        major=Count("pk", filter=major),
        major_days=Avg(days, filter=major),
        all=Count("pk"),
        all_days=Avg(days),
    )
    return VoidTurnaround(
        start=start,
        end=end,
        standard=Turnaround(let=row["standard"], average_days=_days(row["standard_days"])),
        major_works=Turnaround(let=row["major"], average_days=_days(row["major_days"])),
        all=Turnaround(let=row["all"], average_days=_days(row["all_days"])),
        loss=void_loss(voids, start, end, today=today),
    )


# Budgets -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BudgetPosition:
    amount: Decimal
    committed: Decimal
    spent: Decimal

    @property
    def remaining(self) -> Decimal:
        """As `RepairsBudget.remaining`: the amount less what is committed and spent (negative when over)."""
        return self.amount - self.committed - self.spent

    @property
    def percentage_used(self) -> Decimal | None:
        """Committed and spent together as a percentage of the amount; None when the amount is nothing."""
        return _percentage(self.committed + self.spent, self.amount)

    @property
    def percentage_spent(self) -> Decimal | None:
        return _percentage(self.spent, self.amount)


def budget_position(budgets: QuerySet[RepairsBudget] | None = None) -> BudgetPosition:
    """The budgets' totals (filter the queryset to a financial year, scheme or code). `committed` is
    open orders' estimates and `spent` completed costs, both kept on the budget rows. One query."""
    budgets = RepairsBudget.objects.all() if budgets is None else budgets
    row = budgets.order_by().aggregate(amount=Sum("amount"), committed=Sum("committed"), spent=Sum("spent"))
    return BudgetPosition(
        amount=_pennies(row["amount"]), committed=_pennies(row["committed"]), spent=_pennies(row["spent"])
    )
