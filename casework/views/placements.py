"""Temporary accommodation placements: the case-page section, placing a household and ending a placement."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from rules.contrib.views import permission_required

from core.forms import add_validation_error

from .. import sections
from ..forms.placements import PlacementEndForm, PlacementForm
from ..models import Placement
from ..services import placements as services
from .cases import visible_case


@sections.section(
    "placements", title="Temporary accommodation", template="casework/placements/_case_section.html", order=25
)
def placements_section(request, case) -> dict:
    today = timezone.localdate()
    rows = []
    for placement in case.placements.select_related("rent_account", "duty"):
        deadline = placement.bed_and_breakfast_deadline() if placement.ended_on is None else None
        rows.append({"placement": placement, "bnb_deadline": deadline, "bnb_overdue": deadline and deadline < today})
    return {"placement_rows": rows, "can_see_accounts": request.user.has_perm("rents.view_rentaccount")}


@permission_required("casework.add_placement", raise_exception=True)
def placement_create(request, pk):
    case = visible_case(request, pk, for_update=True)
    form = PlacementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.placement_start(case=case, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, "Placement recorded and its rent account opened.")
            return redirect(f"{case.get_absolute_url()}#placements")
    return render(request, "casework/placements/placement_form.html", {"form": form, "case": case})


@permission_required("casework.change_placement", raise_exception=True)
def placement_end(request, pk):
    placement = get_object_or_404(Placement.objects.visible_to(request.user).select_related("case__person"), pk=pk)
    if not request.user.has_perm("casework.change_case"):
        raise PermissionDenied
    case = placement.case
    form = PlacementEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.placement_end(
                placement=placement,
                ended_on=form.cleaned_data["ended_on"],
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, "Placement ended; its rent account stops charging after the last night.")
            return redirect(f"{case.get_absolute_url()}#placements")
    return render(
        request, "casework/placements/placement_end_form.html", {"form": form, "case": case, "placement": placement}
    )


urlpatterns = [
    path("cases/<int:pk>/placements/new/", placement_create, name="placement_create"),
    path("placements/<int:pk>/end/", placement_end, name="placement_end"),
]
