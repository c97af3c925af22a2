"""House meeting and involvement pages."""

from datetime import date, datetime, timedelta

import factory
import pytest
import time_machine
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import roles
from core.clocks import LONDON
from tenancies.models import HouseMeeting, Involvement, MeetingAction
from tenancies.services.meetings import scheme_meeting_summary
from tests.accounts.factories import UserFactory
from tests.flatness import aggregates_over, uses_index
from tests.tenancies.factories import (
    AgreementFactory,
    EndedAgreementFactory,
    HouseMeetingFactory,
    MeetingActionFactory,
    SchemeFactory,
    cover,
)
from tests.tenancies.scoping import scheme_for

pytestmark = pytest.mark.django_db
TODAY = date(2025, 6, 20)


class InvolvementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Involvement

    scheme = factory.SubFactory(SchemeFactory)
    kind = Involvement.Kind.COMPLIMENT
    received_on = TODAY
    details = "Thanked staff for help with a PIP form."


@pytest.fixture(autouse=True)
def on_20_june_2025():
    with time_machine.travel(datetime(2025, 6, 20, 12, 0, tzinfo=LONDON), tick=False):
        yield


@pytest.fixture
def worker(client):
    user = UserFactory(role=roles.HOUSING_WORKER, full_name="Hana Worker")
    client.force_login(user)
    return user


@pytest.fixture
def scheme(worker):
    return scheme_for(worker, name="Riverside House")


def resident(scheme, **kwargs):
    return AgreementFactory(unit__property__scheme=scheme, start_date=date(2025, 1, 6), **kwargs).person


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


# ---------------------------------------------------------------- recording a meeting


def test_recording_a_meeting_with_residents_and_staff(client, scheme, worker):
    alex, sam = resident(scheme), resident(scheme)
    response = client.post(
        reverse("tenancies:meeting_create", args=[scheme.pk]),
        {
            "held_on": "2025-06-18",
            "agenda": "Kitchen rota",
            "minutes": "Agreed a new rota.",
            "residents_present": [alex.pk, sam.pk],
            "staff_present": [worker.pk],
        },
    )
    meeting = HouseMeeting.objects.get()
    assert response.status_code == 302
    assert response.url == meeting.get_absolute_url()
    assert set(meeting.residents_present.all()) == {alex, sam}
    assert list(meeting.staff_present.all()) == [worker]
    assert meeting.recorded_by == worker


def test_resident_choices_are_people_living_at_the_scheme_on_the_meeting_date(client, scheme):
    current = resident(scheme)
    left = EndedAgreementFactory(
        unit__property__scheme=scheme, start_date=date(2024, 1, 1), end_date=date(2025, 3, 31)
    ).person
    elsewhere = resident(SchemeFactory())
    url = reverse("tenancies:meeting_create", args=[scheme.pk])
    choices = set(client.get(url).context["form"].fields["residents_present"].queryset)
    assert choices == {current}
    response = client.post(url, {"held_on": "2025-03-10", "residents_present": [left.pk]})
    assert response.status_code == 302  # they lived there in March
    assert response.url == HouseMeeting.objects.get().get_absolute_url()
    response = client.post(url, {"held_on": "2025-06-18", "residents_present": [left.pk, elsewhere.pk]})
    assert response.status_code == 200
    assert "Choose residents who lived at the scheme on the meeting date" in response.content.decode()
    assert HouseMeeting.objects.count() == 1


def test_staff_choices_are_housing_staff_and_those_covering_the_scheme(client, scheme, worker):
    support = UserFactory(role=roles.SUPPORT_WORKER)
    scheme_for(support)  # covers another scheme
    covering_support = UserFactory(role=roles.SUPPORT_WORKER)
    cover(covering_support, scheme)
    officer = UserFactory(role=roles.PREVENTION_OFFICER)
    staff = set(
        client.get(reverse("tenancies:meeting_create", args=[scheme.pk]))
        .context["form"]
        .fields["staff_present"]
        .queryset
    )
    assert worker in staff
    assert covering_support in staff
    assert support not in staff
    assert officer not in staff


def test_cannot_record_a_meeting_for_an_uncovered_scheme(client, worker):
    other = SchemeFactory()
    assert client.get(reverse("tenancies:meeting_create", args=[other.pk])).status_code == 404
    response = client.post(reverse("tenancies:meeting_create", args=[other.pk]), {"held_on": "2025-06-18"})
    assert response.status_code == 404
    assert not HouseMeeting.objects.exists()


