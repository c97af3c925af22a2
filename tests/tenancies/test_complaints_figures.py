"""CH01, CH02 and NM01 with numbers worked out by hand.

Scheme A has 3 homes and scheme B has 4: 7 homes. The period is the calendar year 2025.
"""

from datetime import date, datetime
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.urls import reverse

from core.clocks import LONDON
from tenancies import figures
from tenancies.models import Incident, Scheme
from tests.flatness import uses_index
from tests.tenancies.factories import ComplaintFactory, IncidentFactory, PropertyFactory, SchemeFactory, UnitFactory
from tests.tenancies.scoping import scheme_for

pytestmark = pytest.mark.django_db

START, END = date(2025, 1, 1), date(2025, 12, 31)


def homes(scheme, count):
    building = PropertyFactory(scheme=scheme)
    for _ in range(count):
        UnitFactory(property=building)


@pytest.fixture
def schemes():
    a, b = SchemeFactory(name="A"), SchemeFactory(name="B")
    homes(a, 3)
    homes(b, 4)
    # Stage 1 answered on time: acknowledged 5 March, due 19 March.
    ComplaintFactory(
        scheme=a,
        received_on=date(2025, 3, 3),
        stage1_acknowledged_on=date(2025, 3, 5),
        stage1_responded_on=date(2025, 3, 19),
    )
    # Stage 1 late: acknowledged 6 May (5 May is a bank holiday), due 20 May, answered 21 May.
    ComplaintFactory(
        scheme=a,
        received_on=date(2025, 5, 1),
        stage1_acknowledged_on=date(2025, 5, 6),
        stage1_responded_on=date(2025, 5, 21),
    )
    # On time with an extension at stage 1 (due 18 June, extended to 25 June); stage 2 on time (due 31 July).
    ComplaintFactory(
        scheme=b,
        received_on=date(2025, 6, 2),
        stage1_acknowledged_on=date(2025, 6, 4),
        stage1_extended_to=date(2025, 6, 25),
        stage1_responded_on=date(2025, 6, 25),
        stage=2,
        escalated_on=date(2025, 7, 1),
        stage2_acknowledged_on=date(2025, 7, 3),
        stage2_responded_on=date(2025, 7, 31),
    )
    # Received in 2024 (not in CH01 stage 1); answered late in 2025 (due 9 January after Christmas and New
    # Year, answered 10 January); escalated in 2025 (CH01 stage 2), stage 2 not answered yet.
    ComplaintFactory(
        scheme=b,
        received_on=date(2024, 12, 20),
        stage1_acknowledged_on=date(2024, 12, 23),
        stage1_responded_on=date(2025, 1, 10),
        stage=2,
        escalated_on=date(2025, 1, 15),
        stage2_acknowledged_on=date(2025, 1, 17),
    )
    ComplaintFactory(scheme=a, received_on=date(2025, 12, 30))  # received, not yet acknowledged
    ComplaintFactory(scheme=a, received_on=date(2026, 1, 5))  # after the period
    IncidentFactory(scheme=a, kind=Incident.Kind.ASB, hate_incident=True, occurred_on=date(2025, 2, 10))
    IncidentFactory(scheme=b, kind=Incident.Kind.ASB, occurred_on=date(2025, 8, 1))
    IncidentFactory(scheme=b, kind=Incident.Kind.ASB, hate_incident=True, occurred_on=date(2025, 9, 9))
    IncidentFactory(scheme=a, kind=Incident.Kind.DISPUTE, hate_incident=True, occurred_on=date(2025, 3, 3))
    IncidentFactory(scheme=a, kind=Incident.Kind.ASB, occurred_on=date(2024, 12, 31))
    return a, b


def test_homes_are_the_units_in_the_schemes(schemes):
    a, _ = schemes
    assert figures.homes_count() == 7
    assert figures.homes_count(Scheme.objects.filter(pk=a.pk)) == 3


def test_ch01_complaints_received_per_1000_homes_by_stage(schemes):
    stage1, stage2 = figures.ch01(START, END)
    assert (stage1.count, stage1.base) == (4, 7)
    assert stage1.value == Decimal("571.43")  # 4 x 1000 / 7
    assert (stage2.count, stage2.value) == (2, Decimal("285.71"))  # escalated 1 July and 15 January


