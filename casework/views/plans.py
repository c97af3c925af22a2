"""The s189A assessment and the Personalised Housing Plan: create, new versions, issue, download, steps done."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from core.files import private_file_response
from core.services import record_access
from core.viewkit import form_view, get_visible, post_action

from .. import sections
from ..forms.plans import AssessmentForm, PlanForm, ScenarioForm, rows_from_plan
from ..models import Assessment, Case, Party, PersonalisedHousingPlan, PlanStep, Scenario
from ..services import plans as services

ASSESSMENT_READ = "assessment (circumstances and support needs)"
CHANGE_PLAN = "casework.change_personalisedhousingplan"


def _visible_plan(request, pk, *, perm: str | None = None) -> PersonalisedHousingPlan:
    plans = PersonalisedHousingPlan.objects.select_related("case__person", "case__officer", "case__team", "created_by")
    return get_visible(plans, request.user, perm=perm, pk=pk)


def _closed(request, case: Case):
    messages.error(request, "This case is closed.")
    return redirect(case)


@sections.section("plan", title="Assessment and housing plan", template="casework/plans/_case_section.html", order=30)
def plan_section(request, case) -> dict:
    if not request.user.has_perm("casework.view_personalisedhousingplan"):
        return {"allowed": False}
    plan = (
        case.plans.current()
        .select_related("created_by")
        .prefetch_related(Prefetch("steps", queryset=PlanStep.objects.order_by("party", "position", "pk")))
        .first()
    )
    steps = list(plan.steps.all()) if plan else []
    assessment = Assessment.objects.filter(case=case).select_related("completed_by").first()
    if assessment is not None:
        record_access(user=request.user, obj=case, what=ASSESSMENT_READ, request=request)
    return {
        "allowed": True,
        "assessment": assessment,
        "plan": plan,
        "steps_done": sum(1 for s in steps if s.done_on),
        "steps_total": len(steps),
        "versions_count": case.plans.count(),
    }


@permission_required("casework.change_assessment", raise_exception=True)
def assessment_edit(request, pk):
    case = get_visible(Case.objects.with_person(), request.user, perm="casework.change_case", pk=pk)
    if not case.is_open:
        return _closed(request, case)
    assessment = Assessment.objects.filter(case=case).first()
    if assessment is None and not request.user.has_perm("casework.add_assessment"):
        raise PermissionDenied
    if assessment is not None and request.method == "GET":
        record_access(user=request.user, obj=case, what=ASSESSMENT_READ, request=request)
    return form_view(
        request,
        AssessmentForm(request.POST or None, instance=assessment),
        template="casework/plans/assessment_form.html",
        save=lambda form: services.assessment_save(case=case, by=request.user, **form.cleaned_data),
        success="Assessment saved.",
        then=f"{case.get_absolute_url()}#plan",
        context={"case": case, "new": not assessment},
    )


@permission_required("casework.add_personalisedhousingplan", raise_exception=True)
def plan_create(request, pk):
    """Choose the scenario, then edit its menu of steps (ticked) and add steps of your own."""
    case = get_visible(Case.objects.with_person(), request.user, perm="casework.change_case", pk=pk)
    if not case.is_open:
        return _closed(request, case)
    current = case.plans.current().first()
    if current is not None:
        messages.info(request, "This case already has a plan. Editing it makes a new version.")
        return redirect("casework:plan_edit", current.pk)
    chooser = ScenarioForm(request.GET if "scenario" in request.GET else None)
    if not chooser.is_valid():
        if not chooser.is_bound and case.host_name:
            chooser.initial["scenario"] = Scenario.FAMILY_FRIENDS
        return render(request, "casework/plans/scenario_form.html", {"form": chooser, "case": case})
    scenario = chooser.cleaned_data["scenario"]
    return form_view(
        request,
        PlanForm(request.POST or None, rows=services.menu_for(scenario)),
        template="casework/plans/plan_form.html",
        save=lambda form: services.plan_create(
            case=case,
            scenario=scenario,
            review_on=form.cleaned_data["review_on"],
            summary=form.cleaned_data["summary"],
            steps=form.steps(),
            by=request.user,
        ),
        success="Housing plan saved. Issue it when you have agreed it with them.",
        context={"case": case, "scenario": Scenario(scenario), "plan": None},
    )


@permission_required("casework.view_personalisedhousingplan", raise_exception=True)
def plan_detail(request, pk):
    plan = _visible_plan(request, pk)
    steps = list(plan.steps.all())
    versions = plan.case.plans.select_related("created_by").order_by("-version")
    return render(
        request,
        "casework/plans/plan_detail.html",
        {
            "plan": plan,
            "case": plan.case,
            "today": timezone.localdate(),
            "applicant_steps": [s for s in steps if s.party == Party.APPLICANT],
            "council_steps": [s for s in steps if s.party == Party.COUNCIL],
            "versions": versions,
            "is_current": plan.superseded_at is None,
        },
    )


@permission_required("casework.change_personalisedhousingplan", raise_exception=True)
def plan_edit(request, pk):
    """Saving makes a new version of the plan; the one edited is kept, superseded."""
    plan = _visible_plan(request, pk, perm=CHANGE_PLAN)
    case = plan.case
    if not case.is_open:
        return _closed(request, case)
    if plan.superseded_at is not None:
        messages.info(request, f"Version {plan.version} has been replaced. This is the current plan.")
        current = case.plans.current().first()
        return redirect("casework:plan_edit", current.pk) if current else redirect(case)
    return form_view(
        request,
        PlanForm(
            request.POST or None,
            rows=rows_from_plan(plan),
            initial={"summary": plan.summary, "review_on": plan.review_on},
        ),
        template="casework/plans/plan_form.html",
        save=lambda form: services.plan_revise(
            plan=plan,
            review_on=form.cleaned_data["review_on"],
            summary=form.cleaned_data["summary"],
            steps=form.steps(),
            by=request.user,
        ),
        success=lambda new: f"Version {new.version} of the plan saved. Issue it when you have agreed it.",
        context={"case": case, "scenario": Scenario(plan.scenario), "plan": plan},
    )


@permission_required("casework.change_personalisedhousingplan", raise_exception=True)
@require_POST
def plan_issue(request, pk):
    plan = _visible_plan(request, pk, perm=CHANGE_PLAN)
    return post_action(
        request,
        lambda: services.plan_issue(plan=plan, by=request.user),
        success="Plan issued. Download it to give or send it to them.",
        then=plan,
    )


@permission_required("casework.view_personalisedhousingplan", raise_exception=True)
def plan_pdf(request, pk):
    plan = _visible_plan(request, pk)
    return private_file_response(plan.pdf, filename=f"housing-plan-{plan.case.reference}-v{plan.version}.pdf")


@permission_required("casework.change_planstep", raise_exception=True)
@require_POST
def plan_step_done(request, pk):
    step = get_visible(PlanStep.objects.select_related("plan__case"), request.user, pk=pk)
    return post_action(
        request,
        lambda: services.plan_step_done(step=step, by=request.user),
        success=f"Marked done: {step.text}",
        then=f"{step.plan.get_absolute_url()}#steps-{step.party}",
    )


urlpatterns = [
    path("cases/<int:pk>/assessment/", assessment_edit, name="assessment_edit"),
    path("cases/<int:pk>/plans/new/", plan_create, name="plan_create"),
    path("plans/<int:pk>/", plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", plan_edit, name="plan_edit"),
    path("plans/<int:pk>/issue/", plan_issue, name="plan_issue"),
    path("plans/<int:pk>/plan.pdf", plan_pdf, name="plan_pdf"),
    path("plan-steps/<int:pk>/done/", plan_step_done, name="plan_step_done"),
]
