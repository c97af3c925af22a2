"""Schemes, units and residents."""

from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from core.services import record_access
from core.viewkit import form_view, get_visible
from people import services
from people.models import Person
from rents.services import hb

from ..forms.stock import PersonForm, PersonSearchForm, SupportNoteForm
from ..letting import letting_blockers, unit_states
from ..models import Agreement, Incident, Scheme, Unit
from ..services.agreements import sustainment
from ..services.meetings import scheme_meeting_summary


def _current_agreements(on):
    return Prefetch(
        "agreements", queryset=Agreement.objects.current(on).select_related("person"), to_attr="current_agreements"
    )


def _per_scheme(units):
    """How many of `units` (a queryset correlated to the outer scheme) there are, 0 for none."""
    return Coalesce(Subquery(units.values("property__scheme").annotate(count=Count("pk")).values("count")), 0)


@permission_required("tenancies.view_scheme", raise_exception=True)
def scheme_list(request):
    today = timezone.localdate()
    # Units and occupied units are counted per scheme from the units (stock), each asked whether it has
    # a current agreement: joining every agreement the scheme ever had would grow with its history.
    # Subqueries, not a join and GROUP BY, so each is worked out once per scheme.
    units = Unit.objects.filter(property__scheme=OuterRef("pk")).order_by()
    occupied = units.filter(Exists(Agreement.objects.filter(unit=OuterRef("pk")).current(today)))
    schemes = list(
        Scheme.objects.visible_to(request.user).annotate(
            unit_count=_per_scheme(units), occupied_count=_per_scheme(occupied)
        )
    )
    for scheme in schemes:
        scheme.free_count = scheme.unit_count - scheme.occupied_count
    return render(request, "tenancies/stock/scheme_list.html", {"schemes": schemes})


@permission_required("tenancies.view_scheme", raise_exception=True)
def scheme_detail(request, pk):
    today = timezone.localdate()
    scheme = get_visible(Scheme, request.user, pk=pk)
    units = list(
        Unit.objects.filter(property__scheme=scheme)
        .select_related("property")
        .with_occupancy(today)
        .prefetch_related(
            _current_agreements(today),
            Prefetch(
                "agreements",
                queryset=Agreement.objects.pending_offers(today).select_related("person").order_by("start_date"),
                to_attr="pending_offers",
            ),
        )
    )
    states = unit_states(units, today)
    for unit in units:
        unit.true_state = states.get(unit.pk)
    residents = [agreement.person for unit in units for agreement in unit.current_agreements]
    figures = None
    if request.user.has_perm("tenancies.view_agreement"):
        figures = sustainment(agreements=Agreement.objects.filter(unit__property__scheme=scheme), on=today)
    return render(
        request,
        "tenancies/stock/scheme_detail.html",
        {
            "scheme": scheme,
            "units": units,
            "residents": residents,
            "today": today,
            "sustainment": figures,
            "meeting_summary": scheme_meeting_summary(scheme=scheme, today=today),
            "open_incidents": list(Incident.objects.filter(scheme=scheme).open().order_by("-occurred_on", "-pk")[:10]),
        },
    )


@permission_required("tenancies.view_unit", raise_exception=True)
def unit_detail(request, pk):
    unit = get_visible(Unit.objects.select_related("property__scheme").with_occupancy(), request.user, pk=pk)
    agreements = unit.agreements.select_related("person").order_by("-start_date")
    today = timezone.localdate()
    blockers = letting_blockers(unit, today) if unit.status() == Unit.Status.VOID else []
    return render(
        request,
        "tenancies/stock/unit_detail.html",
        {
            "unit": unit,
            "agreements": agreements,
            "true_state": unit_states([unit], today).get(unit.pk),
            "letting_blockers": blockers,
        },
    )


