"""Awaab's Law on the repair page: triage, clocks, the investigation and the written summary PDF."""

import datetime
import io

import pytest
import time_machine
from django.urls import reverse
from pypdf import PdfReader

from accounts import roles
from repairs.models import Hazard, HazardClock, Repair
from tests.accounts.factories import UserFactory
from tests.repairs.factories import RepairFactory, at
from tests.tenancies.factories import AgreementFactory
from tests.tenancies.scoping import scheme_for

# Each test signs `worker` in inside its own travel blocks, so no signed-in client fixture here.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]
D = datetime.date
UTC = datetime.UTC


@pytest.fixture
def damp(worker):
    """Damp and mould reported on Tuesday 1 December 2026 in a home let on an assured tenancy."""
    agreement = AgreementFactory(
        unit__property__scheme=scheme_for(worker), kind="assured_periodic", start_date=D(2026, 1, 5)
    )
    return RepairFactory(
        unit=agreement.unit,
        category=Repair.Category.DAMP_MOULD,
        description="Black mould spreading on the bedroom ceiling.",
        reported_at=at(D(2026, 12, 1), datetime.time(9, 0)),
    )


def test_triage_investigate_and_issue_the_written_summary(client, worker, damp):
    with time_machine.travel(at(D(2026, 12, 1), datetime.time(10, 0)), tick=False):
        client.force_login(worker)  # sessions expire when idle; sign in at each moment
        page = client.get(damp.get_absolute_url()).content.decode()
        assert "Triage as a hazard" in page
        response = client.post(
            reverse("repairs:hazard_triage", args=[damp.pk]), {"kind": "significant", "aware_at": "2026-12-01T09:00"}
        )
        assert response.status_code == 302
        hazard = Hazard.objects.get(repair=damp)
        assert hazard.basis == Hazard.Basis.LAW and hazard.hazard_type.name == "Damp and mould"
        page = client.get(damp.get_absolute_url()).content.decode()
        assert "15 December 2026, 23:59" in page  # 10 working days from Tuesday 1 December
        assert "Running" in page

    with time_machine.travel(at(D(2026, 12, 8), datetime.time(15, 0)), tick=False):
        client.force_login(worker)  # sessions expire when idle; sign in at each moment
        url = reverse("repairs:hazard_investigation", args=[hazard.pk])
        response = client.post(url, {"concluded_at": "2026-12-08T14:00", "found": "yes", "findings": ""})
        assert response.status_code == 200 and "Record what the investigation found" in response.content.decode()
        response = client.post(
            url,
            {
                "concluded_at": "2026-12-08T14:00",
                "found": "yes",
                "findings": "Condensation from a broken extractor fan has caused mould on the ceiling.",
                "safety_works": "Treat the mould and replace the extractor fan.",
            },
        )
        assert response.status_code == 302
        clocks = {clock.step: clock for clock in HazardClock.objects.filter(hazard=hazard)}
        assert clocks[HazardClock.Step.INVESTIGATE].was_met() is True
        assert clocks[HazardClock.Step.WRITTEN_SUMMARY].due_at.astimezone(UTC).date() == D(2026, 12, 11)

        response = client.post(reverse("repairs:hazard_summary_issue", args=[hazard.pk]))
        assert response.status_code == 302
        hazard.refresh_from_db()
        assert hazard.summary_issued_on == D(2026, 12, 8)
        pdf = client.get(reverse("repairs:hazard_summary_pdf", args=[hazard.pk]))
        assert pdf["Content-Type"] == "application/pdf"
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
        text = " ".join(text.split())
        assert "broken extractor fan" in text and "We found a hazard" in text
        assert "replace the extractor fan" in text and "make a complaint" in text
        assert damp.reference in text
        assert "Issue the written summary" not in client.get(damp.get_absolute_url()).content.decode()


def test_a_second_summary_or_one_before_the_investigation_is_refused(client, worker, damp):
    with time_machine.travel(at(D(2026, 12, 2)), tick=False):
        client.force_login(worker)  # sessions expire when idle; sign in at each moment
        client.post(
            reverse("repairs:hazard_triage", args=[damp.pk]), {"kind": "significant", "aware_at": "2026-12-01T09:00"}
        )
        hazard = Hazard.objects.get(repair=damp)
        response = client.post(reverse("repairs:hazard_summary_issue", args=[hazard.pk]), follow=True)
        assert "Conclude the investigation" in response.content.decode()
        hazard.refresh_from_db()
        assert hazard.summary_issued_on is None and not hazard.summary_letter


def test_an_emergency_runs_24_real_hours_and_shows_overdue(client, worker, damp):
    with time_machine.travel(at(D(2026, 12, 1), datetime.time(10, 0)), tick=False):
        client.force_login(worker)  # sessions expire when idle; sign in at each moment
        client.post(
            reverse("repairs:hazard_triage", args=[damp.pk]), {"kind": "emergency", "aware_at": "2026-12-01T09:00"}
        )
    with time_machine.travel(at(D(2026, 12, 2), datetime.time(9, 30)), tick=False):
        client.force_login(worker)  # sessions expire when idle; sign in at each moment
        page = client.get(damp.get_absolute_url()).content.decode()
        assert "2 December 2026, 09:00" in page and "Overdue" in page


