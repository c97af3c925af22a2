from django.shortcuts import get_object_or_404, render
from django.urls import path

from ..models import Referral


def referral_detail(request, pk):
    """The status of a referral: prevention staff, and the worker who raised it."""
    referral = get_object_or_404(
        Referral.objects.visible_to(request.user).select_related("person", "referred_by"), pk=pk
    )
    accept_form = None
    if request.user.has_perm("casework.add_case"):
        from ..forms.cases import AcceptReferralForm
        from .cases import _teams_for

        accept_form = AcceptReferralForm(teams=_teams_for(request.user), initial={"team": request.user.team_id})
    return render(request, "casework/referral_detail.html", {"referral": referral, "accept_form": accept_form})


urlpatterns = [
    path("referrals/<int:pk>/", referral_detail, name="referral_detail"),
]
