"""The repairs panel on complaint, incident, unit and scheme pages (through `core.panels`), so a
complaint or an incident raises a repair in one step and shows it, linked both ways."""

from core.panels import panel

from .models import Repair, Void

LIMIT = 10


def _repairs_panel(request, repairs, *, report_query: str):
    user = request.user
    if not user.has_perm("repairs.view_repair"):
        return None
    rows = list(
        repairs.visible_to(user)
        .select_related("priority", "unit__property", "scheme")
        .order_by("-reported_at")[: LIMIT + 1]
    )
    return {
        "repairs": rows[:LIMIT],
        "more": len(rows) > LIMIT,
        "report_query": report_query if user.has_perm("repairs.add_repair") else "",
    }


@panel("tenancies.Complaint", "repairs", title="Repairs", template="repairs/panels/repairs.html", order=30)
def complaint_repairs(request, complaint):
    return _repairs_panel(request, Repair.objects.filter(complaint=complaint), report_query=f"complaint={complaint.pk}")


@panel("tenancies.Incident", "repairs", title="Repairs", template="repairs/panels/repairs.html", order=30)
def incident_repairs(request, incident):
    return _repairs_panel(request, Repair.objects.filter(incident=incident), report_query=f"incident={incident.pk}")


@panel("tenancies.Unit", "repairs", title="Repairs", template="repairs/panels/repairs.html", order=30)
def unit_repairs(request, unit):
    return _repairs_panel(request, Repair.objects.filter(unit=unit), report_query=f"unit={unit.pk}")


@panel("tenancies.Unit", "void", title="Void", template="repairs/panels/void.html", order=20)
def unit_void(request, unit):
    user = request.user
    if not user.has_perm("repairs.view_void"):
        return None
    void = Void.objects.visible_to(user).open().filter(unit=unit).first()
    return {"void": void, "can_take_out_of_use": user.has_perm("repairs.add_void") and void is None}
