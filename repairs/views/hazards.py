"""Awaab's Law on the repair page: triage, the investigation, the written summary and the works.

Most steps are the same shape (fetch through the user's scope, a form whose time starts now, one
service, back to the repair page), so they are rows of `STEPS`; views that differ are written out."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from core.files import private_bytes_response
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


def _repair(request, pk) -> Repair:
    return get_visible(Repair.objects.select_related("scheme", "target_priority"), request.user, pk=pk)


def _page(hazard, title, button):
    return {"repair": hazard.repair, "title": title, "button": button}


@permission_required("repairs.add_hazard", raise_exception=True)
def hazard_triage(request, pk):
    repair = _repair(request, pk)
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
        content = letter.read()
    return private_bytes_response(
        content, content_type="application/pdf", filename=f"summary-{hazard.repair.reference}.pdf"
    )


# ---------------------------------------------------------------- steps recorded through a form


@dataclass(frozen=True)
class On:
    """What a step is recorded on: how it is fetched (within the user's scope), the service's keyword
    for it, the repair whose page frames the form, and where the user goes afterwards."""

    fetch: Callable[[Any, int], Any]
    keyword: str
    repair: Callable[[Any], Repair]
    then: Callable[[Any], Any]


def _clock(request, pk) -> HazardClock:
    return get_visible(HazardClock.objects.select_related("hazard__repair__target_priority"), request.user, pk=pk)


def _delay(request, pk) -> ControlDelay:
    return get_object_or_404(
        ControlDelay.objects.select_related("repair__target_priority"),
        repair__in=Repair.objects.visible_to(request.user),
        pk=pk,
    )


ON_HAZARD = On(_hazard, "hazard", repair=lambda hazard: hazard.repair, then=lambda hazard: hazard)
ON_REPAIR = On(_repair, "repair", repair=lambda repair: repair, then=lambda repair: repair)
ON_CLOCK = On(_clock, "clock", repair=lambda clock: clock.hazard.repair, then=lambda clock: clock)
ON_DELAY = On(_delay, "delay", repair=lambda delay: delay.repair, then=lambda delay: delay.repair)


@dataclass(frozen=True)
class Step:
    """One step: the form (its `now` field starts at the current minute), the service it calls with
    the record, the user and the form's data, and what the page and the success message say."""

    on: On
    perm: str
    form: type
    service: Callable[..., Any]
    now: str
    success: str
    title: str | Callable[[Any], str]
    button: str = "Save"
    initial: dict = field(default_factory=dict)


STEPS = {
    "hazard_made_safe": Step(
        ON_HAZARD,
        "repairs.change_hazard",
        MadeSafeForm,
        services.emergency_made_safe,
        now="made_safe_at",
        success="Recorded as made safe.",
        title="Record that it was made safe",
        button="Record as made safe",
    ),
    "hazard_safety_work": Step(
        ON_HAZARD,
        "repairs.change_hazard",
        WorkBegunForm,
        services.safety_work_begin,
        now="begun_at",
        success="Safety work recorded as begun.",
        title="Record that safety work began",
        button="Record the safety work",
    ),
    "hazard_supplementary_work": Step(
        ON_HAZARD,
        "repairs.change_hazard",
        SupplementaryWorkForm,
        services.supplementary_work_begin,
        now="begun_at",
        success="Supplementary work recorded.",
        title="Record that work to stop it coming back began",
        button="Record the work",
    ),
    "alternative_accommodation": Step(
        ON_HAZARD,
        "repairs.change_hazard",
        AlternativeAccommodationForm,
        services.alternative_accommodation_offer,
        now="offered_at",
        initial={"resident_answer": "waiting"},
        success="Offer of somewhere else to stay recorded.",
        title="Offer somewhere else to stay",
        button="Record the offer",
    ),
    "hazard_alternative_answer": Step(
        ON_HAZARD,
        "repairs.change_hazard",
        AlternativeAnswerForm,
        services.alternative_accommodation_answer,
        now="answered_at",
        success="Their answer is recorded.",
        title="Record their answer to the offer",
        button="Record the answer",
    ),
    "access_attempt": Step(
        ON_REPAIR,
        "repairs.add_accessattempt",
        AccessAttemptForm,
        services.access_attempt_record,
        now="attempted_at",
        success="Access attempt recorded.",
        title="Record an attempt to reach the resident or get in",
    ),
    "entry_notice": Step(
        ON_REPAIR,
        "repairs.add_entrynotice",
        EntryNoticeForm,
        services.entry_notice_record,
        now="given_at",
        success="Notice of entry recorded.",
        title="Record a written notice of entry",
    ),
    "control_delay": Step(
        ON_REPAIR,
        "repairs.add_controldelay",
        ControlDelayForm,
        services.control_delay_record,
        now="started_at",
        success="Delay recorded against the clock.",
        title="Record a delay outside our control",
    ),
    "hazard_clock_stop": Step(
        ON_CLOCK,
        "repairs.change_hazardclock",
        ClockStopForm,
        services.clock_stop,
        now="stopped_at",
        success="Clock stopped, with your reason on the repair's timeline.",
        title=lambda clock: f"Stop the clock: {clock.get_step_display().lower()}",
        button="Stop the clock",
    ),
    "control_delay_end": Step(
        ON_DELAY,
        "repairs.change_controldelay",
        DelayEndForm,
        services.control_delay_end,
        now="ended_at",
        success="Delay ended.",
        title="Record when the delay ended",
    ),
}


def _step_view(name: str):
    step = STEPS[name]

    @permission_required(step.perm, raise_exception=True)
    def view(request, pk):
        record = step.on.fetch(request, pk)
        return form_view(
            request,
            step.form(request.POST or None, initial={step.now: _now(), **step.initial}),
            template=TEMPLATE,
            save=lambda form: step.service(**{step.on.keyword: record}, by=request.user, **form.cleaned_data),
            success=step.success,
            then=step.on.then(record),
            context={
                "repair": step.on.repair(record),
                "title": step.title(record) if callable(step.title) else step.title,
                "button": step.button,
            },
        )

    view.__name__ = view.__qualname__ = name
    return view


hazard_made_safe = _step_view("hazard_made_safe")
hazard_safety_work = _step_view("hazard_safety_work")
hazard_supplementary_work = _step_view("hazard_supplementary_work")
alternative_accommodation = _step_view("alternative_accommodation")
hazard_alternative_answer = _step_view("hazard_alternative_answer")
access_attempt = _step_view("access_attempt")
entry_notice = _step_view("entry_notice")
control_delay = _step_view("control_delay")
hazard_clock_stop = _step_view("hazard_clock_stop")
control_delay_end = _step_view("control_delay_end")


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
