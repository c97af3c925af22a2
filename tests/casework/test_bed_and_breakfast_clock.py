"""The six-week bed and breakfast limit for families counts the total of B&B nights under the
application, across placements (SI 2003/3326 art 4(1)(b)); the breach starts on night 43."""

import datetime
from datetime import date as D
from decimal import Decimal
from types import SimpleNamespace

import pytest
import time_machine

from casework.models import Duty, Placement
from casework.models.placements import bed_and_breakfast_clock
from casework.services import placements as services
from tests.casework.factories import CaseFactory, DutyFactory, HouseholdMemberFactory

BNB, HOSTEL = Placement.Kind.BED_AND_BREAKFAST, Placement.Kind.HOSTEL


def stay(kind, started, ended=None):
    return SimpleNamespace(kind=kind, started_on=started, ended_on=ended)


def test_one_placement_counts_its_nights_and_projects_night_43():
    clock = bed_and_breakfast_clock([stay(BNB, D(2026, 11, 1))], D(2026, 11, 11))
    assert (clock.nights, clock.nights_left, clock.in_bed_and_breakfast) == (10, 32, True)
    assert clock.breach_from == D(2026, 12, 13)  # 1 November + 42 nights: the 43rd night
    assert not clock.in_breach(D(2026, 12, 12)) and clock.in_breach(D(2026, 12, 13))


def test_the_limit_is_the_total_across_placements_not_each_ones_six_weeks():
    stays = [
        stay(BNB, D(2026, 9, 1), D(2026, 9, 28)),  # 28 nights: the last is the night of the 28th
        stay(HOSTEL, D(2026, 9, 29), D(2026, 10, 9)),  # not B&B: not counted
        stay(BNB, D(2026, 10, 10)),  # the second B&B: 14 nights left of the 42
    ]
    clock = bed_and_breakfast_clock(stays, D(2026, 10, 20))
    assert clock.nights == 38 and clock.breach_from == D(2026, 10, 24)
    assert bed_and_breakfast_clock(stays, D(2026, 10, 24)).in_breach(D(2026, 10, 24))
    assert bed_and_breakfast_clock(stays, D(2026, 10, 23)).nights == 41  # the night of the 23rd is the 42nd


def test_a_breach_in_the_past_stays_on_record_after_the_move():
    stays = [stay(BNB, D(2026, 6, 1), D(2026, 7, 19)), stay(HOSTEL, D(2026, 7, 20))]  # 49 nights
    clock = bed_and_breakfast_clock(stays, D(2026, 8, 1))
    assert (clock.nights, clock.in_bed_and_breakfast, clock.breach_from) == (49, False, D(2026, 7, 13))
    assert clock.in_breach(D(2026, 8, 1))


def test_the_last_night_is_counted_and_tonight_is_the_last_night():
    clock = bed_and_breakfast_clock([stay(BNB, D(2026, 3, 1), D(2026, 3, 3))], D(2026, 3, 3))
    assert (clock.nights, clock.in_bed_and_breakfast) == (2, True)  # the nights of 1 and 2 March so far
    assert bed_and_breakfast_clock([stay(BNB, D(2026, 3, 1), D(2026, 3, 3))], D(2026, 3, 4)).nights == 3


def test_no_bed_and_breakfast_no_clock():
    clock = bed_and_breakfast_clock([stay(HOSTEL, D(2026, 6, 1))], D(2026, 8, 1))
    assert (clock.nights, clock.breach_from, clock.in_bed_and_breakfast) == (0, None, False)


