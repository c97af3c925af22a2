import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from rents.models import HousingBenefitClaim, ImportBatch, ImportRow, LedgerEntry
from rents.services import hb, imports, ledger
from tests.rents.factories import RentAccountFactory, account_for
from tests.tenancies.factories import SchemeFactory

D = Decimal
pytestmark = pytest.mark.django_db
HB = ImportBatch.Kind.HB_SCHEDULE
PAY = ImportBatch.Kind.PAYMENTS
HEADER = "claim_reference,resident_name,period_from,period_to,amount\n"


def claim_on(account, reference="HB000001", award=None, **kwargs):
    kwargs.setdefault("status", HousingBenefitClaim.Status.AWARDED)
    return hb.claim_create(
        account=account,
        claim_reference=reference,
        weekly_award=award or D("120.00"),
        starts_on=account.charging_from,
        **kwargs,
    )


def resident_name(account):
    return account.name.split(",")[0]


def hb_file(*lines):
    return (HEADER + "\n".join(lines) + "\n").encode()


def pay_file(*lines):
    return ("date,reference,amount\n" + "\n".join(lines) + "\n").encode()


@pytest.fixture
def account(housing_worker):
    return account_for(housing_worker)


# ---------------------------------------------------------------- HB schedules


def test_matched_hb_rows_post_as_housing_benefit_credits(account, housing_worker):
    claim_on(account)
    batch = imports.import_file(
        kind=HB,
        filename="hb.csv",
        content=hb_file(f"HB000001,{resident_name(account)},2026-04-06,2026-04-19,240.00"),
        by=housing_worker,
    )
    assert batch.status == ImportBatch.Status.POSTED
    assert (batch.row_count, batch.posted_count) == (1, 1)
    entry = LedgerEntry.objects.get(account=account)
    assert entry.kind == "payment" and entry.method == "housing_benefit"
    assert entry.amount == D("-240.00")
    assert entry.reference == "HB:HB000001:2026-04-06:2026-04-19"
    account.refresh_from_db()
    assert account.balance == D("-240.00")


def test_negative_amounts_post_as_overpayment_recovery_adjustments(account, housing_worker):
    claim_on(account)
    imports.import_file(
        kind=HB,
        filename="hb.csv",
        content=hb_file(f"HB000001,{resident_name(account)},2026-03-02,2026-03-08,-20.00"),
        by=housing_worker,
    )
    entry = LedgerEntry.objects.get(account=account)
    assert entry.kind == "adjustment" and entry.amount == D("20.00")
    assert "overpayment recovery" in entry.reason


def test_one_malformed_row_rejects_the_whole_file_with_per_row_errors(account, housing_worker):
    claim_on(account)
    name = resident_name(account)
    content = hb_file(
        f"HB000001,{name},2026-04-06,2026-04-19,240.00",
        f"HB000001,{name},2026-13-01,2026-04-19,240.00",
        f"HB000001,{name},2026-04-20,2026-04-26,lots",
        f"HB000001,{name},2026-05-10,2026-05-01,10.00",
        f"HB000001,{name},2026-05-11,2026-05-17,10.005",
        "HB000001,too,few",
    )
    with pytest.raises(imports.ImportRejected) as caught:
        imports.import_file(kind=HB, filename="hb.csv", content=content, by=housing_worker)
    lines = {error.line: error.message for error in caught.value.errors}
    assert set(lines) == {3, 4, 5, 6, 7}
    assert "not a date" in lines[3]
    assert "not a number" in lines[4]
    assert "before period_from" in lines[5]
    assert "2 decimal places" in lines[6]
    assert "columns" in lines[7]
    assert not LedgerEntry.objects.exists()
    assert not ImportBatch.objects.exists()


def test_wrong_columns_are_refused():
    with pytest.raises(imports.ImportRejected, match="columns must be"):
        imports.import_file(kind=HB, filename="x.csv", content=pay_file("2026-04-01,RA1,1.00"), by=None)
    with pytest.raises(imports.ImportRejected, match="empty"):
        imports.import_file(kind=PAY, filename="x.csv", content=b"", by=None)
    with pytest.raises(imports.ImportRejected, match="UTF-8"):
        imports.import_file(kind=PAY, filename="x.csv", content=b"date,reference,amount\n\xff\xfe,1,2\n", by=None)


def test_headers_are_case_insensitive_and_a_bom_is_allowed(account):
    content = b"\xef\xbb\xbfDate,REFERENCE, Amount \n" + f"01/05/2026,{account.reference},10.00\n".encode()
    batch = imports.import_file(kind=PAY, filename="x.csv", content=content, by=None)
    assert batch.posted_count == 1


