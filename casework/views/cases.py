"""The caseload, a new approach, the case page (built from each area's section), triage, assignment, closure."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Case as Case_
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Subquery, When
from django.db.models.functions import Coalesce
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import dateformat, timezone
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from accounts import roles
from accounts.models import Team, User
from core.history import history_entries
from core.viewkit import form_view, get_visible

from .. import sections
from ..forms.cases import (
    AcceptReferralForm,
    ApproachForm,
    AssignForm,
    CaseDetailsForm,
    CaseFilterForm,
    CloseForm,
    TriageForm,
)
from ..models import Case, Duty, HouseholdMember, Placement, Referral
from ..models.cases import FAMILY_MEMBER
from ..models.placements import bed_and_breakfast_clock
from ..rules import DUTY_CLOCK
from ..services import cases as services

PAGE_SIZE = 25


def _teams_for(user):
    if user.is_superuser or user.has_role(roles.ADMINISTRATOR):
        return Team.objects.filter(kind=Team.Kind.PREVENTION)
    return Team.objects.filter(Q(pk=user.team_id) | Q(leader=user), kind=Team.Kind.PREVENTION)


def _officers_for(user):
    return User.objects.filter(
        team__in=_teams_for(user), groups__name__in=[roles.PREVENTION_OFFICER, roles.TEAM_LEADER], is_active=True
    ).distinct()


@permission_required("casework.view_case", raise_exception=True)
def caseload(request):
    """The user's cases with their clocks; team leaders see the team's, to balance and reassign."""
    officers = _officers_for(request.user)
    form = CaseFilterForm(request.GET or None, officers=officers)
    data = form.cleaned_data if form.is_valid() else {}
    # The running prevention or relief duty's start, looked up per case (an indexed probe of its few
    # duties), not a MIN grouped over every duty of every case in the list.
    clock = (
        Duty.objects.filter(
            case=OuterRef("pk"), ended_on__isnull=True, kind__in=[Duty.Kind.PREVENTION, Duty.Kind.RELIEF]
        )
        .order_by("started_on")
        .values("started_on")[:1]
    )
    cases = (
        Case.objects.visible_to(request.user)
        .with_person()
        # A closed case has no running duty (case_close refuses while one runs), so its clock is not
        # looked up: the list of every case ever opened sorts by deadline without probing 78,000 cases.
        .annotate(clock_start=Case_(When(status=Case.Status.OPEN, then=Subquery(clock)), default=None))
        .annotate(family=Exists(HouseholdMember.objects.filter(FAMILY_MEMBER, case=OuterRef("pk"))))
        .prefetch_related(
            Prefetch(
                "placements",
                queryset=Placement.objects.filter(kind=Placement.Kind.BED_AND_BREAKFAST),
                to_attr="bnb_placements",
            )
        )
    )
    status = data.get("status") or "open"
    if status != "all":
        cases = cases.filter(status=status)
    if data.get("q"):
        text = data["q"].strip()
        cases = cases.filter(Q(reference__iexact=text) | Q(person__search_name__contains=text.lower()))
    if data.get("unassigned"):
        cases = cases.filter(officer__isnull=True)
    elif data.get("officer"):
        cases = cases.filter(officer=data["officer"])
    sort = data.get("sort") or "deadline"
    order = {
        "deadline": [F("clock_start").asc(nulls_last=True), "-approached_on"],
        "newest": ["-approached_on", "-pk"],
        "name": ["person__legal_name", "pk"],
    }[sort]
    page = Paginator(cases.order_by(*order), PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    rows = []
    for case in page.object_list:
        day_56 = DUTY_CLOCK.due(case.clock_start) if case.clock_start else None
        bnb = bed_and_breakfast_clock(case.bnb_placements, today) if case.family and case.bnb_placements else None
        rows.append(
            {
                "case": case,
                # Day 1 is the day the duty began, as on the case page (Duty.day_number); the 56-day point is
                # the day after day 56, the first day the duty may end on that ground.
                "day": (today - case.clock_start).days + 1 if case.clock_start else None,
                "day_56": day_56,
                "days_left": (day_56 - today).days if day_56 else None,
                "bnb": bnb,
                "bnb_in_breach": bool(bnb and bnb.in_breach(today)),
            }
        )
    leads = request.user.has_perm("casework.reassign_case")
    load = None
    if leads:
        # Each officer's open cases only (the open-cases index), not a join of every case they ever held.
        open_cases = (
            Case.objects.open()
            .filter(officer=OuterRef("pk"))
            .order_by()
            .values("officer")
            .annotate(count=Count("pk"))
            .values("count")
        )
        load = officers.annotate(open_cases=Coalesce(Subquery(open_cases), 0)).order_by("full_name")
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "casework/cases/caseload.html",
        {"form": form, "page_obj": page, "rows": rows, "leads": leads, "load": load, "query": query.urlencode()},
    )


IDENTITY_LABELS = {
    "legal_name": "full name",
    "date_of_birth": "date of birth",
    "ni_number": "National Insurance number",
}


def _shown(value) -> str:
    if value in (None, ""):
        return "blank"
    return dateformat.format(value, "j F Y") if hasattr(value, "year") else str(value)


def _approach_opened(case: Case, typed: dict | None = None) -> str:
    """The success message, naming any of the known person's details the approach changed (as their history
    shows them, so an NI number stays masked) and any identity detail typed that their record keeps."""
    person = case.person
    text = f"Case {case.reference} opened for {person.name}."
    latest = person.history.order_by("-history_date", "-history_id").first()
    if latest is not None and latest.history_change_reason == services.details_updated_reason(case):
        changes = history_entries(person)[0].changes
        text += " Their record now has the details you gave: " + "; ".join(
            f"{change.field} {_shown(change.new)} (was {_shown(change.old)})" for change in changes
        )
        text += "."
    kept = [
        IDENTITY_LABELS[field]
        for field in services.IDENTITY_FIELDS
        if (typed or {}).get(field) not in (None, "") and typed[field] != getattr(person, field)
    ]
    if kept:
        text += (
            f" Their record keeps its own {' and '.join(kept)}, not what you typed:"
            " if theirs is out of date, change it on their record."
        )
    return text + " Now triage the approach."


@permission_required("casework.add_case", raise_exception=True)
def approach_create(request):
    """A new approach: the person, how they came to us and (for a referral) their consent; then triage.

    People Hearth already knows who look like them are offered first (within the officer's scope; others are
    only counted), so one person does not become two records with two open cases."""
    teams = _teams_for(request.user)
    form = ApproachForm(request.POST or None, teams=teams, user=request.user, initial={"team": request.user.team_id})
    if request.method == "POST" and form.is_valid() and form.cleaned_data.get("existing"):
        person = form.cleaned_data["existing"]
        open_case = Case.objects.open().visible_to(request.user).filter(person=person).first()
        if open_case:
            messages.info(request, f"{person.name} already has an open case, {open_case.reference}. Add to it here.")
            return redirect(open_case)

    def save(form):
        data = form.cleaned_data
        return services.approach_record(
            person_fields=form.person_fields(),
            existing=data.get("existing"),
            not_duplicate_reason=data["not_duplicate_reason"],
            team=data["team"],
            by=request.user,
            consent_how=data["consent_how"],
            officer=request.user if request.user.has_role(roles.PREVENTION_OFFICER) else None,
            source=data["source"],
            approached_on=data["approached_on"],
            referring_body=data["referring_body"],
            referrer_name=data["referrer_name"],
            previous_reference=data["previous_reference"],
            preferred_contact=data["preferred_contact"],
        )

    def opened(case):
        return _approach_opened(case, form.person_fields() if form.cleaned_data.get("existing") else None)

    return form_view(
        request,
        form,
        template="casework/cases/approach_form.html",
        save=save,
        success=opened,
        then=lambda case: reverse("casework:case_triage", args=[case.pk]),
    )


@permission_required("casework.view_case", raise_exception=True)
def case_detail(request, pk):
    case = get_visible(Case.objects.with_details(), request.user, pk=pk)
    today = timezone.localdate()
    context = {
        "case": case,
        "today": today,
        "safeguarding_flag": case.has_open_safeguarding,
        "support_needs": list(case.support_needs.all()),
    }
    rendered = []
    for section in sections.sections():
        extra = section.context(request, case)
        if extra is False:
            continue  # a section may hide itself from this user
        html = render_to_string(section.template, {**context, **(extra or {}), "section": section}, request=request)
        rendered.append((section, html))
    context["sections"] = rendered
    return render(request, "casework/cases/case_detail.html", context)


@permission_required("casework.change_case", raise_exception=True)
def case_triage(request, pk):
    case = get_visible(Case.objects.with_person(), request.user, perm="casework.change_case", pk=pk)
    if not case.is_open:
        messages.error(request, "This case is closed.")
        return redirect(case)

    def save(form):
        answers = {name: form.cleaned_data[name] for name in TriageForm.Meta.fields}
        return services.case_triage(case=case, by=request.user, outcome=form.cleaned_data["outcome"], **answers)

    return form_view(
        request,
        TriageForm(request.POST or None, instance=case),
        template="casework/cases/triage_form.html",
        save=save,
        success=lambda case: f"Triage saved: {case.get_triage_outcome_display()}.",
        context={"case": case},
    )


@permission_required("casework.change_case", raise_exception=True)
def case_details(request, pk):
    case = get_visible(Case.objects.with_person(), request.user, perm="casework.change_case", pk=pk)

    def save(form):
        data = dict(form.cleaned_data)
        services.case_details_update(
            case=case,
            by=request.user,
            support_needs=data.pop("support_needs"),
            named_workers=data.pop("named_workers"),
            **data,
        )

    return form_view(
        request,
        CaseDetailsForm(request.POST or None, instance=case),
        template="casework/cases/details_form.html",
        save=save,
        success="Household details saved.",
        then=case,
        context={"case": case},
    )


@permission_required("casework.change_case", raise_exception=True)
def case_assign(request, pk):
    """Team leaders give a case to an officer; an officer may pick up an unassigned case in their team."""
    case = get_visible(Case.objects.with_person(), request.user, perm="casework.change_case", pk=pk)
    form = AssignForm(request.POST or None, team=case.team, initial={"officer": case.officer_id})
    if not request.user.has_perm("casework.reassign_case"):
        if case.officer_id is not None:
            raise PermissionDenied
        form = AssignForm({"officer": request.user.pk}, team=case.team) if request.method == "POST" else form

    def success(_):
        officer = form.cleaned_data["officer"]
        return f"Case {case.reference} is now with {officer}." if officer else "Case unassigned."

    return form_view(
        request,
        form,
        template="casework/cases/assign_form.html",
        save=lambda form: services.case_assign(case=case, officer=form.cleaned_data["officer"], by=request.user),
        success=success,
        then=case,
        context={"case": case},
    )


@permission_required("casework.change_case", raise_exception=True)
def case_close(request, pk):
    case = get_visible(Case.objects.with_person(), request.user, perm="casework.change_case", pk=pk)
    return form_view(
        request,
        CloseForm(request.POST or None),
        template="casework/cases/close_form.html",
        save=lambda form: services.case_close(case=case, by=request.user, **form.cleaned_data),
        success=f"Case {case.reference} closed.",
        then=case,
        context={"case": case},
    )


@permission_required("casework.add_case", raise_exception=True)
def referral_list(request):
    """Referrals waiting for the prevention team, from Hearth's supported housing and elsewhere."""
    referrals = Referral.objects.visible_to(request.user).filter(status=Referral.Status.RECEIVED)
    page = Paginator(referrals.select_related("person", "referred_by"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "casework/cases/referral_list.html", {"page_obj": page, "referrals": page.object_list})


@permission_required("casework.add_case", raise_exception=True)
@require_POST
def referral_accept(request, pk):
    """A button on the referral's page; a rule break goes back there, an opened case goes on to triage."""
    referral = get_visible(Referral, request.user, pk=pk)
    form = AcceptReferralForm(request.POST, teams=_teams_for(request.user))
    if not form.is_valid():
        messages.error(request, "Choose the team that will take the case.")
        return redirect("casework:referral_detail", referral.pk)
    try:
        case = services.referral_accept(
            referral=referral,
            team=form.cleaned_data["team"],
            by=request.user,
            officer=request.user if request.user.has_role(roles.PREVENTION_OFFICER) else None,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("casework:referral_detail", referral.pk)
    messages.success(request, f"Case {case.reference} opened from the referral. Now triage it.")
    return redirect("casework:case_triage", case.pk)


urlpatterns = [
    path("", caseload, name="caseload"),
    path("approaches/new/", approach_create, name="approach_create"),
    path("cases/<int:pk>/", case_detail, name="case_detail"),
    path("cases/<int:pk>/triage/", case_triage, name="case_triage"),
    path("cases/<int:pk>/details/", case_details, name="case_details"),
    path("cases/<int:pk>/assign/", case_assign, name="case_assign"),
    path("cases/<int:pk>/close/", case_close, name="case_close"),
    path("referrals/", referral_list, name="referral_list"),
    path("referrals/<int:pk>/accept/", referral_accept, name="referral_accept"),
]
