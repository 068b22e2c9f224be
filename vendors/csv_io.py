"""CSV export and import of the vendor registry.

One row per vendor. Cells holding several values separate them with ";"
(channels, languages, certifications, delivery locations); client references go
one per line inside their cell as ``Company | Contact | Notes``. A delivery
location is a country, optionally followed by its region in parentheses when the
country is not in ``vendors.regions``: ``Kenya`` or ``Atlantis (Worldwide / international)``.

The import reads the whole file and validates every row before anything is
written; every problem of every row is reported with its line number and column.
A file may carry only some columns (``name`` always): a vendor already in the
registry is updated in those columns only. Cells are escaped against CSV
injection on export and unescaped on import (``portal.formulas``, which the
``.xlsx`` exports share).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from itertools import zip_longest

from portal.csv_reading import CsvReader, cell_error, decoded, line_error, repeated_columns
from portal.formulas import escape_cell, unescape_cell
from vendors.csv_rows import cell_problems, row_input
from vendors.models import Certification, Language, Vendor
from vendors.registry_actions import VendorInput

COLUMNS = [
    "name",
    "headquarters_country",
    "website",
    "delivery_locations",
    "channels",
    "languages",
    "certifications",
    "headcount",
    "agent_turnover_percent",
    "call_recording_policy",
    "incentive_scheme",
    "client_references",
    "review_sources",
    "review_notes",
]
REQUIRED_COLUMNS = {"name"}
MAX_ROWS = 5000


# ---------------------------------------------------------------- export


def _cell(values) -> str:
    return "; ".join(str(v) for v in values)


def export_vendors(vendors) -> str:
    """The registry as CSV text; ``vendors`` needs the relations prefetched."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for v in vendors:
        cells = [
            v.name,
            v.headquarters_country,
            v.website,
            _cell(f"{loc.country} ({loc.get_region_display()})" for loc in v.locations.all()),
            _cell(c.get_channel_display() for c in v.channels.all()),
            _cell(lang.name for lang in v.languages.all()),
            _cell(cert.name for cert in v.certifications.all()),
            "" if v.headcount is None else v.headcount,
            "" if v.agent_turnover_percent is None else v.agent_turnover_percent,
            v.get_call_recording_policy_display(),
            v.incentive_scheme,
            "\n".join(
                " | ".join([r.company, r.contact, r.notes.replace("\n", " ")])
                for r in v.references.all()
            ),
            v.review_sources,
            v.review_notes,
        ]
        writer.writerow([escape_cell(cell) for cell in cells])
    return out.getvalue()


# ---------------------------------------------------------------- import


@dataclass
class ImportResult:
    rows: list[VendorInput] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)  # lower-cased name -> line

    @property
    def ok(self) -> bool:
        return not self.errors


def parse_vendors(data: bytes) -> ImportResult:
    """Validate a whole CSV file; ``rows`` only counts when there are no ``errors``.

    The upload's size and type are checked before (``portal.uploads``, purpose
    VENDOR_CSV); this reads the rows."""
    result = ImportResult()
    if not data.strip():
        result.errors.append("The file is empty.")
        return result
    text = decoded(data)
    if text is None:
        result.errors.append("The file is not UTF-8 text; save it as “CSV UTF-8”.")
        return result
    reader = CsvReader(text)
    if reader.error:
        result.errors.append(reader.error)
        return result
    header = [h.strip() for h in (reader.header or [])]
    missing = REQUIRED_COLUMNS - set(header)
    if missing:
        result.errors.append(line_error(1, f"missing column(s) {', '.join(sorted(missing))}"))
    unknown = [h for h in header if h not in COLUMNS]
    if unknown:
        result.errors.append(
            line_error(1, f"unknown column(s) {', '.join(unknown)}; expected {', '.join(COLUMNS)}")
        )
    if problem := repeated_columns(header):
        # A row read by column name would keep the last of the columns and drop the others.
        result.errors.append(line_error(1, problem))
    if result.errors:
        return result

    languages = {lang.name.lower(): lang for lang in Language.objects.all()}
    certifications = {c.name.lower(): c for c in Certification.objects.all()}
    seen = result.lines
    row_count = 0
    for line, cells in reader.rows():
        row_count += 1
        if row_count > MAX_ROWS:
            result.errors.append(f"The file has more than {MAX_ROWS} rows; split it.")
            break
        if len(cells) > len(header):
            result.errors.append(line_error(line, "more cells than columns"))
            continue
        if not any(cell.strip() for cell in cells):
            continue
        # A short row leaves its last columns empty.
        raw = {
            column: unescape_cell(cell) for column, cell in zip_longest(header, cells, fillvalue="")
        }
        problems = cell_problems(raw)
        row = row_input(raw, languages, certifications, problems)
        for column, message in problems.items:
            result.errors.append(cell_error(line, column, message))
        if row is not None:
            first = seen.setdefault(row.name.lower(), line)
            if first != line:
                result.errors.append(
                    cell_error(line, "name", f"“{row.name}” already appears on line {first}")
                )
            else:
                result.rows.append(row)
    if reader.error:
        result.errors.append(reader.error)
    if "headquarters_country" not in header and result.rows:
        # A file without the column can update vendors, not add them (the country is required).
        known = {
            name.lower()
            for name in Vendor.objects.filter(
                name__in=[row.name for row in result.rows]
            ).values_list("name", flat=True)
        }
        for row in result.rows:
            if (
                row.name.lower() not in known
                and not Vendor.objects.filter(name__iexact=row.name).exists()
            ):
                result.errors.append(
                    cell_error(
                        seen[row.name.lower()],
                        "headquarters_country",
                        f"“{row.name}” is not in the registry yet, so the file needs a "
                        "headquarters_country column to add it",
                    )
                )
    if not result.rows and not result.errors:
        result.errors.append("The file has no vendor rows.")
    return result
