"""Complaint pages: the list, the complaint page with its clocks, and one form per step."""

from datetime import date, datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import roles
from core.clocks import LONDON
from tenancies.models import Complaint
from tests.accounts.factories import UserFactory
from tests.tenancies.factories import AgreementFactory, ComplaintFactory, SchemeFactory
from tests.tenancies.scoping import scheme_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def on_20_june_2025():
    with time_machine.travel(datetime(2025, 6, 20, 12, 0, tzinfo=LONDON), tick=False):
        yield


@pytest.fixture
def worker(client):
    user = UserFactory(role=roles.HOUSING_WORKER)
    client.force_login(user)
    return user


@pytest.fixture
def scheme(worker):
    return scheme_for(worker, name="Riverside House")


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


# ---------------------------------------------------------------- list


def test_open_complaints_are_listed_soonest_deadline_first(client, scheme):
    later = ComplaintFactory(scheme=scheme, received_on=date(2025, 6, 19), summary="Later")
    sooner = ComplaintFactory(scheme=scheme, received_on=date(2025, 6, 10), summary="Sooner")
    ComplaintFactory(scheme=scheme, received_on=date(2025, 6, 1), closed_on=date(2025, 6, 3), summary="Closed")
    response = client.get(reverse("tenancies:complaint_list"))
    rows = response.context["rows"]
    assert [row.complaint for row in rows] == [sooner, later]
    assert rows[0].next.due == date(2025, 6, 17)
    assert rows[0].status == "Overdue by 3 working days"
    page = response.content.decode()
    assert "Stage 1 acknowledgement: 17 June 2025" in page
    assert "Overdue by 3 working days" in page


def test_closed_filter_shows_closed_complaints(client, scheme):
    ComplaintFactory(scheme=scheme, received_on=date(2025, 6, 19))
    closed = ComplaintFactory(scheme=scheme, received_on=date(2025, 6, 1), closed_on=date(2025, 6, 3))
    response = client.get(reverse("tenancies:complaint_list"), {"status": "closed"})
    assert [row.complaint for row in response.context["rows"]] == [closed]


def test_list_only_shows_complaints_in_covered_schemes(client, scheme):
    mine = ComplaintFactory(scheme=scheme)
    ComplaintFactory(scheme=SchemeFactory())
    response = client.get(reverse("tenancies:complaint_list"))
    assert [row.complaint for row in response.context["rows"]] == [mine]


def test_filtering_on_an_unseen_scheme_shows_an_error_not_a_crash(client, scheme):
    other = SchemeFactory()
    response = client.get(reverse("tenancies:complaint_list"), {"scheme": other.pk})
    assert response.status_code == 200
    assert "Choose a scheme from the list" in response.content.decode()


def test_list_queries_do_not_grow_with_complaints(client, scheme):
    for _ in range(3):
        ComplaintFactory(scheme=scheme, stage1_handler=UserFactory())
    url = reverse("tenancies:complaint_list")
    few = queries(client, url)
    for _ in range(15):
        ComplaintFactory(scheme=scheme, stage1_handler=UserFactory())
    assert queries(client, url) == few
    closed_url = f"{url}?status=all"
    assert queries(client, closed_url) <= few + 1


# ---------------------------------------------------------------- detail


