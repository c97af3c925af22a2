"""Reminder jobs for compliance: checks coming due and overdue, actions coming due and overdue, and a
weekly summary for managers.

Each job sends once per record and due date (a stable key), so re-running sends nothing twice, and
a check moved on by a new record is reminded afresh for its new date. Who hears:

* a check: the worker it is assigned to (`ScheduledCheck.assigned_to`), or else the housing workers
  covering its scheme; once overdue, their team's leader as well;
* an action: its owner (`Action.owner`), or else the housing workers covering the scheme; once
  overdue, their team's leader as well;
* the weekly summary: every active Housing Manager, for the schemes they can see, once per ISO week.

Only those who can open the record hear of it (`notify_about` checks its `visible_to`). Dates in
messages are London dates ("by 3 December 2026"), never "N days left". The words are for staff: say
what is due and where, calmly.
"""

from collections import defaultdict
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.utils import dateformat, timezone

from accounts import roles
from accounts.models import Coverage, User
from core.reminders import reminder_job
from core.services import Openable, notify, notify_about
from tenancies.models import Scheme

from ..figures import overdue_by_scheme
from ..models import Action, ScheduledCheck

# How long before an action's due date its owner is reminded (Hearth policy).
ACTION_DUE_WITHIN = timedelta(days=7)

SCHEDULE_RELATED = (
    "check_type",
    "scheme",
    "building",
    "unit__property",
    "asset__building",
    "assigned_to__team__leader",
)
ACTION_RELATED = (
    "check_record__schedule__check_type",
    "check_record__schedule__scheme",
    "check_record__schedule__building",
    "check_record__schedule__unit__property",
    "check_record__schedule__asset__building",
    "owner__team__leader",
)


def day(value) -> str:
    """A date as staff read it: "3 December 2026"."""
    return dateformat.format(value, "j F Y")


def scheme_workers(scheme_ids) -> dict[int, list[User]]:
    """The active housing workers covering each scheme today (with their team leaders loaded), in one query."""
    coverage = (
        Coverage.objects.current()
        .filter(
            content_type=ContentType.objects.get_for_model(Scheme),
            object_id__in=set(scheme_ids),
            user__is_active=True,
            user__groups__name=roles.HOUSING_WORKER,
        )
        .select_related("user__team__leader")
    )
    workers: dict[int, list[User]] = defaultdict(list)
    for cover in coverage:
        workers[cover.object_id].append(cover.user)
    return workers


def leaders_of(users) -> list[User]:
    """The active team leaders of `users` (loaded with `team__leader`), each once."""
    leaders = {}
    for user in users:
        leader = user.team.leader if user.team_id else None
        if leader is not None and leader.is_active:
            leaders[leader.pk] = leader
    return list(leaders.values())


def _responsible(person, scheme_id, workers) -> list[User]:
    """Who is responsible: the named person when there is one and they are active, or else the scheme's workers."""
    if person is not None and person.is_active:
        return [person]
    return workers[scheme_id]


def _notify_each(records, recipients_for, message_for) -> int:
    """Tell each record's `recipients_for(record)` its `message_for(record)` (key, subject, body), with one
    `Openable` for the whole run; returns how many were newly told."""
    records = list(records)
    openable = Openable(records)
    sent = 0
    for record in records:
        key, subject, body = message_for(record)
        sent += notify_about(record, recipients_for(record), key=key, subject=subject, body=body, openable=openable)
    return sent


def _where(schedule: ScheduledCheck) -> str:
    target = schedule.target_label
    return target if target == str(schedule.scheme) else f"{target} ({schedule.scheme})"


# Checks --------------------------------------------------------------------------------------


@reminder_job("compliance-checks-due-soon")
def checks_due_soon(now) -> int:
    """Active checks within their warning period (`due_soon_from` on or before today) and not yet past
    their due date (due today is still due, as `with_status` has it), once per check and due date."""
    today = timezone.localdate(now)
    schedules = list(
        ScheduledCheck.objects.active()
        .filter(due_soon_from__lte=today, next_due_on__gte=today)
        .select_related(*SCHEDULE_RELATED)
    )
    workers = scheme_workers(schedule.scheme_id for schedule in schedules)

    def message(schedule):
        return (
            f"compliance-check-due-soon:{schedule.pk}:{schedule.next_due_on.isoformat()}",
            f"{schedule.check_type} due by {day(schedule.next_due_on)}: {schedule.target_label}"[:200],
            f"The {schedule.check_type.name.lower()} for {_where(schedule)} is due by {day(schedule.next_due_on)}. "
            "Please arrange it, and record it in Hearth once it is done.",
        )

    return _notify_each(
        schedules, lambda schedule: _responsible(schedule.assigned_to, schedule.scheme_id, workers), message
    )


