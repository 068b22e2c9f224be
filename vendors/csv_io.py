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
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        result.errors.append("The file is not UTF-8 text; save it as “CSV UTF-8”.")
        return result
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in (reader.fieldnames or [])]
    except csv.Error as exc:
        result.errors.append(f"Line 1: cannot read the header ({exc}).")
        return result
    reader.fieldnames = header
    missing = REQUIRED_COLUMNS - set(header)
    if missing:
        result.errors.append(f"Line 1: missing column(s) {', '.join(sorted(missing))}.")
    unknown = [h for h in header if h not in COLUMNS]
    if unknown:
        result.errors.append(
            f"Line 1: unknown column(s) {', '.join(unknown)}; expected {', '.join(COLUMNS)}."
        )
    repeated = sorted({h for h in header if header.count(h) > 1})
    if repeated:
        # DictReader would keep the last of the columns and silently drop the others.
        result.errors.append(f"Line 1: column(s) {', '.join(repeated)} appear more than once.")
    if result.errors:
        return result

    languages = {lang.name.lower(): lang for lang in Language.objects.all()}
    certifications = {c.name.lower(): c for c in Certification.objects.all()}
    seen = result.lines
    row_count = 0
    line = reader.line_num + 1
    while True:
        try:
            raw = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            result.errors.append(f"Line {line}: cannot read the row ({exc}).")
            break
        row_count += 1
        if row_count > MAX_ROWS:
            result.errors.append(f"The file has more than {MAX_ROWS} rows; split it.")
            break
        if None in raw:
            result.errors.append(f"Line {line}: more cells than columns.")
        elif any((v or "").strip() for v in raw.values()):
            raw = {column: unescape_cell(value or "") for column, value in raw.items()}
            problems = cell_problems(raw)
            row = row_input(raw, languages, certifications, problems)
            for column, message in problems.items:
                result.errors.append(f"Line {line}, column {column}: {message}.")
            if row is not None:
                first = seen.setdefault(row.name.lower(), line)
                if first != line:
                    result.errors.append(
                        f"Line {line}, column name: “{row.name}” already appears on line {first}."
                    )
                else:
                    result.rows.append(row)
        line = reader.line_num + 1
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
                    f"Line {seen[row.name.lower()]}, column headquarters_country: "
                    f"“{row.name}” is not in the registry yet, so the file needs a "
                    "headquarters_country column to add it."
                )
    if not result.rows and not result.errors:
        result.errors.append("The file has no vendor rows.")
    return result
