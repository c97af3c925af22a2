"""Housing register test objects: an application in each state, made through the services."""

import datetime

from django.utils import timezone

from accounts import roles
from register.models import RegisterApplication
from register.services import applications as services
from tests.accounts.factories import UserFactory
from tests.casework.factories import CaseFactory
from tests.people.factories import PersonFactory


def years_ago(years: int, days: int = 0) -> datetime.date:
    today = timezone.localdate()
    return today.replace(year=today.year - years) - datetime.timedelta(days=days)


def application_for(case=None, *, by=None, **kwargs) -> RegisterApplication:
    """A received application on `case` (a new case if none), opened by its officer."""
    case = case or CaseFactory(person=PersonFactory(date_of_birth=years_ago(30)))
    by = by or case.officer or UserFactory(role=roles.ADMINISTRATOR)
    return services.application_open(
        person=case.person, team=case.team, case=case, officer=case.officer, by=by, **kwargs
    )


QUALIFYING = {
    "years_in_district": 5,
    "household_income": "18000.00",
    "savings": "500.00",
    "housing_arrears": "0.00",
    "proven_asb": False,
}


def triaged(application=None, *, by=None, **answers) -> RegisterApplication:
    """The application triaged with qualifying facts (overridable), so it is banded."""
    from decimal import Decimal

    application = application or application_for()
    facts = {k: Decimal(v) if isinstance(v, str) else v for k, v in QUALIFYING.items()}
    facts.update(answers)
    return services.application_triage(application=application, by=by or application.officer, **facts)
