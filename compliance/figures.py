"""Read-only compliance figures for the managers' dashboards: a fixed number of queries each.

* BS01-BS05 (`building_safety_measures`): the Regulator of Social Housing's tenant satisfaction
  measures "Proportion of homes for which all required gas safety checks / fire risk assessments /
  asbestos management surveys or re-inspections / legionella risk assessments / communal passenger
  lift safety checks have been carried out" (TSM Technical Requirements;
  /work/shared/reference/statutory-notes.md, section 2.8 "Tenant Satisfaction Measures"). Homes are
  dwelling units (`tenancies.Unit`), not buildings, and a home served by communal parts that need a
  check counts; remedial actions are not part of the measure.
* `overdue_by_scheme` and `overdue_by_worker`: checks and actions overdue on a day, per scheme and
  per person responsible.
* `overdue_trend`: of the checks done each month, how many were done after their deadline (what the
  records can tell without replaying the schedules' history; see its docstring).
* `overdue_at_month_ends`: checks and actions overdue at each month's end, from the records as they
  stood that day (a check never recorded by then is left out).

Every function takes the schemes to count (a `tenancies.Scheme` queryset; every scheme when None) and
the London date to judge on. They read the dates kept on each schedule (`ScheduledCheck.last_done_on`,
`next_due_on`), which the recording service moves on, so a figure "on" a past day is the current
schedules judged against that day, not a replay of the records. Counts are ints; percentages are
Decimals rounded half-up to 1 place, None when there is nothing to divide by.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from dateutil.relativedelta import relativedelta
from django.contrib.auth import get_user_model
from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, TruncMonth

from core.clocks import end_of_day
from tenancies.models import Scheme, Unit

from .models import Action, CheckRecord, ScheduledCheck
from .rules import BUILDING_SAFETY_MEASURES

ONE_PLACE = Decimal("0.1")
HUNDRED = Decimal("100")


def _percentage(count, base) -> Decimal | None:
    if not base:
        return None
    return (Decimal(count) * HUNDRED / Decimal(base)).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def _schemes(schemes: QuerySet[Scheme] | None) -> QuerySet[Scheme]:
    return Scheme.objects.all() if schemes is None else schemes


# BS01-BS05 -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Measure:
    code: str  # "BS01"
    label: str  # "Gas safety checks"
    homes_requiring: int
    homes_compliant: int

    @property
    def percent(self) -> Decimal | None:
        """Homes with every required check done, recorded and in date, as a percentage of the homes
        that require one; None when no home requires one."""
        return _percentage(self.homes_compliant, self.homes_requiring)


def building_safety_measures(on: date, schemes: QuerySet[Scheme] | None = None) -> tuple[Measure, ...]:
    """TSM BS01-BS05 (Regulator of Social Housing, Tenant Satisfaction Measures Technical Requirements;
    see /work/shared/reference/statutory-notes.md, section 2.8): "Proportion of homes for which all
    required [gas safety checks | fire risk assessments | asbestos management surveys or
    re-inspections | legionella risk assessments | communal passenger lift safety checks] have been
    carried out", one `Measure` per code in `compliance.rules.BUILDING_SAFETY_MEASURES` order.

    The homes are the units of the schemes (every unit, occupied or not). A home requires a measure
    when an active schedule of a check type with that measure (`CheckType.measure`) covers it: its
    own, its building's, its building's assets' (a lift serving the building), its own assets' or its
    scheme's, as `ScheduledCheckQuerySet.for_unit` reads them. A home is compliant when every such
    schedule has a check carried out and recorded (`last_done_on` set) and is in date on `on`
    (`next_due_on` empty, for a one-off survey, or not before `on`). Remedial actions are not part of
    the measure, so a failed check that was carried out counts as carried out; a visit where no one
    could get in is not a check carried out.

    Two queries, the homes and the measures' schedules, matched in Python by what each schedule
    covers: correlated subqueries per home cost a scan of every schedule for every home (5 s for one
    large scheme)."""
    scheme_ids = _schemes(schemes).values("pk")
    homes = list(
        Unit.objects.filter(property__scheme__in=scheme_ids).values_list("pk", "property_id", "property__scheme_id")
    )
    covering: dict[tuple, list[bool]] = {}  # (what it covers, its id, measure) -> each schedule: in date?
    for measure, unit, building, asset, asset_building, asset_unit, scheme, done, due in (
        ScheduledCheck.objects.active()
        .filter(scheme__in=scheme_ids, check_type__measure__in=list(BUILDING_SAFETY_MEASURES))
        .order_by()
        .values_list(
            "check_type__measure", "unit_id", "building_id", "asset_id", "asset__building_id", "asset__unit_id",
            "scheme_id", "last_done_on", "next_due_on",
        )
    ):  # fmt: skip
        in_date = done is not None and (due is None or due >= on)
        keys = []
        if unit is not None:
            keys.append(("unit", unit))
        if building is not None and unit is None and asset is None:
            keys.append(("building", building))
        if asset_building is not None and asset_unit is None:
            keys.append(("building", asset_building))
        if asset_unit is not None:
            keys.append(("unit", asset_unit))
        if building is None and unit is None and asset is None:
            keys.append(("scheme", scheme))
        for key in dict.fromkeys(keys):
            covering.setdefault((*key, measure), []).append(in_date)
    requiring = dict.fromkeys(BUILDING_SAFETY_MEASURES, 0)
    compliant = dict.fromkeys(BUILDING_SAFETY_MEASURES, 0)
    for unit, building, scheme in homes:
        for code in BUILDING_SAFETY_MEASURES:
            found = [
                *covering.get(("unit", unit, code), ()),
                *covering.get(("building", building, code), ()),
                *covering.get(("scheme", scheme, code), ()),
            ]
            if found:
                requiring[code] += 1
                compliant[code] += all(found)
    return tuple(
        Measure(code=code, label=label, homes_requiring=requiring[code], homes_compliant=compliant[code])
        for code, label in BUILDING_SAFETY_MEASURES.items()
    )


# Overdue by scheme and by worker ---------------------------------------------------------------


@dataclass(frozen=True)
class SchemeOverdue:
    scheme: Scheme
    checks: int
    actions: int

    @property
    def total(self) -> int:
        return self.checks + self.actions


def _count_of(queryset: QuerySet, group: str) -> Coalesce:
    """A correlated subquery counting `queryset`'s rows whose `group` is the outer row."""
    counted = queryset.filter(**{group: OuterRef("pk")}).order_by().values(group).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def overdue_checks(on: date) -> QuerySet[ScheduledCheck]:
    """Active schedules past their next due date on `on`, or with no check recorded yet
    (`ScheduledCheckQuerySet.overdue`)."""
    return ScheduledCheck.objects.overdue(on)


