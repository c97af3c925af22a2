"""The rent statement PDF."""

from django.utils import timezone

from core.pdf import render_pdf

from ..services.statements import Statement


def statement_pdf(statement: Statement) -> bytes:
    return render_pdf("rents/letters/statement.html", {"statement": statement, "dated": timezone.localdate()})
