"""Contractors (with their share of jobs done within target), repairs budgets, and the works order PDF."""

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.utils import timezone
from rules.contrib.views import permission_required

from core.files import private_bytes_response
from core.viewkit import form_view, get_visible
from tenancies.models import Scheme

from ..forms.contractors import BudgetFilterForm, BudgetForm, ContractorForm
from ..models import Contractor, Repair, RepairsBudget, WorksOrder
from ..models.contractors import financial_year_of
from ..services import contractors as services
from ..services.orders import works_order_pdf_bytes

PAGE_SIZE = 25
TRADES = dict(Repair.Category.choices)


def _trades(contractor) -> list[str]:
    return [TRADES.get(trade, trade) for trade in contractor.trades or []]


def _share(done, within):
    return round(100 * within / done, 1) if done else None


@permission_required("repairs.view_contractor", raise_exception=True)
def contractor_list(request):
    """Each contractor's share of completed repairs done within target, counted for the whole page in
    the one query that fetches it."""
    contractors = Contractor.objects.annotate(
        jobs_done=Count(
            "works_orders__repair",
            filter=Q(works_orders__repair__completed_within_target__isnull=False),
            distinct=True,
        ),
        jobs_within=Count(
            "works_orders__repair",
            filter=Q(works_orders__repair__completed_within_target=True),
            distinct=True,
        ),
    ).order_by("-active", "name")
    page = Paginator(contractors, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    rows = []
    for contractor in page.object_list:
        share = _share(contractor.jobs_done, contractor.jobs_within)
        rows.append(
            {
                "contractor": contractor,
                "trades": _trades(contractor),
                "insured": contractor.insurance_current(today),
                "share": share,
                "below_target": share is not None and share < contractor.target_within_target_pct,
            }
        )
    return render(request, "repairs/contractor_list.html", {"page_obj": page, "rows": rows})


@permission_required("repairs.view_contractor", raise_exception=True)
def contractor_detail(request, pk):
    contractor = get_object_or_404(Contractor, pk=pk)
    orders = (
        WorksOrder.objects.visible_to(request.user)
        .open()
        .filter(contractor=contractor)
        .select_related("repair__scheme", "repair__unit__property", "repair__priority")
        .order_by("raised_at", "pk")
    )
    page = Paginator(orders, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "repairs/contractor_detail.html",
        {
            "contractor": contractor,
            "trades": _trades(contractor),
            "insured": contractor.insurance_current(),
            "page_obj": page,
            "orders": page.object_list,
        },
    )


@permission_required("repairs.add_contractor", raise_exception=True)
def contractor_create(request):
    form = ContractorForm(request.POST or None)
    return form_view(
        request,
        form,
        template="repairs/contractor_form.html",
        save=lambda form: services.contractor_save(contractor=form.save(commit=False), by=request.user),
        success=lambda c: f"{c} added.",
        context={"title": "Add a contractor", "button": "Add the contractor"},
    )


@permission_required("repairs.change_contractor", raise_exception=True)
def contractor_edit(request, pk):
    contractor = get_object_or_404(Contractor, pk=pk)
    form = ContractorForm(request.POST or None, instance=contractor)
    return form_view(
        request,
        form,
        template="repairs/contractor_form.html",
        save=lambda form: services.contractor_save(contractor=form.save(commit=False), by=request.user),
        success=lambda c: f"{c}'s details saved.",
        context={"title": f"Change {contractor}", "button": "Save the changes", "contractor": contractor},
    )


def _used_pct(budget):
    used = budget.committed + budget.spent
    if not budget.amount:
        return None if not used else 100
    return round(100 * used / budget.amount, 1)


@permission_required("repairs.view_repairsbudget", raise_exception=True)
def budget_list(request):
    schemes = Scheme.objects.visible_to(request.user)
    form = BudgetFilterForm(request.GET or None, schemes=schemes)
    data = form.cleaned_data if form.is_valid() else {}
    year = data.get("year") or financial_year_of(timezone.localdate())
    budgets = (
        RepairsBudget.objects.visible_to(request.user)
        .filter(financial_year=year)
        .select_related("scheme", "budget_code")
        .order_by("scheme__name", "budget_code__code", "pk")
    )
    if data.get("scheme"):
        budgets = budgets.filter(scheme=data["scheme"])
    page = Paginator(budgets, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"budget": b, "remaining": b.remaining, "used_pct": _used_pct(b)} for b in page.object_list]
    return render(
        request,
        "repairs/budget_list.html",
        {"form": form, "page_obj": page, "rows": rows, "year": year, "year_end": (year + 1) % 100},
    )


@permission_required("repairs.view_repairsbudget", raise_exception=True)
def budget_detail(request, pk):
    budget = get_visible(RepairsBudget.objects.select_related("scheme", "budget_code"), request.user, pk=pk)
    orders = budget.orders.select_related("repair__scheme", "repair__unit__property", "contractor").order_by(
        "-raised_at", "-pk"
    )
    page = Paginator(orders, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "repairs/budget_detail.html",
        {
            "budget": budget,
            "remaining": budget.remaining,
            "used_pct": _used_pct(budget),
            "page_obj": page,
            "orders": page.object_list,
        },
    )


@permission_required("repairs.add_repairsbudget", raise_exception=True)
def budget_create(request):
    form = BudgetForm(
        request.POST or None,
        schemes=Scheme.objects.visible_to(request.user),
        initial={"financial_year": financial_year_of(timezone.localdate())},
    )
    return form_view(
        request,
        form,
        template="repairs/budget_form.html",
        save=lambda form: services.budget_create(by=request.user, **form.cleaned_data),
        success=lambda b: f"Budget {b} added.",
    )


@permission_required("repairs.view_worksorder", raise_exception=True)
def works_order_pdf(request, pk):
    """The order's PDF as it was sent (one raised before PDFs were kept has one made and kept now), served
    from memory: a streamed file response closed under time travel closes the PostgreSQL test connection."""
    order = get_visible(
        WorksOrder.objects.select_related(
            "repair__scheme", "repair__unit__property", "repair__priority", "contractor", "raised_by"
        ),
        request.user,
        pk=pk,
    )
    return private_bytes_response(
        works_order_pdf_bytes(order), content_type="application/pdf", filename=f"{order.number}.pdf"
    )


urlpatterns = [
    path("contractors/", contractor_list, name="contractor_list"),
    path("contractors/add/", contractor_create, name="contractor_create"),
    path("contractors/<int:pk>/", contractor_detail, name="contractor_detail"),
    path("contractors/<int:pk>/edit/", contractor_edit, name="contractor_edit"),
    path("budgets/", budget_list, name="budget_list"),
    path("budgets/add/", budget_create, name="budget_create"),
    path("budgets/<int:pk>/", budget_detail, name="budget_detail"),
    path("orders/<int:pk>/pdf/", works_order_pdf, name="works_order_pdf"),
]
