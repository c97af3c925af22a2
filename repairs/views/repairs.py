"""Repairs: the list (filtered, exported), the report form, the repair page and its actions."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from core.exports import csv_streaming_response, xlsx_response
from core.reports import request_report
from core.viewkit import form_view, get_visible, post_action, query_id, require_perm
from tenancies.models import Complaint, Incident, Unit

from ..forms.repairs import (
    BookForm,
    CancelForm,
    CompleteForm,
    PhotoForm,
    PriorityChangeForm,
    RepairReportForm,
    WorksOrderForm,
)
from ..models import Hazard, Repair, RepairPhoto
from ..services import exports, hazards, orders
from ..services import repairs as services

PAGE_SIZE = 25


@permission_required("repairs.view_repair", raise_exception=True)
def repair_list(request):
    form = exports.filter_form(request.user, request.GET)
    repairs, status = exports.filtered(request.user, form)
    export = request.GET.get("export")
    if export in ("csv", "xlsx") and repairs.count() > exports.INLINE_LIMIT:
        filters = {key: value for key, value in request.GET.items() if key not in ("export", "page")}
        report = request_report(
            user=request.user,
            kind="repairs.export",
            title=f"Repairs {export.upper()}, {timezone.localdate():%-d %B %Y}",
            params={"filters": filters, "format": export},
        )
        messages.success(request, "That is a big export, so we are making it for you: we will say when it is ready.")
        return redirect(report)
    if export == "csv":
        return csv_streaming_response(
            exports.export_filename("csv"), exports.EXPORT_HEADER, exports.export_rows(repairs)
        )
    if export == "xlsx":
        return xlsx_response(
            exports.export_filename("xlsx"), "Repairs", exports.EXPORT_HEADER, exports.export_rows(repairs)
        )
    page = Paginator(repairs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "repairs/repair_list.html",
        {"form": form, "page_obj": page, "repairs": page.object_list, "status": status, "now": timezone.now()},
    )


def _id(request, name: str) -> int:
    """`?name=`'s record id; 404 when it is not one (`query_id`)."""
    pk = query_id(request, name)
    if pk is None:
        raise Http404
    return pk


@permission_required("repairs.add_repair", raise_exception=True)
def repair_create(request):
    """Report a repair; from a unit, a complaint or an incident the form starts filled in and the
    repair is linked back to it."""
    user = request.user
    initial = {"reported_at": timezone.localtime().replace(second=0, microsecond=0)}
    complaint = incident = None
    scheme = None
    if request.GET.get("complaint"):
        complaint = get_visible(Complaint, user, pk=_id(request, "complaint"))
        scheme = complaint.scheme
        initial.update(reported_by_kind=Repair.ReportedBy.COMPLAINT, description=complaint.summary)
    elif request.GET.get("incident"):
        incident = get_visible(Incident, user, pk=_id(request, "incident"))
        scheme = incident.scheme
        initial.update(reported_by_kind=Repair.ReportedBy.WORKER, category=Repair.Category.OTHER)
    if request.GET.get("unit"):
        unit = get_visible(Unit.objects.select_related("property__scheme"), user, pk=_id(request, "unit"))
        scheme = unit.property.scheme
        initial["unit"] = unit
    if scheme is not None:
        initial["scheme"] = scheme
    form = RepairReportForm(request.POST or None, request.FILES or None, user=user, scheme=scheme, initial=initial)

    @transaction.atomic
    def save(form):
        data = form.cleaned_data
        repair = services.repair_report(
            scheme=data["scheme"],
            unit=data["unit"],
            communal_area=data["communal_area"],
            category=data["category"],
            description=data["description"],
            location=data["location"],
            priority=data["priority"],
            reported_at=data["reported_at"],
            reported_by_kind=data["reported_by_kind"],
            reported_by_name=data["reported_by_name"],
            channel=data["channel"],
            access_notes=data["access_notes"],
            recall_of=data["recall_of"],
            complaint=complaint,
            incident=incident,
            photo=data["photo"],
            by=user,
        )
        if data.get("hazard"):
            hazards.hazard_triage(repair=repair, kind=data["hazard"], aware_at=repair.reported_at, by=user)
        return repair

    return form_view(
        request,
        form,
        template="repairs/repair_form.html",
        save=save,
        success=lambda r: (
            f"Repair {r.reference} reported. Target: {timezone.localtime(r.target_due_at):%-d %B %Y, %H:%M}."
        ),
        context={"complaint": complaint, "incident": incident},
    )


def _repair(request, pk, perm=None):
    return get_visible(
        Repair.objects.select_related("scheme", "unit__property", "priority", "target_priority", "recall_of"),
        request.user,
        perm=perm,
        pk=pk,
    )


def _clock_state(clock, now) -> str:
    if clock.stopped_at:
        return "Stopped: " + (clock.stop_reason or "no longer applies")
    if clock.met_at:
        return "Met" if clock.was_met() else "Missed (done late)"
    return "Overdue" if clock.due_at < now else "Running"