# ---------------------------------------------------------------- the meeting page and its actions


def test_meeting_page_shows_the_minutes_who_was_there_and_actions(client, scheme, worker):
    alex = resident(scheme, person__legal_name="Alex Khan")
    meeting = HouseMeetingFactory(scheme=scheme, held_on=date(2025, 6, 10), minutes="Agreed a garden day.")
    meeting.residents_present.set([alex])
    meeting.staff_present.set([worker])
    MeetingActionFactory(meeting=meeting, description="Buy seeds", owner=worker, due_on=date(2025, 6, 13))
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "House meeting on 10 June 2025" in page
    assert "Agreed a garden day." in page
    assert "Alex Khan" in page
    assert "Hana Worker" in page
    assert "Buy seeds" in page
    assert "Overdue" in page
    assert "Mark done" in page


def test_adding_an_action_and_marking_it_done(client, scheme, worker):
    meeting = HouseMeetingFactory(scheme=scheme, held_on=date(2025, 6, 18))
    response = client.post(
        reverse("tenancies:meeting_action_add", args=[meeting.pk]),
        {"description": "Fix the gate latch", "owner": worker.pk, "due_on": "2025-07-01"},
    )
    assert response.status_code == 302
    assert response.url == f"{meeting.get_absolute_url()}#actions"
    action = MeetingAction.objects.get()
    assert (action.owner, action.due_on, action.done_on) == (worker, date(2025, 7, 1), None)
    response = client.post(reverse("tenancies:meeting_action_done", args=[action.pk]))
    assert response.status_code == 302
    assert response.url == f"{meeting.get_absolute_url()}#actions"
    action.refresh_from_db()
    assert action.done_on == TODAY
    response = client.post(reverse("tenancies:meeting_action_done", args=[action.pk]), follow=True)
    assert "already marked done on 20 June 2025" in response.content.decode()


def test_an_action_cannot_be_due_before_the_meeting(client, scheme, worker):
    meeting = HouseMeetingFactory(scheme=scheme, held_on=date(2025, 6, 18))
    response = client.post(
        reverse("tenancies:meeting_action_add", args=[meeting.pk]),
        {"description": "Fix the gate", "owner": worker.pk, "due_on": "2025-06-01"},
    )
    assert response.status_code == 200
    assert "cannot be before the meeting" in response.content.decode()
    assert not MeetingAction.objects.exists()


def test_action_owner_must_be_staff_for_the_scheme(client, scheme):
    meeting = HouseMeetingFactory(scheme=scheme)
    officer = UserFactory(role=roles.PREVENTION_OFFICER)
    response = client.post(
        reverse("tenancies:meeting_action_add", args=[meeting.pk]),
        {"description": "Fix the gate", "owner": officer.pk, "due_on": "2025-07-01"},
    )
    assert response.status_code == 200
    assert "Choose a member of staff from the list" in response.content.decode()


def test_writing_up_the_minutes(client, scheme, worker):
    meeting = HouseMeetingFactory(scheme=scheme, held_on=date(2025, 6, 18), minutes="")
    alex = resident(scheme)
    response = client.post(
        reverse("tenancies:meeting_edit", args=[meeting.pk]),
        {"agenda": "Garden", "minutes": "We agreed a garden day.", "residents_present": [alex.pk]},
    )
    assert response.status_code == 302
    assert response.url == meeting.get_absolute_url()
    meeting.refresh_from_db()
    assert meeting.minutes == "We agreed a garden day."
    assert list(meeting.residents_present.all()) == [alex]
    assert meeting.history.first().history_user == worker


def test_meeting_in_an_uncovered_scheme_is_not_found(client, worker):
    meeting = HouseMeetingFactory(scheme=SchemeFactory())
    action = MeetingActionFactory(meeting=meeting, owner=worker)
    assert client.get(meeting.get_absolute_url()).status_code == 404
    assert client.post(reverse("tenancies:meeting_action_done", args=[action.pk])).status_code == 404
    action.refresh_from_db()
    assert action.done_on is None


