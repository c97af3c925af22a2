"""Voids: the board by stage, a void's page, its dates and checklist, taking a unit out of use."""

from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from core.viewkit import form_view, get_visible, post_action
from tenancies.letting import letting_blockers
from tenancies.models import Scheme, Unit

from ..forms.voids import OutOfUseForm, VoidCheckForm, VoidDatesForm, VoidFilterForm
from ..letting import with_checks
from ..models import Void
from ..rules import VOID_TURNAROUND_TARGET
from ..services import voids as services

BOARD_STAGES = [stage for stage in Void.Stage if stage not in (Void.Stage.LET, Void.Stage.CLOSED)]


@permission_required("repairs.view_void", raise_exception=True)
def void_board(request):
    """Every open void in the user's schemes, in columns by stage, with days void and loss so far.
    Open voids are bounded by the number of units, so the board needs no pages."""
    today = timezone.localdate()
    form = VoidFilterForm(request.GET or None, schemes=Scheme.objects.visible_to(request.user))
    voids = Void.objects.visible_to(request.user).open().select_related("unit__property__scheme")
    if form.is_valid() and form.cleaned_data["scheme"]:
        voids = voids.filter(unit__property__scheme=form.cleaned_data["scheme"])
    columns = {stage: [] for stage in BOARD_STAGES}
    total_loss = 0
    for void in voids:
        void.days = void.days_void(today)
        void.loss_so_far = void.loss(today)
        void.target = VOID_TURNAROUND_TARGET[void.kind].amount
        total_loss += void.loss_so_far
        columns[void.stage].append(void)
    return render(
        request,
        "repairs/voids/board.html",
        {
            "form": form,
            "columns": [(Void.Stage(stage).label, items) for stage, items in columns.items()],
            "count": sum(len(items) for items in columns.values()),
            "total_loss": total_loss,
        },
    )


def _void(request, pk, perm=None):
    return get_visible(Void.objects.select_related("unit__property__scheme"), request.user, perm=perm, pk=pk)


@permission_required("repairs.view_void", raise_exception=True)
def void_detail(request, pk):
    today = timezone.localdate()
    void = get_visible(with_checks(Void.objects.select_related("unit__property__scheme")), request.user, pk=pk)
    checks = list(void.checks.all())
    return render(
        request,
        "repairs/voids/detail.html",
        {
            "void": void,
            "checks": checks,
            # Every app's reasons (the checklist here, compliance's pre-let checks), as sign-up gives them.
            "blockers": letting_blockers(void.unit, today) if void.is_open else [],
            "repairs": void.repairs.select_related("priority").order_by("-reported_at"),
            "days": void.days_void(today),
            "loss": void.loss(today),
            "target": VOID_TURNAROUND_TARGET[void.kind],
        },
    )


@permission_required("repairs.change_void", raise_exception=True)
def void_dates(request, pk):
    void = _void(request, pk)
    initial = {field: getattr(void, field) for field, _ in services.STAGE_DATES}
    return form_view(
        request,
        VoidDatesForm(request.POST or None, initial=initial),
        template="repairs/voids/form.html",
        save=lambda form: services.void_record_dates(void=void, by=request.user, **form.cleaned_data),
        success="Void dates saved.",
        then=void,
        context={"void": void, "title": "Record the void's dates", "button": "Save the dates"},
    )


@permission_required("repairs.add_voidcheck", raise_exception=True)
def void_check(request, pk):
    void = _void(request, pk)
    item = request.GET.get("item", "")
    return form_view(
        request,
        VoidCheckForm(request.POST or None, initial={"item": item, "checked_on": timezone.localdate()}),
        template="repairs/voids/form.html",
        save=lambda form: services.void_check_record(void=void, by=request.user, **form.cleaned_data),
        success=lambda check: f"{check.get_item_display()}: {check.get_result_display().lower()}.",
        then=void,
        context={"void": void, "title": "Record a checklist item", "button": "Save the check"},
    )


@permission_required("repairs.add_void", raise_exception=True)
def unit_out_of_use(request, unit_pk):
    unit = get_visible(Unit.objects.select_related("property__scheme"), request.user, pk=unit_pk)
    return form_view(
        request,
        OutOfUseForm(request.POST or None, initial={"started_on": timezone.localdate()}),
        template="repairs/voids/form.html",
        save=lambda form: services.void_take_out_of_use(unit=unit, by=request.user, **form.cleaned_data),
        success=lambda void: f"{unit} is out of use. It cannot be let until it is back in use.",
        context={"unit": unit, "title": f"Take {unit.label} out of use", "button": "Take it out of use"},
    )


@require_POST
@permission_required("repairs.change_void", raise_exception=True)
def void_back_in_use(request, pk):
    void = _void(request, pk)
    return post_action(
        request,
        lambda: services.void_return_to_use(void=void, by=request.user),
        success="The unit is back in use and can be let once its safety checks pass.",
        then=void,
    )


urlpatterns = [
    path("voids/", void_board, name="void_board"),
    path("voids/<int:pk>/", void_detail, name="void_detail"),
    path("voids/<int:pk>/dates/", void_dates, name="void_dates"),
    path("voids/<int:pk>/checks/", void_check, name="void_check"),
    path("voids/<int:pk>/back-in-use/", void_back_in_use, name="void_back_in_use"),
    path("units/<int:unit_pk>/out-of-use/", unit_out_of_use, name="unit_out_of_use"),
]
