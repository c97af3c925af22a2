"""The arrears stage letters (templates named by each `ArrearsStage`), each with a statement appended."""

import io
from datetime import date, timedelta

from core.pdf import render_pdf

from .. import rules
from ..models import ArrearsAction
from ..scopes import owners
from ..services.statements import resident_name, statement_for
from .statements import statement_pdf


def letter_pdf(*, action: ArrearsAction, split, by, today: date) -> bytes:
    """The stage letter, with the statement of the last weeks (`rules.ARREARS_LETTER_STATEMENT`) appended."""
    from pypdf import PdfReader, PdfWriter

    account = action.case.account
    context = {
        "account": account,
        "resident_name": resident_name(account),
        "address_lines": owners.resident_address(account),
        "stage": action.stage,
        "split": split,
        "dated": today,
        "contact_name": (by.get_full_name() or by.get_username()) if by else "",
        "contact_email": getattr(by, "email", "") if by else "",
    }
    letter = render_pdf(owners.letter_template(account, action.stage.letter_template), context)
    since = today - timedelta(weeks=rules.ARREARS_LETTER_STATEMENT.amount)
    statement = statement_pdf(statement_for(account=account, start=since, end=today))
    writer = PdfWriter()
    for part in (letter, statement):
        for page in PdfReader(io.BytesIO(part)).pages:
            writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