def overdue_by_scheme(on: date, schemes: QuerySet[Scheme] | None = None) -> tuple[SchemeOverdue, ...]:
    """Per scheme (every scheme given, in name order, with nothing overdue too): how many checks were
    overdue on `on` (`overdue_checks`) and how many open actions were past their due date
    (`ActionQuerySet.overdue`). One query."""
    rows = (
        _schemes(schemes)
        .annotate(
            checks_overdue=_count_of(overdue_checks(on), "scheme"),
            actions_overdue=_count_of(Action.objects.overdue(on), "check_record__schedule__scheme"),
        )
        .order_by("name", "pk")
    )
    return tuple(
        SchemeOverdue(scheme=scheme, checks=scheme.checks_overdue, actions=scheme.actions_overdue) for scheme in rows
    )


@dataclass(frozen=True)
class WorkerOverdue:
    worker: object  # an accounts.User, or None for checks no one is assigned and actions no one owns
    checks: int
    actions: int

    @property
    def total(self) -> int:
        return self.checks + self.actions

    @property
    def label(self) -> str:
        return str(self.worker) if self.worker is not None else "Not assigned"


def overdue_by_worker(on: date, schemes: QuerySet[Scheme] | None = None) -> tuple[WorkerOverdue, ...]:
    """Per person responsible, only those with something overdue on `on`: checks by
    `ScheduledCheck.assigned_to`, actions by `Action.owner`. The unassigned are one row (worker None),
    last; the rest in name order. Three queries: the two counts grouped by person, and the people."""
    scheme_ids = _schemes(schemes).values("pk")
    checks = dict(
        overdue_checks(on)
        .filter(scheme__in=scheme_ids)
        .order_by()
        .values("assigned_to")
        .annotate(n=Count("pk"))
        .values_list("assigned_to", "n")
    )
    actions = dict(
        Action.objects.overdue(on)
        .filter(check_record__schedule__scheme__in=scheme_ids)
        .order_by()
        .values("owner")
        .annotate(n=Count("pk"))
        .values_list("owner", "n")
    )
    ids = (set(checks) | set(actions)) - {None}
    people = get_user_model().objects.filter(pk__in=ids).order_by("full_name", "pk")
    rows = [
        WorkerOverdue(worker=user, checks=checks.get(user.pk, 0), actions=actions.get(user.pk, 0)) for user in people
    ]
    if None in checks or None in actions:
        rows.append(WorkerOverdue(worker=None, checks=checks.get(None, 0), actions=actions.get(None, 0)))
    return tuple(rows)