def test_the_same_file_twice_is_refused_with_who_and_when(account, housing_worker):
    content = pay_file(f"2026-05-01,{account.reference},10.00")
    imports.import_file(kind=PAY, filename="pay.csv", content=content, by=housing_worker)
    with pytest.raises(imports.ImportRejected, match=r"This file was already imported on .* by"):
        imports.import_file(kind=PAY, filename="again.csv", content=content, by=housing_worker)
    assert LedgerEntry.objects.count() == 1


def test_the_same_rows_in_a_new_file_post_nothing_twice(account, housing_worker):
    claim_on(account)
    row = f"HB000001,{resident_name(account)},2026-04-06,2026-04-19,240.00"
    imports.import_file(kind=HB, filename="a.csv", content=hb_file(row), by=housing_worker)
    with pytest.raises(imports.ImportRejected) as caught:
        imports.import_file(
            kind=HB,
            filename="b.csv",
            content=hb_file(row, f"HB000001,{resident_name(account)},2026-04-20,2026-05-03,240.00"),
            by=housing_worker,
        )
    assert [error.line for error in caught.value.errors] == [2]
    assert "already imported from a.csv" in caught.value.errors[0].message
    assert LedgerEntry.objects.count() == 1


def test_repeated_hb_rows_within_a_file_are_refused(account):
    claim_on(account)
    row = f"HB000001,{resident_name(account)},2026-04-06,2026-04-19,240.00"
    with pytest.raises(imports.ImportRejected, match="repeats line 2"):
        imports.import_file(kind=HB, filename="a.csv", content=hb_file(row, row), by=None)


def test_unknown_claim_reference_is_held_then_resolved_posts_once(account, housing_worker):
    batch = imports.import_file(
        kind=HB, filename="hb.csv", content=hb_file("HB404,Somebody,2026-04-06,2026-04-19,240.00"), by=housing_worker
    )
    row = batch.rows.get()
    assert row.status == ImportRow.Status.UNMATCHED and batch.status == ImportBatch.Status.NEEDS_REVIEW
    assert not LedgerEntry.objects.exists()
    imports.row_resolve(row=row, post=True, account=account, by=housing_worker)
    row.refresh_from_db()
    batch.refresh_from_db()
    assert row.status == ImportRow.Status.RESOLVED and row.entry.amount == D("-240.00")
    assert batch.status == ImportBatch.Status.POSTED and batch.posted_count == 1
    with pytest.raises(ValidationError, match="already been dealt with"):
        imports.row_resolve(row=row, post=True, account=account, by=housing_worker)
    assert LedgerEntry.objects.count() == 1


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("HB000001,Someone Else,2026-04-06,2026-04-19,240.00", "does not match"),
        ("HB000001,{name},2026-04-06,2026-04-19,400.00", "more than 10%"),
        ("HB000001,{name},2026-04-06,2026-04-19,240.00", "overlaps"),
    ],
)
def test_suspicious_rows_are_held_and_can_be_confirmed_or_skipped(account, housing_worker, line, problem):
    claim_on(account)
    name = resident_name(account)
    imports.import_file(
        kind=HB, filename="first.csv", content=hb_file(f"HB000001,{name},2026-03-30,2026-04-12,240.00"), by=None
    )
    batch = imports.import_file(kind=HB, filename="second.csv", content=hb_file(line.format(name=name)), by=None)
    row = batch.rows.get()
    assert row.status == ImportRow.Status.SUSPICIOUS and problem in row.problem
    assert LedgerEntry.objects.count() == 1
    with pytest.raises(ValidationError, match="Say why"):
        imports.row_resolve(row=row, post=False, by=housing_worker)
    imports.row_resolve(row=row, post=False, note="Council confirmed this is wrong", by=housing_worker)
    row.refresh_from_db()
    assert row.status == ImportRow.Status.SKIPPED and row.entry is None
    assert LedgerEntry.objects.count() == 1


def test_a_claim_that_is_not_awarded_makes_its_rows_suspicious(account):
    claim_on(account, status=HousingBenefitClaim.Status.SUSPENDED)
    batch = imports.import_file(
        kind=HB,
        filename="a.csv",
        content=hb_file(f"HB000001,{resident_name(account)},2026-04-06,2026-04-19,240.00"),
        by=None,
    )
    assert "suspended" in batch.rows.get().problem


# ---------------------------------------------------------------- payment files


def test_payments_match_by_account_reference_ignoring_case_and_spaces(account):
    spaced = account.reference.lower()[:2] + " " + account.reference[2:]
    batch = imports.import_file(
        kind=PAY,
        filename="bank.csv",
        content=pay_file(f"2026-05-01,{spaced},12.00", f"2026-05-01,{account.reference},12.00"),
        by=None,
    )
    assert batch.posted_count == 2  # two equal payments on one day are both real
    entries = LedgerEntry.objects.filter(account=account).order_by("pk")
    assert [e.method for e in entries] == ["payment_file", "payment_file"]
    assert [e.posted_on for e in entries] == [datetime.date(2026, 5, 1)] * 2
    assert entries[0].reference != entries[1].reference


