"""Spreadsheet exports (CSV and XLSX) that cannot carry formula injection.

Every CSV or XLSX download goes through here. A text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return would be run as a formula by Excel or LibreOffice (``=HYPERLINK(...)`` as a resident's
name), so text is neutralised: in CSV it gets a leading single quote (the OWASP recommendation); in XLSX it is
written as a plain text cell, never a formula. Only strings are touched: numbers (int, Decimal, float) and
dates stay real numbers and dates, so a negative balance is still a number.
"""

import csv
import io
from collections.abc import Iterable, Mapping, Sequence

from django.http import HttpResponse, StreamingHttpResponse

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def is_dangerous(value) -> bool:
    """True for a string a spreadsheet would read as a formula."""
    return isinstance(value, str) and value.startswith(DANGEROUS_PREFIXES)


def neutralise(value):
    """A string made safe for a CSV cell (a leading ``'``); any other value unchanged."""
    return f"'{value}" if is_dangerous(value) else value


def csv_cell(value):
    """One CSV cell: None is blank, dates are ISO 8601, text is neutralised, numbers are left alone."""
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralise(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


class _Echo:
    """A file-like object whose write returns the line, so csv.writer can feed a streaming response."""

    def write(self, value):
        return value


def _attachment(response, filename):
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_streaming_response(filename: str, header: Sequence, rows: Iterable[Sequence]) -> StreamingHttpResponse:
    """A CSV download streamed row by row (rows may be a generator over a queryset iterator)."""
    return _attachment(
        StreamingHttpResponse(_csv_lines(header, rows), content_type="text/csv; charset=utf-8"), filename
    )


def csv_bytes(header: Sequence, rows: Iterable[Sequence]) -> bytes:
    """The same CSV as `csv_streaming_response`, whole, for a file made in the background (core.reports)."""
    return "".join(_csv_lines(header, rows)).encode("utf-8")


def _csv_lines(header: Sequence, rows: Iterable[Sequence]):
    writer = csv.writer(_Echo())
    yield writer.writerow([csv_cell(value) for value in header])
    for row in rows:
        yield writer.writerow([csv_cell(value) for value in row])


def xlsx_cell(sheet, value, number_format: str | None = None):
    """One write-only XLSX cell: text is always a string cell (never a formula); numbers and dates keep their
    type, with number_format if given."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        # openpyxl reads a leading "=" as a formula; force a plain string, shown as typed.
        cell.data_type = "s"
        if is_dangerous(value):
            cell.quotePrefix = True
    elif number_format and value is not None:
        cell.number_format = number_format
    return cell


def xlsx_workbook_bytes(
    sheet_title: str, header: Sequence, rows: Iterable[Sequence], number_formats: Mapping[int, str] | None = None
) -> bytes:
    """A one-sheet workbook written in constant memory (openpyxl write-only mode). number_formats maps a
    column index to an Excel number format."""
    from openpyxl import Workbook

    number_formats = number_formats or {}
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title)
    sheet.append([xlsx_cell(sheet, value) for value in header])
    for row in rows:
        sheet.append([xlsx_cell(sheet, value, number_formats.get(i)) for i, value in enumerate(row)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(
    filename: str,
    sheet_title: str,
    header: Sequence,
    rows: Iterable[Sequence],
    number_formats: Mapping[int, str] | None = None,
) -> HttpResponse:
    """An Excel download with real numbers and dates and no formulas from data."""
    content = xlsx_workbook_bytes(sheet_title, header, rows, number_formats)
    return _attachment(HttpResponse(content, content_type=XLSX_CONTENT_TYPE), filename)