def test_complaint_page_shows_each_deadline_with_its_status(client, scheme, worker):
    complaint = ComplaintFactory(
        scheme=scheme,
        received_on=date(2025, 6, 2),
        stage1_handler=worker,
        stage1_acknowledged_on=date(2025, 6, 10),
    )
    response = client.get(complaint.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert "9 June 2025" in page  # acknowledgement due
    assert "Missed by 1 working day" in page
    assert "24 June 2025" in page  # response: 10 working days after 10 June
    assert "2 working days left" in page
    assert "Complaint Handling Code 6.2" in page
    assert reverse("tenancies:complaint_respond", args=[complaint.pk]) in page
    assert reverse("tenancies:complaint_extend", args=[complaint.pk]) in page


def test_complaint_page_queries_do_not_grow_with_stages_or_other_complaints(
    client, scheme, worker, django_assert_max_num_queries
):
    new = ComplaintFactory(scheme=scheme, stage1_handler=worker, received_on=date(2025, 6, 2))
    with django_assert_max_num_queries(13):  # 12, and one for the repairs panel
        assert client.get(new.get_absolute_url()).status_code == 200
    one = queries(client, new.get_absolute_url())
    for _ in range(4):
        ComplaintFactory(scheme=scheme, stage1_handler=worker)
    worked = ComplaintFactory(
        scheme=scheme,
        received_on=date(2025, 5, 1),
        stage=Complaint.Stage.TWO,
        stage1_handler=worker,
        stage1_acknowledged_on=date(2025, 5, 2),
        stage1_extended_to=date(2025, 5, 30),
        stage1_extension_reason="Waiting for the contractor's report.",
        stage1_responded_on=date(2025, 5, 28),
        stage1_response="We have replaced the boiler.",
        escalated_on=date(2025, 6, 2),
        stage2_handler=UserFactory(role=roles.HOUSING_MANAGER),
        stage2_acknowledged_on=date(2025, 6, 3),
    )
    assert Complaint.objects.filter(scheme=scheme).count() == 6
    assert queries(client, new.get_absolute_url()) == one
    assert queries(client, worked.get_absolute_url()) == one


def test_complaint_in_an_uncovered_scheme_is_not_found(client, worker):
    complaint = ComplaintFactory(scheme=SchemeFactory())
    assert client.get(complaint.get_absolute_url()).status_code == 404
    response = client.post(
        reverse("tenancies:complaint_acknowledge", args=[complaint.pk]), {"acknowledged_on": "2025-06-20"}
    )
    assert response.status_code == 404
    complaint.refresh_from_db()
    assert complaint.stage1_acknowledged_on is None


def test_support_workers_cannot_see_or_change_complaints(client):
    support = UserFactory(role=roles.SUPPORT_WORKER)
    client.force_login(support)
    complaint = ComplaintFactory(scheme=scheme_for(support), received_on=date(2025, 6, 19))
    assert client.get(complaint.get_absolute_url()).status_code == 403
    response = client.post(
        reverse("tenancies:complaint_acknowledge", args=[complaint.pk]), {"acknowledged_on": "2025-06-20"}
    )
    assert response.status_code == 403
    complaint.refresh_from_db()
    assert complaint.stage1_acknowledged_on is None


# ---------------------------------------------------------------- logging and the steps


def test_logging_a_complaint_for_a_resident(client, scheme, worker):
    resident = AgreementFactory(unit__property__scheme=scheme, start_date=date(2025, 1, 1)).person
    response = client.post(
        reverse("tenancies:complaint_create", args=[scheme.pk]),
        {
            "received_on": "2025-06-19",
            "person": resident.pk,
            "summary": "No hot water since Monday.",
            "stage1_handler": worker.pk,
        },
    )
    complaint = Complaint.objects.get()
    assert response.status_code == 302
    assert response.url == complaint.get_absolute_url()
    assert complaint.person == resident
    assert complaint.stage1_handler == worker
    assert complaint.recorded_by == worker


def test_logging_without_a_complainant_shows_the_error_and_saves_nothing(client, scheme, worker):
    response = client.post(
        reverse("tenancies:complaint_create", args=[scheme.pk]),
        {"received_on": "2025-06-19", "summary": "Noise", "stage1_handler": worker.pk},
    )
    assert response.status_code == 200
    assert "Say who made the complaint" in response.content.decode()
    assert not Complaint.objects.exists()


def test_residents_of_other_schemes_cannot_be_chosen(client, scheme, worker):
    stranger = AgreementFactory(unit__property__scheme=SchemeFactory()).person
    response = client.post(
        reverse("tenancies:complaint_create", args=[scheme.pk]),
        {"received_on": "2025-06-19", "person": stranger.pk, "summary": "Noise", "stage1_handler": worker.pk},
    )
    assert response.status_code == 200
    assert "Choose a resident from the list" in response.content.decode()


def test_acknowledge_then_respond_then_close(client, scheme, worker):
    complaint = ComplaintFactory(scheme=scheme, received_on=date(2025, 6, 16), stage1_handler=worker)
    steps = [
        ("complaint_acknowledge", {"acknowledged_on": "2025-06-17"}),
        ("complaint_respond", {"responded_on": "2025-06-19", "response": "We have fixed the boiler. Sorry."}),
        ("complaint_close", {"closed_on": "2025-06-20"}),
    ]
    for name, data in steps:
        response = client.post(reverse(f"tenancies:{name}", args=[complaint.pk]), data)
        assert response.status_code == 302, response.content.decode()
        assert response.url == complaint.get_absolute_url()
    complaint.refresh_from_db()
    assert complaint.stage1_acknowledged_on == date(2025, 6, 17)
    assert complaint.stage1_responded_on == date(2025, 6, 19)
    assert complaint.closed_on == date(2025, 6, 20)


def test_too_long_an_extension_is_refused_on_the_form(client, scheme, worker):
    complaint = ComplaintFactory(
        scheme=scheme, received_on=date(2025, 6, 16), stage1_handler=worker, stage1_acknowledged_on=date(2025, 6, 16)
    )  # response due 30 June; at most 14 July
    url = reverse("tenancies:complaint_extend", args=[complaint.pk])
    page = client.get(url).content.decode()
    assert "No later than 14 July 2025" in page
    response = client.post(url, {"extended_to": "2025-07-15", "reason": "Waiting for the damp survey"})
    assert response.status_code == 200
    assert "no later than 14 July 2025" in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.stage1_extended_to is None
    response = client.post(url, {"extended_to": "2025-07-14", "reason": "Waiting for the damp survey"})
    assert response.status_code == 302
    assert response.url == complaint.get_absolute_url()
    complaint.refresh_from_db()
    assert complaint.stage1_extended_to == date(2025, 7, 14)


def test_escalating_to_the_stage1_handler_is_refused_on_the_form(client, scheme, worker):
    complaint = ComplaintFactory(
        scheme=scheme,
        received_on=date(2025, 6, 2),
        stage1_handler=worker,
        stage1_acknowledged_on=date(2025, 6, 3),
        stage1_responded_on=date(2025, 6, 10),
    )
    url = reverse("tenancies:complaint_escalate", args=[complaint.pk])
    response = client.post(url, {"requested_on": "2025-06-19", "handler": worker.pk})
    assert response.status_code == 200
    assert "must not be the person who looked at it at stage 1" in response.content.decode()
    manager = UserFactory(role=roles.HOUSING_MANAGER)
    response = client.post(url, {"requested_on": "2025-06-19", "handler": manager.pk})
    assert response.status_code == 302
    assert response.url == complaint.get_absolute_url()
    complaint.refresh_from_db()
    assert (complaint.stage, complaint.stage2_handler) == (2, manager)


def test_a_step_that_is_not_open_sends_you_back_to_the_complaint(client, scheme):
    complaint = ComplaintFactory(scheme=scheme, received_on=date(2025, 6, 16))
    response = client.get(reverse("tenancies:complaint_close", args=[complaint.pk]))
    assert response.status_code == 302
    assert response.url == complaint.get_absolute_url()


def test_a_rule_break_on_post_rerenders_the_form_with_the_error(client, scheme):
    complaint = ComplaintFactory(scheme=scheme, received_on=date(2025, 6, 16))
    response = client.post(reverse("tenancies:complaint_close", args=[complaint.pk]), {"closed_on": "2025-06-20"})
    assert response.status_code == 200
    assert "Record the stage 1 response before closing" in response.content.decode()


# ---------------------------------------------------------------- starting a new complaint from the list (issue 10.8)


def test_unfiltered_complaint_list_offers_the_chooser_to_a_worker_with_two_schemes(client, worker, scheme):
    scheme_for(worker, name="Elm Court")
    html = client.get(reverse("tenancies:complaint_list")).content.decode()
    assert reverse("tenancies:complaint_choose_scheme") in html


def test_a_one_scheme_worker_gets_the_direct_complaint_link(client, scheme):
    html = client.get(reverse("tenancies:complaint_list")).content.decode()
    assert reverse("tenancies:complaint_create", args=[scheme.pk]) in html
    assert reverse("tenancies:complaint_choose_scheme") not in html


def test_choosing_a_scheme_goes_on_to_its_complaint_form(client, worker, scheme):
    scheme_for(worker, name="Elm Court")
    response = client.get(reverse("tenancies:complaint_choose_scheme"), {"scheme": scheme.pk})
    assert response.status_code == 302
    assert response.url == reverse("tenancies:complaint_create", args=[scheme.pk])


def test_choosing_an_uncovered_scheme_for_a_complaint_is_refused_on_the_form(client, scheme):
    other = SchemeFactory(name="Not mine")
    response = client.get(reverse("tenancies:complaint_choose_scheme"), {"scheme": other.pk})
    assert response.status_code == 200
    assert response.context["form"].errors["scheme"] == ["Choose a scheme from the list."]
    assert "Not mine" not in response.content.decode()
