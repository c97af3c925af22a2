"""Checks: the compliance grid (buildings by check type), the list of checks, a check's page,
recording a check, quick entry for frequent staff checks on a phone, and certificates."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from core.exports import csv_streaming_response, xlsx_response
from core.files import private_bytes_response
from core.reports import request_report
from core.viewkit import form_view, get_visible, post_action, query_id
from tenancies.models import Property, Scheme

from ..forms.checks import BuildingChoiceForm, CheckRecordForm, ComplianceFilterForm, ReportForm
from ..letters.report import compliance_report_pdf, report_filename
from ..models import Action, CheckRecord, CheckType, ScheduledCheck
from ..services import checks as services

PAGE_SIZE = 25
Status = ScheduledCheck.Status


def _schedules(user):
    return ScheduledCheck.objects.visible_to(user).active()


def _buildings_of(schedule: dict) -> int | None:
    return schedule["building_id"] or schedule["unit__property_id"] or schedule["asset__building_id"]


def grid_cells(buildings: list[Property], check_types: list[CheckType], user, on) -> dict:
    """{(building id, check type id): worst status}, in one query for a page of buildings."""
    rows = (
        _schedules(user)
        .filter(check_type__in=check_types)
        .for_buildings(buildings)
        .with_status(on)
        .values("check_type_id", "scheme_id", "building_id", "unit__property_id", "asset__building_id", "status")
    )
    found: dict[tuple[int, int], list[str]] = {}
    for row in rows:
        building = _buildings_of(row)
        targets = [building] if building else [b.pk for b in buildings if b.scheme_id == row["scheme_id"]]
        for target in targets:
            found.setdefault((target, row["check_type_id"]), []).append(row["status"])
    return {key: Status.worst(statuses) for key, statuses in found.items()}


def _grid_query(request):
    schemes = Scheme.objects.visible_to(request.user)
    form = ComplianceFilterForm(request.GET or None, schemes=schemes)
    data = form.cleaned_data if form.is_valid() else {}
    buildings = Property.objects.filter(scheme__in=schemes).select_related("scheme").order_by("scheme__name", "address")
    check_types = CheckType.objects.filter(active=True)
    if data.get("scheme"):
        buildings = buildings.filter(scheme=data["scheme"])
    if data.get("check_type"):
        check_types = check_types.filter(pk=data["check_type"].pk)
    if data.get("status"):
        matching = (
            _schedules(request.user)
            .filter(check_type__in=check_types)
            .with_status()
            .filter(status=data["status"])
            .values("building_id", "unit__property_id", "asset__building_id", "scheme_id")
        )
        ids, scheme_ids = set(), set()
        for row in matching:
            building = _buildings_of(row)
            if building:
                ids.add(building)
            else:
                scheme_ids.add(row["scheme_id"])
        buildings = buildings.filter(Q(pk__in=ids) | Q(scheme__in=scheme_ids))
    return form, buildings, list(check_types)


@permission_required("compliance.view_scheduledcheck", raise_exception=True)
def grid(request):
    """Every building the user may see, by check type: the status a manager reads at a glance."""
    today = timezone.localdate()
    form, buildings, check_types = _grid_query(request)
    export = request.GET.get("export")
    if export in ("csv", "xlsx"):
        return _export(export, buildings, check_types, request.user, today)
    page = Paginator(buildings, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    cells = grid_cells(rows, check_types, request.user, today)
    labels = dict(Status.choices)
    table = []
    for building in rows:
        statuses = [cells.get((building.pk, check_type.pk), "") for check_type in check_types]
        table.append((building, [(t, s, labels.get(s, "")) for t, s in zip(check_types, statuses, strict=True)]))
    return render(
        request,
        "compliance/grid.html",
        {
            "form": form,
            "page_obj": page,
            "table": table,
            "check_types": check_types,
            "today": today,
        },
    )


def _export(kind, buildings, check_types, user, today):
    labels = dict(Status.choices)
    header = ["Scheme", "Building", "Postcode", *[t.name for t in check_types]]

    def rows():
        chunk: list[Property] = []
        for building in buildings.iterator(chunk_size=200):
            chunk.append(building)
            if len(chunk) == 200:
                yield from _export_rows(chunk, check_types, user, today, labels)
                chunk = []
        if chunk:
            yield from _export_rows(chunk, check_types, user, today, labels)

    name = f"compliance-{today}"
    if kind == "csv":
        return csv_streaming_response(f"{name}.csv", header, rows())
    return xlsx_response(f"{name}.xlsx", "Compliance", header, rows())


def _export_rows(buildings, check_types, user, today, labels):
    cells = grid_cells(buildings, check_types, user, today)
    for building in buildings:
        statuses = [labels.get(cells.get((building.pk, t.pk), ""), "Not needed") for t in check_types]
        yield [building.scheme.name, building.address, building.postcode, *statuses]


@permission_required("compliance.view_scheduledcheck", raise_exception=True)
def check_list(request):
    """The checks behind the grid, soonest due first; a grid cell opens this for its building and check."""
    today = timezone.localdate()
    schemes = Scheme.objects.visible_to(request.user)
    form = ComplianceFilterForm(request.GET or None, schemes=schemes)
    data = form.cleaned_data if form.is_valid() else {}
    checks = (
        _schedules(request.user)
        .with_status(today)
        .select_related("check_type", "scheme", "building", "unit__property", "asset__building", "assigned_to")
        .order_by("next_due_on", "check_type__order", "pk")
    )
    building = None
    building_id = query_id(request, "building")
    if building_id is not None:
        building = get_visible(Property.objects.select_related("scheme"), request.user, pk=building_id)
        checks = checks.for_buildings([building])
    if data.get("scheme"):
        checks = checks.filter(scheme=data["scheme"])
    if data.get("check_type"):
        checks = checks.filter(check_type=data["check_type"])
    if data.get("status"):
        checks = checks.filter(status=data["status"])
    page = Paginator(checks, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "compliance/check_list.html",
        {"form": form, "page_obj": page, "checks": page.object_list, "building": building, "today": today},
    )


def _check(request, pk, perm=None):
    return get_visible(
        ScheduledCheck.objects.with_status().select_related(
            "check_type", "scheme", "building", "unit__property", "asset__building", "assigned_to"
        ),
        request.user,
        perm=perm,
        pk=pk,
    )


@permission_required("compliance.view_scheduledcheck", raise_exception=True)
def check_detail(request, pk):
    check = _check(request, pk)
    records = Paginator(
        check.records.select_related("recorded_by", "done_by_staff").order_by("-done_on", "-pk"), 20
    ).get_page(request.GET.get("page"))
    actions = Action.objects.open().filter(check_record__schedule=check).select_related("priority", "owner", "repair")
    return render(
        request,
        "compliance/check_detail.html",
        {"check": check, "records": records, "page_obj": records, "actions": actions, "today": timezone.localdate()},
    )


def _may_record(user, check: ScheduledCheck) -> bool:
    return check.check_type.is_staff_check or user.has_perm("compliance.record_certificate")


@permission_required("compliance.add_checkrecord", raise_exception=True)
def check_record(request, pk):
    check = _check(request, pk)
    if not _may_record(request.user, check):
        raise PermissionDenied("Only housing staff can record a contractor's check.")
    form = CheckRecordForm(
        request.POST or None,
        request.FILES or None,
        check_type=check.check_type,
        initial={"done_on": timezone.localdate()},
    )
    return form_view(
        request,
        form,
        template="compliance/record_form.html",
        save=lambda form: services.check_record(schedule=check, by=request.user, **form.service_fields()),
        success=lambda record: f"{check.check_type}: {record.get_outcome_display().lower()} recorded.",
        then=check,
        context={"check": check},
    )


def _quick_checks(user, building, today):
    return (
        _schedules(user)
        .filter(check_type__recorded_by=CheckType.RecordedBy.STAFF)
        .for_buildings([building])
        .with_status(today)
        .select_related("check_type", "building", "unit__property", "asset__building", "scheme")
        .order_by("next_due_on", "check_type__order", "pk")
    )


@permission_required("compliance.add_checkrecord", raise_exception=True)
def quick_entry(request):
    """Frequent staff checks for one building, due first, each one tap to record as passed today."""
    today = timezone.localdate()
    buildings = Property.objects.filter(scheme__in=Scheme.objects.visible_to(request.user)).select_related("scheme")
    building_id = query_id(request, "building")
    building = (
        get_visible(Property.objects.select_related("scheme"), request.user, pk=building_id) if building_id else None
    )
    form = BuildingChoiceForm(initial={"building": building}, buildings=buildings)
    checks = list(_quick_checks(request.user, building, today)) if building else []
    due = [c for c in checks if c.status != Status.COMPLIANT]
    done = [c for c in checks if c.status == Status.COMPLIANT]
    return render(
        request,
        "compliance/quick_entry.html",
        {"form": form, "building": building, "due": due, "done": done, "today": today},
    )


@require_POST
@permission_required("compliance.add_checkrecord", raise_exception=True)
def quick_record(request, pk):
    check = _check(request, pk)
    building = check.covered_building
    back = reverse("compliance:quick_entry") + (f"?building={building.pk}" if building else "")
    if not check.check_type.is_staff_check:
        return redirect(reverse("compliance:check_record", args=[check.pk]))
    return post_action(
        request,
        lambda: services.check_record(
            schedule=check, done_on=timezone.localdate(), outcome=CheckRecord.Outcome.PASS, by=request.user
        ),
        success=lambda record: f"{check.check_type} ({check.target_label}) recorded as passed today.",
        then=back + "#due-checks",
    )


@permission_required("compliance.view_checkrecord", raise_exception=True)
def certificate(request, pk):
    """A check's certificate, to those who may see the check, served from memory (small files)."""
    record = get_visible(CheckRecord.objects.select_related("schedule__check_type"), request.user, pk=pk)
    if not record.certificate:
        raise Http404("No certificate was uploaded with this check.")
    with record.certificate.open("rb") as handle:
        content = handle.read()
    suffix = "pdf" if record.certificate_type == "application/pdf" else record.certificate.name.rsplit(".", 1)[-1]
    return private_bytes_response(
        content,
        content_type=record.certificate_type or "application/octet-stream",
        filename=f"certificate-{record.pk}.{suffix}",
    )


