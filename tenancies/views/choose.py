"""Choosing the scheme for a new record, so logging one never waits on filtering a list first."""

from django.shortcuts import redirect, render
from django.urls import reverse

from ..forms.meetings import SchemeChoiceForm
from ..models import Scheme


def choose_scheme(request, *, create: str, title: str, back: str, back_label: str):
    """A GET chooser of the user's own schemes; a valid choice goes on to `create` for that scheme."""
    form = SchemeChoiceForm(request.GET or None, schemes=Scheme.objects.visible_to(request.user))
    if form.is_valid():
        return redirect(reverse(create, args=[form.cleaned_data["scheme"].pk]))
    return render(
        request,
        "tenancies/choose_scheme.html",
        {"form": form, "title": title, "back": reverse(back), "back_label": back_label},
    )