# Checks done late, month by month --------------------------------------------------------------


@dataclass(frozen=True)
class MonthLate:
    month: date  # the first day of the month
    done: int
    done_late: int

    @property
    def percent_late(self) -> Decimal | None:
        """Checks done late as a percentage of the checks done that had a deadline; None when none had."""
        return _percentage(self.done_late, self.done)


def overdue_trend(months: int, on: date, schemes: QuerySet[Scheme] | None = None) -> tuple[MonthLate, ...]:
    """For each of the last `months` calendar months up to and including `on`'s month, oldest first
    (months with nothing done too): the checks carried out that month which had a deadline
    (`CheckRecord.deadline_on` set: not a first check) and how many of them were done after it
    (`done_on > deadline_on`). A visit where no one could get in is not a check carried out, so it is
    in neither count. Records are counted by `done_on`, so a month is counted as it stands up to `on`.

    What this is, and why: it is the trend of checks done late, read from the records alone. It is
    not "how many checks were overdue at each month's end". That count needs what the records do not
    hold: when each schedule began and whether it was paused at the time (schedules follow the stock,
    and a check never yet done has no record at all), so it would need the schedules' history read row
    by row. For overdue now, use `overdue_by_scheme`. One grouped query.
    """
    if months < 1:
        return ()
    last = on.replace(day=1)
    first = last - relativedelta(months=months - 1)
    rows = (
        CheckRecord.objects.filter(
            schedule__scheme__in=_schemes(schemes).values("pk"),
            done_on__gte=first,
            done_on__lte=on,
            deadline_on__isnull=False,
        )
        .exclude(outcome=CheckRecord.Outcome.NO_ACCESS)
        .annotate(month=TruncMonth("done_on"))
        .order_by()
        .values("month")
        .annotate(done=Count("pk"), late=Count("pk", filter=Q(done_on__gt=F("deadline_on"))))
    )
    counts = {row["month"]: (row["done"], row["late"]) for row in rows}
    trend = []
    for n in range(months):
        month = first + relativedelta(months=n)
        done, late = counts.get(month, (0, 0))
        trend.append(MonthLate(month=month, done=done, done_late=late))
    return tuple(trend)


@dataclass(frozen=True)
class MonthEnd:
    on: date  # the month's last day (or `on` itself for the current month)
    checks_overdue: int
    actions_overdue: int


def overdue_at_month_ends(months: int, on: date, schemes: QuerySet[Scheme] | None = None) -> tuple[MonthEnd, ...]:
    """Checks and actions overdue at the end of each of the last `months` months, oldest first, the
    current month ending on `on`. A check counts when its last record by that day
    (`ScheduledCheckQuerySet.as_at`) had fallen due; a check never recorded by then is left out, since
    schedules keep no start date to say whether it was due yet. An action counts when it had been made
    by the end of that day, was not yet closed, and was past its due date. Two queries a month."""
    if months < 1:
        return ()
    scheme_ids = _schemes(schemes).values("pk")
    last = on.replace(day=1)
    ends = []
    for n in range(months - 1, -1, -1):
        start = last - relativedelta(months=n)
        ends.append(min(on, start + relativedelta(months=1) - timedelta(days=1)))
    trend = []
    for day in ends:
        checks = ScheduledCheck.objects.active().filter(scheme__in=scheme_ids).as_at(day).filter(due_at__lt=day).count()
        end = end_of_day(day)
        actions = (
            Action.objects.filter(check_record__schedule__scheme__in=scheme_ids, created_at__lte=end, due_on__lt=day)
            .filter(Q(closed_at__isnull=True) | Q(closed_at__gt=end))
            .count()
        )
        trend.append(MonthEnd(on=day, checks_overdue=checks, actions_overdue=actions))
    return tuple(trend)