def test_a_payment_already_posted_from_another_file_rejects_the_file(account):
    imports.import_file(kind=PAY, filename="a.csv", content=pay_file(f"2026-05-01,{account.reference},12.00"), by=None)
    content = pay_file(f"2026-05-01,{account.reference},12.00", f"2026-05-02,{account.reference},5.00")
    with pytest.raises(imports.ImportRejected) as caught:
        imports.import_file(kind=PAY, filename="b.csv", content=content, by=None)
    assert [error.line for error in caught.value.errors] == [2]
    assert LedgerEntry.objects.count() == 1


def test_negative_and_zero_payments_are_malformed(account):
    with pytest.raises(imports.ImportRejected) as caught:
        imports.import_file(
            kind=PAY,
            filename="a.csv",
            content=pay_file(f"2026-05-01,{account.reference},-1.00", f"2026-05-01,{account.reference},0"),
            by=None,
        )
    assert [error.line for error in caught.value.errors] == [2, 3]


def test_a_held_row_already_posted_elsewhere_cannot_be_posted_again(account, housing_worker):
    first = imports.import_file(kind=PAY, filename="a.csv", content=pay_file("2026-05-01,NOPE1,12.00"), by=None)
    held = first.rows.get()
    ledger.payment_post(
        account=account,
        amount=D("12.00"),
        method="payment_file",
        received_on=datetime.date(2026, 5, 1),
        reference=held.key,
        by=None,
    )
    with pytest.raises(ValidationError, match="already been posted"):
        imports.row_resolve(row=held, post=True, account=account, by=housing_worker)


# ---------------------------------------------------------------- commands


def test_import_payments_command_posts_and_exits_zero(account, tmp_path, capsys):
    path = tmp_path / "bank.csv"
    path.write_bytes(pay_file(f"2026-05-01,{account.reference},12.00"))
    call_command("import_payments", str(path))
    assert "1 of 1 rows posted" in capsys.readouterr().out
    with pytest.raises(CommandError, match="was not imported"):
        call_command("import_payments", str(path))
    assert "already imported" in capsys.readouterr().err


def test_import_hb_schedule_command_prints_row_errors_and_fails(tmp_path, capsys):
    path = tmp_path / "hb.csv"
    path.write_bytes(hb_file("HB1,Someone,2026-04-06,not-a-date,10.00"))
    with pytest.raises(CommandError):
        call_command("import_hb_schedule", str(path))
    assert "Line 2: period_to" in capsys.readouterr().err
    assert not LedgerEntry.objects.exists()


def test_the_sample_files_parse():
    from pathlib import Path

    samples = Path(imports.__file__).parents[1] / "samples"
    assert len(imports.parse(HB, (samples / "hb_schedule_sample.csv").read_bytes())) == 5
    assert len(imports.parse(PAY, (samples / "payments_sample.csv").read_bytes())) == 5


# ---------------------------------------------------------------- pages


