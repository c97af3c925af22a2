"""Temporary accommodation placements: the case-page section, placing a household and ending a placement."""

from django.urls import path
from django.utils import timezone
from rules.contrib.views import permission_required

from core.viewkit import form_view, get_visible

from .. import sections
from ..forms.placements import PlacementEndForm, PlacementForm
from ..models import Case, Placement
from ..services import placements as services


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
