"""The triage queue, an application's page, and the forms that change it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from rules.contrib.views import permission_required

from accounts import roles
from accounts.models import User
from casework.models import Case
from core.viewkit import form_view, get_visible
from people.models import Person

from ..forms.applications import (
    CloseForm,
    MemberForm,
    OpenForm,
    OverrideForm,
    QueueFilterForm,
    SignpostForm,
    TriageForm,
)
from ..models import RegisterApplication
from ..services import applications as services

PAGE_SIZE = 25


def _visible(request, pk, *, perm: str | None = None) -> RegisterApplication:
    return get_visible(
        RegisterApplication.objects.select_related(
            "person", "case", "team", "officer", "effective_band", "calculated_band", "override_band", "override_by"
        ),
        request.user,
        perm=perm,
        pk=pk,
    )


def _closed(request, application):
    if application.is_open:
        return None
    messages.error(request, "This application is closed.")
    return redirect(application)


@permission_required("register.view_registerapplication", raise_exception=True)
def queue(request):
    applications = RegisterApplication.objects.visible_to(request.user)
    officers = User.objects.filter(pk__in=applications.exclude(officer__isnull=True).values("officer")).order_by(
        "full_name"
    )
    form = QueueFilterForm(request.GET or None, officers=officers)
    data = form.cleaned_data if form.is_valid() else {}
    status = data.get("status") or "open"
    if status == "open":
        applications = applications.open()
    elif status != "all":
        applications = applications.filter(status=status)
    if data.get("band"):
        applications = applications.filter(effective_band=data["band"])
    if data.get("officer"):
        applications = applications.filter(officer=data["officer"])
    applications = applications.select_related("person", "officer", "effective_band", "case").order_by(
        "applied_on", "pk"
    )
    page = Paginator(applications, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "register/queue.html", {"form": form, "page_obj": page, "query": query.urlencode()})


@permission_required("register.add_registerapplication", raise_exception=True)
def application_create(request, pk):
    case = get_visible(Case.objects.with_person(), request.user, perm="casework.view_case", pk=pk)
    return form_view(
        request,
        OpenForm(request.POST or None),
        template="register/application_create.html",
        save=lambda form: services.application_open(
            person=case.person,
            team=case.team,
            case=case,
            officer=case.officer if case.officer_id else None,
            applied_on=form.cleaned_data.get("applied_on"),
            by=request.user,
        ),
        success=lambda application: f"Housing register application {application.reference} opened.",
        context={"case": case, "proposed": services.proposed_preferences(case)},
    )


@permission_required("register.add_registerapplication", raise_exception=True)
def application_create_for_person(request, pk):
    """An application not tied to a case (someone you can see, through their record or a case): their household
    is added on the application."""
    user = request.user
    people = Person.objects.filter(
        Q(pk__in=Person.objects.visible_to(user).values("pk"))
        | Q(pk__in=Case.objects.visible_to(user).values("person_id"))
    )
    person = get_object_or_404(people, pk=pk)

    def save(form):
        if request.user.team_id is None:
            raise ValidationError("You need to be in a prevention team to open an application.")
        return services.application_open(
            person=person,
            team=request.user.team,
            officer=request.user if request.user.has_role(roles.PREVENTION_OFFICER) else None,
            applied_on=form.cleaned_data.get("applied_on"),
            by=request.user,
        )

    return form_view(
        request,
        OpenForm(request.POST or None),
        template="register/application_create.html",
        save=save,
        success=lambda application: f"Housing register application {application.reference} opened.",
        context={"person": person},
    )


@permission_required("register.view_registerapplication", raise_exception=True)
def application_detail(request, pk):
    application = get_visible(
        RegisterApplication.objects.select_related(
            "person",
            "case",
            "team",
            "officer",
            "effective_band",
            "calculated_band",
            "calculated_rule",
            "override_band",
            "override_by",
        ).prefetch_related("household", "checks", Prefetch("signposts", to_attr="signpost_list")),
        request.user,
        pk=pk,
    )
    can_change = application.is_open and request.user.has_perm("register.change_registerapplication")
    return render(
        request,
        "register/application_detail.html",
        {
            "application": application,
            "can_change": can_change,
            "can_lead": request.user.has_role(roles.TEAM_LEADER) or request.user.has_role(roles.ADMINISTRATOR),
            "failed": [c for c in application.checks.all() if not c.passed],
        },
    )


@permission_required("register.change_registerapplication", raise_exception=True)
def application_triage(request, pk):
    application = _visible(request, pk, perm="register.change_registerapplication")
    if closed := _closed(request, application):
        return closed
    form = TriageForm(request.POST or None, instance=application)

    def save(form):
        answers = {name: form.cleaned_data[name] for name in form.Meta.fields}
        application.refresh_from_db()
        return services.application_triage(application=application, by=request.user, **answers)

    return form_view(
        request,
        form,
        template="register/triage_form.html",
        save=save,
        success=lambda app: f"Triage saved. Status: {app.get_status_display()}.",
        context={"application": application},
    )


@permission_required("register.add_applicationmember", raise_exception=True)
def household_add(request, pk):
    application = _visible(request, pk, perm="register.change_registerapplication")
    if closed := _closed(request, application):
        return closed
    return form_view(
        request,
        MemberForm(request.POST or None),
        template="register/member_form.html",
        save=lambda form: services.household_add(application=application, by=request.user, **form.cleaned_data),
        success=lambda member: f"{member.name} added to the household.",
        then=f"{application.get_absolute_url()}#bedrooms",
        context={"application": application},
    )


@permission_required("register.change_registerapplication", raise_exception=True)
def band_override(request, pk):
    application = _visible(request, pk, perm="register.change_registerapplication")
    if closed := _closed(request, application):
        return closed
    return form_view(
        request,
        OverrideForm(request.POST or None, initial={"band": application.override_band_id}),
        template="register/override_form.html",
        save=lambda form: services.band_override(application=application, by=request.user, **form.cleaned_data),
        success=lambda app: f"Band is now {app.effective_band or 'not set'}.",
        context={"application": application},
    )


@permission_required("register.add_signpost", raise_exception=True)
def signpost_add(request, pk):
    application = _visible(request, pk, perm="register.change_registerapplication")
    if closed := _closed(request, application):
        return closed
    return form_view(
        request,
        SignpostForm(request.POST or None),
        template="register/signpost_form.html",
        save=lambda form: services.signpost_add(application=application, by=request.user, **form.cleaned_data),
        success=lambda signpost: f"Referral to {signpost.to_whom} recorded.",
        then=f"{application.get_absolute_url()}#referrals",
        context={"application": application},
    )


@permission_required("register.change_registerapplication", raise_exception=True)
def application_close(request, pk):
    application = _visible(request, pk, perm="register.change_registerapplication")
    if closed := _closed(request, application):
        return closed
    return form_view(
        request,
        CloseForm(request.POST or None),
        template="register/close_form.html",
        save=lambda form: services.application_close(application=application, by=request.user, **form.cleaned_data),
        success="Application closed.",
        context={"application": application},
    )


urlpatterns = [
    path("", queue, name="queue"),
    path("cases/<int:pk>/apply/", application_create, name="application_create"),
    path("people/<int:pk>/apply/", application_create_for_person, name="application_create_for_person"),
    path("<int:pk>/", application_detail, name="application_detail"),
    path("<int:pk>/triage/", application_triage, name="application_triage"),
    path("<int:pk>/household/add/", household_add, name="household_add"),
    path("<int:pk>/band/override/", band_override, name="band_override"),
    path("<int:pk>/referrals/add/", signpost_add, name="signpost_add"),
    path("<int:pk>/close/", application_close, name="application_close"),
]
