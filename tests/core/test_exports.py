import csv
import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from core.exports import csv_cell, csv_streaming_response, neutralise, xlsx_response

DANGEROUS = ["=1+1", "+44 20", "-2+3", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("http://x","y")']


@pytest.mark.parametrize("text", DANGEROUS)
def test_each_dangerous_prefix_is_quoted_in_csv(text):
    assert neutralise(text) == "'" + text
    assert csv_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["Ann Smith", "", "1 High St", "O'Neil"])
def test_ordinary_text_is_unchanged(text):
    assert csv_cell(text) == text


def test_numbers_and_dates_are_not_neutralised():
    assert csv_cell(Decimal("-12.50")) == Decimal("-12.50")
    assert csv_cell(-3) == -3
    assert csv_cell(-1.5) == -1.5
    assert csv_cell(datetime.date(2026, 3, 2)) == "2026-03-02"
    assert csv_cell(None) == ""


def _csv_rows(response):
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_csv_response_streams_neutralised_rows():
    rows = [[text, Decimal("-5.00"), datetime.date(2026, 1, 5), None] for text in DANGEROUS]
    response = csv_streaming_response("x.csv", ["Name", "Balance", "Date", "Blank"], iter(rows))
    assert response.streaming
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'
    out = _csv_rows(response)
    assert out[0] == ["Name", "Balance", "Date", "Blank"]
    for text, row in zip(DANGEROUS, out[1:], strict=True):
        assert row == ["'" + text, "-5.00", "2026-01-05", ""]


def test_xlsx_writes_text_as_strings_and_keeps_numbers_and_dates():
    rows = [[text, Decimal("-5.00"), -2, 1.5, datetime.date(2026, 1, 5), None] for text in DANGEROUS]
    response = xlsx_response(
        "x.xlsx", "Sheet", ["Name", "Balance", "Int", "Float", "Date", "Blank"], rows, number_formats={1: "#,##0.00"}
    )
    assert response["Content-Disposition"] == 'attachment; filename="x.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "Sheet"
    for i, text in enumerate(DANGEROUS, start=2):
        name, balance, whole, fraction, date, blank = (sheet.cell(row=i, column=c) for c in range(1, 7))
        # A plain XML reader gives \r back as \n; with lxml installed openpyxl escapes it and keeps it.
        assert name.data_type == "s" and name.value in (text, text.replace("\r", "\n"))
        assert balance.data_type == "n" and balance.value == -5 and balance.number_format == "#,##0.00"
        assert whole.data_type == "n" and whole.value == -2
        assert fraction.data_type == "n" and fraction.value == 1.5
        assert date.is_date and date.value.date() == datetime.date(2026, 1, 5)
        assert blank.value is None
