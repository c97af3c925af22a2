"""Home visits from a phone: plan, check in, record what you found, check out; and lone-working alerts."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from core.forms import add_validation_error
from core.services import record_access
from core.viewkit import form_view, get_visible

from .. import sections
from ..forms.visits import AcknowledgeForm, CheckInForm, CheckOutForm, FindingsForm, VisitPlanForm
from ..models import Case, HomeVisit
from ..services import visits as services

# Leaders' header link (team leaders and administrators hold reassign_case). Could move to casework/apps.py.


def _visible_visit(request, pk) -> HomeVisit:
    visits = HomeVisit.objects.select_related("case__person", "case__team", "officer", "alert_acknowledged_by")
    return get_visible(visits, request.user, pk=pk)


def _officer_only(request, visit: HomeVisit) -> None:
    if visit.officer_id != request.user.pk:
        raise PermissionDenied


def visit_status(visit: HomeVisit, now) -> tuple[str, str]:
    """A visit's status for people: label and tag modifier."""
    if visit.on_visit and visit.alert_open:
        return "Alert open", "tag--overdue"
    if visit.on_visit:
        return "On visit now", "tag--todo"
    if visit.checked_out_at:
        return "Checked out", "tag--done"
    if visit.expected_end < now:
        return "Not checked in", ""
    return "Planned", ""


def _default_start(now):
    """The next quarter hour, local time."""
    local = timezone.localtime(now).replace(second=0, microsecond=0)
    return local + timedelta(minutes=15 - local.minute % 15)


@permission_required("casework.add_homevisit", raise_exception=True)
def visit_create(request, pk):
    """Plan a visit. The address starts as the one used on the case's last visit."""
    case = get_visible(Case.objects.with_person(), request.user, perm="casework.change_case", pk=pk)
    if not case.is_open:
        messages.error(request, "This case is closed, so no visit can be planned on it.")
        return redirect(case)
    start = _default_start(timezone.now())
    last = case.visits.order_by("-planned_start", "-pk").values_list("address", flat=True).first()
    initial = {"address": last or "", "planned_start": start, "expected_end": (start + timedelta(hours=1)).time()}

    def save(form):
        data = form.cleaned_data
        return services.visit_plan(
            case=case,
            by=request.user,
            kind=data["kind"],
            address=data["address"],
            planned_start=data["planned_start"],
            expected_end=data["expected_end_at"],
        )

    return form_view(
        request,
        VisitPlanForm(request.POST or None, initial=initial),
        template="casework/visits/visit_form.html",
        save=save,
        success=lambda visit: f"Visit planned for {timezone.localtime(visit.planned_start):%-d %B at %H:%M}.",
        context={"case": case},
    )


def _detail(request, visit: HomeVisit, **forms):
    """The visit page; forms given (with errors) replace the blank ones."""
    user = request.user
    is_officer = visit.officer_id == user.pk
    context = {
        "visit": visit,
        "case": visit.case,
        "now": timezone.now(),
        "is_officer": is_officer,
        "status": visit_status(visit, timezone.now()),
        "earlier_risks": visit.case.visits.exclude(pk=visit.pk).exclude(staff_risks="").select_related("officer"),
        "can_record": user.has_perm("casework.change_homevisit"),
    }
    if is_officer and visit.checked_in_at is None:
        end = visit.expected_end
        if end <= timezone.now():  # arriving late: keep the planned length from now
            end = timezone.now() + (visit.expected_end - visit.planned_start)
        initial = {"expected_end": timezone.localtime(end).time().replace(second=0, microsecond=0)}
        context["check_in_form"] = forms.get("check_in_form") or CheckInForm(initial=initial)
    if is_officer and visit.on_visit:
        context["check_out_form"] = forms.get("check_out_form") or CheckOutForm()
        context["alert_at"] = services.alert_fires_at(visit)
    if visit.alert_open and services.can_acknowledge(user):
        context["acknowledge_form"] = forms.get("acknowledge_form") or AcknowledgeForm()
    if visit.case.risk_summary or visit.staff_risks or visit.hazards:
        record_access(user=user, obj=visit, what="home visit risks", request=request)
    return render(request, "casework/visits/visit_detail.html", context)


@permission_required("casework.view_homevisit", raise_exception=True)
def visit_detail(request, pk):
    return _detail(request, _visible_visit(request, pk))


@permission_required("casework.change_homevisit", raise_exception=True)
@require_POST
def visit_check_in(request, pk):
    visit = _visible_visit(request, pk)
    _officer_only(request, visit)
    form = CheckInForm(request.POST)
    if form.is_valid():
        try:
            visit = services.visit_check_in(
                visit=visit, by=request.user, expected_end=form.cleaned_data.get("expected_end_at")
            )
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            finish = timezone.localtime(visit.expected_end)
            alert = timezone.localtime(services.alert_fires_at(visit))
            messages.success(
                request,
                f"Checked in. You expect to finish at {finish:%H:%M}. "
                f"If you have not checked out by {alert:%H:%M}, your team leader will be alerted then.",
            )
            return redirect(visit)
    if visit.checked_in_at is not None:
        messages.error(request, " ".join(form.non_field_errors()) or "You have already checked in.")
        return redirect(visit)
    return _detail(request, visit, check_in_form=form)