def test_a_support_worker_sees_the_clocks_but_cannot_triage(client, damp):
    support = UserFactory(role=roles.SUPPORT_WORKER)
    from tests.tenancies.factories import cover

    cover(support, damp.scheme)
    client.force_login(support)
    page = client.get(damp.get_absolute_url()).content.decode()
    assert "Awaab's Law" in page and reverse("repairs:hazard_triage", args=[damp.pk]) not in page
    assert client.get(reverse("repairs:hazard_triage", args=[damp.pk])).status_code == 403


def test_access_attempts_notices_delays_and_an_offer_are_kept_on_the_repair(client, worker, damp):
    with time_machine.travel(at(D(2026, 12, 3), datetime.time(12, 0)), tick=False):
        client.force_login(worker)
        hazard = Hazard.objects.create(
            repair=damp, kind="significant", aware_at=damp.reported_at, basis="law", basis_reason="Tenancy."
        )
        url = reverse("repairs:access_attempt", args=[damp.pk])
        assert client.post(url, {"attempted_at": "2026-12-02T10:00", "method": "phone"}).status_code == 302
        url = reverse("repairs:entry_notice", args=[damp.pk])
        short = {"given_at": "2026-12-03T09:00", "entry_at": "2026-12-03T20:00", "method": "letter"}
        response = client.post(url, short)
        assert response.status_code == 200
        assert "at least 24 hours" in " ".join(response.context["form"].errors["entry_at"])
        assert not damp.entry_notices.exists()
        assert client.post(url, {**short, "entry_at": "2026-12-04T10:00"}).status_code == 302
        url = reverse("repairs:control_delay", args=[damp.pk])
        data = {"kind": "parts", "started_at": "2026-12-02T12:00", "details": "Fan on back order; chased daily."}
        assert client.post(url, data).status_code == 302
        url = reverse("repairs:hazard_alternative", args=[hazard.pk])
        data = {"offered_at": "2026-12-03T11:00", "details": "A room at Elm Court", "resident_answer": "declined"}
        assert client.post(url, data).status_code == 302
        page = client.get(damp.get_absolute_url()).content.decode()
        assert "tried by phone call" in page and "written notice (letter)" in page
        assert "Fan on back order" in page and "A room at Elm Court" in page


def test_supplementary_work_an_answer_a_delay_end_and_a_stopped_clock(client, worker, damp):
    from repairs.models import ControlDelay
    from repairs.services import hazards as services

    with time_machine.travel(at(D(2026, 12, 8), datetime.time(15, 0)), tick=False):
        client.force_login(worker)
        hazard = services.hazard_triage(repair=damp, kind="significant", by=worker)
        services.investigation_conclude(
            hazard=hazard,
            concluded_at=at(D(2026, 12, 8), datetime.time(9)),
            hazard_found=True,
            findings="Mould from a broken fan.",
            by=worker,
        )
        services.alternative_accommodation_offer(
            hazard=hazard, offered_at=at(D(2026, 12, 8), datetime.time(10)), details="A room at Elm Court", by=worker
        )
        delay = ControlDelay.objects.create(
            repair=damp, kind="parts", started_at=at(D(2026, 12, 8), datetime.time(9)), details="Fan on order"
        )
        url = reverse("repairs:hazard_supplementary_work", args=[hazard.pk])
        assert client.post(url, {"begun_at": "2026-12-08T12:00", "physically_started": "on"}).status_code == 302
        steps = {c.step: c for c in hazard.clocks.all()}
        assert steps["supplementary_begin"].met_at and steps["supplementary_start"].met_at
        url = reverse("repairs:hazard_alternative_answer", args=[hazard.pk])
        response = client.post(url, {"resident_answer": "accepted", "answered_at": "2026-12-08T09:30"})
        assert response.status_code == 200 and "before the offer" in response.content.decode()
        assert client.post(url, {"resident_answer": "accepted", "answered_at": "2026-12-08T11:00"}).status_code == 302
        url = reverse("repairs:control_delay_end", args=[delay.pk])
        assert client.post(url, {"ended_at": "2026-12-08T14:00"}).status_code == 302
        clock = steps["safety_work"]
        url = reverse("repairs:hazard_clock_stop", args=[clock.pk])
        assert client.post(url, {"stopped_at": "2026-12-08T14:00", "reason": ""}).status_code == 200
        assert client.post(url, {"stopped_at": "2026-12-08T14:00", "reason": "Everyone moved out"}).status_code == 302
        hazard.refresh_from_db()
        delay.refresh_from_db()
        clock.refresh_from_db()
        assert hazard.alternative_answer == "accepted" and delay.ended_at and clock.stop_reason == "Everyone moved out"
        assert "Stopped: Everyone moved out" in client.get(damp.get_absolute_url()).content.decode()
