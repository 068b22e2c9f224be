"""Cells a spreadsheet would run as a formula ("CSV injection"), neutralized.

Every export a spreadsheet opens (the vendor registry's CSV, the ``.xlsx`` downloads
of ``portal.xlsx``) passes its text cells through ``escape_cell``; the CSV import takes
the escape away again with ``unescape_cell``.
"""

from __future__ import annotations

# A spreadsheet runs a cell that starts with one of these as a formula. The export
# puts an apostrophe in front of such a cell, as OWASP advises, and the import takes
# exactly one apostrophe away again, so a file round-trips unchanged. A cell that
# already starts with apostrophes before such a character gets one more, so it
# survives the round trip too.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value) -> str:
    text = str(value)
    return "'" + text if text.lstrip("'").startswith(FORMULA_STARTS) else text


def unescape_cell(text: str) -> str:
    if text.startswith("'") and text.lstrip("'").startswith(FORMULA_STARTS):
        return text[1:]
    return text
