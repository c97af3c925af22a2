"""Housing Benefit claims are managed from the rent account, and their status shows on the resident's page."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts import roles
from rents.models import HousingBenefitClaim
from rents.services import hb
from tests.accounts.factories import UserFactory
from tests.rents.factories import RentAccountFactory, account_for
from tests.tenancies.factories import SchemeFactory

D = Decimal
pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
YESTERDAY = TODAY - datetime.timedelta(days=1)


@pytest.fixture
def worker():
    return UserFactory(role=roles.HOUSING_WORKER)


def _claim(account, reference="HB100", **kwargs):
    return hb.claim_create(account=account, claim_reference=reference, starts_on=account.charging_from, **kwargs)


def test_claim_update_corrects_the_details_and_keeps_history():
    account = RentAccountFactory()
    claim = _claim(account)
    _claim(account, "HB200")
    with pytest.raises(ValidationError, match="already recorded"):
        hb.claim_update(
            claim=claim,
            claim_reference="hb200",
            starts_on=claim.starts_on,
            status="pending",
            weekly_award=D("0"),
            covers=["core_rent"],
        )
    with pytest.raises(ValidationError, match="only covers"):
        hb.claim_update(
            claim=claim, claim_reference="HB100", starts_on=claim.starts_on, status="awarded",
            weekly_award=D("80"), covers=["support"],
        )  # fmt: skip
    hb.claim_update(
        claim=claim,
        claim_reference=" hb101 ",
        starts_on=claim.starts_on,
        ends_on=claim.starts_on + datetime.timedelta(days=90),
        status="awarded",
        weekly_award=D("80.00"),
        covers=["core_rent"],
    )
    claim.refresh_from_db()
    assert (claim.claim_reference, claim.status, claim.weekly_award, claim.covers) == (
        "HB101",
        "awarded",
        D("80.00"),
        ["core_rent"],
    )
    assert claim.history.count() == 2


def test_worker_adds_a_claim_from_the_account_page_and_records_its_status(client, worker):
    account = account_for(worker)
    client.force_login(worker)
    detail = reverse("rents:account_detail", args=[account.pk])
    create = reverse("rents:hb_claim_create", args=[account.pk])
    html = client.get(detail).content.decode()
    assert create in html and "No Housing Benefit claim is recorded" in html
    form = client.get(create).context["form"]
    assert form["status"].value() == "pending" and form["covers"].value() == ["core_rent", "eligible_service"]
    response = client.post(
        create,
        {"claim_reference": "lcc-778", "status": "pending", "weekly_award": "0", "covers": ["core_rent",
         "eligible_service"], "starts_on": TODAY.isoformat(), "ends_on": ""},
    )  # fmt: skip
    assert response.status_code == 302 and response.url == detail + "#housing-benefit"
    claim = HousingBenefitClaim.objects.get(account=account)
    assert (claim.claim_reference, claim.status, claim.history.first().history_user) == ("LCC-778", "pending", worker)
    html = client.get(detail).content.decode()
    assert "LCC-778" in html and "Pending" in html
    status_url = reverse("rents:hb_claim_status", args=[claim.pk])
    assert status_url in html and reverse("rents:hb_claim_edit", args=[claim.pk]) in html

    response = client.post(status_url, {"status": "awarded", "weekly_award": "84.50"})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.status, claim.weekly_award) == ("awarded", D("84.50"))
    response = client.post(status_url, {"status": "suspended", "weekly_award": ""})
    claim.refresh_from_db()
    assert (claim.status, claim.weekly_award) == ("suspended", D("84.50"))  # a blank award keeps it


def test_bad_claims_re_render_the_form_and_save_nothing(client, worker):
    account = account_for(worker)
    _claim(account_for(worker), "TAKEN1")
    client.force_login(worker)
    create = reverse("rents:hb_claim_create", args=[account.pk])
    base = {"claim_reference": "NEW1", "status": "pending", "weekly_award": "0", "covers": ["core_rent"]}
    for data, field in [
        ({**base, "starts_on": TODAY.isoformat(), "covers": ["support"]}, "covers"),
        ({**base, "starts_on": "soon"}, "starts_on"),
        ({**base, "starts_on": TODAY.isoformat(), "weekly_award": "-5"}, "weekly_award"),
        ({**base, "starts_on": TODAY.isoformat(), "ends_on": YESTERDAY.isoformat()}, "ends_on"),
        ({**base, "starts_on": TODAY.isoformat(), "claim_reference": "taken1"}, "claim_reference"),
    ]:
        response = client.post(create, data)
        assert response.status_code == 200, field
        assert field in response.context["form"].errors, field
    assert not account.hb_claims.exists()


def test_editing_a_claim_changes_its_details(client, worker):
    account = account_for(worker)
    claim = _claim(account)
    client.force_login(worker)
    url = reverse("rents:hb_claim_edit", args=[claim.pk])
    response = client.get(url)
    assert response.status_code == 200 and 'value="HB100"' in response.content.decode()
    response = client.post(
        url,
        {"claim_reference": "HB100", "status": "awarded", "weekly_award": "70.00", "covers": ["core_rent"],
         "starts_on": claim.starts_on.isoformat(), "ends_on": ""},
    )  # fmt: skip
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.status, claim.weekly_award, claim.covers) == ("awarded", D("70.00"), ["core_rent"])


def test_claims_outside_the_workers_schemes_are_404(client, worker):
    other = account_for(None, scheme=SchemeFactory())
    claim = _claim(other)
    client.force_login(worker)
    assert client.get(reverse("rents:hb_claim_create", args=[other.pk])).status_code == 404
    assert client.get(reverse("rents:hb_claim_edit", args=[claim.pk])).status_code == 404
    assert client.post(reverse("rents:hb_claim_status", args=[claim.pk]), {"status": "awarded"}).status_code == 404
    claim.refresh_from_db()
    assert claim.status == "pending"


def test_a_support_worker_sees_the_claim_status_on_the_residents_page_but_cannot_change_it(client, worker):
    account = account_for(worker)
    claim = _claim(account, "HB555", status="awarded", weekly_award=D("84.00"))
    support = UserFactory(role=roles.SUPPORT_WORKER)
    person = account.agreement.person
    person.key_support_worker = support
    person.save(update_fields=["key_support_worker"])
    for user, can_change in [(worker, True), (support, False)]:
        client.force_login(user)
        response = client.get(reverse("tenancies:resident_detail", args=[person.pk]))
        html = response.content.decode()
        assert response.status_code == 200
        assert "Claim HB555: <strong>Awarded</strong>, £84.00 a week" in html
        assert (reverse("rents:hb_claim_status", args=[claim.pk]) in html) is can_change
    assert client.get(reverse("rents:hb_claim_status", args=[claim.pk])).status_code == 403
