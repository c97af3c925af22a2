"""Importing council Housing Benefit schedules and bank / payment-card files into the ledger.

The rules (see docs/imports.md):

* A file is parsed completely before anything is written. One malformed row (wrong columns, a bad
  date, a non-numeric amount, a row that would post a payment twice...) rejects the whole file
  with a list of per-row errors, and nothing is saved.
* A well-formed file is saved and posted in one transaction: matched, clean rows post; unmatched
  and suspicious rows are held until a worker resolves them (`row_resolve`).
* The same file (SHA-256) is imported once per kind. Every row posts with a stable ledger
  reference (its `key`), so the same rows in another file are refused instead of posting twice.
"""

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import dateformat, timezone
from simple_history.utils import bulk_create_with_history

from core.money import format_money

from .. import rules
from ..models import HousingBenefitClaim, ImportBatch, ImportRow, LedgerEntry, RentAccount
from ..scopes import owners
from . import hb
from .ledger import _post

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 50_000
# Dates outside this range are typing errors (and 9999-12-31 overflows date arithmetic).
EARLIEST_DATE = date(2000, 1, 1)
LATEST_DATE = date(2100, 12, 31)
# NUL and other C0 control characters (tab is allowed inside a cell) break PostgreSQL text and exports.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

HB_COLUMNS = ["claim_reference", "resident_name", "period_from", "period_to", "amount"]
PAYMENT_COLUMNS = ["date", "reference", "amount"]
COLUMNS = {ImportBatch.Kind.HB_SCHEDULE: HB_COLUMNS, ImportBatch.Kind.PAYMENTS: PAYMENT_COLUMNS}


@dataclass(frozen=True)
class RowError:
    line: int | None  # None: about the whole file
    message: str


