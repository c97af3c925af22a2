"""Housing Benefit claim pages: add a claim to a rent account, correct it, record the council's decision."""

from django.urls import path, reverse
from rules.contrib.views import permission_required

from core.viewkit import form_view, get_visible

from ..forms.hb import ClaimForm, ClaimStatusForm
from ..models import HousingBenefitClaim, RentAccount
from ..services import hb


def _visible_claim(request, pk) -> HousingBenefitClaim:
    return get_visible(HousingBenefitClaim.objects.select_related("account"), request.user, pk=pk)


def _account_url(account) -> str:
    return reverse("rents:account_detail", args=[account.pk]) + "#housing-benefit"


@permission_required("rents.add_housingbenefitclaim", raise_exception=True)
def claim_create(request, pk):
    account = get_visible(RentAccount, request.user, pk=pk)
    form = ClaimForm(
        request.POST or None, initial={"covers": hb.HB_ELIGIBLE_KINDS, "status": HousingBenefitClaim.Status.PENDING}
    )
    return form_view(
        request,
        form,
        template="rents/hb/claim_form.html",
        save=lambda form: hb.claim_create(account=account, by=request.user, **form.cleaned_data),
        success=lambda claim: f"Housing Benefit claim {claim.claim_reference} added.",
        then=_account_url(account),
        context={"account": account, "claim": None},
    )


@permission_required("rents.change_housingbenefitclaim", raise_exception=True)
def claim_edit(request, pk):
    claim = _visible_claim(request, pk)
    return form_view(
        request,
        ClaimForm.for_claim(claim, request.POST or None),
        template="rents/hb/claim_form.html",
        save=lambda form: hb.claim_update(claim=claim, by=request.user, **form.cleaned_data),
        success=lambda claim: f"Housing Benefit claim {claim.claim_reference} updated.",
        then=_account_url(claim.account),
        context={"account": claim.account, "claim": claim},
    )


@permission_required("rents.change_housingbenefitclaim", raise_exception=True)
def claim_status(request, pk):
    claim = _visible_claim(request, pk)
    form = ClaimStatusForm(request.POST or None, initial={"status": claim.status})
    return form_view(
        request,
        form,
        template="rents/hb/claim_status.html",
        save=lambda form: hb.claim_set_status(claim=claim, by=request.user, **form.cleaned_data),
        success=lambda claim: f"Claim {claim.claim_reference} is now {claim.get_status_display().lower()}.",
        then=_account_url(claim.account),
        context={"account": claim.account, "claim": claim},
    )


urlpatterns = [
    path("accounts/<int:pk>/housing-benefit/new/", claim_create, name="hb_claim_create"),
    path("housing-benefit/<int:pk>/edit/", claim_edit, name="hb_claim_edit"),
    path("housing-benefit/<int:pk>/status/", claim_status, name="hb_claim_status"),
]
