"""Compliance figures with numbers worked out by hand: BS01-BS05 counted by home, overdue checks and
actions by scheme and by person, and checks done late month by month."""

import datetime
from decimal import Decimal

import pytest

from compliance import figures
from compliance.models import Action, CheckRecord, ScheduledCheck
from tenancies.models import Scheme
from tests.accounts.factories import UserFactory
from tests.compliance.factories import ActionFactory, AssetFactory, record, schedule_of
from tests.tenancies.factories import PropertyFactory, SchemeFactory, UnitFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]
D = Decimal
date = datetime.date

ON = date(2026, 12, 3)
HOSTEL = {"safety_exemption": "hostel", "safety_exemption_basis": "Board and lodging, no self-contained flats"}


def building(scheme, units: int, **attributes):
    made = PropertyFactory(scheme=scheme, **attributes)
    for _ in range(units):
        UnitFactory(property=made)
    return made


# BS01-BS05 -------------------------------------------------------------------------------------


@pytest.fixture
def stock():
    """Riverside: G1 (gas, 3 homes, no asbestos), G2 (gas, 2 homes, a lift, asbestos on the register) and
    N (no gas, 2 homes).
    Elsewhere: one more gas building with 1 home, its gas check overdue."""
    riverside = SchemeFactory(name="Riverside")
    g1 = building(riverside, 3, asbestos="none")
    g2 = building(riverside, 2, asbestos="present")
    n = building(riverside, 2, has_gas_supply=False)
    lift = AssetFactory(building=g2, kind="lift", label="Main lift")
    AssetFactory(building=n, kind="stairlift", label="Stair-lift")  # not a passenger lift: not BS05

    record(schedule_of("gas_safety", building=g1), date(2026, 6, 1))  # due 1 June 2027
    record(schedule_of("gas_safety", building=g2), date(2025, 11, 1))  # due 1 November 2026: overdue
    record(schedule_of("fire_risk_assessment", building=g1), date(2026, 3, 1))
    record(schedule_of("fire_risk_assessment", building=n), date(2026, 4, 1), CheckRecord.Outcome.FAIL)
    record(schedule_of("fire_risk_assessment", building=g2), date(2025, 10, 1))  # due 1 October 2026
    record(schedule_of("asbestos_survey", building=g1), date(2020, 1, 1))  # once: no next due date
    record(schedule_of("asbestos_survey", building=g2), date(2020, 1, 1))  # but G2's re-inspection never
    record(schedule_of("lift_thorough_examination", asset=lift), date(2026, 9, 1))  # due 1 March 2027

    elsewhere = SchemeFactory(name="Elsewhere")
    e = building(elsewhere, 1, asbestos="none")
    record(schedule_of("gas_safety", building=e), date(2025, 1, 1))
    return riverside


def by_code(measures):
    return {measure.code: measure for measure in measures}


def test_each_measure_counts_homes_not_buildings(stock, django_assert_num_queries):
    with django_assert_num_queries(2):  # the homes, and the measures' schedules
        measures = figures.building_safety_measures(ON, Scheme.objects.filter(pk=stock.pk))
    assert [m.code for m in measures] == ["BS01", "BS02", "BS03", "BS04", "BS05"]
    bs = by_code(measures)
    assert bs["BS01"].label == "Gas safety checks"
    # Gas: G1's 3 homes in date, G2's 2 overdue; N has no gas, so its homes do not count.
    assert (bs["BS01"].homes_requiring, bs["BS01"].homes_compliant, bs["BS01"].percent) == (5, 3, D("60.0"))
    # Fire: every building has communal areas. G1 in date, N failed but carried out, G2 out of date.
    assert (bs["BS02"].homes_requiring, bs["BS02"].homes_compliant, bs["BS02"].percent) == (7, 5, D("71.4"))
    # Asbestos: G1 surveyed and nothing present; G2 surveyed, asbestos present, not re-inspected; N neither.
    assert (bs["BS03"].homes_requiring, bs["BS03"].homes_compliant, bs["BS03"].percent) == (7, 3, D("42.9"))
    # Legionella applies everywhere and none is recorded.
    assert (bs["BS04"].homes_requiring, bs["BS04"].homes_compliant, bs["BS04"].percent) == (7, 0, D("0.0"))
    # The lift serves G2's 2 homes only; the stair-lift is no passenger lift.
    assert (bs["BS05"].homes_requiring, bs["BS05"].homes_compliant, bs["BS05"].percent) == (2, 2, D("100.0"))