def test_ch02_share_answered_within_the_codes_times_including_extensions(schemes):
    stage1, stage2 = figures.ch02(START, END)
    assert (stage1.count, stage1.base, stage1.value) == (2, 4, Decimal("50.00"))
    assert (stage2.count, stage2.base, stage2.value) == (1, 1, Decimal("100.00"))


def test_nm01_asb_cases_and_hate_incidents_per_1000_homes(schemes):
    asb, hate = figures.nm01(START, END)
    assert (asb.count, asb.value) == (3, Decimal("428.57"))
    assert (hate.count, hate.value) == (2, Decimal("285.71"))


def test_figures_for_one_scheme_count_its_homes_only(schemes):
    a, _ = schemes
    only_a = Scheme.objects.filter(pk=a.pk)
    result = figures.regulator_figures(START, END, only_a)
    assert result.homes == 3
    assert result.ch01_stage1.value == Decimal("1000.00")  # 3 x 1000 / 3
    assert result.ch01_stage2.value == Decimal("0.00")
    assert result.ch02_stage1.value == Decimal("50.00")
    assert result.ch02_stage2.value is None  # nothing answered at stage 2
    assert result.nm01_asb.value == Decimal("333.33")
    assert result.nm01_hate.value == Decimal("333.33")


def test_rates_are_none_without_homes():
    empty = SchemeFactory()
    ComplaintFactory(scheme=empty, received_on=date(2025, 3, 3))
    stage1, _ = figures.ch01(START, END, Scheme.objects.filter(pk=empty.pk))
    assert stage1.count == 1
    assert stage1.value is None


def test_rates_round_half_up_to_two_places():
    assert figures.Rate(count=1, base=8, per=1000).value == Decimal("125.00")
    assert figures.Rate(count=1, base=16, per=100).value == Decimal("6.25")
    assert figures.Rate(count=1, base=32, per=100).value == Decimal("3.13")  # 3.125 rounds up


# ---------------------------------------------------------------- the page


def test_figures_page_shows_the_measures_for_the_period(client, role_users, schemes):
    client.force_login(role_users["manager"])
    response = client.get(reverse("tenancies:figures"), {"start": "2025-01-01", "end": "2025-12-31"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "571.43" in page
    assert "50.00%" in page
    assert "428.57" in page


def test_figures_page_defaults_to_the_last_12_months(client, role_users):
    client.force_login(role_users["senior_worker"])
    with time_machine.travel(datetime(2025, 6, 20, 12, 0, tzinfo=LONDON), tick=False):
        response = client.get(reverse("tenancies:figures"))
    assert response.context["figures"].start == date(2024, 6, 21)
    assert response.context["figures"].end == date(2025, 6, 20)


def test_figures_page_rejects_a_backwards_period_without_failing(client, role_users):
    client.force_login(role_users["manager"])
    response = client.get(reverse("tenancies:figures"), {"start": "2025-12-31", "end": "2025-01-01"})
    assert response.status_code == 200
    assert response.context["figures"] is None
    assert "must be on or after its start" in response.content.decode()


def test_housing_workers_cannot_see_the_figures(client, role_users):
    worker = role_users["housing_worker"]
    scheme_for(worker)
    client.force_login(worker)
    assert client.get(reverse("tenancies:figures")).status_code == 403


# ---------------------------------------------------------------- time-independent companions
@pytest.mark.skipif(connection.vendor != "postgresql", reason="Query plans are read on PostgreSQL")
@pytest.mark.parametrize(
    ("field", "index"),
    [
        ("received_on", "complaint_received_idx"),
        ("escalated_on", "complaint_escalated_idx"),
        ("stage1_responded_on", "complaint_stage1_answered_idx"),
        ("stage2_responded_on", "complaint_stage2_answered_idx"),
    ],
)
def test_a_periods_complaints_are_found_by_index_not_by_reading_every_year(field, index):
    """CH01 and CH02 count one period's complaints: each date has an index, so ten years of
    complaints before the period are not read to find it."""
    ComplaintFactory()
    assert uses_index(figures._complaints(None).filter(**{f"{field}__range": (START, END)}), index)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="Query plans are read on PostgreSQL")
def test_a_periods_anti_social_behaviour_cases_are_found_by_index():
    IncidentFactory(kind=Incident.Kind.ASB, occurred_on=START)
    asb = Incident.objects.filter(kind=Incident.Kind.ASB, occurred_on__range=(START, END))
    assert uses_index(asb, "incident_kind_occurred_idx")
