"""The repairs list's filters and its CSV and XLSX exports.

An export of a few thousand repairs streams from the request. Past `INLINE_LIMIT` (ten years of
every repair is 120,000 rows at a large provider: 12 s as CSV, 33 s as XLSX, past a web worker's
timeout) it is made by the worker instead (`core.reports`, kind `repairs.export`) with the same
filters and the requester's scope as it stands when it runs, and waits in My reports.
"""

from django.db.models import Exists, OuterRef
from django.utils import timezone

from core.exports import XLSX_CONTENT_TYPE, csv_bytes, xlsx_workbook_bytes
from core.reports import CannotMake, Made, report_kind
from tenancies.models import Scheme

from ..forms.repairs import RepairFilterForm
from ..models import Hazard, Repair, WorksOrder

INLINE_LIMIT = 5_000

EXPORT_HEADER = [
    "Reference",
    "Scheme",
    "Where",
    "Category",
    "Priority",
    "Status",
    "Reported",
    "Target",
    "Completed",
    "Within target",
    "Cost",
    "Reported by",
]


def _local(moment):
    """A naive London time for spreadsheets, which cannot hold time zones."""
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def export_rows(repairs):
    for repair in repairs.iterator(chunk_size=500):
        yield [
            repair.reference,
            repair.scheme.name,
            repair.where,
            repair.get_category_display(),
            repair.priority.name,
            repair.get_status_display(),
            _local(repair.reported_at),
            _local(repair.target_due_at),
            _local(repair.completed_at),
            {True: "Yes", False: "No"}.get(repair.completed_within_target, ""),
            repair.cost,
            repair.get_reported_by_kind_display(),
        ]


def filter_form(user, data):
    return RepairFilterForm(data or None, schemes=Scheme.objects.visible_to(user))


def filtered(user, form):
    """The repairs `user` may see, as the list's filters (`form`, bound or not) choose; and the status."""
    repairs = (
        Repair.objects.visible_to(user)
        .select_related("scheme", "priority", "unit__property")
        .annotate(has_hazard=Exists(Hazard.objects.filter(repair=OuterRef("pk"))))
    )
    data = form.cleaned_data if form.is_valid() else {}
    status = data.get("status") or "open"
    if status == "open":
        repairs = repairs.open().order_by("target_due_at", "pk")
    elif status == "overdue":
        repairs = repairs.overdue().order_by("target_due_at", "pk")
    elif status != "all":
        repairs = repairs.filter(status=status)
    if data.get("scheme"):
        repairs = repairs.filter(scheme=data["scheme"])
    if data.get("priority"):
        repairs = repairs.filter(priority=data["priority"])
    if data.get("contractor"):
        repairs = repairs.filter(pk__in=WorksOrder.objects.filter(contractor=data["contractor"]).values("repair_id"))
    hazard = data.get("hazard")
    if hazard == "any":
        repairs = repairs.filter(has_hazard=True)
    elif hazard:
        repairs = repairs.filter(pk__in=Hazard.objects.filter(kind=hazard).values("repair_id"))
    if data.get("reported_by"):
        repairs = repairs.filter(reported_by_kind=data["reported_by"])
    return repairs, status


def export_filename(kind: str) -> str:
    return f"repairs-{timezone.localdate()}.{kind}"


@report_kind("repairs.export")
def build_export(user, params: dict) -> Made:
    """A large repairs export, made by the worker with the filters it was asked with."""
    form = filter_form(user, params.get("filters") or {})
    if form.is_bound and not form.is_valid():
        raise CannotMake("The filters it was asked with no longer apply (a scheme or contractor may have gone).")
    repairs, _status = filtered(user, form)
    kind = params.get("format")
    if kind == "csv":
        return Made(csv_bytes(EXPORT_HEADER, export_rows(repairs)), export_filename("csv"), "text/csv")
    if kind == "xlsx":
        content = xlsx_workbook_bytes("Repairs", EXPORT_HEADER, export_rows(repairs))
        return Made(content, export_filename("xlsx"), XLSX_CONTENT_TYPE)
    raise CannotMake("It was asked for in a format Hearth does not make.")
