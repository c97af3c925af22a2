"""Home visits in each state of the lone-working cycle."""

import datetime

import factory
from django.utils import timezone

from tests.casework.factories import HomeVisitFactory


class OnVisitFactory(HomeVisitFactory):
    """Checked in half an hour ago, expected to finish in half an hour."""

    planned_start = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(minutes=30))
    checked_in_at = factory.SelfAttribute("planned_start")


class OverdueVisitFactory(OnVisitFactory):
    """Checked in an hour ago; the expected finish was 6 minutes ago, so past the 5-minute grace."""

    planned_start = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1))
    expected_end = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(minutes=6))


class AlertedVisitFactory(OverdueVisitFactory):
    """The team leader has been alerted (level 1) and nobody has acknowledged it."""

    alert_level = 1
    last_alert_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(minutes=1))