@permission_required("repairs.view_repair", raise_exception=True)
def repair_detail(request, pk):
    repair = _repair(request, pk)
    timeline = repair.history.select_related("history_user").order_by("history_date", "history_id")
    works_orders = repair.works_orders.select_related("contractor", "budget__budget_code", "raised_by")
    now = timezone.now()
    hazard = Hazard.objects.filter(repair=repair).select_related("hazard_type").first()
    clocks = [(clock, _clock_state(clock, now)) for clock in hazard.clocks.all()] if hazard else []
    return render(
        request,
        "repairs/repair_detail.html",
        {
            "repair": repair,
            "timeline": timeline,
            "works_orders": works_orders,
            "photos": repair.photos.all(),
            "recalls": repair.recalls.all(),
            "now": now,
            "hazard": hazard,
            "clocks": clocks,
            "access_attempts": repair.access_attempts.select_related("recorded_by"),
            "entry_notices": repair.entry_notices.all(),
            "control_delays": repair.control_delays.all(),
            "overdue": repair.is_overdue(),
        },
    )


@permission_required("repairs.change_repair", raise_exception=True)
def repair_priority(request, pk):
    repair = _repair(request, pk)
    return form_view(
        request,
        PriorityChangeForm(request.POST or None, initial={"priority": repair.priority}),
        template="repairs/repair_action_form.html",
        save=lambda form: services.repair_change_priority(repair=repair, by=request.user, **form.cleaned_data),
        success="Priority changed. The target stays the one set when the repair was reported.",
        then=repair,
        context={"repair": repair, "title": "Change the priority", "button": "Change the priority"},
    )


@permission_required("repairs.change_repair", raise_exception=True)
def repair_book(request, pk):
    repair = _repair(request, pk)
    return form_view(
        request,
        BookForm(request.POST or None, initial={"access_notes": repair.access_notes}),
        template="repairs/repair_action_form.html",
        save=lambda form: services.repair_book(repair=repair, by=request.user, **form.cleaned_data),
        success="Appointment booked.",
        then=repair,
        context={"repair": repair, "title": "Book an appointment", "button": "Book the appointment"},
    )


@permission_required("repairs.change_repair", raise_exception=True)
def repair_complete(request, pk):
    repair = _repair(request, pk)
    return form_view(
        request,
        CompleteForm(
            request.POST or None, initial={"completed_at": timezone.localtime().replace(second=0, microsecond=0)}
        ),
        template="repairs/repair_action_form.html",
        save=lambda form: services.repair_complete(repair=repair, by=request.user, **form.cleaned_data),
        success=lambda r: (
            "Repair completed " + ("within its target." if r.completed_within_target else "after its target.")
        ),
        then=repair,
        context={"repair": repair, "title": "Record the repair as completed", "button": "Record as completed"},
    )


@permission_required("repairs.change_repair", raise_exception=True)
def repair_cancel(request, pk):
    repair = _repair(request, pk)
    return form_view(
        request,
        CancelForm(request.POST or None),
        template="repairs/repair_action_form.html",
        save=lambda form: services.repair_cancel(repair=repair, by=request.user, **form.cleaned_data),
        success="Repair cancelled.",
        then=repair,
        context={"repair": repair, "title": "Cancel the repair", "button": "Cancel the repair"},
    )


@require_POST
@permission_required("repairs.change_repair", raise_exception=True)
def repair_verify(request, pk):
    repair = _repair(request, pk)
    return post_action(
        request,
        lambda: services.repair_verify(repair=repair, by=request.user),
        success="Repair verified.",
        then=repair,
    )


@permission_required("repairs.add_worksorder", raise_exception=True)
def works_order_create(request, pk):
    repair = _repair(request, pk)
    budgets = orders.budgets_for(repair)
    return form_view(
        request,
        WorksOrderForm(request.POST or None, budgets=budgets, initial={"budget": budgets.first()}),
        template="repairs/repair_action_form.html",
        save=lambda form: orders.works_order_raise(repair=repair, by=request.user, **form.cleaned_data),
        success=lambda order: f"Works order {order.number} raised.",
        then=repair,
        context={
            "repair": repair,
            "title": "Raise a works order",
            "button": "Raise the works order",
            "budgets": budgets,
        },
    )


@permission_required("repairs.add_repairphoto", raise_exception=True)
def photo_add(request, pk):
    repair = _repair(request, pk)
    return form_view(
        request,
        PhotoForm(request.POST or None, request.FILES or None),
        template="repairs/repair_action_form.html",
        save=lambda form: services.photo_add(repair=repair, by=request.user, **form.cleaned_data),
        success="Photo added.",
        then=repair,
        context={"repair": repair, "title": "Add a photo", "button": "Add the photo", "multipart": True},
    )


@permission_required("repairs.view_repairphoto", raise_exception=True)
def photo(request, pk):
    """A photo is served only through its repair's scope, never from a public media URL."""
    photo = get_object_or_404(RepairPhoto, pk=pk, repair__in=Repair.objects.visible_to(request.user))
    require_perm(request.user, "repairs.view_repair")
    response = FileResponse(photo.image.open("rb"), content_type=photo.content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


urlpatterns = [
    path("", repair_list, name="repair_list"),
    path("report/", repair_create, name="repair_create"),
    path("<int:pk>/", repair_detail, name="repair_detail"),
    path("<int:pk>/priority/", repair_priority, name="repair_priority"),
    path("<int:pk>/book/", repair_book, name="repair_book"),
    path("<int:pk>/complete/", repair_complete, name="repair_complete"),
    path("<int:pk>/cancel/", repair_cancel, name="repair_cancel"),
    path("<int:pk>/verify/", repair_verify, name="repair_verify"),
    path("<int:pk>/order/", works_order_create, name="works_order_create"),
    path("<int:pk>/photos/add/", photo_add, name="photo_add"),
    path("photos/<int:pk>/", photo, name="photo"),
]
