"""Mediation with the host: start it, record sessions and the outcome; offer to end the prevention duty."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from rules.contrib.views import permission_required

from core.forms import add_validation_error

from .. import sections
from ..forms.mediation import MediationForm, OutcomeForm, SessionForm
from ..models import Mediation
from ..services import mediation as services
from .cases import visible_case


def _visible_mediation(request, pk, *, for_update: bool = False) -> Mediation:
    mediation = get_object_or_404(
        Mediation.objects.visible_to(request.user).select_related("case__person", "case__officer", "started_by"),
        pk=pk,
    )
    if for_update and not request.user.has_perm("casework.change_mediation"):
        raise PermissionDenied
    return mediation


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
    case = visible_case(request, pk, for_update=True)
    if not case.is_open:
        messages.error(request, "This case is closed.")
        return redirect(case)
    form = MediationForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        try:
            mediation = services.mediation_start(case=case, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, f"Mediation with {mediation.host_name} started. Add each session as it happens.")
            return redirect("casework:mediation_detail", mediation.pk)
    return render(request, "casework/mediation/mediation_form.html", {"form": form, "case": case})


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
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.mediation_session_add(mediation=mediation, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, f"Session on {session.held_on:%-d %B %Y} added.")
            return redirect(f"{reverse('casework:mediation_detail', args=[mediation.pk])}#sessions")
    return render(
        request, "casework/mediation/session_form.html", {"form": form, "mediation": mediation, "case": mediation.case}
    )


@permission_required("casework.change_mediation", raise_exception=True)
def mediation_outcome(request, pk):
    mediation = _visible_mediation(request, pk, for_update=True)
    if finished := _finished(request, mediation):
        return finished
    form = OutcomeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            mediation = services.mediation_outcome(mediation=mediation, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, f"Outcome recorded: {mediation.get_outcome_display()}.")
            return redirect("casework:mediation_detail", mediation.pk)
    return render(
        request, "casework/mediation/outcome_form.html", {"form": form, "mediation": mediation, "case": mediation.case}
    )


urlpatterns = [
    path("cases/<int:pk>/mediation/new/", mediation_create, name="mediation_create"),
    path("mediations/<int:pk>/", mediation_detail, name="mediation_detail"),
    path("mediations/<int:pk>/sessions/new/", mediation_session_add, name="mediation_session_add"),
    path("mediations/<int:pk>/outcome/", mediation_outcome, name="mediation_outcome"),
]
