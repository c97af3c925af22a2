"""Who may open the import pages."""

from uuid import uuid4

from rents.models import ImportBatch
from rents.services import imports
from tests.access_matrix import HOUSING, Access
from tests.rents.factories import account_for


def _payments(reference: str) -> ImportBatch:
    content = f"date,reference,amount\n2026-05-01,{reference},10.00\n".encode()
    return imports.import_file(kind=ImportBatch.Kind.PAYMENTS, filename="payments.csv", content=content, by=None)


def _batch(user, users):
    return {"pk": _payments(account_for(user).reference).pk}


def _unmatched_row(user, users):
    return {"pk": _payments(f"UNKNOWN{uuid4().hex[:10]}").rows.get().pk}


ACCESS = {
    "rents:import_list": Access(allowed=HOUSING),
    "rents:import_upload_hb": Access(allowed=HOUSING),
    "rents:import_upload_payments": Access(allowed=HOUSING),
    "rents:import_detail": Access(allowed=HOUSING, kwargs=_batch),
    "rents:import_row_resolve": Access(
        allowed=HOUSING,
        method="post",
        kwargs=_unmatched_row,
        data={"decision": "skip", "note": "Paid to us in error; returned to the sender."},
        ok=(302,),
    ),
}
