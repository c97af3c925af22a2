"""Awaab's Law on the repair page: triage, the investigation, the written summary and the works."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from core.viewkit import form_view, get_visible, post_action

from ..forms.hazards import (
    AccessAttemptForm,
    AlternativeAccommodationForm,
    AlternativeAnswerForm,
    ClockStopForm,
    ControlDelayForm,
    DelayEndForm,
    EntryNoticeForm,
    InvestigationForm,
    MadeSafeForm,
    SupplementaryWorkForm,
    TriageForm,
    WorkBegunForm,
)
from ..letters.hazards import written_summary_pdf
from ..models import ControlDelay, Hazard, HazardClock, Repair
from ..services import hazards as services

TEMPLATE = "repairs/repair_action_form.html"


def _now():
    return timezone.localtime().replace(second=0, microsecond=0)


def _hazard(request, pk) -> Hazard:
    return get_visible(
        Hazard.objects.select_related("repair__scheme", "repair__unit__property", "repair__target_priority"),
        request.user,
        pk=pk,
    )


def _page(hazard, title, button):
    return {"repair": hazard.repair, "title": title, "button": button}


@permission_required("repairs.add_hazard", raise_exception=True)
def hazard_triage(request, pk):
    repair = get_visible(Repair.objects.select_related("scheme", "target_priority"), request.user, pk=pk)
    return form_view(
        request,
        TriageForm(request.POST or None, initial={"aware_at": timezone.localtime(repair.reported_at)}),
        template=TEMPLATE,
        save=lambda form: services.hazard_triage(repair=repair, by=request.user, **form.cleaned_data),
        success=lambda hazard: f"Triaged as {hazard.get_kind_display().lower()}. The clocks are on the repair page.",
        then=repair,
        context={"repair": repair, "title": "Triage as a hazard (Awaab's Law)", "button": "Start the clocks"},
    )


@permission_required("repairs.change_hazard", raise_exception=True)
def hazard_investigation(request, pk):
    hazard = _hazard(request, pk)
    return form_view(
        request,
        InvestigationForm(request.POST or None, initial={"concluded_at": _now()}),
        template=TEMPLATE,
        save=lambda form: services.investigation_conclude(
            hazard=hazard,
            concluded_at=form.cleaned_data["concluded_at"],
            hazard_found=form.cleaned_data["found"] == "yes",
            findings=form.cleaned_data["findings"],
            investigator=form.cleaned_data["investigator"],
            investigated_remotely=form.cleaned_data["investigated_remotely"],
            safety_works=form.cleaned_data["safety_works"],
            supplementary_works=form.cleaned_data["supplementary_works"],
            by=request.user,
        ),
        success="Investigation recorded. Send the resident their written summary next.",
        then=hazard,
        context=_page(hazard, "Record the investigation", "Record the investigation"),
    )


@require_POST
@permission_required("repairs.change_hazard", raise_exception=True)
def hazard_summary_issue(request, pk):
    """Write the summary letter from what was recorded, keep it on the hazard and meet its clock."""
    hazard = _hazard(request, pk)

    def issue():
        with transaction.atomic():
            letter = ContentFile(written_summary_pdf(hazard), name=f"summary-{hazard.repair.reference}.pdf")
            return services.written_summary_record(
                hazard=hazard, sent_at=timezone.now(), letter=letter, by=request.user
            )

    return post_action(
        request, issue, success="Written summary issued. Download it from the repair page to send it.", then=hazard
    )


@permission_required("repairs.view_hazard", raise_exception=True)
def hazard_summary_pdf(request, pk):
    hazard = _hazard(request, pk)
    if not hazard.summary_letter:
        raise Http404
    with hazard.summary_letter.open("rb") as letter:
        response = HttpResponse(letter.read(), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="summary-{hazard.repair.reference}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@permission_required("repairs.change_hazard", raise_exception=True)
def hazard_made_safe(request, pk):
    hazard = _hazard(request, pk)
    return form_view(
        request,
        MadeSafeForm(request.POST or None, initial={"made_safe_at": _now()}),
        template=TEMPLATE,
        save=lambda form: services.emergency_made_safe(hazard=hazard, by=request.user, **form.cleaned_data),
        success="Recorded as made safe.",
        then=hazard,
        context=_page(hazard, "Record that it was made safe", "Record as made safe"),
    )


@permission_required("repairs.change_hazard", raise_exception=True)
def hazard_safety_work(request, pk):
    hazard = _hazard(request, pk)
    return form_view(
        request,
        WorkBegunForm(request.POST or None, initial={"begun_at": _now()}),
        template=TEMPLATE,
        save=lambda form: services.safety_work_begin(hazard=hazard, by=request.user, **form.cleaned_data),
        success="Safety work recorded as begun.",
        then=hazard,
        context=_page(hazard, "Record that safety work began", "Record the safety work"),
    )


def _record(request, pk, form_class, save, success, title, initial_field):
    repair = get_visible(Repair.objects.select_related("scheme", "target_priority"), request.user, pk=pk)
    return form_view(
        request,
        form_class(request.POST or None, initial={initial_field: _now()}),
        template=TEMPLATE,
        save=lambda form: save(repair, form.cleaned_data),
        success=success,
        then=repair,
        context={"repair": repair, "title": title, "button": "Save"},
    )


@permission_required("repairs.add_accessattempt", raise_exception=True)
def access_attempt(request, pk):
    return _record(
        request,
        pk,
        AccessAttemptForm,
        lambda repair, data: services.access_attempt_record(repair=repair, by=request.user, **data),
        "Access attempt recorded.",
        "Record an attempt to reach the resident or get in",
        "attempted_at",
    )


@permission_required("repairs.add_entrynotice", raise_exception=True)
def entry_notice(request, pk):
    return _record(
        request,
        pk,
        EntryNoticeForm,
        lambda repair, data: services.entry_notice_record(repair=repair, by=request.user, **data),
        "Notice of entry recorded.",
        "Record a written notice of entry",
        "given_at",
    )


@permission_required("repairs.add_controldelay", raise_exception=True)
def control_delay(request, pk):
    return _record(
        request,
        pk,
        ControlDelayForm,
        lambda repair, data: services.control_delay_record(repair=repair, by=request.user, **data),
        "Delay recorded against the clock.",
        "Record a delay outside our control",
        "started_at",
    )


@permission_required("repairs.change_hazard", raise_exception=True)
def alternative_accommodation(request, pk):
    hazard = _hazard(request, pk)
    return form_view(
        request,
        AlternativeAccommodationForm(
            request.POST or None, initial={"offered_at": _now(), "resident_answer": "waiting"}
        ),
        template=TEMPLATE,
        save=lambda form: services.alternative_accommodation_offer(hazard=hazard, by=request.user, **form.cleaned_data),
        success="Offer of somewhere else to stay recorded.",
        then=hazard,
        context=_page(hazard, "Offer somewhere else to stay", "Record the offer"),
    )


@permission_required("repairs.change_hazard", raise_exception=True)
def hazard_supplementary_work(request, pk):
    hazard = _hazard(request, pk)
    return form_view(
        request,
        SupplementaryWorkForm(request.POST or None, initial={"begun_at": _now()}),
        template=TEMPLATE,
        save=lambda form: services.supplementary_work_begin(hazard=hazard, by=request.user, **form.cleaned_data),
        success="Supplementary work recorded.",
        then=hazard,
        context=_page(hazard, "Record that work to stop it coming back began", "Record the work"),
    )


@permission_required("repairs.change_hazard", raise_exception=True)
def hazard_alternative_answer(request, pk):
    hazard = _hazard(request, pk)
    return form_view(
        request,
        AlternativeAnswerForm(request.POST or None, initial={"answered_at": _now()}),
        template=TEMPLATE,
        save=lambda form: services.alternative_accommodation_answer(
            hazard=hazard, by=request.user, **form.cleaned_data
        ),
        success="Their answer is recorded.",
        then=hazard,
        context=_page(hazard, "Record their answer to the offer", "Record the answer"),
    )


@permission_required("repairs.change_hazardclock", raise_exception=True)
def hazard_clock_stop(request, pk):
    clock = get_visible(HazardClock.objects.select_related("hazard__repair__target_priority"), request.user, pk=pk)
    return form_view(
        request,
        ClockStopForm(request.POST or None, initial={"stopped_at": _now()}),
        template=TEMPLATE,
        save=lambda form: services.clock_stop(clock=clock, by=request.user, **form.cleaned_data),
        success="Clock stopped, with your reason on the repair's timeline.",
        then=clock,
        context={
            "repair": clock.hazard.repair,
            "title": f"Stop the clock: {clock.get_step_display().lower()}",
            "button": "Stop the clock",
        },
    )


@permission_required("repairs.change_controldelay", raise_exception=True)
def control_delay_end(request, pk):
    delay = get_object_or_404(
        ControlDelay.objects.select_related("repair__target_priority"),
        repair__in=Repair.objects.visible_to(request.user),
        pk=pk,
    )
    return form_view(
        request,
        DelayEndForm(request.POST or None, initial={"ended_at": _now()}),
        template=TEMPLATE,
        save=lambda form: services.control_delay_end(delay=delay, by=request.user, **form.cleaned_data),
        success="Delay ended.",
        then=delay.repair,
        context={"repair": delay.repair, "title": "Record when the delay ended", "button": "Save"},
    )


urlpatterns = [
    path("hazards/<int:pk>/supplementary-work/", hazard_supplementary_work, name="hazard_supplementary_work"),
    path("hazards/<int:pk>/alternative/answer/", hazard_alternative_answer, name="hazard_alternative_answer"),
    path("clocks/<int:pk>/stop/", hazard_clock_stop, name="hazard_clock_stop"),
    path("delays/<int:pk>/end/", control_delay_end, name="control_delay_end"),
    path("<int:pk>/access-attempts/", access_attempt, name="access_attempt"),
    path("<int:pk>/entry-notices/", entry_notice, name="entry_notice"),
    path("<int:pk>/delays/", control_delay, name="control_delay"),
    path("hazards/<int:pk>/alternative/", alternative_accommodation, name="hazard_alternative"),
    path("<int:pk>/hazard/", hazard_triage, name="hazard_triage"),
    path("hazards/<int:pk>/investigation/", hazard_investigation, name="hazard_investigation"),
    path("hazards/<int:pk>/summary/", hazard_summary_issue, name="hazard_summary_issue"),
    path("hazards/<int:pk>/summary.pdf", hazard_summary_pdf, name="hazard_summary_pdf"),
    path("hazards/<int:pk>/made-safe/", hazard_made_safe, name="hazard_made_safe"),
    path("hazards/<int:pk>/safety-work/", hazard_safety_work, name="hazard_safety_work"),
]
