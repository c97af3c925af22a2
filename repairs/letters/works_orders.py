"""The works order PDF: what the contractor (or the in-house team) needs to do the job."""

from django.utils import timezone

from core.pdf import render_pdf

from ..models import WorksOrder


def works_order_pdf(order: WorksOrder) -> bytes:
    repair = order.repair
    return render_pdf(
        "repairs/letters/works_order.html",
        {
            "order": order,
            "repair": repair,
            "scheme": repair.scheme,
            "raised_at": timezone.localtime(order.raised_at),
            "target_due_at": timezone.localtime(repair.target_due_at),
            "raised_by": str(order.raised_by) if order.raised_by else "",
        },
    )
