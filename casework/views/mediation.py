"""Mediation with the host: start it, record sessions and the outcome; offer to end the prevention duty."""

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from rules.contrib.views import permission_required

from core.viewkit import form_view, get_visible

from .. import sections
from ..forms.mediation import MediationForm, OutcomeForm, SessionForm
from ..models import Case, Mediation
from ..services import mediation as services


def _visible_mediation(request, pk, *, perm: str | None = None) -> Mediation:
    return get_visible(
        Mediation.objects.select_related("case__person", "case__officer", "started_by"), request.user, perm=perm, pk=pk
    )


def _detail_url(mediation: Mediation) -> str:
    return reverse("casework:mediation_detail", args=[mediation.pk])


def _finished(request, mediation: Mediation):
    """A finished mediation (or a closed case) takes no more sessions or outcomes: back to its page."""
    if not mediation.case.is_open:
        messages.error(request, "This case is closed.")
    elif mediation.outcome != Mediation.Outcome.ONGOING:
        messages.info(request, f"This mediation has finished: {mediation.get_outcome_display()}.")
    else:
        return None
    return redirect("casework:mediation_detail", mediation.pk)


def end_duty_url(mediation: Mediation) -> str | None:
    """Where to end the prevention duty as 'stayed in their home' after the host agreed they can stay."""
    if not mediation.keeps_home:
        return None
    duty = services.open_prevention_duty(mediation.case)
    if duty is None:
        return None
    try:
        url = reverse("casework:duty_end", args=[duty.pk])
    except NoReverseMatch:  # the duties pages are not installed yet
        return None
    return f"{url}?reason=accommodation_secured&secured=stayed&mediation={mediation.pk}"


@sections.section("mediation", title="Mediation", template="casework/mediation/_case_section.html", order=50)
def mediation_section(request, case) -> dict:
    if not request.user.has_perm("casework.view_mediation"):
        return {"allowed": False}
    mediations = list(case.mediations.annotate(sessions_count=Count("sessions")))
    return {
        "allowed": True,
        "mediations": mediations,
        "ongoing": any(m.outcome == Mediation.Outcome.ONGOING for m in mediations),
    }


@permission_required("casework.add_mediation", raise_exception=True)
def mediation_create(request, pk):
    case = get_visible(Case.objects.with_person(), request.user, perm="casework.change_case", pk=pk)
    if not case.is_open:
        messages.error(request, "This case is closed.")
        return redirect(case)
    return form_view(
        request,
        MediationForm(request.POST or None, case=case),
        template="casework/mediation/mediation_form.html",
        save=lambda form: services.mediation_start(case=case, by=request.user, **form.cleaned_data),
        success=lambda mediation: f"Mediation with {mediation.host_name} started. Add each session as it happens.",
        then=_detail_url,
        context={"case": case},
    )


@permission_required("casework.view_mediation", raise_exception=True)
def mediation_detail(request, pk):
    mediation = _visible_mediation(request, pk)
    ongoing = mediation.outcome == Mediation.Outcome.ONGOING
    can_change = mediation.case.is_open and ongoing
    context = {
        "mediation": mediation,
        "case": mediation.case,
        "sessions": mediation.sessions.select_related("by"),
        "ongoing": ongoing,
        "end_duty_url": end_duty_url(mediation) if mediation.case.is_open else None,
        "today": timezone.localdate(),
    }
    if can_change and request.user.has_perm("casework.add_mediationsession"):
        context["session_form"] = SessionForm()
    if can_change and request.user.has_perm("casework.change_mediation"):
        context["outcome_form"] = OutcomeForm()
    return render(request, "casework/mediation/mediation_detail.html", context)


@permission_required("casework.add_mediationsession", raise_exception=True)
def mediation_session_add(request, pk):
    mediation = _visible_mediation(request, pk)
    if finished := _finished(request, mediation):
        return finished
    return form_view(
        request,
        SessionForm(request.POST or None),
        template="casework/mediation/session_form.html",
        save=lambda form: services.mediation_session_add(mediation=mediation, by=request.user, **form.cleaned_data),
        success=lambda session: f"Session on {session.held_on:%-d %B %Y} added.",
        then=f"{_detail_url(mediation)}#sessions",
        context={"mediation": mediation, "case": mediation.case},
    )


@permission_required("casework.change_mediation", raise_exception=True)
def mediation_outcome(request, pk):
    mediation = _visible_mediation(request, pk, perm="casework.change_mediation")
    if finished := _finished(request, mediation):
        return finished
    return form_view(
        request,
        OutcomeForm(request.POST or None),
        template="casework/mediation/outcome_form.html",
        save=lambda form: services.mediation_outcome(mediation=mediation, by=request.user, **form.cleaned_data),
        success=lambda mediation: f"Outcome recorded: {mediation.get_outcome_display()}.",
        then=_detail_url,
        context={"mediation": mediation, "case": mediation.case},
    )


urlpatterns = [
    path("cases/<int:pk>/mediation/new/", mediation_create, name="mediation_create"),
    path("mediations/<int:pk>/", mediation_detail, name="mediation_detail"),
    path("mediations/<int:pk>/sessions/new/", mediation_session_add, name="mediation_session_add"),
    path("mediations/<int:pk>/outcome/", mediation_outcome, name="mediation_outcome"),
]