def test_support_workers_can_read_meetings_but_not_change_them(client):
    support = UserFactory(role=roles.SUPPORT_WORKER)
    client.force_login(support)
    meeting = HouseMeetingFactory(scheme=scheme_for(support))
    action = MeetingActionFactory(meeting=meeting, owner=UserFactory(role=roles.HOUSING_WORKER))
    response = client.get(meeting.get_absolute_url())
    assert response.status_code == 200
    assert "Mark done" not in response.content.decode()
    assert client.post(reverse("tenancies:meeting_action_done", args=[action.pk])).status_code == 403
    response = client.post(
        reverse("tenancies:meeting_action_add", args=[meeting.pk]),
        {"description": "x", "owner": support.pk, "due_on": "2025-07-01"},
    )
    assert response.status_code == 403
    assert client.post(reverse("tenancies:meeting_edit", args=[meeting.pk]), {"minutes": "x"}).status_code == 403
    action.refresh_from_db()
    assert action.done_on is None
    assert MeetingAction.objects.count() == 1


def test_meeting_page_queries_do_not_grow_with_actions_and_attendees(client, scheme, worker):
    meeting = HouseMeetingFactory(scheme=scheme, held_on=date(2025, 6, 10))
    MeetingActionFactory(meeting=meeting, owner=worker)
    few = queries(client, meeting.get_absolute_url())
    meeting.residents_present.set([resident(scheme) for _ in range(6)])
    for _ in range(8):
        MeetingActionFactory(meeting=meeting, owner=UserFactory(role=roles.HOUSING_WORKER))
    assert queries(client, meeting.get_absolute_url()) == few


# ---------------------------------------------------------------- lists


def test_meeting_list_per_scheme_and_across_schemes(client, worker, scheme):
    other = scheme_for(worker, name="Elm Court")
    here = HouseMeetingFactory(scheme=scheme, held_on=date(2025, 6, 1))
    there = HouseMeetingFactory(scheme=other, held_on=date(2025, 6, 5))
    HouseMeetingFactory(scheme=SchemeFactory())  # not covered
    response = client.get(reverse("tenancies:meeting_list"))
    assert list(response.context["meetings"]) == [there, here]
    assert response.context["record_for"] is None
    response = client.get(reverse("tenancies:meeting_list"), {"scheme": scheme.pk})
    assert list(response.context["meetings"]) == [here]
    assert reverse("tenancies:meeting_create", args=[scheme.pk]) in response.content.decode()


def test_meeting_list_paginates_with_fixed_queries(client, scheme):
    for n in range(3):
        meeting = HouseMeetingFactory(scheme=scheme, held_on=TODAY - timedelta(days=n))
        MeetingActionFactory(meeting=meeting)
    url = reverse("tenancies:meeting_list")
    few = queries(client, url)
    for n in range(30):
        HouseMeetingFactory(scheme=scheme, held_on=TODAY - timedelta(days=10 + n))
    assert queries(client, url) == few
    response = client.get(url, {"page": 2})
    assert len(response.context["meetings"]) == 8


def test_meeting_list_counts_actions_and_residents_for_its_page_only(client, scheme):
    """The time-independent companion: however many meetings the history holds, the counts are
    grouped over the page's meetings (their ids a LIMITed subquery), never over every meeting."""
    alex, sam = resident(scheme), resident(scheme)
    for n in range(40):
        meeting = HouseMeetingFactory(scheme=scheme, held_on=TODAY - timedelta(days=7 * n))
        meeting.residents_present.set([alex, sam])
        MeetingActionFactory(meeting=meeting)
        MeetingActionFactory(meeting=meeting, done_on=TODAY)
    with CaptureQueriesContext(connection) as ran:
        response = client.get(reverse("tenancies:meeting_list"))
    first = response.context["meetings"][0]
    assert (first.held_on, first.open_actions, first.residents_count) == (TODAY, 1, 2)
    grouped = aggregates_over(ran, "tenancies_meetingaction") + aggregates_over(
        ran, "tenancies_housemeeting_residents_present"
    )
    assert grouped
    assert all("LIMIT 25)" in sql for sql in grouped), grouped  # the page's ids, a subquery


@pytest.mark.skipif(connection.vendor != "postgresql", reason="Query plans are read on PostgreSQL")
def test_a_schemes_last_meeting_is_one_index_step_whatever_its_history(scheme):
    """The scheme page's meeting summary asks for the last meeting (and the next): the (scheme, held_on)
    index answers it without reading every meeting the scheme has held."""
    HouseMeetingFactory(scheme=scheme, held_on=TODAY)
    last = HouseMeeting.objects.filter(scheme=scheme, held_on__lte=TODAY).order_by("-held_on", "-pk")[:1]
    assert uses_index(last, "housemeeting_scheme_held_idx")


