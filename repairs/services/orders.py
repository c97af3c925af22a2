"""Works orders and the budgets they are paid from.

A budget's `committed` (open orders' estimates) and `spent` (completed costs) move in the same
transaction as the order that changes them, with the budget row locked (SELECT ... FOR UPDATE on
PostgreSQL; SQLite's write lock serialises the same way), so two orders raised at once cannot both
squeeze under the same remaining amount, and the budget pages read two columns instead of adding
up the repairs. An order that would take a budget over needs someone with
`repairs.approve_over_budget` (a manager) to approve it with a reason.

The order's PDF is made once, when it is raised, and kept on the order (`WorksOrder.pdf`): what was
sent to the contractor stays exactly as sent, whatever later changes to the contractor or the repair.
The file is written in the order's transaction, before its row, so a PDF that cannot be made or saved
means no order; if anything after the write fails, the file is deleted before the error goes on.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from core.money import format_money
from core.references import highest_in_use, next_number

from ..letters.works_orders import works_order_pdf
from ..models import Contractor, Repair, RepairsBudget, WorksOrder
from ..models.contractors import financial_year_of

APPROVE_OVER_BUDGET = "repairs.approve_over_budget"


def _next_number(raised_at) -> str:
    year = timezone.localtime(raised_at).year
    prefix = f"WO-{year}-"

    def start_after():
        return highest_in_use(
            WorksOrder.objects.filter(number__startswith=prefix).values_list("number", flat=True), prefix
        )

    return f"{prefix}{next_number(f'works-order-{year}', start_after=start_after):05d}"


def budgets_for(repair: Repair, on=None):
    """The budgets an order for this repair can be paid from: its scheme's, this financial year."""
    year = financial_year_of(on or timezone.localdate())
    return RepairsBudget.objects.filter(scheme=repair.scheme_id, financial_year=year).select_related("budget_code")


def would_exceed(budget: RepairsBudget, amount: Decimal) -> bool:
    return budget.committed + budget.spent + amount > budget.amount


@transaction.atomic
def works_order_raise(
    *,
    repair: Repair,
    estimated_cost: Decimal,
    by,
    contractor: Contractor | None = None,
    budget: RepairsBudget | None = None,
    instructions: str = "",
    over_budget_reason: str = "",
) -> WorksOrder:
    """Instruct a contractor (or, with none, the in-house team) and commit the estimate to the budget."""
    repair = Repair.objects.select_for_update().get(pk=repair.pk)
    errors = {}
    if not repair.is_open:
        raise ValidationError(f"This repair is {repair.get_status_display().lower()}; no order can be raised.")
    if estimated_cost is None or estimated_cost < 0:
        errors["estimated_cost"] = "Enter the estimated cost, £0.00 or more."
    if contractor is not None and not contractor.active:
        errors["contractor"] = f"{contractor} is no longer used. Choose another contractor."
    elif contractor is not None and not contractor.insurance_current():
        errors["contractor"] = (
            f"{contractor}'s insurance is not on record as current. Update it on their page before ordering."
        )
    if budget is not None:
        budget = RepairsBudget.objects.select_for_update().select_related("budget_code").get(pk=budget.pk)
        if budget.scheme_id != repair.scheme_id:
            errors["budget"] = f"That budget is not {repair.scheme}'s."
    if errors:
        raise ValidationError(errors)
    approved_by = None
    reason = over_budget_reason.strip()
    if budget is not None and would_exceed(budget, estimated_cost):
        left = format_money(budget.remaining)
        if not by.has_perm(APPROVE_OVER_BUDGET):
            raise ValidationError(
                {
                    "estimated_cost": f"This order would take {budget} over budget ({left} left). "
                    "A manager needs to approve it."
                }
            )
        if not reason:
            raise ValidationError(
                {"over_budget_reason": f"This takes {budget} over budget ({left} left): say why it must go ahead."}
            )
        approved_by = by
    now = timezone.now()
    order = WorksOrder(
        repair=repair,
        number=_next_number(now),
        contractor=contractor,
        budget=budget,
        estimated_cost=estimated_cost,
        instructions=instructions,
        raised_at=now,
        raised_by=by,
        over_budget_approved_by=approved_by,
        over_budget_reason=reason if approved_by else "",
    )
    order._history_user = by
    order._change_reason = "Raised" + (f"; over budget, approved: {reason}" if approved_by else "")
    store_pdf(order, save=False)
    try:
        order.save()
        if budget is not None:
            _move(budget, committed=estimated_cost, by=by, reason=f"Committed to {order.number}")
        if repair.status == Repair.Status.REPORTED:
            repair.status = Repair.Status.ORDERED
            repair._history_user = by
            repair._change_reason = f"Works order {order.number} raised with {contractor or 'the in-house team'}"
            repair.save(update_fields=["status"])
    except BaseException:
        order.pdf.delete(save=False)
        raise
    return order


def store_pdf(order: WorksOrder, *, save: bool = True) -> None:
    """Make the order's PDF and write it to `order.pdf`, named by its number (the storage never writes
    over another file). With `save`, the order row is updated too, unless it has a PDF by then."""
    order.pdf.save(f"{order.number}.pdf", ContentFile(works_order_pdf(order)), save=False)
    if not save:
        return
    try:
        stored = WorksOrder.objects.filter(pk=order.pk, pdf="").update(pdf=order.pdf.name)
    except BaseException:
        order.pdf.delete(save=False)
        raise
    if not stored:  # another request kept one first: serve that one
        order.pdf.delete(save=False)
        order.pdf = WorksOrder.objects.values_list("pdf", flat=True).get(pk=order.pk)


def works_order_pdf_bytes(order: WorksOrder) -> bytes:
    """The PDF as sent. An order raised before PDFs were kept has one made and kept the first time it is asked for."""
    if not order.pdf:
        store_pdf(order)
    with order.pdf.open("rb") as pdf:
        return pdf.read()


def _move(budget: RepairsBudget, *, by, reason: str, committed=Decimal("0"), spent=Decimal("0")) -> None:
    budget.committed += committed
    budget.spent += spent
    budget._history_user = by
    budget._change_reason = reason
    budget.save(update_fields=["committed", "spent"])


def _close_open_orders(repair: Repair, *, by, reason: str) -> list[WorksOrder]:
    now = timezone.now()
    closed = []
    for order in WorksOrder.objects.filter(repair=repair).open().order_by("raised_at", "pk"):
        if order.budget_id:
            budget = RepairsBudget.objects.select_for_update().get(pk=order.budget_id)
            _move(budget, committed=-order.estimated_cost, by=by, reason=f"{order.number} {reason}")
        order.closed_at = now
        order._history_user = by
        order._change_reason = reason.capitalize()
        order.save(update_fields=["closed_at"])
        closed.append(order)
    return closed


def orders_complete(*, repair: Repair, cost: Decimal | None, by) -> None:
    """The job is done: its orders close, their estimates leave `committed`, and the actual cost is
    spent from the budget of the last order raised."""
    closed = _close_open_orders(repair, by=by, reason="closed: job completed")
    budgeted = [order for order in closed if order.budget_id]
    if cost and budgeted:
        budget = RepairsBudget.objects.select_for_update().get(pk=budgeted[-1].budget_id)
        _move(budget, spent=cost, by=by, reason=f"Spent on {repair.reference}")


def orders_cancel(*, repair: Repair, by) -> None:
    """The repair is cancelled: its open orders close and their estimates are released."""
    _close_open_orders(repair, by=by, reason="cancelled with the repair")