@permission_required("people.view_person", raise_exception=True)
def resident_list(request):
    form = PersonSearchForm(request.GET or None)
    people = Person.objects.visible_to(request.user)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    if query:
        people = people.search(query)
    page = Paginator(people.order_by("legal_name", "pk"), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "tenancies/stock/resident_list.html",
        {"form": form, "page_obj": page, "people": page.object_list, "query": query},
    )


def _visible_person(request, pk) -> Person:
    return get_visible(Person.objects.select_related("key_support_worker"), request.user, pk=pk)


def _resident_context(request, person, note_form=None) -> dict:
    show_agreements = request.user.has_perm("tenancies.view_agreement")
    agreements = (
        Agreement.objects.visible_to(request.user)
        .filter(person=person)
        .select_related("unit__property__scheme")
        .order_by("-start_date")
    )
    context = {
        "person": person,
        "agreements": agreements,
        "show_agreements": show_agreements,
        "incident_roles": person.incident_roles.select_related("incident__scheme").order_by("-incident__occurred_on"),
        "letters": person.letters.all(),
        "notes": person.support_notes.select_related("author")[:20],
        "note_form": note_form or SupportNoteForm(initial={"written_on": timezone.localdate()}),
        "referrals": person.referrals.visible_to(request.user).order_by("-received_at"),
        # Everyone who may see the resident may see what they owe; detail needs rents permissions.
        "rent_accounts": [
            agreement.rent_account
            for agreement in person.agreements.exclude(status=Agreement.Status.ENDED)
            .filter(rent_account__isnull=False)
            .select_related("rent_account", "unit")
            .prefetch_related(Prefetch("rent_account__hb_claims", queryset=hb.claims_queryset()))
        ],
    }
    return context


@permission_required("people.view_person", raise_exception=True)
def resident_detail(request, pk):
    person = _visible_person(request, pk)
    return render(request, "tenancies/stock/resident_detail.html", _resident_context(request, person))


@permission_required("people.view_supportneed", raise_exception=True)
def resident_sensitive(request, pk):
    """Support needs and risks: special-category data, so every view is logged."""
    person = _visible_person(request, pk)
    record_access(user=request.user, obj=person, what="support needs and risks", request=request)
    context = {
        "person": person,
        "needs": person.support_needs.all(),
        "risks": person.risk_flags.all(),
    }
    template = "tenancies/stock/_sensitive.html" if request.htmx else "tenancies/stock/resident_sensitive.html"
    return render(request, template, context)


@permission_required("people.change_person", raise_exception=True)
def resident_edit(request, pk):
    person = _visible_person(request, pk)
    return form_view(
        request,
        PersonForm(request.POST or None, instance=person),
        template="tenancies/stock/resident_edit.html",
        save=lambda form: services.person_update(person=person, data=form.cleaned_data, by=request.user),
        success="Their details are saved.",
        context={"person": person},
    )


@require_POST
@permission_required("people.add_supportnote", raise_exception=True)
def support_note_add(request, pk):
    person = _visible_person(request, pk)
    form = SupportNoteForm(request.POST)
    return form_view(
        request,
        form,
        template="tenancies/stock/resident_detail.html",
        save=lambda form: services.support_note_add(person=person, by=request.user, **form.cleaned_data),
        success="Support note added.",
        then=person,
        context=lambda: _resident_context(request, person, form),
    )


urlpatterns = [
    path("schemes/", scheme_list, name="scheme_list"),
    path("schemes/<int:pk>/", scheme_detail, name="scheme_detail"),
    path("units/<int:pk>/", unit_detail, name="unit_detail"),
    path("residents/", resident_list, name="resident_list"),
    path("residents/<int:pk>/", resident_detail, name="resident_detail"),
    path("residents/<int:pk>/sensitive/", resident_sensitive, name="resident_sensitive"),
    path("residents/<int:pk>/edit/", resident_edit, name="resident_edit"),
    path("residents/<int:pk>/notes/", support_note_add, name="support_note_add"),
]
