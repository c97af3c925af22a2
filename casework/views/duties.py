"""Duties, s184 decisions and s202 review requests: the case-page section and the pages that change them."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path
from django.utils import timezone
from rules.contrib.views import permission_required

from core.viewkit import form_view, get_visible

from .. import sections
from ..forms.duties import DecisionForm, DutyEndForm, DutyStartForm, ReviewDecisionForm, ReviewRequestForm
from ..models import Case, Duty, MainDutyDecision
from ..rules import REVIEW_DECISION, REVIEW_REQUEST
from ..services import duties as services

URGENT_DAYS = 14


def _visible_decision(request, pk) -> MainDutyDecision:
    return get_visible(
        MainDutyDecision.objects.select_related("case__person", "case__team"),
        request.user,
        perm="casework.change_case",
        pk=pk,
    )


def _section(case) -> str:
    return f"{case.get_absolute_url()}#duties"


@sections.section("duties", title="Duties and decisions", template="casework/duties/_case_section.html", order=20)
def duties_section(request, case) -> dict:
    """Each duty with its clock, each decision with its review window. Two queries, however many there are."""
    today = timezone.localdate()
    duties = list(case.duties.select_related("mediation_outcome", "accommodation_secured_type", "main_activity"))
    decisions = list(case.decisions.select_related("priority_need"))
    duty_rows = []
    for duty in duties:
        days_left = duty.days_left(today)
        duty_rows.append(
            {
                "duty": duty,
                "day": duty.day_number(today),
                "days_left": days_left,
                "overdue": days_left is not None and days_left < 0,
                "days_past": -days_left if days_left is not None and days_left < 0 else 0,
                "urgent": days_left is not None and days_left <= URGENT_DAYS,
            }
        )
    decision_rows = []
    for decision in decisions:
        decision_rows.append(
            {
                "decision": decision,
                "window_open": decision.review_window_open(today),
                "days_to_ask": (decision.review_deadline - today).days,
                "review_due": decision.review_due,
            }
        )
    prevention_open = any(duty.is_open and duty.kind == Duty.Kind.PREVENTION for duty in duties)
    kinds = dict(Duty.Kind.choices)
    return {
        "duty_rows": duty_rows,
        "decision_rows": decision_rows,
        "startable": [
            (kind, kinds[kind]) for kind in services.startable_kinds(case, duties=duties, decisions=decisions)
        ],
        "notice_running": case.is_open and case.notice_running_on(today),
        "notice_expired": case.notice_expires_on is not None and case.notice_expires_on < today,
        "prevention_open": prevention_open,
        "review_days": REVIEW_REQUEST.amount,
    }


@permission_required("casework.add_duty", raise_exception=True)
def duty_start(request, pk):
    case = get_visible(Case.objects.with_person(), request.user, perm="casework.change_case", pk=pk)
    kinds = services.startable_kinds(case, duties=list(case.duties.all()), decisions=list(case.decisions.all()))
    initial = {"kind": request.GET["kind"]} if request.GET.get("kind") in Duty.Kind.values else {}
    return form_view(
        request,
        DutyStartForm(request.POST or None, kinds=kinds, initial=initial),
        template="casework/duties/duty_start_form.html",
        save=lambda form: services.duty_start(case=case, by=request.user, **form.cleaned_data),
        success=lambda duty: f"{duty.get_kind_display()} started on {duty.started_on:%-d %B %Y}.",
        then=_section(case),
        context={"case": case, "startable": kinds},
    )


@permission_required("casework.change_duty", raise_exception=True)
def duty_end(request, pk):
    duty = get_visible(
        Duty.objects.select_related("case__person", "case__team"), request.user, perm="casework.change_case", pk=pk
    )
    case = duty.case
    if not duty.is_open:
        messages.error(request, f"The {duty.get_kind_display()} has already ended.")
        return redirect(_section(case))
    form = DutyEndForm(request.POST or None, duty=duty, initial=DutyEndForm.initial_from(request.GET, duty))

    def save(form):
        data = form.cleaned_data
        services.duty_end(
            duty=duty,
            reason=data["reason"],
            ended_on=data["ended_on"],
            by=request.user,
            note=data["note"],
            secured=data.get("secured", ""),
            warning_notice_on=data.get("warning_notice_on"),
            mediation=data["mediation"],
            accommodation_secured_type=data.get("accommodation_secured_type"),
            main_activity=data.get("main_activity"),
        )

    def success(_):
        reason = form.cleaned_data["reason"]
        message = f"{duty.get_kind_display()} ended: {Duty.EndReason(reason).label}."
        if reason == Duty.EndReason.BECAME_HOMELESS:
            message += " The relief duty started the same day."
        return message

    today = timezone.localdate()
    return form_view(
        request,
        form,
        template="casework/duties/duty_end_form.html",
        save=save,
        success=success,
        then=_section(case),
        context={
            "duty": duty,
            "case": case,
            "day": duty.day_number(today),
            "days_left": duty.days_left(today),
            "notice_running": duty.kind == Duty.Kind.PREVENTION and case.notice_running_on(today),
            "notice_expired": case.notice_expires_on is not None and case.notice_expires_on < today,
        },
    )


@permission_required("casework.add_maindutydecision", raise_exception=True)
def decision_create(request, pk):
    case = get_visible(Case.objects.with_person(), request.user, perm="casework.change_case", pk=pk)

    def save(form):
        data = form.cleaned_data
        return services.decision_record(
            case=case,
            outcome=data["outcome"],
            decided_on=data["decided_on"],
            letter_sent_on=data["letter_sent_on"],
            reasons=data["reasons"],
            priority_need=data["priority_need"],
            by=request.user,
        )

    return form_view(
        request,
        DecisionForm(request.POST or None),
        template="casework/duties/decision_form.html",
        save=save,
        success=lambda decision: (
            f"Decision recorded. They can ask for a review until {decision.review_deadline:%-d %B %Y}."
        ),
        then=_section(case),
        context={"case": case},
    )


@permission_required("casework.change_maindutydecision", raise_exception=True)
def review_request(request, pk):
    decision = _visible_decision(request, pk)
    case = decision.case
    if decision.review_requested_on:
        messages.error(request, "A review of this decision has already been requested.")
        return redirect(_section(case))
    form = ReviewRequestForm(request.POST or None)

    def success(_):
        due = REVIEW_DECISION.due(form.cleaned_data["requested_on"])
        return f"Review request recorded. The review should be decided by {due:%-d %B %Y}."

    return form_view(
        request,
        form,
        template="casework/duties/review_request_form.html",
        save=lambda form: services.review_request(decision=decision, by=request.user, **form.cleaned_data),
        success=success,
        then=_section(case),
        context={"case": case, "decision": decision, "window_open": decision.review_window_open()},
    )


@permission_required("casework.change_maindutydecision", raise_exception=True)
def review_decide(request, pk):
    decision = _visible_decision(request, pk)
    case = decision.case
    if not decision.review_requested_on or decision.review_decided_on:
        messages.error(request, "There is no review waiting for a decision.")
        return redirect(_section(case))
    return form_view(
        request,
        ReviewDecisionForm(request.POST or None),
        template="casework/duties/review_decision_form.html",
        save=lambda form: services.review_decide(decision=decision, by=request.user, **form.cleaned_data),
        success="Review decision recorded. Send the applicant the decision and its reasons.",
        then=_section(case),
        context={"case": case, "decision": decision},
    )


urlpatterns = [
    path("cases/<int:pk>/duties/new/", duty_start, name="duty_start"),
    path("duties/<int:pk>/end/", duty_end, name="duty_end"),
    path("cases/<int:pk>/decisions/new/", decision_create, name="decision_create"),
    path("decisions/<int:pk>/review/", review_request, name="review_request"),
    path("decisions/<int:pk>/review/decision/", review_decide, name="review_decide"),
]
