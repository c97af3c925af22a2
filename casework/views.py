from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from .models import Referral


@login_required
def referral_detail(request, pk):
    """The status of a referral: prevention staff, and the worker who raised it."""
    referral = get_object_or_404(
        Referral.objects.visible_to(request.user).select_related("person", "referred_by"), pk=pk
    )
    return render(request, "casework/referral_detail.html", {"referral": referral})
