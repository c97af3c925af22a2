"""Safeguarding concerns about adults (Care Act 2014 s42) and children (Children Act 1989 s47) on a case.

Who may read a concern is `SafeguardingConcern.objects.visible_to(user)`; anyone working the case may
raise one, because a concern must never wait for the right person to be free.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from accounts.models import User
from core.services import notify

from ..models import Case, SafeguardingConcern
from ..models.safeguarding import is_safeguarding_lead
from .common import save_by

REFERRAL_FIELDS = ("referred_to", "referred_on", "agency_reference")
DETAIL_FIELDS = ("about", "subject_name", "category", "seen", "raised_on", *REFERRAL_FIELDS)


def concern_url(concern: SafeguardingConcern) -> str:
    return reverse("casework:safeguarding_detail", args=[concern.pk])


def may_list_concerns(user: User) -> bool:
    """Safeguarding leads and team leaders keep an eye on every open concern they may read."""
    return is_safeguarding_lead(user) or roles.TEAM_LEADER in user.role_names


def _check(concern: SafeguardingConcern) -> None:
    today = timezone.localdate()
    errors = {}
    if concern.raised_on and concern.raised_on > today:
        errors["raised_on"] = "The date of the concern cannot be in the future."
    referred = concern.referred_to != SafeguardingConcern.ReferredTo.NONE
    if referred:
        if not concern.referred_on:
            errors["referred_on"] = "Give the date the referral was made."
        elif concern.raised_on and concern.referred_on < concern.raised_on:
            errors["referred_on"] = "The referral date cannot be before the date of the concern."
        elif concern.referred_on > today:
            errors["referred_on"] = "The referral date cannot be in the future."
    elif concern.referred_on or concern.agency_reference:
        errors["referred_to"] = "Say which agency the concern was referred to."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def concern_raise(
    *,
    case: Case,
    by: User,
    about: str,
    subject_name: str,
    category: str,
    seen: str,
    raised_on: date | None = None,
    referred_to: str = SafeguardingConcern.ReferredTo.NONE,
    referred_on: date | None = None,
    agency_reference: str = "",
) -> SafeguardingConcern:
    """Record a concern and tell the team leader (and the case officer, if someone else raised it)."""
    concern = SafeguardingConcern(
        case=case,
        about=about,
        subject_name=subject_name.strip(),
        category=category,
        seen=seen.strip(),
        raised_on=raised_on or timezone.localdate(),
        referred_to=referred_to or SafeguardingConcern.ReferredTo.NONE,
        referred_on=referred_on,
        agency_reference=agency_reference.strip(),
        raised_by=by,
    )
    _check(concern)
    concern.full_clean()
    save_by(concern, by)
    # The inbox and email say only that there is a concern: the details stay behind the access check.
    told = {by.pk}
    for recipient in (case.team.leader, case.officer):
        if recipient is None or recipient.pk in told or not recipient.is_active:
            continue
        told.add(recipient.pk)
        notify(
            recipient=recipient,
            about=concern,
            key=f"safeguarding-raised:{concern.pk}:{recipient.pk}",
            subject=f"Safeguarding concern raised on case {case.reference}",
            body=f"{by} raised a safeguarding concern on the case of {case.person.name}. Please read it in Hearth.",
            url=concern_url(concern),
        )
    return concern


@transaction.atomic
def concern_update(*, concern: SafeguardingConcern, by: User, **changes) -> SafeguardingConcern:
    """Correct or add to an open concern: the referral once made, and what has happened so far."""
    concern = SafeguardingConcern.objects.select_for_update().get(pk=concern.pk)
    if concern.status != SafeguardingConcern.Status.OPEN:
        raise ValidationError("This concern is closed. Raise a new concern if something else has happened.")
    unknown = set(changes) - {*DETAIL_FIELDS, "outcome"}
    if unknown:
        raise TypeError(f"Not concern fields: {sorted(unknown)}")
    for name, value in changes.items():
        setattr(concern, name, value.strip() if isinstance(value, str) else value)
    concern.referred_to = concern.referred_to or SafeguardingConcern.ReferredTo.NONE
    _check(concern)
    concern.full_clean()
    return save_by(concern, by)


@transaction.atomic
def concern_close(
    *, concern: SafeguardingConcern, by: User, outcome: str, closed_on: date | None = None
) -> SafeguardingConcern:
    """Close a concern with what happened. The record stays with the case."""
    concern = SafeguardingConcern.objects.select_for_update().get(pk=concern.pk)
    if concern.status != SafeguardingConcern.Status.OPEN:
        raise ValidationError("This concern is already closed.")
    outcome = outcome.strip()
    if not outcome:
        raise ValidationError({"outcome": "Say what happened, so whoever reads the case later understands."})
    closed_on = closed_on or timezone.localdate()
    if closed_on < concern.raised_on:
        raise ValidationError({"closed_on": "A concern cannot close before it was raised."})
    if closed_on > timezone.localdate():
        raise ValidationError({"closed_on": "The closing date cannot be in the future."})
    concern.outcome, concern.closed_on, concern.status = outcome, closed_on, SafeguardingConcern.Status.CLOSED
    return save_by(concern, by)
