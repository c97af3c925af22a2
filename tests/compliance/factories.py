"""Compliance factories: check records in each state, and a unit whose pre-let checks are done."""

import datetime

import factory

from compliance.models import Action, ActionPriority, Asset, CheckRecord, CheckType, ScheduledCheck
from compliance.services.checks import next_due
from tests.accounts.factories import UserFactory
from tests.tenancies.factories import PropertyFactory


def check_type(code: str) -> CheckType:
    """A seeded default check type (the data migration creates them)."""
    return CheckType.objects.get(code=code)


def action_priority(code: str = "one_month") -> ActionPriority:
    return ActionPriority.objects.get(code=code)


class AssetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Asset

    building = factory.SubFactory(PropertyFactory)
    kind = Asset.Kind.FIRE_ALARM
    label = factory.Sequence(lambda n: f"Panel {n}")


def schedule_of(code: str, *, unit=None, building=None, asset=None, scheme=None) -> ScheduledCheck:
    """The schedule the stock's attributes made for a check type."""
    return ScheduledCheck.objects.get(
        check_type__code=code,
        **(
            {"asset": asset}
            if asset
            else {"unit": unit}
            if unit
            else {"building": building, "unit": None, "asset": None}
            if building
            else {"scheme": scheme, "building": None, "unit": None, "asset": None}
        ),
    )


def record(schedule: ScheduledCheck, done_on: datetime.date, outcome=CheckRecord.Outcome.PASS, **extra) -> CheckRecord:
    """A check record written straight to the database, with the schedule moved on as the recording
    service does (for setting up a state; the service itself is tested in test_checks_services)."""
    start, due = next_due(schedule.check_type, done_on=done_on, deadline_on=schedule.next_due_on)
    by = extra.pop("recorded_by", None) or UserFactory()
    made = CheckRecord.objects.create(
        schedule=schedule,
        done_on=done_on,
        deadline_on=schedule.next_due_on,
        counts_from=start,
        next_due_on=due,
        outcome=outcome,
        recorded_by=by,
        done_by_staff=by,
        **extra,
    )
    schedule.last_done_on, schedule.last_outcome, schedule.last_attempt_on = done_on, outcome, done_on
    schedule.next_due_on = due
    schedule.due_soon_from = due - datetime.timedelta(days=schedule.check_type.warning_days) if due else None
    schedule.save()
    return made


def pre_let_checks_done(unit, done_on: datetime.date):
    """Record a passing check on `done_on` for every pre-let safety item that covers `unit`, so it
    can be let from that day."""
    for schedule in ScheduledCheck.objects.active().for_unit(unit).filter(check_type__is_pre_let=True):
        record(schedule, done_on)
    return unit


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    description = "Replace the self-closer on the kitchen fire door."
    priority = factory.LazyFunction(action_priority)
    due_on = factory.LazyAttribute(lambda o: o.priority.rule.due(o.check_record.done_on))
    created_by = factory.SubFactory(UserFactory)
