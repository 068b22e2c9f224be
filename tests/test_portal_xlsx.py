"""The shared spreadsheet writer: typed cells, formulas neutralized as in the CSV export,
a bold frozen header, and a download no cache keeps."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest

from portal import xlsx
from portal.formulas import escape_cell


def _open(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))


def test_cells_keep_their_types():
    sheet = xlsx.Sheet(
        "Figures",
        ["Name", "Count", "Share", "Cost", "Day", "At", "Done", "Blank"],
        [
            [
                "Cebu Calls",
                12,
                xlsx.Percent(Decimal("82.5")),
                xlsx.Money(Decimal("1234.5")),
                datetime.date(2026, 3, 1),
                datetime.datetime(2026, 3, 1, 9, 30, tzinfo=datetime.UTC),
                True,
                None,
            ]
        ],
    )
    ws = _open(xlsx.workbook_bytes([sheet]))["Figures"]
    row = [cell.value for cell in ws[2]]
    assert row[:4] == ["Cebu Calls", 12, 82.5, 1234.5]
    assert row[4] == datetime.datetime(2026, 3, 1)  # a date cell, not text
    assert isinstance(row[5], datetime.datetime)
    assert row[6:] == ["Yes", None]
    assert ws["D2"].number_format == xlsx.MONEY_FORMAT
    assert ws["E2"].is_date


def test_header_is_bold_frozen_and_columns_fit():
    sheet = xlsx.Sheet("KPIs", ["Month", "A long column heading"], [["2026-03", "x" * 200]])
    ws = _open(xlsx.workbook_bytes([sheet]))["KPIs"]
    assert ws["A1"].font.b and ws["B1"].font.b
    assert ws.freeze_panes == "A2"
    assert ws.column_dimensions["A"].width >= xlsx.MIN_WIDTH
    assert ws.column_dimensions["B"].width == xlsx.MAX_WIDTH


@pytest.mark.parametrize("text", ["=cmd|' /C calc'!A0", "+1", "-2+3", "@SUM(A1)", "\tx", "'=x"])
def test_formulas_are_neutralized_as_in_the_csv_export(text):
    ws = _open(xlsx.workbook_bytes([xlsx.Sheet("S", ["Text"], [[text]])]))["S"]
    cell = ws["A2"]
    assert cell.data_type == "s"
    assert cell.value == escape_cell(text)
    assert cell.value.startswith("'")


def test_characters_a_workbook_cannot_hold_are_dropped_not_an_error():
    ws = _open(xlsx.workbook_bytes([xlsx.Sheet("S", ["Text"], [["bell\x07 and nul\x00"]])]))["S"]
    assert ws["A2"].value == "bell and nul"


def test_sheet_titles_are_made_valid_and_unique():
    titles = _open(
        xlsx.workbook_bytes(
            [xlsx.Sheet("Checklist: A/B [x]", ["a"]), xlsx.Sheet("Checklist: A/B [x]", ["a"])]
        )
    ).sheetnames
    assert titles == ["Checklist  A B  x", "Checklist  A B  x (2)"]
    long = xlsx.sheet_title("x" * 40, set())
    assert len(long) == 31


def test_response_is_an_attachment_no_cache_keeps():
    response = xlsx.xlsx_response(
        [xlsx.Sheet("S", ["a"])], filename=xlsx.download_name("Tier-1 phone: support!", "kpis")
    )
    assert response["Content-Type"] == xlsx.CONTENT_TYPE
    assert (
        response["Content-Disposition"] == 'attachment; filename="tier-1-phone-support-kpis.xlsx"'
    )
    assert "no-store" in response["Cache-Control"]
    assert _open(response.content).sheetnames == ["S"]
