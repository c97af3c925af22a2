"""Incidents: the list, recording one, its page with each resident's ladder, ladder steps,
review dates, closing, and warning letters (private PDFs)."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import dateformat, timezone
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from core.files import private_file_response
from core.viewkit import form_view, get_visible
from people.models import Person

from ..forms.incidents import (
    CloseIncidentForm,
    IncidentForm,
    LadderActionForm,
    ReviewDateForm,
    SchemeChoiceForm,
    StepChoiceForm,
)
from ..models import Incident, IncidentParty, LadderStep, Letter, Scheme
from ..rules import INCIDENT_REVIEW_AFTER
from ..services import incidents as services


def _visible_incident(request, pk) -> Incident:
    return get_visible(Incident.objects.select_related("scheme", "recorded_by"), request.user, pk=pk)


@permission_required("tenancies.view_incident", raise_exception=True)
def incident_list(request):
    show = request.GET.get("show", "open")
    if show not in ("open", "closed", "all"):
        show = "open"
    incidents = Incident.objects.visible_to(request.user).select_related("scheme")
    if show == "open":
        incidents = incidents.open()
    elif show == "closed":
        incidents = incidents.filter(closed_on__isnull=False)
    page = Paginator(incidents.order_by("-occurred_on", "-pk"), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "tenancies/incidents/incident_list.html",
        {"page_obj": page, "incidents": page.object_list, "show": show, "today": timezone.localdate()},
    )


@permission_required("tenancies.add_incident", raise_exception=True)
def incident_create(request):
    """Record an incident in a scheme the user can see (`?scheme=ID` chooses it)."""
    schemes = Scheme.objects.visible_to(request.user)
    chooser = SchemeChoiceForm(request.GET if "scheme" in request.GET else None, schemes=schemes)
    if not chooser.is_valid():
        only = list(schemes[:2])
        if len(only) == 1:
            return redirect(f"{request.path}?scheme={only[0].pk}")
        return render(request, "tenancies/incidents/scheme_choice.html", {"form": chooser})
    scheme = chooser.cleaned_data["scheme"]
    today = timezone.localdate()
    return form_view(
        request,
        IncidentForm(
            request.POST or None,
            residents=services.residents_of(scheme=scheme),
            initial={"occurred_on": today, "review_on": INCIDENT_REVIEW_AFTER.due(today)},
        ),
        template="tenancies/incidents/incident_form.html",
        save=lambda form: services.incident_record(scheme=scheme, by=request.user, **form.service_kwargs()),
        success="The incident is recorded.",
        context={"scheme": scheme},
    )


@permission_required("tenancies.view_incident", raise_exception=True)
def incident_detail(request, pk):
    incident = _visible_incident(request, pk)
    parties = list(incident.parties.select_related("person").order_by("role", "pk"))
    visible_people = set(
        Person.objects.visible_to(request.user)
        .filter(pk__in=[party.person_id for party in parties if party.person_id])
        .values_list("pk", flat=True)
    )
    ladders = services.ladders_for_incident(incident=incident)
    steps = list(incident.actions.select_related("person", "agreement", "support_worker", "approved_by", "recorded_by"))
    for action in steps:
        action.grounds_display = services.grounds_labels(action.grounds)
        action.is_licence_notice = action.step == LadderStep.NOTICE and action.agreement.is_licence
    letters = (
        Letter.objects.visible_to(request.user)
        .filter(ladder_action__incident=incident)
        .select_related("person", "ladder_action")
    )
    return render(
        request,
        "tenancies/incidents/incident_detail.html",
        {
            "incident": incident,
            "parties": parties,
            "visible_people": visible_people,
            "ladders": ladders,
            "steps": steps,
            "letters": letters,
            "review_form": ReviewDateForm(initial={"review_on": incident.review_on}),
            "today": timezone.localdate(),
        },
    )


@permission_required("tenancies.add_ladderaction", raise_exception=True)
def ladder_action_create(request, pk, person_pk):
    """Record the next step for one resident: first choose the step, then fill in what it needs."""
    incident = _visible_incident(request, pk)
    party = get_object_or_404(
        IncidentParty.objects.select_related("person"),
        incident=incident,
        person_id=person_pk,
        role=IncidentParty.Role.ALLEGED,
    )
    person = party.person
    agreement = services.current_agreement(person=person, scheme=incident.scheme)
    context = {"incident": incident, "person": person, "agreement": agreement}
    if incident.closed_on is not None or agreement is None:
        return render(request, "tenancies/incidents/ladder_unavailable.html", context)
    ladder = services.ladder_for(agreement=agreement)
    context["ladder"] = ladder
    chooser = StepChoiceForm(request.GET if "step" in request.GET else None, ladder=ladder)
    if not chooser.is_valid():
        context["form"] = chooser
        return render(request, "tenancies/incidents/step_choice.html", context)
    step = LadderStep(chooser.cleaned_data["step"])
    is_skip = ladder.is_skip(step)

    def recorded(action) -> str:
        done = f"{action.get_step_display()} recorded for {person}."
        return done + " The letter is ready to download." if hasattr(action, "letter") else done

    return form_view(
        request,
        LadderActionForm(request.POST or None, step=step, agreement=agreement, is_skip=is_skip),
        template="tenancies/incidents/ladder_action_form.html",
        save=lambda form: services.ladder_action_record(
            incident=incident, person=person, step=step, by=request.user, **form.service_kwargs()
        ),
        success=recorded,
        then=incident,
        context={
            **context,
            "step": step,
            "is_skip": is_skip,
            "may_skip": request.user.has_perm("tenancies.approve_ladder_skip"),
        },
    )


@permission_required("tenancies.change_incident", raise_exception=True)
def incident_close(request, pk):
    incident = _visible_incident(request, pk)
    return form_view(
        request,
        CloseIncidentForm(request.POST or None, initial={"closed_on": timezone.localdate()}),
        template="tenancies/incidents/incident_close.html",
        save=lambda form: services.incident_close(incident=incident, by=request.user, **form.cleaned_data),
        success="The incident is closed.",
        context={"incident": incident},
    )


@require_POST
@permission_required("tenancies.change_incident", raise_exception=True)
def incident_review(request, pk):
    """Set the next review date (the form sits on the incident page)."""
    incident = _visible_incident(request, pk)
    return form_view(
        request,
        ReviewDateForm(request.POST),
        template="tenancies/incidents/incident_review.html",
        save=lambda form: services.incident_set_review(incident=incident, by=request.user, **form.cleaned_data),
        success=lambda reviewed: f"Next review on {dateformat.format(reviewed.review_on, 'j F Y')}.",
        context={"incident": incident},
    )


@permission_required("tenancies.view_letter", raise_exception=True)
def letter_download(request, pk):
    """Letters are private files: fetched through the person's scope, never from a public URL."""
    letter = get_visible(Letter, request.user, pk=pk)
    return private_file_response(letter.file, filename=f"{letter.title}.pdf", as_attachment=True)


urlpatterns = [
    path("incidents/", incident_list, name="incident_list"),
    path("incidents/new/", incident_create, name="incident_create"),
    path("incidents/<int:pk>/", incident_detail, name="incident_detail"),
    path("incidents/<int:pk>/residents/<int:person_pk>/step/", ladder_action_create, name="ladder_action_create"),
    path("incidents/<int:pk>/close/", incident_close, name="incident_close"),
    path("incidents/<int:pk>/review/", incident_review, name="incident_review"),
    path("letters/<int:pk>/", letter_download, name="letter_download"),
]
