"""The move into the private rented home and its six-month sustainment follow-up."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from ..models import Move, Offer
from ..rules import SUSTAINMENT_FOLLOW_UP

NOT_ACCEPTED = "Record the offer as accepted before recording the move."
ALREADY_MOVED = "The move for this offer is already recorded."
BEFORE_OFFER = "The move cannot start before the home was offered."
FOLLOWED_UP = "The follow-up for this move is already recorded."
WHY_LEFT = "Say why they are no longer there."
TOO_EARLY = "The follow-up is due on {due:%-d %B %Y}; record it then."


@transaction.atomic
def move_record(*, offer: Offer, start_date: date, tenancy_months: int, by) -> Move:
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    if offer.outcome != Offer.Outcome.ACCEPTED:
        raise ValidationError(NOT_ACCEPTED)
    if Move.objects.filter(offer=offer).exists():
        raise ValidationError(ALREADY_MOVED)
    if start_date < offer.offered_on:
        raise ValidationError({"start_date": BEFORE_OFFER})
    move = Move(
        offer=offer,
        case=offer.case,
        landlord=offer.landlord,
        home=offer.home,
        start_date=start_date,
        tenancy_months=tenancy_months,
        follow_up_due=SUSTAINMENT_FOLLOW_UP.due(start_date),
        created_by=by,
    )
    move._history_user = by
    move._change_reason = "Moved in"
    move.save()
    return move


@transaction.atomic
def follow_up_record(*, move: Move, on: date, still_there: bool, left_reason: str = "", by) -> Move:
    """Whether they are still there six months on; if not, why. A confirmed six months is what counts as
    accommodation secured for at least six months (Housing Act 1996 s195(8)(a), s189B(7)(b))."""
    move = Move.objects.select_for_update().get(pk=move.pk)
    if move.followed_up_on:
        raise ValidationError(FOLLOWED_UP)
    if still_there and on < move.follow_up_due:
        raise ValidationError({"on": TOO_EARLY.format(due=move.follow_up_due)})
    if not still_there and not left_reason.strip():
        raise ValidationError({"left_reason": WHY_LEFT})
    move.followed_up_on = on
    move.still_there = still_there
    move.left_reason = left_reason.strip()
    move.followed_up_by = by
    move._history_user = by
    move._change_reason = "Followed up: still there" if still_there else "Followed up: left"
    move.save()
    return move
