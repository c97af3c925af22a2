"""House meetings, their actions, and resident involvement (feedback, compliments, suggestions)."""

from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts import roles
from accounts.models import Coverage
from people.models import Person

from ..models import Agreement, HouseMeeting, Involvement, MeetingAction, Scheme

# ---------------------------------------------------------------- who can be chosen


def residents_on(scheme: Scheme, on: date) -> QuerySet[Person]:
    """People with a current agreement in the scheme on `on`: who could attend a meeting that day."""
    current = Agreement.objects.current(on).filter(unit__property__scheme=scheme)
    return Person.objects.filter(pk__in=current.values("person_id"))


def recent_residents(scheme: Scheme, on: date | None = None) -> QuerySet[Person]:
    """Residents now and those who left in the last year: who might give feedback or complain."""
    on = on or timezone.localdate()
    agreements = Agreement.objects.filter(unit__property__scheme=scheme, start_date__lte=on).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=on - relativedelta(years=1))
    )
    return Person.objects.filter(pk__in=agreements.values("person_id"))


def staff_for(scheme: Scheme) -> QuerySet:
    """Active staff who could attend or own an action: housing staff, and anyone covering the scheme."""
    covering = Coverage.objects.current().filter(
        content_type__app_label="tenancies", content_type__model="scheme", object_id=scheme.pk
    )
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(groups__name__in=roles.HOUSING_ROLES) | Q(pk__in=covering.values("user_id")))
        .distinct()
        .order_by("full_name", "pk")
    )


def housing_staff() -> QuerySet:
    """Active staff in a housing role: who can handle a complaint."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=roles.HOUSING_ROLES)
        .distinct()
        .order_by("full_name", "pk")
    )


# ---------------------------------------------------------------- meetings


def _check_residents(scheme: Scheme, held_on: date, residents) -> None:
    allowed = set(residents_on(scheme, held_on).values_list("pk", flat=True))
    strangers = [person for person in residents if person.pk not in allowed]
    if strangers:
        names = ", ".join(str(person) for person in strangers)
        raise ValidationError(
            {"residents_present": f"{names} did not live at {scheme} on {held_on:%-d %B %Y}. Choose residents only."}
        )


@transaction.atomic
def meeting_record(
    *,
    scheme: Scheme,
    held_on: date,
    by,
    agenda: str = "",
    minutes: str = "",
    residents=(),
    staff=(),
) -> HouseMeeting:
    """Record a house meeting (or plan one: a date ahead is a planned meeting)."""
    _check_residents(scheme, held_on, residents)
    meeting = HouseMeeting(scheme=scheme, held_on=held_on, agenda=agenda, minutes=minutes, recorded_by=by)
    meeting._history_user = by
    meeting.save()
    meeting.residents_present.set(residents)
    meeting.staff_present.set(staff)
    return meeting


@transaction.atomic
def meeting_update(*, meeting: HouseMeeting, by, agenda: str, minutes: str, residents, staff) -> HouseMeeting:
    """Write up or correct the minutes and who was there."""
    _check_residents(meeting.scheme, meeting.held_on, residents)
    meeting.agenda = agenda
    meeting.minutes = minutes
    meeting._history_user = by
    meeting.save(update_fields=["agenda", "minutes"])
    meeting.residents_present.set(residents)
    meeting.staff_present.set(staff)
    return meeting


@transaction.atomic
def meeting_action_add(*, meeting: HouseMeeting, description: str, owner, due_on: date, by) -> MeetingAction:
    if not description.strip():
        raise ValidationError({"description": "Say what needs to be done."})
    if due_on < meeting.held_on:
        raise ValidationError({"due_on": f"The due date cannot be before the meeting ({meeting.held_on:%-d %B %Y})."})
    action = MeetingAction(meeting=meeting, description=description.strip(), owner=owner, due_on=due_on)
    action._history_user = by
    action.save()
    return action


@transaction.atomic
def meeting_action_done(*, action: MeetingAction, by, on: date | None = None) -> MeetingAction:
    action = MeetingAction.objects.select_for_update().get(pk=action.pk)
    if action.done_on is not None:
        raise ValidationError(f"This action was already marked done on {action.done_on:%-d %B %Y}.")
    action.done_on = on or timezone.localdate()
    action._history_user = by
    action.save(update_fields=["done_on"])
    return action


# ---------------------------------------------------------------- involvement


@transaction.atomic
def involvement_record(
    *, scheme: Scheme, kind: str, received_on: date, details: str, by, person: Person | None = None
) -> Involvement:
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": "The date cannot be in the future."})
    if not details.strip():
        raise ValidationError({"details": "Write down what they said or did."})
    if person is not None and not Agreement.objects.filter(person=person, unit__property__scheme=scheme).exists():
        raise ValidationError({"person": f"{person} has never lived at {scheme}."})
    record = Involvement(
        scheme=scheme, person=person, kind=kind, received_on=received_on, details=details.strip(), recorded_by=by
    )
    record._history_user = by
    record.save()
    return record


# ---------------------------------------------------------------- for the scheme page


@dataclass(frozen=True)
class SchemeMeetingSummary:
    last_meeting: HouseMeeting | None
    next_meeting: HouseMeeting | None
    open_actions: list[MeetingAction]
    today: date

    @property
    def overdue_actions(self) -> list[MeetingAction]:
        return [action for action in self.open_actions if action.due_on < self.today]


def scheme_meeting_summary(*, scheme: Scheme, today: date | None = None) -> SchemeMeetingSummary:
    """Last and next house meeting and the open actions, for `meetings/_scheme_summary.html` (3 queries)."""
    today = today or timezone.localdate()
    meetings = HouseMeeting.objects.filter(scheme=scheme)
    return SchemeMeetingSummary(
        last_meeting=meetings.filter(held_on__lte=today).order_by("-held_on", "-pk").first(),
        next_meeting=meetings.filter(held_on__gt=today).order_by("held_on", "pk").first(),
        open_actions=list(
            MeetingAction.objects.filter(meeting__scheme=scheme)
            .outstanding()
            .select_related("owner", "meeting")
            .order_by("due_on", "pk")
        ),
        today=today,
    )