@permission_required("compliance.view_scheduledcheck", raise_exception=True)
def report(request):
    """The compliance report PDF for a scheme or every scheme the user sees, at a date."""
    today = timezone.localdate()
    form = ReportForm(
        request.GET if "on" in request.GET else None,
        schemes=Scheme.objects.visible_to(request.user),
        today=today,
        initial={"on": today},
    )
    if form.is_bound and form.is_valid():
        scheme, on = form.cleaned_data["scheme"], form.cleaned_data["on"]
        if scheme is None:
            report = request_report(
                user=request.user,
                kind="compliance.report",
                title=f"Compliance report: all schemes, {on:%-d %B %Y}",
                params={"scheme": None, "on": on.isoformat()},
            )
            messages.success(request, "We are making the report for all your schemes: we will say when it is ready.")
            return redirect(report)
        return private_bytes_response(
            compliance_report_pdf(user=request.user, scheme=scheme, on=on),
            content_type="application/pdf",
            filename=report_filename(scheme, on),
            as_attachment=True,
        )
    return render(request, "compliance/report_form.html", {"form": form})


urlpatterns = [
    path("", grid, name="grid"),
    path("checks/", check_list, name="check_list"),
    path("checks/<int:pk>/", check_detail, name="check_detail"),
    path("checks/<int:pk>/record/", check_record, name="check_record"),
    path("quick/", quick_entry, name="quick_entry"),
    path("quick/<int:pk>/", quick_record, name="quick_record"),
    path("records/<int:pk>/certificate/", certificate, name="certificate"),
    path("report/", report, name="report"),
]
