"""Temporary accommodation placements: the case-page section, placing a household and ending a placement."""

from django.urls import path
from django.utils import timezone
from rules.contrib.views import permission_required

from core.viewkit import form_view, get_visible

from .. import sections
from ..forms.placements import PlacementEndForm, PlacementForm
from ..models import Case, Placement
from ..models.placements import bed_and_breakfast_clock
from ..services import placements as services


@sections.section(
    "placements", title="Temporary accommodation", template="casework/placements/_case_section.html", order=25
)
def placements_section(request, case) -> dict:
    today = timezone.localdate()
    placements = list(case.placements.select_related("rent_account", "duty"))
    clock = bed_and_breakfast_clock(placements, today)
    family_clock = clock if clock.nights or clock.in_bed_and_breakfast else None
    if family_clock and not case.has_children_or_pregnancy:
        family_clock = None
    return {
        "placement_rows": [{"placement": placement} for placement in placements],
        "bnb_clock": family_clock,
        "bnb_in_breach": bool(family_clock and family_clock.in_breach(today)),
        "can_see_accounts": request.user.has_perm("rents.view_rentaccount"),
    }


@permission_required("casework.add_placement", raise_exception=True)
def placement_create(request, pk):
    case = get_visible(Case.objects.with_person(), request.user, perm="casework.change_case", pk=pk)
    return form_view(
        request,
        PlacementForm(request.POST or None),
        template="casework/placements/placement_form.html",
        save=lambda form: services.placement_start(case=case, by=request.user, **form.cleaned_data),
        success="Placement recorded and its rent account opened.",
        then=f"{case.get_absolute_url()}#placements",
        context={"case": case},
    )


@permission_required("casework.change_placement", raise_exception=True)
def placement_end(request, pk):
    placement = get_visible(
        Placement.objects.select_related("case__person"), request.user, perm="casework.change_case", pk=pk
    )
    case = placement.case
    return form_view(
        request,
        PlacementEndForm(request.POST or None),
        template="casework/placements/placement_end_form.html",
        save=lambda form: services.placement_end(placement=placement, by=request.user, **form.cleaned_data),
        success="Placement ended; its rent account stops charging after the last night.",
        then=f"{case.get_absolute_url()}#placements",
        context={"case": case, "placement": placement},
    )


urlpatterns = [
    path("cases/<int:pk>/placements/new/", placement_create, name="placement_create"),
    path("placements/<int:pk>/end/", placement_end, name="placement_end"),
]
