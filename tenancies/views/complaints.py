"""Complaints through the Complaint Handling Code's two stages, and the regulator's figures."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from rules.contrib.views import permission_required

from accounts import roles
from core.viewkit import form_view, get_visible

from .. import figures as regulator
from ..forms.complaints import (
    AcknowledgeForm,
    CloseForm,
    ComplaintFilterForm,
    ComplaintForm,
    EscalateForm,
    ExtendForm,
    FiguresForm,
    RespondForm,
)
from ..models import Complaint, Scheme
from ..services import complaints as services
from .choose import choose_scheme

PAGE_SIZE = 25


def _sees_figures(user) -> bool:
    """The regulator's figures are for those who see every scheme: seniors, managers, administrators."""
    return user.is_superuser or user.has_role(*roles.SEES_ALL_HOUSING)


def _complaints():
    """Complaints with the scheme, person and handlers every complaint page names."""
    return Complaint.objects.select_related("scheme", "person", "stage1_handler", "stage2_handler", "recorded_by")


@dataclass(frozen=True)
class Row:
    """A complaint in the list, with its next deadline described for today."""

    complaint: Complaint
    next: services.Deadline | None
    status: str
    state: str

    @classmethod
    def of(cls, complaint: Complaint, today: date) -> "Row":
        deadline = services.complaint_clocks(complaint).next
        if deadline is None:
            return cls(complaint, None, "", "")
        return cls(complaint, deadline, deadline.status(today), deadline.state(today))


@permission_required("tenancies.view_complaint", raise_exception=True)
def complaint_list(request):
    """Open complaints soonest deadline first; closed or all complaints newest first."""
    schemes = Scheme.objects.visible_to(request.user)
    form = ComplaintFilterForm(request.GET or None, schemes=schemes)
    status, scheme, today = "open", None, timezone.localdate()
    if form.is_valid():
        status = form.cleaned_data["status"] or "open"
        scheme = form.cleaned_data["scheme"]
    complaints = _complaints().visible_to(request.user)
    if scheme is not None:
        complaints = complaints.filter(scheme=scheme)
    if status == "open":
        rows = [Row.of(c, today) for c in complaints.open()]
        rows.sort(key=lambda row: row.next.due if row.next else date.max)
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    else:
        if status == "closed":
            complaints = complaints.filter(closed_on__isnull=False)
        page = Paginator(complaints, PAGE_SIZE).get_page(request.GET.get("page"))
        page.object_list = [Row.of(c, today) for c in page.object_list]
    record_for = scheme
    if record_for is None:
        first_two = list(schemes[:2])
        record_for = first_two[0] if len(first_two) == 1 else None
    return render(
        request,
        "tenancies/complaints/complaint_list.html",
        {
            "form": form,
            "status": status,
            "scheme": scheme,
            "record_for": record_for,
            "page_obj": page,
            "rows": page.object_list,
            "can_see_figures": _sees_figures(request.user),
        },
    )


@permission_required("tenancies.add_complaint", raise_exception=True)
def complaint_create(request, scheme_pk):
    scheme = get_visible(Scheme, request.user, pk=scheme_pk)

    def logged(complaint: Complaint) -> str:
        acknowledge_by = services.complaint_clocks(complaint).get(1, "acknowledge").due
        return f"Complaint logged at stage 1. Acknowledge it by {acknowledge_by:%-d %B %Y}."

    return form_view(
        request,
        ComplaintForm(request.POST or None, scheme=scheme),
        template="tenancies/complaints/complaint_form.html",
        save=lambda form: services.complaint_log(
            scheme=scheme,
            received_on=form.cleaned_data["received_on"],
            person=form.cleaned_data["person"],
            complainant_name=form.cleaned_data["complainant_name"],
            summary=form.cleaned_data["summary"],
            handler=form.cleaned_data["stage1_handler"],
            by=request.user,
        ),
        success=logged,
        context={"scheme": scheme},
    )


@permission_required("tenancies.add_complaint", raise_exception=True)
def complaint_choose_scheme(request):
    return choose_scheme(
        request,
        create="tenancies:complaint_create",
        title="Log a complaint",
        back="tenancies:complaint_list",
        back_label="Complaints",
    )


@permission_required("tenancies.view_complaint", raise_exception=True)
def complaint_detail(request, pk):
    complaint = get_visible(_complaints(), request.user, pk=pk)
    today = timezone.localdate()
    clocks = services.complaint_clocks(complaint)
    return render(
        request,
        "tenancies/complaints/complaint_detail.html",
        {
            "complaint": complaint,
            "clocks": clocks,
            "deadlines": [(d, d.status(today), d.state(today)) for d in clocks.deadlines],
            "next_steps": services.next_steps(complaint) if request.user.has_perm("tenancies.change_complaint") else [],
            "today": today,
        },
    )


# ---------------------------------------------------------------- one view per step