@reminder_job("compliance-checks-overdue")
def checks_overdue(now) -> int:
    """Active checks past their due date, or never yet recorded, to those responsible and their team
    leaders: once per check and due date (once for a check with no record yet)."""
    today = timezone.localdate(now)
    schedules = list(ScheduledCheck.objects.overdue(today).select_related(*SCHEDULE_RELATED))
    workers = scheme_workers(schedule.scheme_id for schedule in schedules)

    def recipients(schedule):
        responsible = _responsible(schedule.assigned_to, schedule.scheme_id, workers)
        return [*responsible, *leaders_of(responsible)]

    def message(schedule):
        name = schedule.check_type.name
        if schedule.next_due_on is None:
            return (
                f"compliance-check-overdue:{schedule.pk}:no-record",
                f"No record yet: {name.lower()}, {schedule.target_label}"[:200],
                f"There is no record in Hearth of a {name.lower()} for {_where(schedule)}. If it has been done, "
                "please record it with its certificate; if not, please arrange it.",
            )
        return (
            f"compliance-check-overdue:{schedule.pk}:{schedule.next_due_on.isoformat()}",
            f"{name} overdue since {day(schedule.next_due_on)}: {schedule.target_label}"[:200],
            f"The {name.lower()} for {_where(schedule)} was due by {day(schedule.next_due_on)} and has not been "
            "recorded since. Please arrange it, or record it if it has been done.",
        )

    return _notify_each(schedules, recipients, message)


# Actions -------------------------------------------------------------------------------------


def _actions(queryset):
    return list(queryset.select_related(*ACTION_RELATED).order_by("due_on", "pk"))


@reminder_job("compliance-actions-due")
def actions_due(now) -> int:
    """Open actions due within the next 7 days (today included), once per action and due date."""
    today = timezone.localdate(now)
    actions = _actions(Action.objects.open().filter(due_on__gte=today, due_on__lte=today + ACTION_DUE_WITHIN))
    workers = scheme_workers(action.check_record.schedule.scheme_id for action in actions)

    def message(action):
        schedule = action.check_record.schedule
        return (
            f"compliance-action-due:{action.pk}:{action.due_on.isoformat()}",
            f"Action due by {day(action.due_on)}: {action}"[:200],
            f"From the {schedule.check_type.name.lower()} for {_where(schedule)}: {action.description}\n\n"
            f"This is due by {day(action.due_on)}. Please record what was done, with evidence, once it is finished.",
        )

    return _notify_each(
        actions, lambda action: _responsible(action.owner, action.check_record.schedule.scheme_id, workers), message
    )


@reminder_job("compliance-actions-overdue")
def actions_overdue(now) -> int:
    """Open actions past their due date, to the owner and their team leader, once per action and due date."""
    today = timezone.localdate(now)
    actions = _actions(Action.objects.overdue(today))
    workers = scheme_workers(action.check_record.schedule.scheme_id for action in actions)

    def recipients(action):
        responsible = _responsible(action.owner, action.check_record.schedule.scheme_id, workers)
        return [*responsible, *leaders_of(responsible)]

    def message(action):
        schedule = action.check_record.schedule
        return (
            f"compliance-action-overdue:{action.pk}:{action.due_on.isoformat()}",
            f"Action overdue since {day(action.due_on)}: {action}"[:200],
            f"From the {schedule.check_type.name.lower()} for {_where(schedule)}: {action.description}\n\n"
            f"This was due by {day(action.due_on)} and is still open. Please record what was done, with "
            "evidence, or what is holding it up.",
        )

    return _notify_each(actions, recipients, message)


# The managers' weekly summary ----------------------------------------------------------------


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def week_of(today) -> str:
    """The ISO week: "2026-W49"."""
    year, week, _ = today.isocalendar()
    return f"{year}-W{week:02d}"


@reminder_job("compliance-weekly-digest")
def weekly_digest(now) -> int:
    """Once per ISO week (the first run of the week, when anything is overdue): to each active Housing
    Manager, the overdue checks and actions per scheme they can see. A manager who can see nothing
    overdue hears nothing that week."""
    today = timezone.localdate(now)
    week = week_of(today)
    managers = list(User.objects.filter(is_active=True, groups__name=roles.HOUSING_MANAGER).distinct())
    sent = 0
    for manager in managers:
        rows = [row for row in overdue_by_scheme(today, Scheme.objects.visible_to(manager)) if row.total]
        if not rows:
            continue
        lines = [
            f"- {row.scheme}: {_plural(row.checks, 'check', 'checks')} and {_plural(row.actions, 'action', 'actions')}"
            for row in rows
        ]
        checks = sum(row.checks for row in rows)
        actions = sum(row.actions for row in rows)
        body = (
            f"Overdue compliance checks and actions on {day(today)}, by scheme:\n\n"
            + "\n".join(lines)
            + "\n\nA check with no record yet counts as overdue. Each check and action is on its scheme's "
            "compliance page in Hearth."
        )
        subject = (
            f"Compliance this week: {_plural(checks, 'check', 'checks')} and "
            f"{_plural(actions, 'action', 'actions')} overdue"
        )
        # A summary of many schemes, about no one record: it links nowhere and names no resident.
        digest_key = f"compliance-weekly-digest:{week}"
        if notify(recipient=manager, key=digest_key, subject=subject, body=body, about=None):
            sent += 1
    return sent
