"""Payment plan pages: agree a plan on a rent account, see how its weeks went, cancel it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from core.forms import add_validation_error

from ..forms.plans import PaymentPlanForm
from ..models import PaymentPlan, RentAccount
from ..services import plans


@permission_required("rents.add_ledgerentry", raise_exception=True)
def plan_create(request, pk):
    account = get_object_or_404(RentAccount.objects.visible_to(request.user), pk=pk)
    form = PaymentPlanForm(request.POST or None, initial={"starts_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            plan = plans.plan_create(account=account, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_validation_error(form, exc)
        else:
            messages.success(request, "Payment plan agreed.")
            return redirect(plan)
    return render(request, "rents/plans/plan_form.html", {"account": account, "form": form})


def _visible_plan(request, pk) -> PaymentPlan:
    return get_object_or_404(PaymentPlan.objects.visible_to(request.user).select_related("account", "agreed_by"), pk=pk)


@permission_required("rents.view_rentaccount", raise_exception=True)
def plan_detail(request, pk):
    plan = _visible_plan(request, pk)
    today = timezone.localdate()
    weeks = plans.plan_weeks(plan, today)
    context = {
        "plan": plan,
        "account": plan.account,
        "weeks": weeks,
        "missed": plans.missed_weeks(weeks),
        "first_week": plans.first_plan_week(plan),
    }
    return render(request, "rents/plans/plan_detail.html", context)


@permission_required("rents.add_ledgerentry", raise_exception=True)
@require_POST
def plan_cancel(request, pk):
    plan = _visible_plan(request, pk)
    try:
        plans.plan_cancel(plan=plan, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Payment plan cancelled.")
    return redirect(plan)


urlpatterns = [
    path("accounts/<int:pk>/payment-plans/new/", plan_create, name="plan_create"),
    path("payment-plans/<int:pk>/", plan_detail, name="plan_detail"),
    path("payment-plans/<int:pk>/cancel/", plan_cancel, name="plan_cancel"),
]