@dataclass(frozen=True)
class Step:
    form: type
    title: str
    button: str
    done: str
    run: Callable
    form_kwargs: Callable = lambda complaint: {}
    intro: str = ""


STEPS = {
    "acknowledge": Step(
        form=AcknowledgeForm,
        title="Acknowledge stage {stage}",
        button="Record the acknowledgement",
        done="Stage {stage} acknowledged.",
        intro="Let the resident know you have their complaint, what you understand it to be and when they will "
        "hear from you.",
        run=lambda c, data, by: services.complaint_acknowledge(complaint=c, on=data["acknowledged_on"], by=by),
    ),
    "extend": Step(
        form=ExtendForm,
        title="Extend the stage {stage} response date",
        button="Extend the response date",
        done="Response date extended.",
        intro="Only when the complaint is complex. Agree it before the response is due, and tell the resident the "
        "reason and the new date.",
        run=lambda c, data, by: services.complaint_extend(
            complaint=c, to=data["extended_to"], reason=data["reason"], by=by
        ),
        form_kwargs=lambda c: {"limit": services.extension_limit(c)},
    ),
    "respond": Step(
        form=RespondForm,
        title="Record the stage {stage} response",
        button="Record the response",
        done="Stage {stage} response recorded.",
        run=lambda c, data, by: services.complaint_respond(
            complaint=c, on=data["responded_on"], response=data["response"], by=by
        ),
    ),
    "escalate": Step(
        form=EscalateForm,
        title="Take the complaint to stage 2",
        button="Escalate to stage 2",
        done="Complaint escalated to stage 2.",
        intro="When the resident is not happy with the stage 1 response and asks for it to be looked at again.",
        run=lambda c, data, by: services.complaint_escalate(
            complaint=c, requested_on=data["requested_on"], handler=data["handler"], by=by
        ),
        form_kwargs=lambda c: {"complaint": c},
    ),
    "close": Step(
        form=CloseForm,
        title="Close the complaint",
        button="Close the complaint",
        done="Complaint closed.",
        run=lambda c, data, by: services.complaint_close(complaint=c, on=data["closed_on"], by=by),
    ),
}


def _step_view(name: str):
    step = STEPS[name]

    @permission_required("tenancies.change_complaint", raise_exception=True)
    def view(request, pk):
        complaint = get_visible(_complaints(), request.user, pk=pk)
        if request.method != "POST" and name not in services.next_steps(complaint):
            messages.info(request, "That step is not open for this complaint now.")
            return redirect(complaint)
        return form_view(
            request,
            step.form(request.POST or None, **step.form_kwargs(complaint)),
            template="tenancies/complaints/step_form.html",
            save=lambda form: step.run(complaint, form.cleaned_data, request.user),
            success=lambda done: step.done.format(stage=done.stage),
            context={
                "complaint": complaint,
                "title": step.title.format(stage=complaint.stage),
                "button": step.button,
                "intro": step.intro,
                "deadline": services.complaint_clocks(complaint).next,
            },
        )

    view.__name__ = view.__qualname__ = f"complaint_{name}"
    return view


complaint_acknowledge = _step_view("acknowledge")
complaint_extend = _step_view("extend")
complaint_respond = _step_view("respond")
complaint_escalate = _step_view("escalate")
complaint_close = _step_view("close")


# ---------------------------------------------------------------- regulator's figures
def figures(request):
    """CH01, CH02 and NM01 for a period: for managers, senior workers and administrators."""
    if not _sees_figures(request.user):
        raise PermissionDenied
    schemes = Scheme.objects.visible_to(request.user)
    form = FiguresForm(request.GET or None, schemes=schemes)
    result = None
    if not form.is_bound or form.is_valid():
        start, end, scheme = form.period()
        chosen = schemes.filter(pk=scheme.pk) if scheme else schemes
        result = regulator.regulator_figures(start, end, chosen)
    return render(request, "tenancies/complaints/figures.html", {"form": form, "figures": result})


urlpatterns = [
    path("complaints/", complaint_list, name="complaint_list"),
    path("complaints/new/", complaint_choose_scheme, name="complaint_choose_scheme"),
    path("schemes/<int:scheme_pk>/complaints/new/", complaint_create, name="complaint_create"),
    path("complaints/<int:pk>/", complaint_detail, name="complaint_detail"),
    path("complaints/<int:pk>/acknowledge/", complaint_acknowledge, name="complaint_acknowledge"),
    path("complaints/<int:pk>/extend/", complaint_extend, name="complaint_extend"),
    path("complaints/<int:pk>/respond/", complaint_respond, name="complaint_respond"),
    path("complaints/<int:pk>/escalate/", complaint_escalate, name="complaint_escalate"),
    path("complaints/<int:pk>/close/", complaint_close, name="complaint_close"),
    path("figures/", figures, name="figures"),
]
