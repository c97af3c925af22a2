"""Offers on a case: record one (affordability worked out), its page with the working, viewings, outcome."""

from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from rules.contrib.views import permission_required

from casework.models import Case
from core.viewkit import form_view, get_visible

from ..forms.offers import OfferForm, OutcomeForm, ViewingForm
from ..models import Offer
from ..services import offers as services


@permission_required("moveon.add_offer", raise_exception=True)
def offer_create(request, pk):
    case = get_visible(Case.objects.with_person(), request.user, pk=pk)
    form = OfferForm(request.POST or None, initial={"offered_on": timezone.localdate()})
    return form_view(
        request,
        form,
        template="moveon/offer_form.html",
        save=lambda form: services.offer_create(case=case, by=request.user, **form.cleaned_data),
        success=lambda offer: f"{offer} recorded.",
        context={"case": case},
    )


def _offer(request, pk):
    return get_visible(
        Offer.objects.select_related("case__person", "home__landlord", "landlord", "brma", "created_by"),
        request.user,
        pk=pk,
    )


@permission_required("moveon.view_offer", raise_exception=True)
def offer_detail(request, pk):
    offer = _offer(request, pk)
    return render(
        request,
        "moveon/offer_detail.html",
        {
            "offer": offer,
            "case": offer.case,
            "afford": services.offer_affordability(offer),
            "viewings": offer.viewings.all(),
            "move": getattr(offer, "move", None),
            "incentives": offer.incentives.select_related("requested_by", "approved_by"),
        },
    )


@permission_required("moveon.add_viewing", raise_exception=True)
def viewing_create(request, pk):
    offer = _offer(request, pk)
    form = ViewingForm(request.POST or None, initial={"on": timezone.localdate()})
    return form_view(
        request,
        form,
        template="moveon/offer_step_form.html",
        save=lambda form: services.viewing_record(offer=offer, by=request.user, **form.cleaned_data),
        success="Viewing recorded.",
        then=offer,
        context={"offer": offer, "title": "Record a viewing", "button": "Record the viewing"},
    )


@permission_required("moveon.change_offer", raise_exception=True)
def offer_outcome(request, pk):
    offer = _offer(request, pk)
    form = OutcomeForm(request.POST or None, initial={"on": timezone.localdate()})
    return form_view(
        request,
        form,
        template="moveon/offer_step_form.html",
        save=lambda form: services.offer_decide(offer=offer, by=request.user, **form.cleaned_data),
        success=lambda o: f"Outcome recorded: {o.get_outcome_display().lower()}.",
        context={"offer": offer, "title": "Record how the offer ended", "button": "Record the outcome"},
    )


urlpatterns = [
    path("cases/<int:pk>/offers/add/", offer_create, name="offer_create"),
    path("offers/<int:pk>/", offer_detail, name="offer_detail"),
    path("offers/<int:pk>/viewings/add/", viewing_create, name="viewing_create"),
    path("offers/<int:pk>/outcome/", offer_outcome, name="offer_outcome"),
]
