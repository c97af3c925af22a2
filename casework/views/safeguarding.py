"""Safeguarding concerns: raise, read (logged), update and close; the open concerns for leads and leaders.

Only `SafeguardingConcern.objects.visible_to(user)` may read a concern; everyone else who can see the
case learns only that a concern is open and whom to speak to.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from rules.contrib.views import permission_required

from core.services import record_access, record_access_many
from core.viewkit import form_view, get_visible

from .. import sections
from ..forms.safeguarding import CloseConcernForm, ConcernEditForm, ConcernForm
from ..models import Case, SafeguardingConcern
from ..services import safeguarding as services

PAGE_SIZE = 25
WHAT = "safeguarding"


def _visible_concern(request, pk, *, perm: str | None = None) -> SafeguardingConcern:
    """404 (never 403) without a safeguarding permission, so a concern's existence is not given away."""
    user = request.user
    if not (user.has_perm("casework.view_safeguardingconcern") or user.has_perm("casework.safeguarding_lead")):
        raise Http404
    concerns = SafeguardingConcern.objects.select_related("case__person", "case__officer", "case__team", "raised_by")
    return get_visible(concerns, user, perm=perm, pk=pk)


def _detail_url(concern: SafeguardingConcern) -> str:
    return reverse("casework:safeguarding_detail", args=[concern.pk])


@sections.section("safeguarding", title="Safeguarding", template="casework/safeguarding/_case_section.html", order=15)
def case_section(request, case):
    """Details for those who may read them (logged once per view of the case); for everyone else, only that a
    concern is open and whom to speak to."""
    concerns = list(SafeguardingConcern.objects.visible_to(request.user).filter(case=case).select_related("raised_by"))
    open_count = sum(1 for c in concerns if c.status == SafeguardingConcern.Status.OPEN)
    if concerns:
        record_access(user=request.user, obj=case, what=WHAT, request=request)
        restricted = False
    else:
        open_count = case.safeguarding_concerns.filter(status=SafeguardingConcern.Status.OPEN).count()
        restricted = open_count > 0
    return {
        "concerns": concerns,
        "open_count": open_count,
        "restricted": restricted,
        "team_leader": case.team.leader if restricted and case.team.leader_id else None,
        "may_list": services.may_list_concerns(request.user),
    }


@permission_required("casework.add_safeguardingconcern", raise_exception=True)
def safeguarding_create(request, pk):
    """Whoever raises a concern goes to it if they may read it, else back to the case, told who can."""
    case = get_visible(Case.objects.with_person(), request.user, perm="casework.change_case", pk=pk)
    told = " The team leader has been told." if case.team.leader_id not in (None, request.user.pk) else ""

    def save(form):
        concern = services.concern_raise(case=case, by=request.user, **form.cleaned_data)
        return concern, SafeguardingConcern.objects.visible_to(request.user).filter(pk=concern.pk).exists()

    def success(raised):
        if raised[1]:
            return f"Safeguarding concern recorded.{told}"
        return (
            f"Thank you: the safeguarding concern is recorded.{told} Only the case officer, team leaders and "
            "safeguarding leads can read it."
        )

    return form_view(
        request,
        ConcernForm(request.POST or None),
        template="casework/safeguarding/concern_form.html",
        save=save,
        success=success,
        then=lambda raised: _detail_url(raised[0]) if raised[1] else f"{case.get_absolute_url()}#safeguarding",
        context={"case": case},
    )


def safeguarding_detail(request, pk):
    """Anyone who may not read the concern gets 404, so its existence is not given away by a 403."""
    concern = _visible_concern(request, pk)
    record_access(user=request.user, obj=concern, what=WHAT, request=request)
    return render(request, "casework/safeguarding/concern_detail.html", {"concern": concern, "case": concern.case})


@permission_required("casework.change_safeguardingconcern", raise_exception=True)
def safeguarding_edit(request, pk):
    concern = _visible_concern(request, pk, perm="casework.change_case")
    if concern.status != SafeguardingConcern.Status.OPEN:
        messages.error(request, "This concern is closed. Raise a new concern if something else has happened.")
        return redirect(_detail_url(concern))
    record_access(user=request.user, obj=concern, what=WHAT, request=request)
    return form_view(
        request,
        ConcernEditForm(request.POST or None, instance=concern),
        template="casework/safeguarding/concern_edit.html",
        save=lambda form: services.concern_update(concern=concern, by=request.user, **form.cleaned_data),
        success="Safeguarding concern updated.",
        then=_detail_url(concern),
        context={"concern": concern, "case": concern.case},
    )


@permission_required("casework.change_safeguardingconcern", raise_exception=True)
def safeguarding_close(request, pk):
    concern = _visible_concern(request, pk, perm="casework.change_case")
    if concern.status != SafeguardingConcern.Status.OPEN:
        messages.error(request, "This concern is already closed.")
        return redirect(_detail_url(concern))
    return form_view(
        request,
        CloseConcernForm(request.POST or None),
        template="casework/safeguarding/concern_close.html",
        save=lambda form: services.concern_close(concern=concern, by=request.user, **form.cleaned_data),
        success="Safeguarding concern closed.",
        then=_detail_url(concern),
        context={"concern": concern, "case": concern.case},
    )


def safeguarding_list(request):
    """Every open concern the user may read, oldest first, for safeguarding leads and team leaders."""
    if not services.may_list_concerns(request.user):
        raise PermissionDenied
    concerns = (
        SafeguardingConcern.objects.visible_to(request.user)
        .open()
        .select_related("case__person", "case__officer", "case__team")
        .order_by("raised_on", "pk")
    )
    page = Paginator(concerns, PAGE_SIZE).get_page(request.GET.get("page"))
    record_access_many(
        user=request.user, objects=page.object_list, what="safeguarding (open concerns list)", request=request
    )
    return render(request, "casework/safeguarding/concern_list.html", {"page_obj": page, "concerns": page.object_list})


urlpatterns = [
    path("safeguarding/", safeguarding_list, name="safeguarding_list"),
    path("cases/<int:pk>/safeguarding/new/", safeguarding_create, name="safeguarding_create"),
    path("safeguarding/<int:pk>/", safeguarding_detail, name="safeguarding_detail"),
    path("safeguarding/<int:pk>/edit/", safeguarding_edit, name="safeguarding_edit"),
    path("safeguarding/<int:pk>/close/", safeguarding_close, name="safeguarding_close"),
]
