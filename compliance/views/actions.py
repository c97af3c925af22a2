"""Actions: the open list (overdue first), an action's page, starting, closing with evidence, a
manager's override, raising a repair, and the evidence file."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from core.files import private_bytes_response
from core.viewkit import form_view, get_visible, post_action
from tenancies.models import Scheme

from ..forms.actions import ActionCloseForm, ActionOverrideForm
from ..forms.checks import ComplianceFilterForm
from ..models import Action
from ..services import actions as services

PAGE_SIZE = 25


def _action(request, pk, perm=None):
    return get_visible(
        Action.objects.select_related(
            "priority",
            "owner",
            "repair",
            "check_record__schedule__check_type",
            "check_record__schedule__scheme",
            "check_record__schedule__building",
            "check_record__schedule__unit__property",
            "check_record__schedule__asset__building",
        ),
        request.user,
        perm=perm,
        pk=pk,
    )


@permission_required("compliance.view_action", raise_exception=True)
def action_list(request):
    today = timezone.localdate()
    form = ComplianceFilterForm(request.GET or None, schemes=Scheme.objects.visible_to(request.user))
    data = form.cleaned_data if form.is_valid() else {}
    actions = (
        Action.objects.visible_to(request.user)
        .open()
        .select_related(
            "priority",
            "owner",
            "check_record__schedule__check_type",
            "check_record__schedule__scheme",
            "check_record__schedule__building",
            "check_record__schedule__unit__property",
            "check_record__schedule__asset__building",
        )
        .order_by("due_on", "pk")
    )
    if data.get("scheme"):
        actions = actions.filter(check_record__schedule__scheme=data["scheme"])
    if data.get("check_type"):
        actions = actions.filter(check_record__schedule__check_type=data["check_type"])
    if request.GET.get("overdue"):
        actions = actions.filter(due_on__lt=today)
    page = Paginator(actions, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "compliance/action_list.html",
        {"form": form, "page_obj": page, "actions": page.object_list, "today": today},
    )


@permission_required("compliance.view_action", raise_exception=True)
def action_detail(request, pk):
    action = _action(request, pk)
    return render(
        request,
        "compliance/action_detail.html",
        {"action": action, "check": action.check_record.schedule, "today": timezone.localdate()},
    )


@require_POST
@permission_required("compliance.change_action", raise_exception=True)
def action_start(request, pk):
    action = _action(request, pk)
    return post_action(
        request,
        lambda: services.action_start(action=action, by=request.user),
        success="Marked as started.",
        then=action,
    )


@permission_required("compliance.change_action", raise_exception=True)
def action_close(request, pk):
    action = _action(request, pk)
    form = ActionCloseForm(request.POST or None, request.FILES or None, initial={"completed_on": timezone.localdate()})
    return form_view(
        request,
        form,
        template="compliance/action_form.html",
        save=lambda form: services.action_close(
            action=action,
            completed_on=form.cleaned_data["completed_on"],
            evidence_notes=form.cleaned_data["evidence_notes"],
            evidence=form.cleaned_data.get("evidence") or None,
            by=request.user,
        ),
        success="The action is done and its evidence is kept.",
        then=action,
        context={"action": action, "title": "Close the action with its evidence", "button": "Close the action"},
    )


@permission_required("compliance.override_action", raise_exception=True)
def action_override(request, pk):
    action = _action(request, pk)
    return form_view(
        request,
        ActionOverrideForm(request.POST or None),
        template="compliance/action_form.html",
        save=lambda form: services.action_override(action=action, reason=form.cleaned_data["reason"], by=request.user),
        success="The action is closed without evidence; your reason is kept with it.",
        then=action,
        context={"action": action, "title": "Close without evidence", "button": "Close the action"},
    )


@require_POST
@permission_required("compliance.change_action", raise_exception=True)
def action_raise_repair(request, pk):
    action = _action(request, pk)
    if not request.user.has_perm("repairs.add_repair"):
        raise PermissionDenied("You cannot report repairs.")
    return post_action(
        request,
        lambda: services.action_raise_repair(action=action, by=request.user),
        success=lambda repair: f"Repair {repair.reference} raised and linked to this action.",
        then=action,
    )


@permission_required("compliance.view_action", raise_exception=True)
def action_evidence(request, pk):
    action = _action(request, pk)
    if not action.evidence:
        raise Http404("No evidence file was uploaded.")
    with action.evidence.open("rb") as handle:
        content = handle.read()
    return private_bytes_response(
        content,
        content_type=action.evidence_type or "application/octet-stream",
        filename=f"evidence-{action.pk}.{action.evidence.name.rsplit('.', 1)[-1]}",
    )


urlpatterns = [
    path("actions/", action_list, name="action_list"),
    path("actions/<int:pk>/", action_detail, name="action_detail"),
    path("actions/<int:pk>/start/", action_start, name="action_start"),
    path("actions/<int:pk>/close/", action_close, name="action_close"),
    path("actions/<int:pk>/override/", action_override, name="action_override"),
    path("actions/<int:pk>/repair/", action_raise_repair, name="action_raise_repair"),
    path("actions/<int:pk>/evidence/", action_evidence, name="action_evidence"),
]
