"""Payment plan pages: agree a plan on a rent account, see how its weeks went, cancel it."""

from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from core.viewkit import form_view, get_visible, post_action

from ..forms.plans import PaymentPlanForm
from ..models import PaymentPlan, RentAccount
from ..services import plans


@permission_required("rents.add_paymentplan", raise_exception=True)
def plan_create(request, pk):
    account = get_visible(RentAccount, request.user, pk=pk)
    return form_view(
        request,
        PaymentPlanForm(request.POST or None, initial={"starts_on": timezone.localdate()}),
        template="rents/plans/plan_form.html",
        save=lambda form: plans.plan_create(account=account, by=request.user, **form.cleaned_data),
        success="Payment plan agreed.",
        context={
            "account": account,
            "active_plan": account.payment_plans.filter(status=PaymentPlan.Status.ACTIVE).first(),
        },
    )


def _visible_plan(request, pk) -> PaymentPlan:
    return get_visible(PaymentPlan.objects.select_related("account", "agreed_by"), request.user, pk=pk)


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


@permission_required("rents.change_paymentplan", raise_exception=True)
@require_POST
def plan_cancel(request, pk):
    plan = _visible_plan(request, pk)
    return post_action(
        request, lambda: plans.plan_cancel(plan=plan, by=request.user), success="Payment plan cancelled.", then=plan
    )


urlpatterns = [
    path("accounts/<int:pk>/payment-plans/new/", plan_create, name="plan_create"),
    path("payment-plans/<int:pk>/", plan_detail, name="plan_detail"),
    path("payment-plans/<int:pk>/cancel/", plan_cancel, name="plan_cancel"),
]
