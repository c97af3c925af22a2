"""`seed_demo --years`: years of rent ledger, incidents, repairs and closed cases in proportion, with
balances and derived columns exactly as the services would leave them, idempotent, and safe on dates
where months are short."""

import datetime

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db.models import Count, F, Min, Q
from django.utils import timezone

from casework.models import Case, Duty
from core.demo import History, history_seeders, seeders
from rents.models import ChargeLine, HousingBenefitClaim, LedgerEntry, RentAccount
from rents.services import ledger
from rents.services.charges import rent_year_mondays, weeks_between
from repairs.models import Repair
from tenancies.demo.history import PAST_DESCRIPTIONS as PAST_INCIDENTS
from tenancies.models import Agreement, Incident, Scheme

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def demo(settings, tmp_path):
    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path


def counts() -> tuple[int, ...]:
    return (
        Agreement.objects.count(),
        RentAccount.objects.count(),
        LedgerEntry.objects.count(),
        ChargeLine.objects.count(),
        Incident.objects.count(),
        Repair.objects.count(),
        Case.objects.count(),
    )


def assert_ledgers_as_the_services_leave_them():
    assert ledger.balance_mismatches() == []
    call_command("check_rent_balances")  # every derived column too; it fails on any mismatch
    assert ledger.charge_run() == 0  # every week of every account is charged already, none twice


@time_machine.travel(datetime.datetime(2026, 11, 18, 12, tzinfo=datetime.UTC))
def test_years_of_history_in_proportion_matching_the_ledger_and_seeded_once(capsys):
    call_command("seed_demo", years=3)
    out = capsys.readouterr().out
    assert "History: 3 years at scale 1" in out
    assert "ledger rows" in out
    today = timezone.localdate()
    since = History(scale=1, years=3, today=today).since

    # Residents reach back to `since`; each past account is charged every week it ran, with April rises.
    assert Agreement.objects.aggregate(first=Min("start_date"))["first"] == since
    past = RentAccount.objects.filter(agreement__created_at__date__lt=today)  # the demo's own are made today
    assert past.count() >= 20
    assert not past.filter(Q(agreement__isnull=True) | Q(charging_until__gte=today)).exists()
    charged = dict(past.annotate(n=Count("entries", filter=Q(entries__kind="charge"))).values_list("pk", "n"))
    for account in past:
        assert charged[account.pk] == len(weeks_between(account.charging_from, account.charging_until))
    april = rent_year_mondays(today.year - 2)[0]
    rises = ChargeLine.objects.filter(effective_from=april, kind="core_rent").values_list("account", "weekly_amount")
    assert rises
    for account_id, amount in rises:
        assert (
            ChargeLine.objects.get(account_id=account_id, kind="core_rent", effective_from__lt=april).weekly_amount
            < amount
        )

    # Housing Benefit pays most past residents' eligible charges in arrears, saying up to when.
    claims = HousingBenefitClaim.objects.filter(claim_reference__startswith="HB-H")
    assert claims.count() >= past.count() // 2
    credits = LedgerEntry.objects.filter(account__in=past, method="housing_benefit")
    assert credits.exists() and not credits.filter(period_to__isnull=True).exists()
    assert not credits.filter(period_to__gte=F("posted_on")).exists()
    assert LedgerEntry.objects.filter(account__in=past, kind="payment").exclude(method="housing_benefit").exists()

    # Incidents a quarter, repairs twice a month, four approaches a month, over the years asked for.
    schemes = Scheme.objects.count()
    assert Incident.objects.filter(description__in=PAST_INCIDENTS, closed_on__isnull=False).count() >= 10 * schemes
    assert Repair.objects.filter(reported_at__date__lt=today - datetime.timedelta(days=60)).count() >= 2 * 30 * schemes
    closed = Case.objects.filter(previous_reference__startswith="DEMO-H1-", status=Case.Status.CLOSED)
    assert closed.count() >= 4 * 30
    assert not Duty.objects.filter(case__in=closed, ended_on__isnull=True).exists()

    assert_ledgers_as_the_services_leave_them()
    seeded = counts()
    call_command("seed_demo", years=3)
    assert counts() == seeded


def _minimal_base(scale=1):
    """Only the staff and the stock with its residents: what the history seeders build on."""
    wanted = {"accounts.demo.seed_staff", "tenancies.demo.agreements.seed_schemes_and_agreements"}
    for name, seeder in seeders():
        if name in wanted:
            seeder(scale)


@pytest.mark.parametrize("day", [datetime.date(2028, 2, 29), datetime.date(2027, 3, 31)])
def test_history_is_safe_where_months_are_short(day):
    """29 February (three years back is the 28th) and 31 March (the rent year turns, months end)."""
    noon = datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)
    with time_machine.travel(noon, tick=False):
        _minimal_base()
        history = History(scale=1, years=3, today=timezone.localdate(), write=lambda line: None)
        for _name, seeder in history_seeders():
            seeder(history)
        assert Agreement.objects.aggregate(first=Min("start_date"))["first"] == history.since
        assert not LedgerEntry.objects.filter(posted_on__gt=day).exists()
        assert not Repair.objects.filter(completed_at__gt=timezone.now()).exists()
        assert_ledgers_as_the_services_leave_them()
        before = counts()
        for _name, seeder in history_seeders():
            seeder(history)
        assert counts() == before


def test_years_out_of_range_are_refused():
    with pytest.raises(CommandError, match="between 1 and 10"):
        call_command("seed_demo", years=11)
