"""Merging two records for one person (people.services.person_merge): every link moves, history stays."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from casework.models import Case
from core.models import AccessLog
from core.services import record_access
from people import services
from people.models import Consent, DuplicateCheck, Person, PersonMerge
from tests.accounts.factories import UserFactory
from tests.casework.factories import CaseFactory, ReferralFactory
from tests.people.factories import ConsentFactory, PersonFactory, SupportNeedFactory
from tests.tenancies.factories import AgreementFactory, HouseMeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin():
    return UserFactory(is_superuser=True, is_staff=True, full_name="Ada Admin")


def test_merge_moves_every_link_and_keeps_history(admin):
    keep = PersonFactory(legal_name="Jade Wilson", phone="", date_of_birth=datetime.date(1998, 3, 14))
    merge = PersonFactory(legal_name="Jayde Wilson", phone="07700 900123", date_of_birth=keep.date_of_birth)
    merge_id = merge.pk
    case = CaseFactory(person=merge)
    referral = ReferralFactory(person=merge)
    need = SupportNeedFactory(person=merge)
    consent = ConsentFactory(person=merge)
    agreement = AgreementFactory(person=merge)
    both_at = HouseMeetingFactory()
    both_at.residents_present.add(keep, merge)
    only_merge_at = HouseMeetingFactory()
    only_merge_at.residents_present.add(merge)
    DuplicateCheck.objects.create(person=merge, looked_like=keep, reason="Different spelling", checked_by=admin)
    history_before = Person.history.filter(id=merge_id).count()

    record = services.person_merge(keep=keep, merge=merge, by=admin)

    assert not Person.objects.filter(pk=merge_id).exists()
    for obj in (case, referral, need, consent, agreement):
        obj.refresh_from_db()
        assert obj.person_id == keep.pk, obj
    assert list(both_at.residents_present.all()) == [keep]
    assert list(only_merge_at.residents_present.all()) == [keep]
    assert DuplicateCheck.objects.get().person == keep
    keep.refresh_from_db()
    assert keep.phone == "07700 900123"  # a blank on the kept record is filled from the merged one
    assert Person.history.filter(id=merge_id).count() == history_before + 1  # kept, plus the deletion
    assert keep.history.first().history_change_reason.startswith(f"Merged with record #{merge_id}")
    assert keep.history.first().history_user == admin
    assert record == PersonMerge.objects.get()
    assert (record.kept, record.merged_id, record.merged_name, record.merged_by) == (
        keep,
        merge_id,
        "Jayde Wilson",
        admin,
    )
    assert record.links_moved["casework.Case.person"] == 1
    assert record.links_moved["tenancies.Agreement.person"] == 1
    assert record.merged_details["phone"] == "07700 900123"


def test_merge_moves_who_read_the_record_and_the_history_of_linked_records(admin):
    keep = PersonFactory(legal_name="Jade Wilson")
    merge = PersonFactory(legal_name="Jayde Wilson")
    merge_id = merge.pk
    consent = ConsentFactory(person=merge)
    consent.how = "In writing"
    consent.save()  # a second history row
    CaseFactory(person=merge)
    reader = UserFactory(full_name="Rita Reader")
    record_access(user=reader, obj=merge, what="support needs and risks")
    record_access(user=reader, obj=keep, what="support needs and risks")

    record = services.person_merge(keep=keep, merge=merge, by=admin)

    assert [log.user for log in AccessLog.objects.for_object(keep)] == [reader, reader]
    assert not AccessLog.objects.filter(object_id=merge_id, content_type__model="person").exists()
    assert Consent.history.filter(id=consent.pk, person_id=keep.pk).count() == 2
    assert not Consent.history.filter(person_id=merge_id).exists()
    assert not Case.history.filter(person_id=merge_id).exists()
    assert record.links_moved["core.AccessLog.object_id"] == 1
    assert record.links_moved["people.HistoricalConsent.person"] == 2
    assert record.links_moved["casework.HistoricalCase.person"] >= 1
    assert Person.history.filter(id=merge_id).exists()  # the merged record's own history keeps its id


def test_the_kept_records_history_page_shows_the_merged_records_history(client, admin):
    keep = PersonFactory(legal_name="Jade Wilson", phone="07700 900111")
    merge = PersonFactory(legal_name="Jayde Wilson", phone="07700 900222")
    merge_id = merge.pk
    merge._change_reason = "She changed her number"
    merge.phone = "07700 900333"
    merge.save()
    services.person_merge(keep=keep, merge=merge, by=admin)

    client.force_login(admin)
    html = client.get(reverse("core:history", args=["people", "person", keep.pk])).content.decode()

    assert "Reason: She changed her number" in html
    assert "07700 900222" in html and "07700 900333" in html
    assert f"On the record of Jayde Wilson (#{merge_id}), since merged into this one." in html
    assert "07700 900111" not in html.split("She changed her number")[0].split("Merged with")[-1]


def test_a_record_cannot_be_merged_with_itself(admin):
    person = PersonFactory()
    with pytest.raises(ValidationError):
        services.person_merge(keep=person, merge=person, by=admin)
    assert Person.objects.filter(pk=person.pk).exists()


def test_duplicate_check_needs_a_reason(admin):
    new, known = PersonFactory(), PersonFactory()
    with pytest.raises(ValidationError) as error:
        services.duplicate_check_record(person=new, looked_like=[known], reason="  ", by=admin)
    assert "not_duplicate_reason" in error.value.message_dict
    assert not DuplicateCheck.objects.exists()


def test_an_administrator_merges_two_records_from_the_admin_after_confirming(client, admin):
    from django.urls import reverse

    keep = PersonFactory(legal_name="Jade Wilson")
    merge = PersonFactory(legal_name="Jayde Wilson")
    CaseFactory(person=merge)
    client.force_login(admin)
    url = reverse("admin:people_person_changelist")
    chosen = {"action": "merge_people", "_selected_action": [keep.pk, merge.pk]}
    page = client.post(url, chosen)
    assert page.status_code == 200 and b"Which record to keep" in page.content
    assert Person.objects.count() == 2
    response = client.post(url, {**chosen, "confirm": "yes", "keep": keep.pk})
    assert response.status_code == 302
    assert list(Person.objects.all()) == [keep]
    assert keep.homelessness_cases.count() == 1
    assert PersonMerge.objects.get().merged_by == admin


def test_a_worker_without_delete_rights_cannot_merge(client):
    from django.urls import reverse

    from accounts import roles

    worker = UserFactory(role=roles.HOUSING_WORKER, is_staff=True)
    people = [PersonFactory(), PersonFactory()]
    client.force_login(worker)
    client.post(
        reverse("admin:people_person_changelist"),
        {"action": "merge_people", "_selected_action": [p.pk for p in people], "confirm": "yes", "keep": people[0].pk},
    )
    assert Person.objects.count() == 2 and not PersonMerge.objects.exists()
