"""House meetings (with their actions) and resident involvement, per scheme."""

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from core.viewkit import form_view, get_visible, post_action

from ..forms.meetings import (
    InvolvementFilterForm,
    InvolvementForm,
    MeetingActionForm,
    MeetingEditForm,
    MeetingForm,
    SchemeFilterForm,
)
from ..models import HouseMeeting, Involvement, MeetingAction, Scheme
from ..services import meetings as services
from .choose import choose_scheme

PAGE_SIZE = 25


def _visible_meeting(request, pk) -> HouseMeeting:
    return get_visible(HouseMeeting.objects.select_related("scheme", "recorded_by"), request.user, pk=pk)


def _chosen_scheme(form) -> Scheme | None:
    return form.cleaned_data.get("scheme") if form.is_valid() else None


def _only_scheme(schemes, chosen: Scheme | None) -> Scheme | None:
    """The scheme a "record" button should use: the one filtered on, or the user's only scheme."""
    if chosen is not None:
        return chosen
    first_two = list(schemes[:2])
    return first_two[0] if len(first_two) == 1 else None


# ---------------------------------------------------------------- meetings
@permission_required("tenancies.view_housemeeting", raise_exception=True)
def meeting_list(request):
    """House meetings across the schemes the user can see, or for one scheme (?scheme=)."""
    schemes = Scheme.objects.visible_to(request.user)
    form = SchemeFilterForm(request.GET or None, schemes=schemes)
    scheme = _chosen_scheme(form)
    meetings = HouseMeeting.objects.visible_to(request.user).order_by("-held_on", "-pk")
    if scheme is not None:
        meetings = meetings.filter(scheme=scheme)
    page = Paginator(meetings, PAGE_SIZE).get_page(request.GET.get("page"))
    # Actions and residents are counted for this page's meetings only (one query, the page's ids a
    # subquery), not grouped across every meeting the schemes have ever held.
    page.object_list = list(
        HouseMeeting.objects.filter(pk__in=page.object_list.values("pk"))
        .select_related("scheme")
        .annotate(
            open_actions=Count("actions", filter=Q(actions__done_on__isnull=True), distinct=True),
            residents_count=Count("residents_present", distinct=True),
        )
        .order_by("-held_on", "-pk")
    )
    return render(
        request,
        "tenancies/meetings/meeting_list.html",
        {
            "form": form,
            "scheme": scheme,
            "record_for": _only_scheme(schemes, scheme),
            "page_obj": page,
            "meetings": page.object_list,
        },
    )


@permission_required("tenancies.add_housemeeting", raise_exception=True)
def meeting_create(request, scheme_pk):
    scheme = get_visible(Scheme, request.user, pk=scheme_pk)
    return form_view(
        request,
        MeetingForm(request.POST or None, scheme=scheme),
        template="tenancies/meetings/meeting_form.html",
        save=lambda form: services.meeting_record(
            scheme=scheme,
            held_on=form.cleaned_data["held_on"],
            agenda=form.cleaned_data["agenda"],
            minutes=form.cleaned_data["minutes"],
            residents=form.cleaned_data["residents_present"],
            staff=form.cleaned_data["staff_present"],
            by=request.user,
        ),
        success=lambda meeting: f"House meeting on {meeting.held_on:%-d %B %Y} recorded.",
        context={"scheme": scheme},
    )


@permission_required("tenancies.add_housemeeting", raise_exception=True)
def meeting_choose_scheme(request):
    return choose_scheme(
        request,
        create="tenancies:meeting_create",
        title="Record a house meeting",
        back="tenancies:meeting_list",
        back_label="House meetings",
    )


@permission_required("tenancies.view_housemeeting", raise_exception=True)
def meeting_detail(request, pk):
    meeting = _visible_meeting(request, pk)
    show_actions = request.user.has_perm("tenancies.view_meetingaction")
    context = {
        "meeting": meeting,
        "today": timezone.localdate(),
        "residents": meeting.residents_present.order_by("legal_name", "pk"),
        "staff": meeting.staff_present.order_by("full_name", "pk"),
        "show_actions": show_actions,
        "actions": meeting.actions.select_related("owner") if show_actions else [],
    }
    if request.user.has_perm("tenancies.add_meetingaction"):
        context["action_form"] = MeetingActionForm(meeting=meeting)
    return render(request, "tenancies/meetings/meeting_detail.html", context)


