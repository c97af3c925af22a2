"""Compliance on "My work": one line per check coming due or overdue (the soonest `CHECKS_LISTED`, then
one line per scheme for the rest), and per open action due within 7 days or overdue, each linking to
its page.

A check or action is the user's when it is assigned to them (`ScheduledCheck.assigned_to`,
`Action.owner`), or when no one is and they cover its scheme: the same people the reminders go to.
Everything goes through `visible_to(user)`: two queries, or three with the per-scheme lines, however
much is due.
"""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import dateformat, timezone

from accounts.models import Coverage
from core.mywork import DueItem, provider
from tenancies.models import Scheme

from ..models import Action, ScheduledCheck
from ..reminders.checks import ACTION_DUE_WITHIN

CATEGORY = "Compliance"
# A worker covering many buildings can have thousands of checks due: the soonest are listed one by
# one, the rest as one line per scheme linking to that scheme's checks (Hearth policy).
CHECKS_LISTED = 25


def _day(value) -> str:
    return dateformat.format(value, "j F Y")


def _covered(user):
    return Coverage.objects.object_ids(user, Scheme)


def _check_item(schedule: ScheduledCheck, today) -> DueItem:
    title = f"{schedule.check_type}: {schedule.target_label}"
    if schedule.last_done_on is None:
        due, detail = None, "No record of this check yet."
    elif schedule.next_due_on < today:
        due, detail = schedule.next_due_on, f"Overdue: it was due by {_day(schedule.next_due_on)}."
    else:
        due, detail = schedule.next_due_on, f"Due by {_day(schedule.next_due_on)}."
    return DueItem(
        title=title[:200],
        due=due,
        url=schedule.get_absolute_url(),
        category=CATEGORY,
        detail=f"{detail} {schedule.scheme}.",
    )


def _the_rest(schedules, shown) -> list[DueItem]:
    """One line per scheme for the checks due beyond those listed: one query, counted over the
    schedules (which grow with the stock, not with its history)."""
    listed: dict[int, int] = {}
    for schedule in shown:
        listed[schedule.scheme_id] = listed.get(schedule.scheme_id, 0) + 1
    per_scheme = schedules.order_by().values("scheme_id", "scheme__name").annotate(n=Count("pk"))
    items = []
    for row in per_scheme:
        more = row["n"] - listed.get(row["scheme_id"], 0)
        if more > 0:
            items.append(
                DueItem(
                    title=f"{more} more check{'s' if more != 1 else ''} due or overdue at {row['scheme__name']}",
                    due=None,
                    url=f"{reverse('compliance:check_list')}?scheme={row['scheme_id']}",
                    category=CATEGORY,
                    detail="Listed soonest first on the scheme's checks.",
                )
            )
    return items


def _action_item(action: Action, today) -> DueItem:
    schedule = action.check_record.schedule
    state = "Overdue: it was due by" if action.due_on < today else "Due by"
    return DueItem(
        title=f"Action: {action}",
        due=action.due_on,
        url=action.get_absolute_url(),
        category=CATEGORY,
        detail=f"{state} {_day(action.due_on)}. From the {schedule.check_type.name.lower()}, {schedule.target_label}.",
    )


@provider("compliance.checks")
def checks_due(user) -> list[DueItem]:
    today = timezone.localdate()
    items = []
    if user.has_perm("compliance.view_scheduledcheck"):
        mine = Q(assigned_to=user) | Q(assigned_to__isnull=True, scheme__in=_covered(user))
        due = Q(last_done_on__isnull=True) | Q(next_due_on__lt=today) | Q(due_soon_from__lte=today)
        schedules = (
            ScheduledCheck.objects.visible_to(user)
            .active()
            .filter(mine & due)
            .select_related("check_type", "scheme", "building", "unit__property", "asset__building")
            .order_by("next_due_on", "pk")
        )
        shown = list(schedules[:CHECKS_LISTED])
        items += [_check_item(schedule, today) for schedule in shown]
        if len(shown) == CHECKS_LISTED:
            items += _the_rest(schedules, shown)
    if user.has_perm("compliance.view_action"):
        mine = Q(owner=user) | Q(owner__isnull=True, check_record__schedule__scheme__in=_covered(user))
        actions = (
            Action.objects.visible_to(user)
            .open()
            .filter(mine, due_on__lte=today + ACTION_DUE_WITHIN)
            .select_related(
                "check_record__schedule__check_type",
                "check_record__schedule__scheme",
                "check_record__schedule__building",
                "check_record__schedule__unit__property",
                "check_record__schedule__asset__building",
            )
            .order_by("due_on", "pk")
        )
        items += [_action_item(action, today) for action in actions]
    return items
