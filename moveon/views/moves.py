"""The move into the home (from an accepted offer) and the six-month follow-up."""

from django.urls import path
from django.utils import timezone
from rules.contrib.views import permission_required

from core.viewkit import form_view, get_visible

from ..forms.moves import FollowUpForm, MoveForm
from ..models import Move, Offer
from ..services import moves as services


@permission_required("moveon.add_move", raise_exception=True)
def move_create(request, pk):
    offer = get_visible(Offer.objects.select_related("case", "home"), request.user, pk=pk)
    form = MoveForm(request.POST or None, initial={"start_date": timezone.localdate(), "tenancy_months": 12})
    return form_view(
        request,
        form,
        template="moveon/offer_step_form.html",
        save=lambda form: services.move_record(offer=offer, by=request.user, **form.cleaned_data),
        success=lambda m: f"Move recorded. The six-month follow-up is due {m.follow_up_due:%-d %B %Y}.",
        context={"offer": offer, "title": "Record the move", "button": "Record the move"},
    )


@permission_required("moveon.change_move", raise_exception=True)
def follow_up(request, pk):
    move = get_visible(Move.objects.select_related("offer__case", "offer__home"), request.user, pk=pk)
    form = FollowUpForm(request.POST or None, initial={"on": timezone.localdate()})
    return form_view(
        request,
        form,
        template="moveon/offer_step_form.html",
        save=lambda form: services.follow_up_record(move=move, by=request.user, **form.cleaned_data),
        success="Follow-up recorded.",
        context={"offer": move.offer, "title": "Record the six-month follow-up", "button": "Record the follow-up"},
    )


urlpatterns = [
    path("offers/<int:pk>/move/", move_create, name="move_create"),
    path("moves/<int:pk>/follow-up/", follow_up, name="follow_up"),
]
