"""Incentives on an offer: request, approve (team leaders, not their own), pay, record recovery."""

from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from core.viewkit import form_view, get_visible, post_action

from ..forms.incentives import IncentiveForm, PaymentForm, RecoveryForm, WithdrawForm
from ..models import Incentive, Offer
from ..services import incentives as services


def _incentive(request, pk):
    return get_visible(Incentive.objects.select_related("offer__case"), request.user, pk=pk)


@permission_required("moveon.add_incentive", raise_exception=True)
def incentive_create(request, pk):
    offer = get_visible(Offer.objects.select_related("case"), request.user, pk=pk)
    form = IncentiveForm(request.POST or None)
    return form_view(
        request,
        form,
        template="moveon/offer_step_form.html",
        save=lambda form: services.incentive_request(offer=offer, by=request.user, **form.cleaned_data),
        success=lambda i: (
            f"{i} requested." + (" A team leader must approve it before it is paid." if i.needs_approval else "")
        ),
        then=offer,
        context={"offer": offer, "title": "Request an incentive", "button": "Request the incentive"},
    )


@require_POST
@permission_required("moveon.approve_incentive", raise_exception=True)
def incentive_approve(request, pk):
    incentive = _incentive(request, pk)
    return post_action(
        request,
        lambda: services.incentive_approve(incentive=incentive, by=request.user),
        success=lambda i: f"{i} approved.",
        then=incentive.offer,
    )


@permission_required("moveon.change_incentive", raise_exception=True)
def incentive_pay(request, pk):
    incentive = _incentive(request, pk)
    form = PaymentForm(request.POST or None, initial={"paid_on": timezone.localdate()})
    return form_view(
        request,
        form,
        template="moveon/offer_step_form.html",
        save=lambda form: services.incentive_pay(incentive=incentive, by=request.user, **form.cleaned_data),
        success=lambda i: f"{i} recorded as paid.",
        then=incentive.offer,
        context={"offer": incentive.offer, "title": f"Record payment of {incentive}", "button": "Record the payment"},
    )


@permission_required("moveon.change_incentive", raise_exception=True)
def incentive_recover(request, pk):
    incentive = _incentive(request, pk)
    form = RecoveryForm(request.POST or None)
    return form_view(
        request,
        form,
        template="moveon/offer_step_form.html",
        save=lambda form: services.incentive_recovery(incentive=incentive, by=request.user, **form.cleaned_data),
        success=lambda i: f"Recovery of {i} recorded.",
        then=incentive.offer,
        context={"offer": incentive.offer, "title": f"Recovery of {incentive}", "button": "Save the recovery"},
    )


@permission_required("moveon.change_incentive", raise_exception=True)
def incentive_withdraw(request, pk):
    incentive = _incentive(request, pk)
    return form_view(
        request,
        WithdrawForm(request.POST or None),
        template="moveon/offer_step_form.html",
        save=lambda form: services.incentive_withdraw(incentive=incentive, by=request.user, **form.cleaned_data),
        success=lambda i: f"{i} withdrawn.",
        then=incentive.offer,
        context={"offer": incentive.offer, "title": f"Withdraw {incentive}", "button": "Withdraw the incentive"},
    )


urlpatterns = [
    path("offers/<int:pk>/incentives/add/", incentive_create, name="incentive_create"),
    path("incentives/<int:pk>/approve/", incentive_approve, name="incentive_approve"),
    path("incentives/<int:pk>/withdraw/", incentive_withdraw, name="incentive_withdraw"),
    path("incentives/<int:pk>/pay/", incentive_pay, name="incentive_pay"),
    path("incentives/<int:pk>/recover/", incentive_recover, name="incentive_recover"),
]