@permission_required("tenancies.change_housemeeting", raise_exception=True)
def meeting_edit(request, pk):
    meeting = _visible_meeting(request, pk)
    return form_view(
        request,
        MeetingEditForm(request.POST or None, instance=meeting, scheme=meeting.scheme),
        template="tenancies/meetings/meeting_edit.html",
        save=lambda form: services.meeting_update(
            meeting=meeting,
            agenda=form.cleaned_data["agenda"],
            minutes=form.cleaned_data["minutes"],
            residents=form.cleaned_data["residents_present"],
            staff=form.cleaned_data["staff_present"],
            by=request.user,
        ),
        success="Minutes saved.",
        then=meeting,
        context={"meeting": meeting},
    )


@permission_required("tenancies.add_meetingaction", raise_exception=True)
def meeting_action_add(request, pk):
    meeting = _visible_meeting(request, pk)
    return form_view(
        request,
        MeetingActionForm(request.POST or None, meeting=meeting),
        template="tenancies/meetings/action_form.html",
        save=lambda form: services.meeting_action_add(
            meeting=meeting,
            description=form.cleaned_data["description"],
            owner=form.cleaned_data["owner"],
            due_on=form.cleaned_data["due_on"],
            by=request.user,
        ),
        success=lambda action: f"Action added for {action.owner}, due {action.due_on:%-d %B %Y}.",
        then=f"{meeting.get_absolute_url()}#actions",
        context={"meeting": meeting},
    )


@permission_required("tenancies.change_meetingaction", raise_exception=True)
@require_POST
def meeting_action_done(request, pk):
    action = get_visible(MeetingAction.objects.select_related("meeting"), request.user, pk=pk)
    return post_action(
        request,
        lambda: services.meeting_action_done(action=action, by=request.user),
        success=f"Marked done: {action.description}",
        then=f"{action.meeting.get_absolute_url()}#actions",
    )


# ---------------------------------------------------------------- involvement
@permission_required("tenancies.view_involvement", raise_exception=True)
def involvement_list(request):
    schemes = Scheme.objects.visible_to(request.user)
    form = InvolvementFilterForm(request.GET or None, schemes=schemes)
    records = Involvement.objects.filter(scheme__in=schemes).select_related("scheme", "person", "recorded_by")
    scheme = None
    if form.is_valid():
        scheme = form.cleaned_data["scheme"]
        if scheme is not None:
            records = records.filter(scheme=scheme)
        if form.cleaned_data["kind"]:
            records = records.filter(kind=form.cleaned_data["kind"])
    page = Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "tenancies/meetings/involvement_list.html",
        {
            "form": form,
            "scheme": scheme,
            "record_for": _only_scheme(schemes, scheme),
            "page_obj": page,
            "records": page.object_list,
        },
    )


@permission_required("tenancies.add_involvement", raise_exception=True)
def involvement_create(request, scheme_pk):
    scheme = get_visible(Scheme, request.user, pk=scheme_pk)
    return form_view(
        request,
        InvolvementForm(request.POST or None, scheme=scheme),
        template="tenancies/meetings/involvement_form.html",
        save=lambda form: services.involvement_record(
            scheme=scheme,
            kind=form.cleaned_data["kind"],
            received_on=form.cleaned_data["received_on"],
            person=form.cleaned_data["person"],
            details=form.cleaned_data["details"],
            by=request.user,
        ),
        success=lambda record: f"{record.get_kind_display()} recorded for {scheme}.",
        then=f"{reverse('tenancies:involvement_list')}?scheme={scheme.pk}",
        context={"scheme": scheme},
    )


urlpatterns = [
    path("meetings/", meeting_list, name="meeting_list"),
    path("meetings/new/", meeting_choose_scheme, name="meeting_choose_scheme"),
    path("schemes/<int:scheme_pk>/meetings/new/", meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/minutes/", meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/actions/new/", meeting_action_add, name="meeting_action_add"),
    path("meeting-actions/<int:pk>/done/", meeting_action_done, name="meeting_action_done"),
    path("involvement/", involvement_list, name="involvement_list"),
    path("schemes/<int:scheme_pk>/involvement/new/", involvement_create, name="involvement_create"),
]
