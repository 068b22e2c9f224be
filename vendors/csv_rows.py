"""One row of a vendor CSV import, checked cell by cell (``vendors.csv_io`` reads the
file). Every problem is noted with its column; the lengths and numbers a cell may hold
are read from the model fields the cell fills, so the import and the columns agree."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from portal.reference import Channel, Region
from portal.validators import has_line_break, number_problem, text_problem
from vendors.models import ClientReference, DeliveryLocation, Vendor
from vendors.regions import region_for_country
from vendors.registry_actions import VendorInput

# The VendorInput field each column fills, where the names differ.
_FIELD_OF_COLUMN = {"delivery_locations": "locations", "client_references": "references"}
# Cells that hold several lines; in every other cell a line break is refused.
MULTI_LINE_COLUMNS = {"incentive_scheme", "client_references", "review_sources", "review_notes"}
_field = Vendor._meta.get_field
_COUNTRY = DeliveryLocation._meta.get_field("country")
_REFERENCE = ClientReference._meta.get_field


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


def _shown(text: str, limit: int = 60) -> str:
    """A cell as a message quotes it: a 100,000-character cell is not echoed whole."""
    return text if len(text) <= limit else text[:limit] + "…"


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
            problems.add(column, f"unknown {what} “{_shown(name)}”")
        else:
            found.append(obj)
    return found


def cell_problems(raw: dict[str, str]) -> _Problems:
    """NUL characters (which PostgreSQL refuses) and line breaks in one-line cells,
    in cells already unescaped.

    A NUL is taken out of the cell afterwards, so the cell's other checks still run."""
    problems = _Problems()
    for column, value in raw.items():
        if value and "\x00" in value:
            problems.add(column, "the cell contains a NUL character")
            raw[column] = value.replace("\x00", "")
        elif column not in MULTI_LINE_COLUMNS and has_line_break(value.strip()):
            problems.add(column, "the cell must be on one line (it has a line break)")
    return problems


def row_input(raw: dict[str, str], languages: dict, certifications: dict, problems: _Problems):
    """The row as a VendorInput, or None when ``problems`` got at least one entry."""
    get = lambda key: (raw.get(key) or "").strip()  # noqa: E731
    name = get("name")
    if not name:
        problems.add("name", "the name is empty")
    country = get("headquarters_country")
    if "headquarters_country" in raw and not country:
        problems.add("headquarters_country", "the headquarters country is empty")
    website = get("website")
    for column, what in (("name", "name"), ("headquarters_country", "headquarters country")):
        if problem := text_problem(_field(column), get(column), what):
            problems.add(column, problem)
    if problem := text_problem(_field("website"), website, "website"):
        problems.add("website", problem)
    elif website:
        try:
            URLValidator()(website)
        except ValidationError:
            problems.add("website", f"the website “{_shown(website)}” is not a valid URL")

    headcount = None
    if get("headcount"):
        try:
            headcount = int(get("headcount").replace(",", ""))
        except ValueError:
            problems.add(
                "headcount", f"the headcount “{_shown(get('headcount'))}” is not a whole number"
            )
        else:
            if problem := number_problem(_field("headcount"), headcount, "headcount"):
                problems.add("headcount", problem)
    turnover = None
    if get("agent_turnover_percent"):
        try:
            turnover = Decimal(get("agent_turnover_percent").rstrip("%").strip())
        except InvalidOperation:
            problems.add(
                "agent_turnover_percent",
                f"the agent turnover “{_shown(get('agent_turnover_percent'))}” is not a number",
            )
        else:
            # The column's digits and its 0-500 % validators, read from the model.
            turnover_field = _field("agent_turnover_percent")
            if problem := number_problem(turnover_field, turnover, "agent turnover"):
                problems.add("agent_turnover_percent", problem)
            else:
                turnover = turnover.quantize(Decimal(1).scaleb(-turnover_field.decimal_places))

    recording = Vendor.CallRecording.UNKNOWN
    if get("call_recording_policy"):
        recording = _RECORDING.get(get("call_recording_policy").lower())
        if recording is None:
            problems.add(
                "call_recording_policy",
                f"unknown call-recording policy “{_shown(get('call_recording_policy'))}”",
            )

    channels = []
    for part in _split(get("channels")):
        channel = _CHANNELS.get(part.lower())
        if channel is None:
            problems.add("channels", f"unknown channel “{_shown(part)}”")
        else:
            channels.append(channel)

    locations = []
    for part in _split(get("delivery_locations")):
        match = _LOCATION.match(part)
        if not match:
            problems.add(
                "delivery_locations", f"cannot read the delivery location “{_shown(part)}”"
            )
            continue
        place, region_text = match["country"].strip(), (match["region"] or "").strip()
        if problem := text_problem(_COUNTRY, place, "delivery country"):
            problems.add("delivery_locations", problem)
            continue
        region = _REGIONS.get(region_text.lower()) if region_text else region_for_country(place)
        if region is None:
            problems.add(
                "delivery_locations",
                f"no rate-card region for “{_shown(part)}”: add one in parentheses, e.g. "
                f"“{_shown(place)} (Latin America)”",
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
                "client_references",
                f"a client reference has no company: “{_shown(line.strip())}”",
            )
            continue
        parts += ["", ""]
        for value, what in ((parts[0], "company"), (parts[1], "contact")):
            if problem := text_problem(_REFERENCE(what), value, f"client reference {what}"):
                problems.add("client_references", problem)
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
