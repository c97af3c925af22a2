"""The ledger knows no owner: rents imports nothing of tenancies or casework and learns what it
shows about an account (name, scheme, contact, where notice is handled) from `rents.scopes.owners`."""

import ast
import datetime
import importlib
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from accounts import roles
from rents import rules, scopes
from rents.models import PaymentPlan
from rents.services import ledger
from rents.services.statements import resident_name
from tests.accounts.factories import UserFactory
from tests.rents.factories import RentAccountFactory, account_for
from tests.tenancies.factories import SchemeFactory

RENTS = Path(scopes.__file__).parent
OWNERS = ("tenancies", "casework")


@pytest.fixture
def worker(db):
    return UserFactory(role=roles.HOUSING_WORKER)


def _rents_modules():
    return [path for path in RENTS.rglob("*.py") if "migrations" not in path.parts]


def test_the_ledger_imports_no_owner():
    offenders = []
    for path in _rents_modules():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            offenders += [f"{path.relative_to(RENTS)}: {name}" for name in names if name.split(".")[0] in OWNERS]
    assert offenders == []


def test_the_ledger_joins_into_no_owner():
    """Joins into an owner's models (`agreement__unit__...`, `placement__case`) are the owners' to register."""
    joins = [
        f"{path.relative_to(RENTS)}: {word}"
        for path in [*_rents_modules(), *RENTS.glob("templates/**/*.html")]
        for word in ("agreement__", "placement__", "tenancies:", "casework.")
        if word in path.read_text()
    ]
    assert joins == []


@pytest.mark.django_db
def test_an_agreements_account_is_described_named_and_filtered_by_its_owner(worker):
    account = account_for(worker)
    agreement = account.agreement
    scheme = agreement.unit.property.scheme
    assert scopes.owners.describe(account, worker) == [
        scopes.OwnerLine(
            "Agreement",
            url=agreement.get_absolute_url(),
            link_text=f"{agreement.get_kind_display()}: {agreement.person}, {agreement.unit}",
        )
    ]
    assert resident_name(account) == agreement.person.name
    assert scopes.owners.contact(account) == agreement.created_by
    assert scopes.owners.notice_url(account) == agreement.get_absolute_url()
    assert list(scopes.owners.schemes_for(worker)) == [scheme]
    other = account_for(worker, scheme=SchemeFactory())
    in_scheme = type(account).objects.filter(scopes.owners.in_scheme(scheme.pk))
    assert list(in_scheme) == [account] and other not in in_scheme


@pytest.mark.django_db
def test_an_account_no_owner_holds_keeps_its_own_name(worker):
    account = RentAccountFactory(name="Sam Lee, Room 4")
    assert scopes.owners.describe(account, worker) == []
    assert resident_name(account) == "Sam Lee, Room 4"
    assert scopes.owners.contact(account) is None and scopes.owners.notice_url(account) is None


@pytest.mark.django_db
def test_the_arrears_list_filters_by_the_owners_scheme_choices(client, manager):
    mine, other = SchemeFactory(name="Canal Street"), SchemeFactory(name="Elm Court")
    owing = account_for(manager, scheme=mine)
    ledger.adjustment_post(account=owing, amount=Decimal("200.00"), reason="Arrears brought forward", by=manager)
    client.force_login(manager)
    response = client.get(reverse("rents:arrears_list"), {"scheme": other.pk})
    assert response.status_code == 200
    assert list(response.context["form"].fields["scheme"].queryset) == [mine, other]
    assert list(response.context["accounts"]) == []
    response = client.get(reverse("rents:arrears_list"), {"scheme": mine.pk})
    assert [account.pk for account in response.context["accounts"]] == [owing.pk]


# Rules -----------------------------------------------------------------------------------------


def test_the_arrears_stages_seeded_are_the_ones_the_rules_name():
    migration = importlib.import_module("rents.migrations.0004_arrears_stages")
    seeded = [(s["order"], s["name"], s["min_balance"], s["min_weeks_of_charge"]) for s in migration.DEFAULT_STAGES]
    named = [(t.order, t.name, t.min_balance, t.min_weeks_of_charge) for t in rules.ARREARS_STAGE_DEFAULTS]
    assert seeded == named


def test_a_plan_breaks_on_2_missed_of_the_last_4_weeks_unless_agreed_otherwise():
    assert (rules.PLAN_BREAK_MISSED_WEEKS.amount, rules.PLAN_BREAK_WINDOW.amount) == (2, 4)
    plan = PaymentPlan(weekly_amount=Decimal("5.00"), starts_on=datetime.date(2026, 4, 6))
    assert (plan.missed_weeks_allowed, plan.window_weeks) == (2, 4)
