"""The one way a page downloads as a spreadsheet: an ``.xlsx`` workbook of typed cells.

A page's export gives one or more ``Sheet``s (a title, a header row and rows); each
cell keeps its type, so a spreadsheet can sum and sort them: numbers as numbers,
dates as dates, money (``Money``) and percentages (``Percent``) as numbers with a
format. Text is neutralized against formulas exactly as the CSV export does
(``portal.formulas``), and characters a workbook cannot hold are dropped. The
header is bold and frozen, the columns sized to their contents.
"""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from portal.formulas import escape_cell

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MONEY_FORMAT = "#,##0.00"
PERCENT_FORMAT = '0.0"%"'
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
MIN_WIDTH, MAX_WIDTH = 8, 60
# A sheet title may not hold these and is at most 31 characters long.
_TITLE_REFUSED = re.compile(r"[\\/*?:\[\]]")


@dataclass(frozen=True)
class Money:
    """An amount in dollars, shown with thousands separators and cents."""

    value: Decimal | int | float | None


@dataclass(frozen=True)
class Percent:
    """A percentage as the page shows it (82.5 means 82.5 %), kept a number."""

    value: Decimal | int | float | None


@dataclass
class Sheet:
    title: str
    header: Sequence[str]
    rows: Iterable[Sequence[object]] = field(default_factory=list)


def _typed(value) -> tuple[object, str | None]:
    """A cell's value as the workbook stores it, and its number format."""
    if isinstance(value, Money):
        return _typed(value.value)[0], MONEY_FORMAT
    if isinstance(value, Percent):
        return _typed(value.value)[0], PERCENT_FORMAT
    if value is None:
        return None, None
    if isinstance(value, bool):
        return ("Yes" if value else "No"), None
    if isinstance(value, Decimal):
        return (value if value.is_finite() else str(value)), None
    if isinstance(value, int | float):
        return value, None
    if isinstance(value, datetime.datetime):
        # A workbook has no time zones: the time as the site shows it.
        if timezone.is_aware(value):
            value = timezone.localtime(value).replace(tzinfo=None)
        return value, DATETIME_FORMAT
    if isinstance(value, datetime.date):
        return value, DATE_FORMAT
    return escape_cell(ILLEGAL_CHARACTERS_RE.sub("", str(value))), None


def _shown_length(value, number_format: str | None) -> int:
    if value is None:
        return 0
    if number_format in (DATE_FORMAT,):
        return 10
    if number_format == DATETIME_FORMAT:
        return 16
    if number_format == MONEY_FORMAT:
        return len(f"{value:,.2f}")
    text = str(value)
    return max((len(line) for line in text.splitlines()), default=0)


def sheet_title(text: str, used: set[str]) -> str:
    """A title the workbook accepts, unique among ``used`` (which it is added to)."""
    base = ILLEGAL_CHARACTERS_RE.sub("", _TITLE_REFUSED.sub(" ", text)).strip(" '")[:31]
    base = base or "Sheet"
    title, number = base, 2
    while title.lower() in used:
        suffix = f" ({number})"
        title, number = base[: 31 - len(suffix)] + suffix, number + 1
    used.add(title.lower())
    return title


def workbook_bytes(sheets: Sequence[Sheet]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    for sheet in sheets:
        ws = book.create_sheet(sheet_title(sheet.title, used))
        widths = [len(str(h)) for h in sheet.header]
        ws.append([_typed(h)[0] for h in sheet.header])
        for cell in ws[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row_number, row in enumerate(sheet.rows, start=2):
            for column, raw in enumerate(row, start=1):
                value, number_format = _typed(raw)
                cell = ws.cell(row=row_number, column=column, value=value)
                if number_format:
                    cell.number_format = number_format
                if isinstance(value, str) and "\n" in value:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
                while len(widths) < column:
                    widths.append(0)
                widths[column - 1] = max(widths[column - 1], _shown_length(value, number_format))
        ws.freeze_panes = "A2"
        for column, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(column)].width = min(
                MAX_WIDTH, max(MIN_WIDTH, width + 2)
            )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def download_name(*parts: str) -> str:
    """A file name from words (the engagement's title, the page): letters, digits and
    dashes only, so the Content-Disposition header needs no quoting rules."""
    words = re.sub(r"[^A-Za-z0-9]+", "-", "-".join(parts)).strip("-").lower()
    return (words[:80].rstrip("-") or "export") + ".xlsx"


def xlsx_response(sheets: Sequence[Sheet], *, filename: str) -> HttpResponse:
    """The workbook as a download a browser saves and never keeps in a cache."""
    response = HttpResponse(workbook_bytes(sheets), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
