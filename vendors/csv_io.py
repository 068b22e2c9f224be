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
injection on export and unescaped on import (see ``escape_cell``).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from portal.reference import Channel, Region
from vendors.models import Certification, Language, Vendor
from vendors.regions import region_for_country
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
# The VendorInput field each column fills, where the names differ.
_FIELD_OF_COLUMN = {"delivery_locations": "locations", "client_references": "references"}
MAX_ROWS = 5000


# ---------------------------------------------------------------- export


# A spreadsheet runs a cell that starts with one of these as a formula ("CSV
# injection"). The export puts an apostrophe in front of such a cell, as OWASP
# advises, and the import takes exactly one apostrophe away again, so a file
# round-trips unchanged. A cell that already starts with apostrophes before such a
# character gets one more, so it survives the round trip too.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value) -> str:
    text = str(value)
    return "'" + text if text.lstrip("'").startswith(FORMULA_STARTS) else text


def unescape_cell(text: str) -> str:
    if text.startswith("'") and text.lstrip("'").startswith(FORMULA_STARTS):
        return text[1:]
    return text


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

    @property
    def ok(self) -> bool:
        return not self.errors


def _lookup(choices) -> dict[str, str]:
    """Accept a choice by its code or its label, in any case."""
    table = {}
    for value, label in choices:
        table[value.lower()] = value
        table[str(label).lower()] = value
    return table


_CHANNELS = _lookup(Channel.choices)
_REGIONS = _lookup(Region.choices)
_RECORDING = _lookup(Vendor.CallRecording.choices)
_LOCATION = re.compile(r"^(?P<country>[^()]+?)\s*(?:\((?P<region>[^()]*)\))?$")


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip()]


class _Problems:
    """Every problem of one row, each with the column it is in."""

    def __init__(self) -> None:
        self.items: list[tuple[str, str]] = []

    def add(self, column: str, message: str) -> None:
        self.items.append((column, message))


def _named(cell: str, known: dict[str, object], what: str, column: str, problems) -> list:
    found = []
    for name in _split(cell):
        obj = known.get(name.lower())
        if obj is None:
            problems.add(column, f"unknown {what} “{name}”")
        else:
            found.append(obj)
    return found


def _row(raw: dict[str, str], languages: dict, certifications: dict, problems: _Problems):
    """The row as a VendorInput, or None when ``problems`` got at least one entry."""
    get = lambda key: unescape_cell(raw.get(key) or "").strip()  # noqa: E731
    name = get("name")
    if not name:
        problems.add("name", "the name is empty")
    elif len(name) > 200:
        problems.add("name", "the name is longer than 200 characters")
    country = get("headquarters_country")
    if "headquarters_country" in raw:
        if not country:
            problems.add("headquarters_country", "the headquarters country is empty")
        elif len(country) > 100:
            problems.add(
                "headquarters_country", "the headquarters country is longer than 100 characters"
            )
    website = get("website")
    if website:
        try:
            URLValidator()(website)
        except ValidationError:
            problems.add("website", f"the website “{website}” is not a valid URL")

    headcount = None
    if get("headcount"):
        try:
            headcount = int(get("headcount").replace(",", ""))
        except ValueError:
            problems.add("headcount", f"the headcount “{get('headcount')}” is not a whole number")
        else:
            if headcount < 0:
                problems.add("headcount", "the headcount is negative")
    turnover = None
    if get("agent_turnover_percent"):
        try:
            turnover = Decimal(get("agent_turnover_percent").rstrip("%").strip())
        except InvalidOperation:
            problems.add(
                "agent_turnover_percent",
                f"the agent turnover “{get('agent_turnover_percent')}” is not a number",
            )
        else:
            if not turnover.is_finite() or not 0 <= turnover <= 500:
                problems.add(
                    "agent_turnover_percent", "the agent turnover must be between 0 and 500 %"
                )
            else:
                turnover = turnover.quantize(Decimal("0.1"))

    recording = Vendor.CallRecording.UNKNOWN
    if get("call_recording_policy"):
        recording = _RECORDING.get(get("call_recording_policy").lower())
        if recording is None:
            problems.add(
                "call_recording_policy",
                f"unknown call-recording policy “{get('call_recording_policy')}”",
            )

    channels = []
    for part in _split(get("channels")):
        channel = _CHANNELS.get(part.lower())
        if channel is None:
            problems.add("channels", f"unknown channel “{part}”")
        else:
            channels.append(channel)

    locations = []
    for part in _split(get("delivery_locations")):
        match = _LOCATION.match(part)
        if not match:
            problems.add("delivery_locations", f"cannot read the delivery location “{part}”")
            continue
        place, region_text = match["country"].strip(), (match["region"] or "").strip()
        region = _REGIONS.get(region_text.lower()) if region_text else region_for_country(place)
        if region is None:
            problems.add(
                "delivery_locations",
                f"no rate-card region for “{part}”: add one in parentheses, e.g. "
                f"“{place} (Latin America)”",
            )
            continue
        locations.append((place, region))

    references = []
    for line in (get("client_references")).splitlines():
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        if not parts[0]:
            problems.add(
                "client_references", f"a client reference has no company: “{line.strip()}”"
            )
            continue
        parts += ["", ""]
        references.append((parts[0], parts[1], " | ".join(p for p in parts[2:] if p)))

    langs = _named(get("languages"), languages, "language", "languages", problems)
    certs = _named(
        get("certifications"), certifications, "certification", "certifications", problems
    )
    if problems.items:
        return None
    return VendorInput(
        name=name,
        headquarters_country=country,
        website=website,
        headcount=headcount,
        agent_turnover_percent=turnover,
        call_recording_policy=recording,
        incentive_scheme=get("incentive_scheme"),
        review_sources=get("review_sources"),
        review_notes=get("review_notes"),
        channels=channels,
        languages=langs,
        certifications=certs,
        locations=locations,
        references=references,
        given=frozenset(_FIELD_OF_COLUMN.get(column, column) for column in raw if column),
    )


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
    if result.errors:
        return result

    languages = {lang.name.lower(): lang for lang in Language.objects.all()}
    certifications = {c.name.lower(): c for c in Certification.objects.all()}
    seen: dict[str, int] = {}
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
            problems = _Problems()
            row = _row(raw, languages, certifications, problems)
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