@pytest.mark.django_db
def test_the_case_page_shows_the_familys_total_across_two_placements(client):
    with time_machine.travel(datetime.datetime(2026, 12, 3, 10, tzinfo=datetime.UTC), tick=False):
        case = CaseFactory(homeless_tonight=True, reason_to_believe_priority_need=True, threatened_within_56_days=False)
        duty = DutyFactory(case=case, kind=Duty.Kind.INTERIM, started_on=D(2026, 10, 1))
        fields = {"case": case, "address": "Station Hotel", "weekly_charge": Decimal("175.00"), "by": case.officer}
        first = services.placement_start(kind=BNB, started_on=D(2026, 10, 1), **fields)
        services.placement_end(placement=first, ended_on=D(2026, 10, 28), by=case.officer)  # 28 nights
        services.placement_start(kind=BNB, started_on=D(2026, 11, 2), **fields)  # 31 nights by 3 December
        client.force_login(case.officer)
        single = client.get(case.get_absolute_url()).content.decode()
        assert 'id="bnb-clock"' not in single  # no children or pregnancy: the order's limit does not apply
        HouseholdMemberFactory(case=case)
        page = client.get(case.get_absolute_url()).content.decode()
    assert duty.pk
    assert "Over six weeks in bed and breakfast since 16 November 2026." in page  # night 43: 28 + 14 nights


@pytest.mark.django_db
def test_the_caseload_shows_each_familys_total_and_the_query_count_stays_flat(client, django_assert_max_num_queries):
    from django.urls import reverse

    with time_machine.travel(datetime.datetime(2026, 12, 3, 10, tzinfo=datetime.UTC), tick=False):
        officer = CaseFactory().officer

        def placed(first_night, *, family=True, nights_before=0):
            case = CaseFactory(
                officer=officer,
                homeless_tonight=True,
                reason_to_believe_priority_need=True,
                threatened_within_56_days=False,
            )
            DutyFactory(case=case, kind=Duty.Kind.INTERIM, started_on=D(2026, 9, 1))
            if family:
                HouseholdMemberFactory(case=case)
            fields = {"case": case, "address": "Station Hotel", "weekly_charge": Decimal("175.00"), "by": officer}
            if nights_before:
                earlier = services.placement_start(kind=BNB, started_on=D(2026, 9, 1), **fields)
                end = D(2026, 9, 1) + datetime.timedelta(days=nights_before - 1)
                services.placement_end(placement=earlier, ended_on=end, by=officer)
            services.placement_start(kind=BNB, started_on=first_night, **fields)

        placed(D(2026, 11, 20))  # 13 nights before tonight
        client.force_login(officer)
        with django_assert_max_num_queries(30) as first:
            client.get(reverse("casework:caseload"))
        placed(D(2026, 11, 20), nights_before=30)  # 43 across two placements
        placed(D(2026, 11, 20), family=False)  # a single adult: the order's limit does not apply
        with django_assert_max_num_queries(len(first.captured_queries)):
            page = client.get(reverse("casework:caseload")).content.decode()
    assert page.count("B&amp;B night 14 of 42") == 1
    assert page.count("Over six weeks in B&amp;B") == 1
    assert page.count('class="bnb-clock"') == 2


JOB = "casework.bed_and_breakfast"


def _run(day: D) -> int:
    from core import reminders

    moment = datetime.datetime.combine(day, datetime.time(9), tzinfo=datetime.UTC)
    with time_machine.travel(moment, tick=False):
        return reminders.run_reminder_jobs(now=moment, only=["casework.bed_and_breakfast"])[
            "casework.bed_and_breakfast"
        ]


