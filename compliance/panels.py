"""Compliance status on the scheme and unit pages (through `core.panels`): how many checks are
compliant, due soon, overdue, missing or failed, and each building's checks one click away."""

from django.db.models import Count

from core.panels import panel

from .models import ScheduledCheck

Status = ScheduledCheck.Status


def _counts(checks) -> list[tuple[str, str, int]]:
    found = dict(checks.order_by().values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    return [(value, label, found.get(value, 0)) for value, label in Status.choices]


@panel("tenancies.Scheme", "compliance", title="Safety checks", template="compliance/panels/scheme.html", order=40)
def scheme_compliance(request, scheme):
    if not request.user.has_perm("compliance.view_scheduledcheck"):
        return None
    checks = ScheduledCheck.objects.visible_to(request.user).active().filter(scheme=scheme).with_status()
    return {"counts": _counts(checks), "buildings": list(scheme.properties.order_by("address"))}


@panel("tenancies.Unit", "compliance", title="Safety checks", template="compliance/panels/unit.html", order=25)
def unit_compliance(request, unit):
    if not request.user.has_perm("compliance.view_scheduledcheck"):
        return None
    checks = (
        ScheduledCheck.objects.visible_to(request.user)
        .active()
        .for_unit(unit)
        .with_status()
        .select_related("check_type", "scheme", "building", "unit__property", "asset__building")
        .order_by("check_type__order", "pk")
    )
    return {"checks": list(checks), "building": unit.property}