def test_every_scheme_by_default_and_the_day_judged_on(stock):
    bs = by_code(figures.building_safety_measures(ON))
    assert (bs["BS01"].homes_requiring, bs["BS01"].homes_compliant, bs["BS01"].percent) == (6, 3, D("50.0"))
    before = by_code(figures.building_safety_measures(date(2026, 10, 15)))  # G2's gas was still in date
    assert (before["BS01"].homes_compliant, before["BS01"].percent) == (5, D("83.3"))
    due_day = by_code(figures.building_safety_measures(date(2026, 11, 1)))  # due on the day is in date
    assert due_day["BS01"].homes_compliant == 5


def test_a_paused_schedule_is_not_required_and_nothing_to_divide_is_none(stock):
    ScheduledCheck.objects.filter(check_type__code="lift_thorough_examination").update(active=False)
    bs = by_code(figures.building_safety_measures(ON))
    assert (bs["BS05"].homes_requiring, bs["BS05"].homes_compliant, bs["BS05"].percent) == (0, 0, None)


def test_the_query_count_does_not_grow_with_the_stock(stock, django_assert_num_queries):
    building(stock, 4)
    with django_assert_num_queries(2):
        figures.building_safety_measures(ON)


# Overdue by scheme and by worker ---------------------------------------------------------------


@pytest.fixture
def overdue():
    """Three hostel schemes, each building with only a legionella assessment, each scheme a walk-round.

    Alder: legionella overdue (assigned to Wyn); an open action overdue (Wyn's), one closed, one not due.
    Birch: walk-round never recorded (no one assigned); an open action overdue with no owner; a paused
    building whose legionella is never recorded. Cedar: its walk-round in date, nothing overdue."""
    wyn = UserFactory(full_name="Wyn Worker")
    alder, birch, cedar = (SchemeFactory(name=name, **HOSTEL) for name in ("Alder", "Birch", "Cedar"))
    quiet = {"has_gas_supply": False, "has_communal_areas": False, "asbestos": "none"}

    a = PropertyFactory(scheme=alder, **quiet)
    legionella = schedule_of("legionella_risk_assessment", building=a)
    legionella.assigned_to = wyn
    legionella.save()
    done = record(legionella, date(2024, 11, 10))  # due 10 November 2026
    record(schedule_of("health_safety_walkround", scheme=alder), date(2026, 11, 20))
    ActionFactory(check_record=done, due_on=date(2026, 12, 1), owner=wyn)
    ActionFactory(check_record=done, due_on=date(2026, 11, 1), owner=wyn, status=Action.Status.DONE)
    ActionFactory(check_record=done, due_on=date(2026, 12, 10), owner=wyn)

    b = PropertyFactory(scheme=birch, **quiet)
    b_done = record(schedule_of("legionella_risk_assessment", building=b), date(2026, 6, 1))
    ActionFactory(check_record=b_done, due_on=date(2026, 7, 1), owner=None)
    paused = PropertyFactory(scheme=birch, **quiet)
    ScheduledCheck.objects.filter(building=paused).update(active=False)

    record(schedule_of("health_safety_walkround", scheme=cedar), date(2026, 11, 25))
    return {"wyn": wyn, "alder": alder, "birch": birch, "cedar": cedar}


def test_overdue_by_scheme(overdue, django_assert_num_queries):
    with django_assert_num_queries(1):
        rows = figures.overdue_by_scheme(ON)
    assert [(row.scheme.name, row.checks, row.actions, row.total) for row in rows] == [
        ("Alder", 1, 1, 2),
        ("Birch", 1, 1, 2),
        ("Cedar", 0, 0, 0),
    ]
    only = figures.overdue_by_scheme(ON, Scheme.objects.filter(name="Alder"))
    assert [(row.scheme.name, row.checks, row.actions) for row in only] == [("Alder", 1, 1)]
    earlier = figures.overdue_by_scheme(date(2026, 11, 5))  # Alder's legionella and action not yet due
    assert [(row.checks, row.actions) for row in earlier] == [(0, 0), (1, 1), (0, 0)]


