"""The compliance report: for one scheme or the whole organisation, at a date, fit for a board or an
auditor. It has a summary by check, the grid of buildings by check, every check overdue or never
recorded, and every action open on that date.

Statuses are worked out from the records as they stood on the date (`ScheduledCheckQuerySet.as_at`),
so a report for 31 March reads the same whatever was done after it. The checks are the ones
scheduled now (schedules keep no start date). An action was open on the date if it had been made by
then and had not yet closed. The BS01-BS05 figures read the current schedules (`compliance.figures`);
for a past date the report says so.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Q
from django.utils import timezone

from core.clocks import end_of_day
from core.pdf import render_pdf
from core.reports import CannotMake, Made, report_kind
from tenancies.models import Property, Scheme

from .. import figures
from ..models import Action, CheckRecord, CheckType, ScheduledCheck

Status = ScheduledCheck.Status
SHORT = {
    Status.COMPLIANT: "OK",
    Status.DUE_SOON: "Due soon",
    Status.OVERDUE: "OVERDUE",
    Status.NO_RECORD: "NO RECORD",
    Status.FAILED: "FAILED",
}


def status_as_at(check, on: date, failed_open: set[int]) -> str:
    """A check's status on `on` from its `as_at` annotations; `failed_open` holds the records with
    an action open on that date."""
    if check.done_at is None:
        return Status.NO_RECORD
    if check.outcome_at == CheckRecord.Outcome.FAIL and check.record_at in failed_open:
        return Status.FAILED
    if check.due_at is not None and check.due_at < on:
        return Status.OVERDUE
    if check.due_at is not None and check.due_at - timedelta(days=check.check_type.warning_days) <= on:
        return Status.DUE_SOON
    return Status.COMPLIANT


@dataclass
class Report:
    on: date
    title: str
    checks: list = field(default_factory=list)
    summary: list = field(default_factory=list)
    grid_types: list = field(default_factory=list)
    grid: list = field(default_factory=list)
    overdue: list = field(default_factory=list)
    actions: list = field(default_factory=list)
    measures: tuple = ()
    counts: dict = field(default_factory=dict)


def build_report(*, schemes, on: date, title: str) -> Report:
    """Everything the report shows, in a fixed number of queries for any amount of stock."""
    end = end_of_day(on)
    open_then = (
        Action.objects.filter(check_record__schedule__scheme__in=schemes, created_at__lte=end)
        .filter(Q(closed_at__isnull=True) | Q(closed_at__gt=end))
        .select_related("priority", "owner", "check_record__schedule__check_type")
        .order_by("due_on", "pk")
    )
    actions = list(open_then)
    failed_open = {action.check_record_id for action in actions}
    checks = list(
        ScheduledCheck.objects.active()
        .filter(scheme__in=schemes)
        .as_at(on)
        .select_related("check_type", "scheme", "building", "unit__property", "asset__building")
        .order_by("scheme__name", "check_type__order", "pk")
    )
    for check in checks:
        check.status_then = status_as_at(check, on, failed_open)
    report = Report(on=on, title=title, checks=checks, actions=actions)
    report.counts = {value: sum(c.status_then == value for c in checks) for value in Status.values}
    report.overdue = [c for c in checks if c.status_then in (Status.OVERDUE, Status.NO_RECORD, Status.FAILED)]
    for action in actions:
        action.overdue_then = action.due_on < on
    types = {check.check_type_id: check.check_type for check in checks}
    ordered = sorted(types.values(), key=lambda t: (t.order, t.name))
    report.summary = [
        (t, [sum(c.status_then == s and c.check_type_id == t.pk for c in checks) for s in Status.worst_first()[::-1]])
        for t in ordered
    ]
    report.grid_types = [t for t in ordered if t.applies_to != CheckType.AppliesTo.SCHEME]
    buildings = Property.objects.filter(scheme__in=schemes).select_related("scheme").order_by("scheme__name", "address")
    by_building: dict[tuple[int, int], list[str]] = {}
    for check in checks:
        building = check.covered_building
        if building:
            by_building.setdefault((building.pk, check.check_type_id), []).append(check.status_then)
    for building in buildings:
        cells = []
        for t in report.grid_types:
            statuses = by_building.get((building.pk, t.pk))
            cells.append(SHORT[Status.worst(statuses)] if statuses else "Not needed")
        report.grid.append((building, cells))
    report.measures = figures.building_safety_measures(on, schemes)
    return report


def compliance_report_pdf(*, user, scheme: Scheme | None, on: date) -> bytes:
    schemes = Scheme.objects.visible_to(user)
    if scheme is not None:
        schemes = schemes.filter(pk=scheme.pk)
    title = f"Compliance report: {scheme}" if scheme else "Compliance report: all schemes"
    report = build_report(schemes=schemes, on=on, title=title)
    return render_pdf(
        "compliance/letters/report.html",
        {
            "report": report,
            "statuses": [(s, Status(s).label) for s in Status.worst_first()[::-1]],
            "made_at": timezone.localtime(),
            "made_by": str(user),
            "past": on < timezone.localdate(),
        },
    )


def report_filename(scheme: Scheme | None, on: date) -> str:
    return f"compliance-{scheme.pk if scheme else 'all'}-{on}.pdf"


@report_kind("compliance.report")
def build_in_background(user, params: dict) -> Made:
    """The report for every scheme the user sees (35 pages take WeasyPrint about 20 s at scale 10: too
    long for a request), made by the worker with the requester's scope as it is when it runs."""
    scheme = None
    if params.get("scheme"):
        scheme = Scheme.objects.visible_to(user).filter(pk=params["scheme"]).first()
        if scheme is None:
            raise CannotMake("The scheme it was for is no longer one of yours.")
    on = date.fromisoformat(params["on"])
    return Made(compliance_report_pdf(user=user, scheme=scheme, on=on), report_filename(scheme, on))