class ImportRejected(ValidationError):
    """The file was not imported; `errors` says why, row by row."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__([f"Line {e.line}: {e.message}" if e.line else e.message for e in errors])


@dataclass
class ParsedRow:
    line: int
    raw: dict
    reference: str
    amount: Decimal
    key: str = ""
    resident_name: str = ""
    paid_on: date | None = None
    period_from: date | None = None
    period_to: date | None = None
    account: RentAccount | None = None
    status: str = ImportRow.Status.POSTED
    problems: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- parsing


def _header(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


def _date(value: str, column: str) -> date:
    value = value.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            parsed = datetime.strptime(value, fmt).date()
        except ValueError:
            continue
        if not EARLIEST_DATE <= parsed <= LATEST_DATE:
            raise ValueError(f"{column} “{value}” is outside {EARLIEST_DATE.year} to {LATEST_DATE.year}")
        return parsed
    raise ValueError(f"{column} “{value}” is not a date (use YYYY-MM-DD or DD/MM/YYYY)")


def _amount(value: str) -> Decimal:
    cleaned = value.strip().replace(",", "").replace("£", "")
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"amount “{value.strip()}” is not a number") from None
    if not amount.is_finite():
        raise ValueError(f"amount “{value.strip()}” is not a number")
    if abs(amount) >= Decimal("1000000"):  # before quantize, which cannot hold 1e400
        raise ValueError(f"amount “{value.strip()}” is too large")
    if amount != amount.quantize(Decimal("0.01")):
        raise ValueError(f"amount “{value.strip()}” has more than 2 decimal places")
    if amount == 0:
        raise ValueError("amount is £0.00, which changes nothing")
    return amount.quantize(Decimal("0.01"))


def normalise_reference(value: str) -> str:
    return re.sub(r"\s+", "", value).upper()


def _read_rows(kind: str, content: bytes) -> tuple[list[tuple[int, dict]], list[RowError]]:
    """The data rows as {column: text} with their line numbers, or file-level errors."""
    if not content.strip():
        return [], [RowError(None, "The file is empty.")]
    if len(content) > MAX_BYTES:
        return [], [RowError(None, f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB. Split it and try again.")]
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [RowError(None, "The file is not a UTF-8 CSV file. Save it as “CSV UTF-8” and try again.")]
    try:
        lines = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        return [], [RowError(None, f"The file is not a valid CSV file ({exc}).")]
    expected = COLUMNS[kind]
    header = [_header(name) for name in lines[0]] if lines else []
    if sorted(header) != sorted(expected):
        return [], [
            RowError(
                1,
                f"The columns must be {', '.join(expected)} (found: {', '.join(header) or 'none'}). "
                "Check you chose the right kind of file.",
            )
        ]
    rows, errors = [], []
    for line_number, values in enumerate(lines[1:], start=2):
        if not any(value.strip() for value in values):
            continue  # blank line
        if len(values) != len(header):
            errors.append(RowError(line_number, f"expected {len(header)} columns, found {len(values)}"))
            continue
        if any(CONTROL_CHARACTERS.search(value) for value in values):
            errors.append(
                RowError(line_number, "has a hidden control character (such as NUL); remove it and try again")
            )
            continue
        rows.append((line_number, dict(zip(header, values, strict=True))))
    if not rows and not errors:
        errors.append(RowError(None, "The file has a header but no rows."))
    if len(rows) > MAX_ROWS:
        errors.append(RowError(None, f"The file has more than {MAX_ROWS} rows. Split it and try again."))
    return rows, errors


def _parse_hb(line: int, raw: dict) -> ParsedRow:
    problems = []
    reference = normalise_reference(raw["claim_reference"])
    if not reference:
        problems.append("claim_reference is empty")
    elif len(reference) > 30:
        problems.append("claim_reference is longer than 30 characters")
    period_from = period_to = amount = None
    for column in ("period_from", "period_to"):
        try:
            value = _date(raw[column], column)
        except ValueError as exc:
            problems.append(str(exc))
        else:
            if column == "period_from":
                period_from = value
            else:
                period_to = value
    if period_from and period_to and period_to < period_from:
        problems.append("period_to is before period_from")
    try:
        amount = _amount(raw["amount"])
    except ValueError as exc:
        problems.append(str(exc))
    if problems:
        raise ValueError("; ".join(problems))
    prefix = "HB" if amount > 0 else "HBR"
    return ParsedRow(
        line=line,
        raw=raw,
        reference=reference,
        resident_name=" ".join(raw["resident_name"].split())[:200],
        period_from=period_from,
        period_to=period_to,
        amount=amount,
        key=f"{prefix}:{reference}:{period_from.isoformat()}:{period_to.isoformat()}",
    )


def _parse_payment(line: int, raw: dict) -> ParsedRow:
    problems = []
    reference = normalise_reference(raw["reference"])
    if not reference:
        problems.append("reference is empty")
    elif len(reference) > 40:
        problems.append("reference is longer than 40 characters")
    paid_on = amount = None
    try:
        paid_on = _date(raw["date"], "date")
    except ValueError as exc:
        problems.append(str(exc))
    try:
        amount = _amount(raw["amount"])
        if amount < 0:
            problems.append("amount is negative; a payment file only holds money received")
    except ValueError as exc:
        problems.append(str(exc))
    if problems:
        raise ValueError("; ".join(problems))
    return ParsedRow(line=line, raw=raw, reference=reference, paid_on=paid_on, amount=amount)


def parse(kind: str, content: bytes) -> list[ParsedRow]:
    """Every row of the file, or ImportRejected listing every problem found."""
    raw_rows, errors = _read_rows(kind, content)
    if errors and not raw_rows:
        raise ImportRejected(errors)
    parser = _parse_hb if kind == ImportBatch.Kind.HB_SCHEDULE else _parse_payment
    parsed = []
    for line, raw in raw_rows:
        try:
            parsed.append(parser(line, raw))
        except ValueError as exc:
            errors.append(RowError(line, str(exc)))
    if errors:
        errors.sort(key=lambda error: error.line or 0)
        raise ImportRejected(errors)
    if kind == ImportBatch.Kind.PAYMENTS:
        # No transaction id in the format: the row key is date + reference + amount + which
        # occurrence of that combination it is in the file (two equal payments on one day are real).
        seen: dict[tuple, int] = {}
        for row in parsed:
            combo = (row.paid_on, row.reference, row.amount)
            seen[combo] = seen.get(combo, 0) + 1
            row.key = f"PAY:{row.paid_on.isoformat()}:{row.reference}:{row.amount}:{seen[combo]}"
    else:
        first_line: dict[str, int] = {}
        for row in parsed:
            if row.key in first_line:
                errors.append(
                    RowError(row.line, f"repeats line {first_line[row.key]} (same claim reference and period)")
                )
            first_line.setdefault(row.key, row.line)
    if errors:
        raise ImportRejected(errors)
    return parsed


# ---------------------------------------------------------------- checks against the ledger


def _already_posted(rows: list[ParsedRow]) -> list[RowError]:
    """Rows whose key was posted (or is waiting for review) from an earlier file."""
    keys = [row.key for row in rows]
    earlier: dict[str, str] = {}
    for key, batch_id, filename, uploaded_at, status in (
        ImportRow.objects.filter(key__in=keys)
        .exclude(status=ImportRow.Status.SKIPPED)
        .values_list("key", "batch_id", "batch__filename", "batch__uploaded_at", "status")
    ):
        when = dateformat.format(timezone.localtime(uploaded_at), "j F Y")
        waiting = " and is waiting for review there" if status in ImportRow.HELD else ""
        earlier[key] = f"this row was already imported from {filename} (import {batch_id}, {when}){waiting}"
    for key in (
        LedgerEntry.objects.filter(reference__in=keys)
        .exclude(reference__in=earlier)
        .values_list("reference", flat=True)
    ):
        earlier[key] = "a payment with this reference is already on the ledger"
    return [RowError(row.line, earlier[row.key]) for row in rows if row.key in earlier]


def _names_of(account: RentAccount) -> set[str]:
    names = {account.name.split(",")[0]} | owners.resident_names(account)
    return {" ".join(name.casefold().split()) for name in names if name and name.strip()}


def _check_hb(rows: list[ParsedRow]) -> None:
    """Match rows to claims and flag the suspicious ones (name, period overlap, amount)."""
    references = {row.reference for row in rows}
    claims = {
        claim.claim_reference.upper(): claim
        for claim in HousingBenefitClaim.objects.filter(claim_reference__in=references).select_related(
            "account", *owners.related("account__")
        )
    }
    earlier_periods: dict[str, list[tuple[date, date, int]]] = {}
    for reference, period_from, period_to, batch_id in ImportRow.objects.filter(
        batch__kind=ImportBatch.Kind.HB_SCHEDULE,
        reference__in=references,
        amount__gt=0,
        status__in=[ImportRow.Status.POSTED, ImportRow.Status.RESOLVED],
    ).values_list("reference", "period_from", "period_to", "batch_id"):
        earlier_periods.setdefault(reference, []).append((period_from, period_to, batch_id))
    for row in rows:
        claim = claims.get(row.reference)
        if claim is None:
            row.status = ImportRow.Status.UNMATCHED
            row.problems.append(f"No Housing Benefit claim has the reference {row.reference}.")
            continue
        row.account = claim.account
        if row.resident_name and " ".join(row.resident_name.casefold().split()) not in _names_of(claim.account):
            row.problems.append(f"The name “{row.resident_name}” does not match account {claim.account}.")
        if claim.status != HousingBenefitClaim.Status.AWARDED:
            row.problems.append(f"The claim is {claim.get_status_display().lower()} in Hearth.")
        if row.amount > 0:
            for period_from, period_to, batch_id in earlier_periods.get(row.reference, []):
                if period_from <= row.period_to and period_to >= row.period_from:
                    row.problems.append(
                        f"The period overlaps {period_from:%d/%m/%Y} to {period_to:%d/%m/%Y}, "
                        f"already paid by import {batch_id}."
                    )
                    break
            expected = hb.expected_for_period(claim, row.period_from, row.period_to)
            tolerance = rules.HB_SCHEDULE_AMOUNT_TOLERANCE
            if abs(row.amount - expected) > expected * tolerance:
                row.problems.append(
                    f"{format_money(row.amount)} is more than {tolerance:.0%} away from the award for the period "
                    f"({format_money(expected)})."
                )
        if row.problems:
            row.status = ImportRow.Status.SUSPICIOUS


def _check_payments(rows: list[ParsedRow]) -> None:
    accounts = {
        normalise_reference(account.reference): account
        for account in RentAccount.objects.filter(
            reference__in={row.reference for row in rows} | {row.reference.lower() for row in rows}
        )
    }
    for row in rows:
        row.account = accounts.get(row.reference)
        if row.account is None:
            row.status = ImportRow.Status.UNMATCHED
            row.problems.append(f"No rent account has the reference {row.reference}.")


# ---------------------------------------------------------------- posting


def _post_row(*, row: ImportRow | ParsedRow, kind: str, account: RentAccount, by) -> LedgerEntry:
    RentAccount.objects.select_for_update().get(pk=account.pk)
    if LedgerEntry.objects.filter(account=account, reference=row.key).exists():
        raise ValidationError(f"Line {row.line_number if isinstance(row, ImportRow) else row.line}: already posted.")
    if kind == ImportBatch.Kind.PAYMENTS:
        return _post(
            account=account,
            amount=-row.amount,
            kind=LedgerEntry.Kind.PAYMENT,
            method=LedgerEntry.Method.PAYMENT_FILE,
            reference=row.key,
            posted_on=row.paid_on,
            description="Payment (payment file)",
            created_by=by,
        )
    period = f"{row.period_from:%-d %b %Y} to {row.period_to:%-d %b %Y}"
    if row.amount > 0:
        return _post(
            account=account,
            amount=-row.amount,
            kind=LedgerEntry.Kind.PAYMENT,
            method=LedgerEntry.Method.HOUSING_BENEFIT,
            reference=row.key,
            posted_on=timezone.localdate(),
            period_to=row.period_to,
            description=f"Housing Benefit {period}"[:200],
            created_by=by,
        )
    # A negative schedule amount: the council is taking back an overpayment, so the resident owes it.
    return _post(
        account=account,
        amount=-row.amount,
        kind=LedgerEntry.Kind.ADJUSTMENT,
        method=LedgerEntry.Method.HOUSING_BENEFIT,
        reference=row.key,
        posted_on=timezone.localdate(),
        description="Housing Benefit overpayment recovery",
        reason=f"Housing Benefit overpayment recovery for {period} (claim {row.reference}).",
        created_by=by,
    )


def already_imported(kind: str, sha256: str) -> ImportBatch | None:
    return ImportBatch.objects.filter(kind=kind, sha256=sha256).select_related("uploaded_by").first()


def _already_imported_message(batch: ImportBatch) -> str:
    who = batch.uploaded_by.get_full_name() or batch.uploaded_by.email if batch.uploaded_by else "a scheduled job"
    when = dateformat.format(timezone.localtime(batch.uploaded_at), "j F Y")
    return f"This file was already imported on {when} by {who} (import {batch.pk}). Nothing was posted again."


OUT_OF_SCOPE = "Held: this account is outside the schemes you cover; a colleague who covers it will post it."


def _hold_out_of_scope(rows: list[ParsedRow], by) -> None:
    """Rows on accounts the uploader may not post to are held, unposted, for a colleague who may. The
    reason names no account, so the uploader learns nothing about it. A system import (by=None) posts all."""
    if by is None:
        return
    ids = {row.account.pk for row in rows if row.account is not None}
    allowed = set(RentAccount.objects.visible_to(by).filter(pk__in=ids).values_list("pk", flat=True))
    for row in rows:
        if row.account is not None and row.account.pk not in allowed:
            row.status = ImportRow.Status.SUSPICIOUS
            row.problems.insert(0, OUT_OF_SCOPE)


def import_file(*, kind: str, filename: str, content: bytes, by, scoped: bool = True) -> ImportBatch:
    """Check the whole file, then save and post it in one transaction (or raise ImportRejected). With scoped,
    rows on accounts `by` may not post to are held for a colleague; the management commands pass False."""
    if kind not in ImportBatch.Kind.values:
        raise ValueError(f"Unknown import kind {kind}")
    sha256 = hashlib.sha256(content).hexdigest()
    earlier = already_imported(kind, sha256)
    if earlier is not None:
        raise ImportRejected([RowError(None, _already_imported_message(earlier))])
    rows = parse(kind, content)
    errors = _already_posted(rows)
    if errors:
        raise ImportRejected(errors)
    (_check_hb if kind == ImportBatch.Kind.HB_SCHEDULE else _check_payments)(rows)
    if scoped:
        _hold_out_of_scope(rows, by)
    try:
        with transaction.atomic():
            batch = ImportBatch(kind=kind, filename=filename[:255], sha256=sha256, uploaded_by=by, row_count=len(rows))
            batch._history_user = by
            batch.save()
            records = []
            for row in rows:
                entry = None
                if row.status == ImportRow.Status.POSTED:
                    entry = _post_row(row=row, kind=kind, account=row.account, by=by)
                records.append(
                    ImportRow(
                        batch=batch,
                        line_number=row.line,
                        raw=row.raw,
                        reference=row.reference,
                        resident_name=row.resident_name,
                        paid_on=row.paid_on,
                        period_from=row.period_from,
                        period_to=row.period_to,
                        amount=row.amount,
                        key=row.key,
                        account=row.account,
                        status=row.status,
                        problem=" ".join(row.problems),
                        entry=entry,
                    )
                )
            bulk_create_with_history(records, ImportRow, batch_size=1000, default_user=by)
            batch.posted_count = sum(1 for row in rows if row.status == ImportRow.Status.POSTED)
            batch.status = (
                ImportBatch.Status.POSTED if batch.posted_count == batch.row_count else ImportBatch.Status.NEEDS_REVIEW
            )
            batch.save(update_fields=["posted_count", "status"])
    except IntegrityError:
        # Another upload of the same file or rows committed between our checks and our writes.
        earlier = already_imported(kind, sha256)
        if earlier is not None:
            raise ImportRejected([RowError(None, _already_imported_message(earlier))]) from None
        raise ImportRejected(
            [RowError(None, "Some of these rows were posted by another import at the same time. Nothing was posted.")]
        ) from None
    except ValidationError as exc:
        raise ImportRejected([RowError(None, message) for message in exc.messages]) from None
    return batch


# ---------------------------------------------------------------- resolving held rows


def _refresh_batch_status(batch: ImportBatch) -> None:
    held = batch.rows.filter(status__in=ImportRow.HELD).exists()
    batch.posted_count = batch.rows.filter(entry__isnull=False).count()
    batch.status = ImportBatch.Status.NEEDS_REVIEW if held else ImportBatch.Status.POSTED
    batch.save(update_fields=["posted_count", "status"])


def row_resolve(*, row: ImportRow, post: bool, by, account: RentAccount | None = None, note: str = "") -> ImportRow:
    """A worker's decision on a held row: post it (to `account` when it was unmatched) or skip it."""
    with transaction.atomic():
        row = ImportRow.objects.select_for_update().select_related("batch").get(pk=row.pk)
        if not row.is_held:
            raise ValidationError("This row has already been dealt with.")
        if post:
            account = account or row.account
            if account is None:
                raise ValidationError({"account": "Enter the rent account to post this to."})
            duplicate = (
                ImportRow.objects.filter(key=row.key, entry__isnull=False).exclude(pk=row.pk).select_related("batch")
            ).first()
            if duplicate is not None or LedgerEntry.objects.filter(reference=row.key).exists():
                raise ValidationError("This row has already been posted from another import. Choose not to post it.")
            row.entry = _post_row(row=row, kind=row.batch.kind, account=account, by=by)
            row.account = account
            row.status = ImportRow.Status.RESOLVED
        else:
            if not note.strip():
                raise ValidationError({"note": "Say why this row is not being posted."})
            row.status = ImportRow.Status.SKIPPED
        if note.strip():
            row.problem = f"{row.problem} Resolved: {note.strip()}".strip()
        row.resolved_by = by
        row.resolved_at = timezone.now()
        row._history_user = by
        row.save(update_fields=["entry", "account", "status", "problem", "resolved_by", "resolved_at"])
        _refresh_batch_status(row.batch)
    return row


def rows_visible_to(user, batch: ImportBatch):
    """Rows on accounts the user may see, and unmatched rows (someone has to place them)."""
    return batch.rows.filter(Q(account__isnull=True) | Q(account__in=RentAccount.objects.visible_to(user)))
