"""The household, the contact log, referrals to support services and documents on a case."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import roles
from accounts.models import User
from casework import sections
from casework.models import Case, CaseDocument, ContactLog, HouseholdMember, ServiceReferral
from casework.services import contacts as services
from core.clocks import LONDON
from people.models import Consent
from tests.accounts.factories import UserFactory
from tests.casework.factories import (
    CaseFactory,
    ContactLogFactory,
    HouseholdMemberFactory,
    PreventionTeamFactory,
    ServiceReferralFactory,
    officer_in,
)

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 1)
NOW = datetime(2026, 12, 1, 12, 0, tzinfo=LONDON)
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture(autouse=True)
def on_1_december_2026():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def team():
    return PreventionTeamFactory()


@pytest.fixture
def officer(team):
    return officer_in(team, full_name="Olu Officer")


@pytest.fixture
def case(team, officer):
    return CaseFactory(team=team, officer=officer)


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


def errors(response, field):
    return " ".join(response.context["form"].errors.get(field, []))


# ---------------------------------------------------------------- household


def test_adding_a_household_member(officer_client, case, officer):
    response = officer_client.post(
        reverse("casework:member_add", args=[case.pk]),
        {
            "name": "Jo Smith",
            "relationship": "partner",
            "date_of_birth": "1999-02-03",
            "pregnant": "on",
            "due_date": "2027-03-01",
        },
    )
    assert response.status_code == 302
    assert response.url == f"{case.get_absolute_url()}#household"
    member = case.household.get()
    assert (member.name, member.relationship, member.pregnant, member.due_date) == (
        "Jo Smith",
        "partner",
        True,
        date(2027, 3, 1),
    )
    assert member.history.get().history_user == officer


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"pregnant": "on", "due_date": ""}, "due_date", "Give the due date"),
        ({"date_of_birth": "2026-12-02"}, "date_of_birth", "cannot be in the future"),
        ({"date_of_birth": "not a date"}, "date_of_birth", "Enter a valid date"),
        ({"name": ""}, "name", "Give their name"),
        ({"relationship": ""}, "relationship", "Choose how they are related"),
    ],
)
def test_bad_household_members_are_refused_and_nothing_saved(officer_client, case, data, field, message):
    response = officer_client.post(
        reverse("casework:member_add", args=[case.pk]), {"name": "Jo Smith", "relationship": "partner", **data}
    )
    assert response.status_code == 200
    assert message in errors(response, field)
    assert not HouseholdMember.objects.exists()


@pytest.mark.parametrize(
    "born, text",
    [
        (date(2019, 5, 4), "age 7"),
        (date(2019, 12, 2), "age 6"),
        (date(2019, 12, 1), "age 7"),
        (date(2026, 11, 2), "0 months old"),
        (date(2026, 10, 31), "1 month old"),
        (date(2025, 1, 1), "23 months old"),
    ],
)
def test_ages_are_shown_in_years_or_for_babies_in_months(born, text):
    assert services.age_on(born, TODAY) == text


def test_a_due_date_is_dropped_when_no_longer_pregnant(case, officer):
    member = HouseholdMemberFactory(case=case, relationship="partner", pregnant=True, due_date=date(2027, 1, 1))
    services.member_update(member=member, by=officer, pregnant=False)
    member.refresh_from_db()
    assert member.due_date is None


def test_editing_a_household_member(officer_client, case):
    member = HouseholdMemberFactory(case=case, name="Riley")
    url = reverse("casework:member_edit", args=[member.pk])
    assert officer_client.get(url).status_code == 200
    response = officer_client.post(url, {"name": "Riley Smith", "relationship": "child", "date_of_birth": "2019-05-04"})
    assert response.status_code == 302
    assert response.url == f"{case.get_absolute_url()}#household"
    member.refresh_from_db()
    assert member.name == "Riley Smith"


def test_removing_a_household_member_keeps_the_history(officer_client, case, officer):
    member = HouseholdMemberFactory(case=case, name="Riley")
    pk = member.pk
    response = officer_client.post(reverse("casework:member_remove", args=[pk]))
    assert response.status_code == 302
    assert response.url == f"{case.get_absolute_url()}#household"
    assert not HouseholdMember.objects.filter(pk=pk).exists()
    removed = HouseholdMember.history.filter(id=pk).order_by("history_id").last()
    assert removed.history_type == "-" and removed.name == "Riley" and removed.history_user == officer


def test_removing_needs_a_post(officer_client, case):
    member = HouseholdMemberFactory(case=case)
    assert officer_client.get(reverse("casework:member_remove", args=[member.pk])).status_code == 405
    assert HouseholdMember.objects.filter(pk=member.pk).exists()


def test_household_of_a_case_out_of_scope_cannot_be_changed(client, case):
    member = HouseholdMemberFactory(case=case)
    client.force_login(officer_in(PreventionTeamFactory()))
    assert client.post(reverse("casework:member_remove", args=[member.pk])).status_code == 404
    assert client.get(reverse("casework:member_edit", args=[member.pk])).status_code == 404
    assert HouseholdMember.objects.filter(pk=member.pk).exists()


# ---------------------------------------------------------------- contact log


def test_logging_a_contact(officer_client, case, officer):
    response = officer_client.post(
        reverse("casework:contact_add", args=[case.pk]),
        {
            "happened_on": "2026-12-01",
            "happened_time": "09:15",
            "method": "phone",
            "direction": "in",
            "with_whom": "",
            "summary": "They rang to say the landlord has been round again.",
        },
    )
    assert response.status_code == 302
    assert response.url == f"{case.get_absolute_url()}#contacts"
    contact = case.contacts.get()
    assert contact.happened_at == datetime(2026, 12, 1, 9, 15, tzinfo=LONDON)
    assert (contact.method, contact.direction, contact.by) == ("phone", "in", officer)


def test_contact_times_are_london_time_in_summer(officer_client, case):
    officer_client.post(
        reverse("casework:contact_add", args=[case.pk]),
        {"happened_on": "2026-07-01", "happened_time": "09:15", "method": "phone", "direction": "out", "summary": "x"},
    )
    assert case.contacts.get().happened_at == datetime(2026, 7, 1, 8, 15, tzinfo=UTC)


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"happened_time": "12:01"}, "happened_on", "cannot be in the future"),
        ({"happened_on": "2026-12-02"}, "happened_on", "cannot be in the future"),
        ({"happened_time": "25:00"}, "happened_time", "Enter a time"),
        ({"method": ""}, "method", "Say how the contact happened"),
        ({"summary": ""}, "summary", "Write a short summary"),
    ],
)
def test_bad_contacts_are_refused_and_nothing_saved(officer_client, case, data, field, message):
    base = {
        "happened_on": "2026-12-01",
        "happened_time": "11:00",
        "method": "email",
        "direction": "out",
        "summary": "x",
    }
    response = officer_client.post(reverse("casework:contact_add", args=[case.pk]), {**base, **data})
    assert response.status_code == 200
    assert message in errors(response, field)
    assert not ContactLog.objects.exists()


def test_the_contact_log_lists_newest_first_a_page_at_a_time(officer_client, case, django_assert_max_num_queries):
    for hours in range(30):
        ContactLogFactory(case=case, happened_at=NOW - timedelta(hours=hours), summary=f"Contact {hours}")
    with django_assert_max_num_queries(14):
        response = officer_client.get(reverse("casework:contact_list", args=[case.pk]))
    shown = [c.summary for c in response.context["contacts"]]
    assert shown[:3] == ["Contact 0", "Contact 1", "Contact 2"] and len(shown) == 25
    page_2 = officer_client.get(reverse("casework:contact_list", args=[case.pk]), {"page": 2})
    assert [c.summary for c in page_2.context["contacts"]] == [f"Contact {h}" for h in range(25, 30)]


def test_the_case_page_shows_the_latest_five_contacts(officer_client, case):
    for hours in range(7):
        ContactLogFactory(case=case, happened_at=NOW - timedelta(hours=hours), summary=f"Contact number {hours}")
    html = officer_client.get(case.get_absolute_url()).content.decode()
    assert all(f"Contact number {h}" in html for h in range(5))
    assert "Contact number 5" not in html and "Contact number 6" not in html
    assert reverse("casework:contact_list", args=[case.pk]) in html


def test_support_workers_named_on_the_case_do_not_see_the_log_or_household(client, case):
    ContactLogFactory(case=case, summary="Private contact note")
    HouseholdMemberFactory(case=case, name="Riley Child")
    worker = UserFactory(role=roles.SUPPORT_WORKER)
    case.named_workers.add(worker)
    client.force_login(worker)
    html = client.get(case.get_absolute_url()).content.decode()
    assert "Private contact note" not in html and "Riley Child" not in html
    assert client.get(reverse("casework:contact_list", args=[case.pk])).status_code == 403


# ---------------------------------------------------------------- referrals to support services


REFERRAL = {
    "service": "mental_health",
    "organisation": "Anytown Talking Therapies",
    "referred_on": "2026-12-01",
    "consent_given": "on",
    "consent_how": "Verbally, on the phone",
    "notes": "",
}


def test_a_referral_records_the_consent_with_it(officer_client, case, officer):
    response = officer_client.post(reverse("casework:service_referral_add", args=[case.pk]), REFERRAL)
    assert response.status_code == 302
    assert response.url == f"{case.get_absolute_url()}#service_referrals"
    referral = ServiceReferral.objects.get()
    consent = referral.consent
    assert (consent.person, consent.purpose, consent.given, consent.how, consent.recorded_by) == (
        case.person,
        Consent.Purpose.SHARE_WITH_SUPPORT,
        True,
        "Verbally, on the phone",
        officer,
    )
    assert (referral.case, referral.status, referral.by) == (case, ServiceReferral.Status.MADE, officer)


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"consent_given": ""}, "consent_given", "We can only refer someone who has agreed"),
        ({"consent_how": " "}, "consent_how", "Say how they agreed"),
        ({"referred_on": "2026-12-02"}, "referred_on", "cannot be in the future"),
        ({"organisation": ""}, "organisation", "Give the name of the organisation"),
        ({"service": ""}, "service", "Choose the kind of service"),
    ],
)
def test_bad_referrals_are_refused_and_nothing_saved(officer_client, case, data, field, message):
    response = officer_client.post(reverse("casework:service_referral_add", args=[case.pk]), {**REFERRAL, **data})
    assert response.status_code == 200
    assert message in errors(response, field)
    assert not ServiceReferral.objects.exists()
    assert not Consent.objects.filter(purpose=Consent.Purpose.SHARE_WITH_SUPPORT).exists()


def test_a_referral_that_fails_leaves_no_consent_behind(case, officer):
    with pytest.raises(ValidationError):
        services.service_referral_add(
            case=case, by=officer, service="not-a-service", organisation="X", consent_given=True, consent_how="Verbally"
        )
    assert not Consent.objects.filter(purpose=Consent.Purpose.SHARE_WITH_SUPPORT).exists()
    assert not ServiceReferral.objects.exists()


def test_updating_a_referrals_status(officer_client, case):
    referral = ServiceReferralFactory(case=case, referred_on=TODAY - timedelta(days=7))
    url = reverse("casework:service_referral_update", args=[referral.pk])
    assert officer_client.get(url).status_code == 200
    response = officer_client.post(
        url, {"status": "engaging", "status_updated_on": "2026-11-30", "notes": "Week 1 done"}
    )
    assert response.status_code == 302
    assert response.url == f"{case.get_absolute_url()}#service_referrals"
    referral.refresh_from_db()
    assert (referral.status, referral.status_updated_on, referral.notes) == (
        "engaging",
        date(2026, 11, 30),
        "Week 1 done",
    )


def test_a_status_dated_before_the_referral_is_refused(officer_client, case):
    referral = ServiceReferralFactory(case=case, referred_on=TODAY)
    response = officer_client.post(
        reverse("casework:service_referral_update", args=[referral.pk]),
        {"status": "accepted", "status_updated_on": "2026-11-30"},
    )
    assert "before the referral was made" in errors(response, "status_updated_on")
    referral.refresh_from_db()
    assert referral.status == "made"


# ---------------------------------------------------------------- documents


def upload(client, case, name, content, title="Section 21 notice"):
    return client.post(
        reverse("casework:document_upload", args=[case.pk]),
        {"title": title, "file": SimpleUploadedFile(name, content)},
    )


@pytest.mark.parametrize("name, content", [("notice.pdf", PDF), ("photo.PNG", PNG), ("letter.docx", b"PK\x03\x04xx")])
def test_uploading_and_downloading_a_document(officer_client, case, officer, media, name, content):
    response = upload(officer_client, case, name, content)
    assert response.status_code == 302
    assert response.url == f"{case.get_absolute_url()}#documents"
    document = CaseDocument.objects.get()
    assert document.uploaded_by == officer
    assert (media / document.file.name).read_bytes() == content
    download = officer_client.get(reverse("casework:document_download", args=[document.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == content
    assert "attachment" in download["Content-Disposition"]
    assert "Section 21 notice" in download["Content-Disposition"]
    assert download["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("program.exe", b"MZ\x90\x00", "This type of file cannot be kept with a case"),
        ("page.html", b"<html></html>", "This type of file cannot be kept with a case"),
        ("renamed.pdf", b"MZ\x90\x00 not a pdf", "does not look like a PDF file"),
        ("nothing.pdf", b"", "The file is empty"),
    ],
)
def test_documents_of_the_wrong_kind_are_refused(officer_client, case, media, name, content, message):
    response = upload(officer_client, case, name, content)
    assert response.status_code == 200
    assert message in errors(response, "file")
    assert not CaseDocument.objects.exists()
    assert not list(media.rglob("*.*"))


def test_documents_over_10_mb_are_refused(officer_client, case):
    response = upload(officer_client, case, "big.pdf", PDF + b"0" * (10 * 1024 * 1024))
    assert "larger than 10 MB" in errors(response, "file")
    assert not CaseDocument.objects.exists()


def test_a_document_of_exactly_10_mb_is_accepted(case, officer):
    content = PDF + b"0" * (10 * 1024 * 1024 - len(PDF))
    document = services.document_upload(case=case, by=officer, title="Scan", file=SimpleUploadedFile("s.pdf", content))
    assert document.file.size == 10 * 1024 * 1024


def test_documents_download_only_within_the_case_scope(client, case, officer):
    document = services.document_upload(
        case=case, by=officer, title="Payslip", file=SimpleUploadedFile("payslip.pdf", PDF)
    )
    url = reverse("casework:document_download", args=[document.pk])
    client.force_login(officer_in(PreventionTeamFactory()))
    assert client.get(url).status_code == 404
    worker = UserFactory(role=roles.SUPPORT_WORKER)
    case.named_workers.add(worker)
    client.force_login(worker)
    assert client.get(url).status_code == 403


# ---------------------------------------------------------------- the case page sections


def section_queries(name, user_pk, case) -> int:
    section = {s.name: s for s in sections.sections()}[name]
    user = User.objects.get(pk=user_pk)
    case = Case.objects.with_person().get(pk=case.pk)
    request = RequestFactory().get(case.get_absolute_url())
    request.user = user
    with CaptureQueriesContext(connection) as queries:
        extra = section.context(request, case)
        render_to_string(section.template, {"case": case, "today": TODAY, **extra}, request=request)
    return len(queries)


def add_rows(name, case, officer, count):
    for n in range(count):
        if name == "household":
            HouseholdMemberFactory(case=case)
        elif name == "contacts":
            ContactLogFactory(case=case, by=UserFactory(), happened_at=NOW - timedelta(hours=n))
        elif name == "service_referrals":
            ServiceReferralFactory(case=case, by=UserFactory())
        else:
            services.document_upload(
                case=case, by=UserFactory(), title=f"Doc {n}", file=SimpleUploadedFile(f"d{n}.pdf", PDF)
            )


@pytest.mark.parametrize("name", ["household", "contacts", "service_referrals", "documents"])
def test_each_section_runs_a_fixed_number_of_queries(case, officer, name, django_assert_max_num_queries):
    add_rows(name, case, officer, 1)
    one = section_queries(name, officer.pk, case)
    add_rows(name, case, officer, 7)
    assert section_queries(name, officer.pk, case) == one
    assert one <= 7


def test_the_case_page_shows_every_section_with_its_links(officer_client, case, officer):
    HouseholdMemberFactory(case=case, name="Riley Child", date_of_birth=date(2019, 5, 4))
    ServiceReferralFactory(case=case, organisation="Anytown Talking Therapies")
    services.document_upload(case=case, by=officer, title="Section 21 notice", file=SimpleUploadedFile("n.pdf", PDF))
    html = officer_client.get(case.get_absolute_url()).content.decode()
    for heading in ["Household", "Safeguarding", "Contact log", "Referrals to support services", "Documents"]:
        assert f">{heading}</h2>" in html
    assert "Riley Child" in html and "(age 7)" in html
    assert "Anytown Talking Therapies" in html and "Section 21 notice" in html
    for name in ["member_add", "contact_add", "service_referral_add", "document_upload", "safeguarding_create"]:
        assert reverse(f"casework:{name}", args=[case.pk]) in html