def test_upload_page_shows_a_table_of_row_errors_and_posts_nothing(worker_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("bad.csv", pay_file("2026-05-01,RA1,abc", "yesterday,RA1,1.00"), "text/csv")
    response = worker_client.post(reverse("rents:import_upload_payments"), {"file": upload})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Problems in the file" in html and "not a number" in html and "not a date" in html
    assert not ImportBatch.objects.exists()


def test_upload_then_resolve_an_unmatched_row_through_the_pages(worker_client, account):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("bank.csv", pay_file("2026-05-01,WRONGREF,12.00"), "text/csv")
    response = worker_client.post(reverse("rents:import_upload_payments"), {"file": upload})
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response.url == batch.get_absolute_url()
    row = batch.rows.get()
    url = reverse("rents:import_row_resolve", args=[row.pk])
    response = worker_client.post(url, {"decision": "post", "account": "ra999999"})
    assert response.status_code == 200 and "No rent account you work with" in response.content.decode()
    response = worker_client.post(url, {"decision": "post", "account": account.reference.lower()})
    assert response.status_code == 302
    assert LedgerEntry.objects.get().account == account


def test_rows_on_accounts_outside_the_workers_schemes_are_404(worker_client, housing_worker):
    other = account_for(None, scheme=SchemeFactory())
    claim_on(other)
    batch = imports.import_file(
        kind=HB, filename="a.csv", content=hb_file("HB000001,Nobody,2026-04-06,2026-04-19,240.00"), by=None
    )
    row = batch.rows.get()
    assert row.status == ImportRow.Status.SUSPICIOUS
    assert worker_client.get(reverse("rents:import_row_resolve", args=[row.pk])).status_code == 404
    response = worker_client.get(batch.get_absolute_url())
    assert "1 row is on rent accounts you do not work with" in response.content.decode()


def test_support_workers_cannot_post_imports(client, make_user):
    from accounts import roles

    client.force_login(make_user(roles.SUPPORT_WORKER))
    assert client.post(reverse("rents:import_upload_payments"), {}).status_code == 403


def test_batch_page_queries_do_not_grow_with_rows(client, make_user, django_assert_max_num_queries):
    from accounts import roles

    manager = make_user(roles.HOUSING_MANAGER)
    client.force_login(manager)
    accounts = [RentAccountFactory() for _ in range(2)]
    small = imports.import_file(
        kind=PAY,
        filename="s.csv",
        content=pay_file(f"2026-06-01,{accounts[0].reference},1.00", "2026-06-01,NOPE,1.00"),
        by=None,
    )
    big = imports.import_file(
        kind=PAY,
        filename="b.csv",
        content=pay_file(
            *[f"2026-05-0{n % 9 + 1},{accounts[n % 2].reference},{n + 1}.00" for n in range(30)],
            "2026-05-01,NOPE2,1.00",
            "2026-05-01,NOPE3,1.00",
        ),
        by=None,
    )
    with django_assert_max_num_queries(16) as small_queries:
        assert client.get(small.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(len(small_queries.captured_queries)):
        assert client.get(big.get_absolute_url()).status_code == 200


def test_rows_outside_the_uploaders_schemes_are_held_for_a_colleague_who_covers_them(client, make_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from accounts import roles
    from tests.tenancies.factories import cover

    scheme_a, scheme_b = SchemeFactory(), SchemeFactory()
    worker_a, worker_b = make_user(roles.HOUSING_WORKER), make_user(roles.HOUSING_WORKER)
    cover(worker_a, scheme_a)
    cover(worker_b, scheme_b)
    mine, theirs = account_for(None, scheme=scheme_a), account_for(None, scheme=scheme_b)
    content = pay_file(f"2026-04-06,{mine.reference},10.00", f"2026-04-06,{theirs.reference},25.00")
    client.force_login(worker_a)
    response = client.post(
        reverse("rents:import_upload_payments"),
        {"file": SimpleUploadedFile("bank.csv", content, "text/csv")},
    )
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    posted, held = batch.rows.order_by("line_number")
    assert posted.status == ImportRow.Status.POSTED and posted.entry is not None
    assert held.status == ImportRow.Status.SUSPICIOUS and held.entry is None and held.account == theirs
    assert held.problem.startswith(imports.OUT_OF_SCOPE)
    theirs.refresh_from_db()
    assert theirs.balance == D("0.00") and not LedgerEntry.objects.filter(account=theirs).exists()
    assert batch.status == ImportBatch.Status.NEEDS_REVIEW

    # The uploader's report says the row is held, without the other account's details.
    html = client.get(batch.get_absolute_url()).content.decode()
    assert f"Line 3: {imports.OUT_OF_SCOPE}" in html
    assert theirs.reference not in html and theirs.name not in html
    # ...and the uploader cannot resolve it.
    url = reverse("rents:import_row_resolve", args=[held.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"decision": "post"}).status_code == 404

    # A worker covering scheme B sees it and posts it; so could a manager.
    manager = make_user(roles.HOUSING_MANAGER)
    client.force_login(manager)
    assert client.get(url).status_code == 200
    client.force_login(worker_b)
    assert held.pk in [row.pk for row in client.get(batch.get_absolute_url()).context["held"]]
    assert client.post(url, {"decision": "post"}).status_code == 302
    held.refresh_from_db()
    theirs.refresh_from_db()
    assert held.status == ImportRow.Status.RESOLVED and theirs.balance == D("-25.00")


def test_system_imports_post_every_row(make_user):
    other = account_for(None, scheme=SchemeFactory())
    batch = imports.import_file(
        kind=PAY, filename="p.csv", content=pay_file(f"2026-04-06,{other.reference},5.00"), by=None
    )
    assert batch.rows.get().status == ImportRow.Status.POSTED


def test_the_import_command_posts_every_row_even_when_recorded_against_a_user(tmp_path, housing_worker):
    other = account_for(None, scheme=SchemeFactory())
    path = tmp_path / "bank.csv"
    path.write_bytes(pay_file(f"2026-04-06,{other.reference},5.00"))
    call_command("import_payments", str(path), "--by", housing_worker.email)
    assert ImportRow.objects.get().status == ImportRow.Status.POSTED
