"""Hostile import cells give a per-row message and change nothing; they never raise anything else (issue 8.7)."""

import csv
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rents.models import ImportBatch, ImportRow, LedgerEntry
from rents.services import imports

pytestmark = pytest.mark.django_db

HOSTILE = st.one_of(
    st.sampled_from(["1e400", "-1e400", "NaN", "Infinity", "9999-12-31", "0001-01-01", "31/12/9999", "\x00", "=1+1"]),
    st.text(max_size=30),
)


def csv_bytes(rows):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(imports.PAYMENT_COLUMNS)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        (["2026-04-10", "RA000001", "1e400"], "too large"),
        (["9999-12-31", "RA000001", "12.00"], "outside 2000 to 2100"),
        (["2026-04-10", "RA0\x0000001", "12.00"], "hidden control character"),
    ],
)
def test_hostile_cells_are_refused_with_a_clear_message(cells, message):
    with pytest.raises(imports.ImportRejected) as rejected:
        imports.import_file(kind=ImportBatch.Kind.PAYMENTS, filename="p.csv", content=csv_bytes([cells]), by=None)
    assert any(message in error.message for error in rejected.value.errors)
    assert not ImportBatch.objects.exists() and not LedgerEntry.objects.exists()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(date=HOSTILE, reference=HOSTILE, amount=HOSTILE)
def test_any_payments_cell_is_either_imported_whole_or_refused_with_nothing_saved(date, reference, amount):
    batches, rows = ImportBatch.objects.count(), ImportRow.objects.count()
    content = csv_bytes([[date, reference, amount]])
    try:
        imports.import_file(kind=ImportBatch.Kind.PAYMENTS, filename="p.csv", content=content, by=None)
    except imports.ImportRejected as rejected:
        assert rejected.errors and all(error.message for error in rejected.errors)
        assert (ImportBatch.objects.count(), ImportRow.objects.count()) == (batches, rows)
    else:
        assert (ImportBatch.objects.count(), ImportRow.objects.count()) == (batches + 1, rows + 1)
