from django.shortcuts import render
from django.urls import path

from core.viewkit import get_visible

from ..models import Referral


def referral_detail(request, pk):
    """The status of a referral: prevention staff, and the worker who raised it."""
    referral = get_visible(Referral.objects.select_related("person", "referred_by"), request.user, pk=pk)
    accept_form = None
    if request.user.has_perm("casework.add_case"):
        from ..forms.cases import AcceptReferralForm
        from .cases import _teams_for

        accept_form = AcceptReferralForm(teams=_teams_for(request.user), initial={"team": request.user.team_id})
    return render(request, "casework/referral_detail.html", {"referral": referral, "accept_form": accept_form})


urlpatterns = [
    path("referrals/<int:pk>/", referral_detail, name="referral_detail"),
]