@pytest.mark.django_db
def test_reminders_at_four_and_five_weeks_then_the_breach_to_the_leader_too_each_once():
    from core.models import Notification
    from tests.accounts.factories import UserFactory

    with time_machine.travel(datetime.datetime(2026, 9, 1, 10, tzinfo=datetime.UTC), tick=False):
        case = CaseFactory(homeless_tonight=True, reason_to_believe_priority_need=True, threatened_within_56_days=False)
        case.team.leader = UserFactory(role="Housing Options Team Leader")
        case.team.save()
        DutyFactory(case=case, kind=Duty.Kind.INTERIM, started_on=D(2026, 9, 1))
        HouseholdMemberFactory(case=case)
        fields = {"case": case, "address": "Station Hotel", "weekly_charge": Decimal("175.00"), "by": case.officer}
        first = services.placement_start(kind=BNB, started_on=D(2026, 9, 1), **fields)
    with time_machine.travel(datetime.datetime(2026, 9, 20, 10, tzinfo=datetime.UTC), tick=False):
        services.placement_end(placement=first, ended_on=D(2026, 9, 19), by=case.officer)  # 19 nights
        services.placement_start(kind=BNB, started_on=D(2026, 9, 20), **fields)
    # Nights run on across the move: 28 by 29 September, 35 by 6 October, night 43 is 13 October.
    assert _run(D(2026, 9, 28)) == 0
    assert _run(D(2026, 9, 29)) == 1 and _run(D(2026, 9, 30)) == 0
    assert _run(D(2026, 10, 6)) == 1
    assert _run(D(2026, 10, 13)) == 2 and _run(D(2026, 10, 14)) == 0
    subjects = list(Notification.objects.order_by("pk").values_list("recipient", "subject"))
    name = case.person.name
    assert subjects[:2] == [
        (case.officer.pk, f"{name}'s family: 4 weeks in bed and breakfast"),
        (case.officer.pk, f"{name}'s family: 5 weeks in bed and breakfast"),
    ]
    breach = f"{name}'s family has been in bed and breakfast for more than six weeks"
    assert sorted(subjects[2:]) == sorted([(case.officer.pk, breach), (case.team.leader.pk, breach)])


@pytest.mark.django_db
def test_my_work_lists_the_family_with_the_last_night_allowed(django_assert_max_num_queries):
    from casework.mywork.placements import bed_and_breakfast as provider

    with time_machine.travel(datetime.datetime(2026, 12, 3, 10, tzinfo=datetime.UTC), tick=False):
        case = CaseFactory(homeless_tonight=True, reason_to_believe_priority_need=True, threatened_within_56_days=False)
        DutyFactory(case=case, kind=Duty.Kind.INTERIM, started_on=D(2026, 11, 23))
        HouseholdMemberFactory(case=case, pregnant=True, relationship="partner")
        fields = {"case": case, "address": "Station Hotel", "weekly_charge": Decimal("175.00"), "by": case.officer}
        services.placement_start(kind=BNB, started_on=D(2026, 11, 23), **fields)  # 10 nights by 3 December
        with django_assert_max_num_queries(2):
            items = provider(case.officer)
        assert provider(CaseFactory().officer) == []
    [item] = items
    assert item.due == D(2027, 1, 3)  # night 42 is 3 January; night 43, 4 January, would breach
    assert item.detail == f"10 of 42 nights used; case {case.reference}"


@pytest.mark.django_db
def test_managers_count_the_families_over_six_weeks_in_total(django_assert_num_queries):
    from casework.figures import bed_and_breakfast_breaches

    def family(first_night, nights_before=0):
        case = CaseFactory(homeless_tonight=True, reason_to_believe_priority_need=True, threatened_within_56_days=False)
        DutyFactory(case=case, kind=Duty.Kind.INTERIM, started_on=D(2026, 9, 1))
        HouseholdMemberFactory(case=case)
        fields = {"case": case, "address": "Station Hotel", "weekly_charge": Decimal("175.00"), "by": case.officer}
        if nights_before:
            earlier = services.placement_start(kind=BNB, started_on=D(2026, 9, 1), **fields)
            services.placement_end(
                placement=earlier, ended_on=D(2026, 9, 1) + datetime.timedelta(days=nights_before - 1), by=case.officer
            )
        services.placement_start(kind=BNB, started_on=first_night, **fields)

    with time_machine.travel(datetime.datetime(2026, 12, 3, 10, tzinfo=datetime.UTC), tick=False):
        family(D(2026, 11, 20))  # 13 nights
        family(D(2026, 11, 20), nights_before=30)  # 43 nights across two placements: over
        family(D(2026, 10, 1))  # 63 nights: over
        with django_assert_num_queries(2):
            figures = bed_and_breakfast_breaches(D(2026, 12, 3))
    assert (figures.in_bed_and_breakfast, figures.over_six_weeks) == (3, 2)
