"""The rows of an uploaded CSV file, each with the line it starts on. Plain Python: no
Django import.

The imports that read CSV (the vendor registry in ``vendors.csv_io``, interval
volumes in ``portal.planning.intervals``) read the file through ``CsvReader`` and
check its cells themselves; what they share is here: the decoding, the line numbers
(a quoted cell may hold line breaks, so a row's line is not its index), a file the
csv module cannot read reported at the line it stopped on, and the wording of the
messages that name a line and a column.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

NUL_IN_CELL = "the cell contains a NUL character"


def decoded(data: bytes) -> str | None:
    """The file's text, or None when it is not UTF-8. A byte order mark (Excel's
    "CSV UTF-8" starts with one) is dropped."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def line_error(line: int, message: str) -> str:
    return f"Line {line}: {message}."


def cell_error(line: int, column: str, message: str) -> str:
    return f"Line {line}, column {column}: {message}."


def repeated_columns(names: Iterable[str]) -> str | None:
    """The problem with a header that names a column more than once, if it does."""
    names = list(names)
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        return f"column(s) {', '.join(repeated)} appear more than once"
    return None


class CsvReader:
    """A CSV text read row by row: ``header`` (None for an empty text), then ``rows()``.

    A header or a row the csv module cannot read (a stray quote, a cell over its
    size limit) ends the reading, with ``error`` saying so at its line.
    """

    def __init__(self, text: str) -> None:
        # newline="": the csv module reads line breaks itself, inside quoted cells too
        # (and a bare CR ends a row).
        self._reader = csv.reader(io.StringIO(text, newline=""))
        self.error: str | None = None
        self.header: list[str] | None = None
        try:
            self.header = next(self._reader, None)
        except csv.Error as exc:
            self.error = line_error(1, f"cannot read the header ({exc})")

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """(line, cells) of each row after the header; empty lines are left out."""
        if self.header is None:
            return
        line = self._reader.line_num + 1
        while True:
            try:
                cells = next(self._reader)
            except StopIteration:
                return
            except csv.Error as exc:
                self.error = line_error(line, f"cannot read the row ({exc})")
                return
            if cells:
                yield line, cells
            line = self._reader.line_num + 1