def test_recording_involvement_and_listing_it(client, scheme, worker):
    alex = resident(scheme)
    response = client.post(
        reverse("tenancies:involvement_create", args=[scheme.pk]),
        {"kind": "suggestion", "received_on": "2025-06-19", "person": alex.pk, "details": "A Sunday cooking club."},
    )
    assert response.status_code == 302
    assert response.url == f"{reverse('tenancies:involvement_list')}?scheme={scheme.pk}"
    record = Involvement.objects.get()
    assert (record.person, record.kind, record.recorded_by) == (alex, "suggestion", worker)
    InvolvementFactory(scheme=SchemeFactory(), details="Elsewhere")
    response = client.get(reverse("tenancies:involvement_list"), {"kind": "suggestion"})
    assert list(response.context["records"]) == [record]
    assert "A Sunday cooking club." in response.content.decode()


def test_involvement_without_details_is_refused(client, scheme):
    response = client.post(
        reverse("tenancies:involvement_create", args=[scheme.pk]),
        {"kind": "feedback", "received_on": "2025-06-19", "details": ""},
    )
    assert response.status_code == 200
    assert not Involvement.objects.exists()


def test_involvement_list_only_shows_covered_schemes(client, scheme):
    mine = InvolvementFactory(scheme=scheme)
    InvolvementFactory(scheme=SchemeFactory())
    response = client.get(reverse("tenancies:involvement_list"))
    assert list(response.context["records"]) == [mine]


# ---------------------------------------------------------------- the scheme page's summary


def test_scheme_summary_shows_last_and_next_meeting_and_open_actions(rf, scheme, worker):
    last = HouseMeetingFactory(scheme=scheme, held_on=date(2025, 6, 10))
    upcoming = HouseMeetingFactory(scheme=scheme, held_on=date(2025, 7, 8))
    HouseMeetingFactory(scheme=scheme, held_on=date(2025, 5, 10))
    MeetingActionFactory(meeting=last, description="Fix the gate latch", owner=worker, due_on=date(2025, 6, 15))
    MeetingActionFactory(meeting=last, description="Done already", owner=worker, done_on=date(2025, 6, 11))
    summary = scheme_meeting_summary(scheme=scheme)
    assert (summary.last_meeting, summary.next_meeting) == (last, upcoming)
    assert [a.description for a in summary.overdue_actions] == ["Fix the gate latch"]
    request = rf.get("/")
    request.user = worker
    html = render_to_string(
        "tenancies/meetings/_scheme_summary.html", {"scheme": scheme, "summary": summary}, request=request
    )
    assert "10 June 2025" in html
    assert "8 July 2025" in html
    assert "Fix the gate latch" in html
    assert "1 overdue" in html


# ---------------------------------------------------------------- starting a new meeting from the list (issue 10.8)


def test_unfiltered_meeting_list_offers_the_chooser_to_a_worker_with_two_schemes(client, worker, scheme):
    scheme_for(worker, name="Elm Court")
    html = client.get(reverse("tenancies:meeting_list")).content.decode()
    assert reverse("tenancies:meeting_choose_scheme") in html


def test_a_one_scheme_worker_gets_the_direct_meeting_link(client, scheme):
    html = client.get(reverse("tenancies:meeting_list")).content.decode()
    assert reverse("tenancies:meeting_create", args=[scheme.pk]) in html
    assert reverse("tenancies:meeting_choose_scheme") not in html


def test_choosing_a_scheme_goes_on_to_its_meeting_form(client, worker, scheme):
    scheme_for(worker, name="Elm Court")
    response = client.get(reverse("tenancies:meeting_choose_scheme"), {"scheme": scheme.pk})
    assert response.status_code == 302
    assert response.url == reverse("tenancies:meeting_create", args=[scheme.pk])


def test_choosing_an_uncovered_scheme_for_a_meeting_is_refused_on_the_form(client, scheme):
    other = SchemeFactory(name="Not mine")
    response = client.get(reverse("tenancies:meeting_choose_scheme"), {"scheme": other.pk})
    assert response.status_code == 200
    assert response.context["form"].errors["scheme"] == ["Choose a scheme from the list."]
    assert "Not mine" not in response.content.decode()
