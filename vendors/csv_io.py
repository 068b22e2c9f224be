"""CSV export and import of the vendor registry.

One row per vendor. Cells holding several values separate them with ";"
(channels, languages, certifications, delivery locations); client references go
one per line inside their cell as ``Company | Contact | Notes``. A delivery
location is a country, optionally followed by its region in parentheses when the
country is not in ``vendors.regions``: ``Kenya`` or ``Atlantis (Worldwide / international)``.

The import reads the whole file and validates every row before anything is
written; each bad row is reported with its line number and reason.
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
from vendors.actions import VendorInput
from vendors.models import Certification, Language, Vendor
from vendors.regions import region_for_country

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
REQUIRED_COLUMNS = {"name", "headquarters_country"}
MAX_BYTES = 2 * 1024 * 1024
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
        writer.writerow(
            [
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
        )
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


class _RowError(Exception):
    pass


def _named(cell: str, known: dict[str, object], what: str) -> list:
    found = []
    for name in _split(cell):
        obj = known.get(name.lower())
        if obj is None:
            raise _RowError(f"unknown {what} “{name}”")
        found.append(obj)
    return found


def _row(raw: dict[str, str], languages: dict, certifications: dict) -> VendorInput:
    get = lambda key: (raw.get(key) or "").strip()  # noqa: E731
    name = get("name")
    if not name:
        raise _RowError("the name is empty")
    if len(name) > 200:
        raise _RowError("the name is longer than 200 characters")
    country = get("headquarters_country")
    if not country:
        raise _RowError("the headquarters country is empty")
    if len(country) > 100:
        raise _RowError("the headquarters country is longer than 100 characters")
    website = get("website")
    if website:
        try:
            URLValidator()(website)
        except ValidationError:
            raise _RowError(f"the website “{website}” is not a valid URL") from None

    headcount = None
    if get("headcount"):
        try:
            headcount = int(get("headcount").replace(",", ""))
        except ValueError:
            raise _RowError(f"the headcount “{get('headcount')}” is not a whole number") from None
        if headcount < 0:
            raise _RowError("the headcount is negative")
    turnover = None
    if get("agent_turnover_percent"):
        try:
            turnover = Decimal(get("agent_turnover_percent").rstrip("%").strip())
        except InvalidOperation:
            raise _RowError(
                f"the agent turnover “{get('agent_turnover_percent')}” is not a number"
            ) from None
        if not turnover.is_finite() or not 0 <= turnover <= 500:
            raise _RowError("the agent turnover must be between 0 and 500 %")
        turnover = turnover.quantize(Decimal("0.1"))

    recording = Vendor.CallRecording.UNKNOWN
    if get("call_recording_policy"):
        recording = _RECORDING.get(get("call_recording_policy").lower())
        if recording is None:
            raise _RowError(f"unknown call-recording policy “{get('call_recording_policy')}”")

    channels = []
    for part in _split(get("channels")):
        channel = _CHANNELS.get(part.lower())
        if channel is None:
            raise _RowError(f"unknown channel “{part}”")
        channels.append(channel)

    locations = []
    for part in _split(get("delivery_locations")):
        match = _LOCATION.match(part)
        if not match:
            raise _RowError(f"cannot read the delivery location “{part}”")
        place, region_text = match["country"].strip(), (match["region"] or "").strip()
        region = _REGIONS.get(region_text.lower()) if region_text else region_for_country(place)
        if region is None:
            raise _RowError(
                f"no rate-card region for “{part}”: add one in parentheses, e.g. "
                f"“{place} (Latin America)”"
            )
        locations.append((place, region))

    references = []
    for line in (get("client_references")).splitlines():
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        if not parts[0]:
            raise _RowError(f"a client reference has no company: “{line.strip()}”")
        parts += ["", ""]
        references.append((parts[0], parts[1], " | ".join(p for p in parts[2:] if p)))

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
        languages=_named(get("languages"), languages, "language"),
        certifications=_named(get("certifications"), certifications, "certification"),
        locations=locations,
        references=references,
    )


def parse_vendors(data: bytes) -> ImportResult:
    """Validate a whole CSV file; ``rows`` only counts when there are no ``errors``."""
    result = ImportResult()
    if not data.strip():
        result.errors.append("The file is empty.")
        return result
    if len(data) > MAX_BYTES:
        result.errors.append(f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB.")
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
    line = reader.line_num + 1
    while True:
        try:
            raw = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            result.errors.append(f"Line {line}: cannot read the row ({exc}).")
            break
        if len(result.rows) + len(result.errors) >= MAX_ROWS:
            result.errors.append(f"The file has more than {MAX_ROWS} rows; split it.")
            break
        if None in raw:
            result.errors.append(f"Line {line}: more cells than columns.")
        elif any((v or "").strip() for v in raw.values()):
            try:
                row = _row(raw, languages, certifications)
            except _RowError as exc:
                result.errors.append(f"Line {line}: {exc}.")
            else:
                first = seen.setdefault(row.name.lower(), line)
                if first != line:
                    result.errors.append(
                        f"Line {line}: “{row.name}” already appears on line {first}."
                    )
                else:
                    result.rows.append(row)
        line = reader.line_num + 1
    if not result.rows and not result.errors:
        result.errors.append("The file has no vendor rows.")
    return result