def test_overdue_by_worker(overdue, django_assert_num_queries):
    with django_assert_num_queries(3):
        rows = figures.overdue_by_worker(ON)
    assert [(row.label, row.checks, row.actions, row.total) for row in rows] == [
        ("Wyn Worker", 1, 1, 2),
        ("Not assigned", 1, 1, 2),
    ]
    assert rows[0].worker == overdue["wyn"]
    assert rows[1].worker is None
    only = figures.overdue_by_worker(ON, Scheme.objects.filter(name="Birch"))
    assert [(row.label, row.checks, row.actions) for row in only] == [("Not assigned", 1, 1)]


# Checks done late ------------------------------------------------------------------------------


def test_checks_done_late_by_month(django_assert_num_queries):
    scheme = SchemeFactory(name="Alder", **HOSTEL)
    walk = schedule_of("health_safety_walkround", scheme=scheme)  # monthly
    record(walk, date(2026, 9, 5))  # the first: no deadline, so in neither count
    record(walk, date(2026, 10, 3))  # deadline 5 October: on time
    record(walk, date(2026, 11, 10))  # deadline 3 November: late
    CheckRecord.objects.create(  # no one could get in: not a check carried out
        schedule=walk,
        done_on=date(2026, 11, 20),
        deadline_on=date(2026, 11, 3),
        counts_from=date(2026, 11, 20),
        outcome=CheckRecord.Outcome.NO_ACCESS,
        access_attempt="Knocked at 10:00; card left.",
        recorded_by=UserFactory(),
    )
    other = schedule_of("health_safety_walkround", scheme=SchemeFactory(name="Birch", **HOSTEL))
    record(other, date(2026, 8, 1))
    record(other, date(2026, 10, 31))  # deadline 1 September: late

    with django_assert_num_queries(1):
        trend = figures.overdue_trend(3, ON)
    assert [(m.month, m.done, m.done_late, m.percent_late) for m in trend] == [
        (date(2026, 10, 1), 2, 1, D("50.0")),
        (date(2026, 11, 1), 1, 1, D("100.0")),
        (date(2026, 12, 1), 0, 0, None),
    ]
    alder = figures.overdue_trend(2, ON, Scheme.objects.filter(pk=scheme.pk))
    assert [(m.month, m.done, m.done_late) for m in alder] == [(date(2026, 11, 1), 1, 1), (date(2026, 12, 1), 0, 0)]
    assert figures.overdue_trend(0, ON) == ()


def test_overdue_at_each_month_end_reads_the_records_as_they_stood(django_assert_num_queries):
    building = PropertyFactory(scheme=SchemeFactory(name="Birch"))
    fra = schedule_of("fire_risk_assessment", building=building)
    record(fra, date(2025, 10, 15))  # due 15 October 2026
    record(fra, date(2026, 11, 20))  # done again, late: in date from 20 November
    gas = schedule_of("gas_safety", building=building)
    failed = record(gas, date(2026, 9, 1), outcome=CheckRecord.Outcome.FAIL, findings="Flue")
    ActionFactory(  # made on 2 September, due 2 October, closed on 10 November
        check_record=failed,
        due_on=date(2026, 10, 2),
        created_at=datetime.datetime(2026, 9, 2, 12, tzinfo=datetime.UTC),
        status=Action.Status.DONE,
        closed_at=datetime.datetime(2026, 11, 10, 12, tzinfo=datetime.UTC),
    )
    with django_assert_num_queries(2 * 4):
        trend = figures.overdue_at_month_ends(4, ON, Scheme.objects.filter(name="Birch"))
    assert [(m.on, m.checks_overdue, m.actions_overdue) for m in trend] == [
        (date(2026, 9, 30), 0, 0),
        (date(2026, 10, 31), 1, 1),  # the assessment past due; the action past due and open
        (date(2026, 11, 30), 0, 0),  # re-done on 20 November; the action closed on 10 November
        (ON, 0, 0),
    ]
    assert figures.overdue_at_month_ends(0, ON) == ()