@permission_required("casework.change_homevisit", raise_exception=True)
@require_POST
def visit_check_out(request, pk):
    visit = _visible_visit(request, pk)
    _officer_only(request, visit)
    form = CheckOutForm(request.POST)
    if form.is_valid():
        try:
            visit = services.visit_check_out(visit=visit, by=request.user, at=form.cleaned_data["checked_out_at"])
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, "Checked out. Thank you, and take care.")
            return redirect(visit)
    if visit.checked_out_at is not None or visit.checked_in_at is None:
        # Nothing to check out of: say why on the visit page.
        messages.error(request, " ".join(form.non_field_errors()) or "There is nothing to check out of.")
        return redirect(visit)
    return _detail(request, visit, check_out_form=form)


@permission_required("casework.change_homevisit", raise_exception=True)
def visit_record(request, pk):
    """What the officer found: during the visit (it saves without checking out) or afterwards."""
    visit = _visible_visit(request, pk)

    def save(form):
        findings = {name: form.cleaned_data[name] for name in FindingsForm.Meta.fields}
        services.visit_record_findings(visit=visit, by=request.user, **findings)

    def shown() -> dict:
        """Showing the page reads the risks recorded on the visit, so it is logged."""
        if visit.staff_risks or visit.hazards:
            record_access(user=request.user, obj=visit, what="home visit risks", request=request)
        return {"visit": visit, "case": visit.case}

    return form_view(
        request,
        FindingsForm(request.POST or None, instance=visit),
        template="casework/visits/findings_form.html",
        save=save,
        success="What you found is saved.",
        then=visit,
        context=shown,
    )


@permission_required("casework.change_homevisit", raise_exception=True)
@require_POST
def visit_alert_acknowledge(request, pk):
    visit = _visible_visit(request, pk)
    if not services.can_acknowledge(request.user):
        raise PermissionDenied
    form = AcknowledgeForm(request.POST)
    if form.is_valid():
        try:
            services.visit_acknowledge_alert(visit=visit, by=request.user, note=form.cleaned_data["note"])
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, "Alert acknowledged. It will not escalate further.")
            return redirect(visit)
    if not visit.alert_open:
        messages.error(request, "There is no open lone-working alert on this visit.")
        return redirect(visit)
    return _detail(request, visit, acknowledge_form=form)


def lone_working(request):
    """Team leaders and administrators: who is out on a visit now, with open alerts first."""
    if not services.can_acknowledge(request.user):
        raise PermissionDenied
    now = timezone.now()
    out = list(
        HomeVisit.objects.watched_by(request.user)
        .checked_in()
        .select_related("case__person", "officer", "alert_acknowledged_by")
        .order_by("expected_end", "pk")
    )
    rows = [{"visit": v, "status": visit_status(v, now), "late": v.expected_end < now} for v in out]
    rows.sort(key=lambda row: not row["visit"].alert_open)
    alerts = sum(1 for row in rows if row["visit"].alert_open)
    return render(request, "casework/visits/lone_working.html", {"rows": rows, "alerts": alerts, "now": now})


@sections.section("visits", title="Home visits", template="casework/visits/_case_section.html", order=40)
def visits_section(request, case) -> dict:
    """Upcoming visits (soonest first), then past ones (latest first). One query."""
    if not request.user.has_perm("casework.view_homevisit"):
        return {"visits_hidden": True}
    now = timezone.now()
    visits = list(case.visits.select_related("officer"))
    upcoming = [v for v in visits if v.checked_out_at is None and (v.on_visit or v.expected_end >= now)]
    past = [v for v in visits if v not in upcoming]
    upcoming.sort(key=lambda v: (v.planned_start, v.pk))
    return {
        "upcoming_visits": [(v, visit_status(v, now)) for v in upcoming],
        "past_visits": [(v, visit_status(v, now)) for v in past],
    }


urlpatterns = [
    path("cases/<int:pk>/visits/new/", visit_create, name="visit_create"),
    path("visits/<int:pk>/", visit_detail, name="visit_detail"),
    path("visits/<int:pk>/check-in/", visit_check_in, name="visit_check_in"),
    path("visits/<int:pk>/check-out/", visit_check_out, name="visit_check_out"),
    path("visits/<int:pk>/findings/", visit_record, name="visit_record"),
    path("visits/<int:pk>/alert/acknowledge/", visit_alert_acknowledge, name="visit_alert_acknowledge"),
    path("lone-working/", lone_working, name="lone_working"),
]
