"""Interval volumes from a phone system, read into a week's arrival profile. Plain
Python: no Django import.

A planner exports the contacts of each interval (an hour or a half hour) from the
phone system or the workforce-management tool, over one or more weeks, and the
portal averages them into the channel's arrival profile: 168 shares, one per hour
of the week (hour 0 is Monday 00:00-01:00), summing to 1. Two layouts are read:

* ``start,volume``: the interval's start as a date and time (``2026-03-02 09:30``,
  ``2026-03-02T09:30:00`` or ``03/02/2026 9:30 AM``, month first) and its contacts.
  The file covers whole days from its first date to its last; each hour of the week
  is averaged over the days of that weekday in the range, so a day with no row counts
  as a day without contacts.
* ``weekday,time,volume``: ``Monday`` (or ``Mon``) and ``09:30``, once per week of data;
  each interval is averaged over the weeks given (the most rows any interval has).

Half-hour intervals are added up into their hour. Every problem is reported with
its line and column (the rows are read by ``portal.csv_reading``, as the vendor import's
are), as the KPI import of ``contracts.kpis`` does too; the caller saves nothing unless
``errors`` is empty.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from portal.csv_reading import NUL_IN_CELL, CsvReader, cell_error, line_error, repeated_columns

HOURS_PER_WEEK = 168
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MAX_ROWS = 20_000  # a year of half hours is 17,568
MAX_DAYS = 371  # 53 weeks
MAX_CELL = 100
MAX_VOLUME = Decimal("100000")  # contacts in one interval; far above any real queue

# Column names a phone system's export uses, as the import accepts them (lower case,
# spaces and dashes read as underscores).
START_COLUMNS = ("start", "interval_start", "interval", "date_time", "datetime")
WEEKDAY_COLUMNS = ("weekday", "day", "day_of_week")
TIME_COLUMNS = ("time", "start_time", "interval_time")
VOLUME_COLUMNS = ("volume", "contacts", "calls", "offered", "calls_offered")
EXPECTED = (
    "expected a header 'start,volume' (the interval's date and time) or 'weekday,time,volume'"
)

_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap]\.?m\.?)?$", re.IGNORECASE)
_US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})\s+(.+)$")
_WEEKDAYS = {name.lower(): index for index, name in enumerate(DAYS)} | {
    name[:3].lower(): index for index, name in enumerate(DAYS)
}


@dataclass
class IntervalImport:
    """What a file gives: ``shares`` (168, summing to 1) once there are no ``errors``."""

    errors: list[str] = field(default_factory=list)
    shares: tuple[float, ...] | None = None
    # Average contacts in each hour of the week (the shares before scaling to 1).
    weekly_contacts: tuple[float, ...] = ()
    weeks: float = 0.0  # weeks of data the averages are over
    interval_minutes: int = 60  # 30 when any interval starts on the half hour
    rows: int = 0
    # Hours of the week with contacts that ``open_hours`` closes.
    closed_with_volume: tuple[int, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def contacts_per_week(self) -> float:
        return math.fsum(self.weekly_contacts)


def _shown(text: str, limit: int = 40) -> str:
    return repr(text if len(text) <= limit else text[:limit] + "…")


def _column_name(text: str) -> str:
    return re.sub(r"[\s\-]+", "_", text.strip().lower())


def _layout(header: list[str]) -> tuple[dict[str, int], str | None]:
    """The position of each needed column ("start" or "weekday" and "time", and
    "volume"), or a problem with the header."""
    names = [_column_name(name) for name in header]
    if problem := repeated_columns(name for name in names if name):
        return {}, problem

    def find(options: tuple[str, ...]) -> int | None:
        return next((names.index(name) for name in options if name in names), None)

    volume, start = find(VOLUME_COLUMNS), find(START_COLUMNS)
    weekday, time = find(WEEKDAY_COLUMNS), find(TIME_COLUMNS)
    if volume is None:
        return {}, f"no volume column ({', '.join(VOLUME_COLUMNS)}); {EXPECTED}"
    if start is not None:
        positions = {"start": start, "volume": volume}
    elif weekday is not None and time is not None:
        positions = {"weekday": weekday, "time": time, "volume": volume}
    else:
        return {}, f"no interval start column; {EXPECTED}"
    unknown = [header[i].strip() for i in range(len(header)) if i not in positions.values()]
    if any(unknown):
        return {}, (
            f"unknown column(s) {', '.join(name for name in unknown if name)}; "
            f"{EXPECTED}, nothing else"
        )
    return positions, None


def _time_of_day(text: str) -> tuple[int, int]:
    """'09:30', '9:30:00', '9:30 PM' -> (hour, minute); the minute is 0 or 30."""
    match = _TIME.match(text)
    if not match:
        raise ValueError(f"{_shown(text)} is not a time such as 09:30")
    hour, minute, second, half = int(match[1]), int(match[2]), int(match[3] or 0), match[4]
    if half:
        if not 1 <= hour <= 12:
            raise ValueError(f"{_shown(text)} is not a time such as 9:30 AM")
        hour = hour % 12 + (12 if half.lower().startswith("p") else 0)
    if hour > 23 or minute > 59 or second > 59:
        raise ValueError(f"{_shown(text)} is not a time of day")
    if minute not in (0, 30) or second:
        raise ValueError(
            f"{_shown(text)} does not start an hour or a half hour (intervals are an "
            "hour or 30 minutes)"
        )
    return hour, minute


def _date_time(text: str) -> tuple[date, int, int]:
    """The interval's date, hour and minute from an ISO or a US (month first) date-time."""
    us = _US_DATE.match(text)
    try:
        if us:
            day = date(int(us[3]), int(us[1]), int(us[2]))
            hour, minute = _time_of_day(us[4].strip())
            return day, hour, minute
        moment = datetime.fromisoformat(text)
    except ValueError as exc:
        if "hour or a half hour" in str(exc):
            raise
        raise ValueError(
            f"{_shown(text)} is not a date and time such as 2026-03-02 09:30"
        ) from None
    if (moment.minute not in (0, 30)) or moment.second or moment.microsecond:
        raise ValueError(
            f"{_shown(text)} does not start an hour or a half hour (intervals are an "
            "hour or 30 minutes)"
        )
    return moment.date(), moment.hour, moment.minute


def _volume(text: str) -> Decimal:
    cleaned = text.replace(",", "").strip()
    if not cleaned:
        raise ValueError("no volume: give 0 for an interval without contacts")
    try:
        value = Decimal(cleaned)
        if not value.is_finite():
            raise InvalidOperation
    except InvalidOperation:
        raise ValueError(f"{_shown(text)} is not a number") from None
    if value < 0:
        raise ValueError(f"{_shown(text)} is negative; a volume is 0 or more")
    if value > MAX_VOLUME:
        raise ValueError(f"{_shown(text)} is too large (at most {MAX_VOLUME:,} in one interval)")
    return value


@dataclass
class _Reading:
    """The rows read so far: volume by interval, and where each interval was given."""

    by_start: dict[tuple, Decimal] = field(default_factory=dict)  # (date, hour, minute)
    by_slot: dict[tuple, list[Decimal]] = field(default_factory=dict)  # (weekday, hour, min)
    first_line: dict[tuple, int] = field(default_factory=dict)
    half_hours: bool = False


def _read_row(line: int, raw: list[str], positions: dict[str, int], reading: _Reading):
    """The (column, problem) pairs of one row; a good row goes into ``reading``."""
    header = {index: name for name, index in positions.items()}
    problems = []
    for index, cell in enumerate(raw):
        name = header.get(index, str(index + 1))
        if "\x00" in cell:
            problems.append((name, NUL_IN_CELL))
        elif len(cell) > MAX_CELL:
            problems.append((name, f"the cell is longer than {MAX_CELL} characters"))
    if problems:
        return problems
    cells = {name: raw[index].strip() for name, index in positions.items()}
    try:
        volume = _volume(cells["volume"])
    except ValueError as exc:
        problems.append(("volume", str(exc)))
        volume = None
    key = None
    if "start" in positions:
        try:
            key = _date_time(cells["start"])
        except ValueError as exc:
            problems.append(("start", str(exc)))
    else:
        weekday = _WEEKDAYS.get(cells["weekday"].lower().rstrip("."))
        if weekday is None:
            problems.append(("weekday", f"{_shown(cells['weekday'])} is not a day such as Monday"))
        try:
            hour, minute = _time_of_day(cells["time"])
        except ValueError as exc:
            problems.append(("time", str(exc)))
        else:
            key = None if weekday is None else (weekday, hour, minute)
    if key is None or volume is None:
        return problems
    reading.half_hours = reading.half_hours or key[2] == 30
    if "start" in positions:
        first = reading.first_line.setdefault(key, line)
        if first != line:
            day, hour, minute = key
            return [
                (
                    "start",
                    f"the interval {day:%Y-%m-%d} {hour:02d}:{minute:02d} is already given "
                    f"on line {first}",
                )
            ]
        reading.by_start[key] = volume
    else:
        reading.by_slot.setdefault(key, []).append(volume)
    return []


def hour_range_names(hours: Sequence[int]) -> list[str]:
    """Hours of the week as a planner reads them: [130, 131, 132] is
    ["Saturday 10:00-13:00"] (runs of hours within a day joined)."""
    names, run = [], []
    for hour in sorted(hours):
        if run and hour == run[-1] + 1 and hour // 24 == run[0] // 24:
            run.append(hour)
            continue
        if run:
            names.append(_run_name(run))
        run = [hour]
    if run:
        names.append(_run_name(run))
    return names


def _run_name(run: list[int]) -> str:
    start, end = run[0] % 24, run[-1] % 24 + 1
    return f"{DAYS[run[0] // 24]} {start:02d}:00-{end:02d}:00"


def _averages(reading: _Reading, result: IntervalImport) -> list[float] | None:
    """The average contacts of each hour of the week, or None (and an error)."""
    totals = [0.0] * HOURS_PER_WEEK
    if reading.by_start:
        first, last = min(k[0] for k in reading.by_start), max(k[0] for k in reading.by_start)
        days = (last - first).days + 1
        if days > MAX_DAYS:
            result.errors.append(
                f"The file runs from {first:%Y-%m-%d} to {last:%Y-%m-%d} ({days:,} days); "
                f"give at most {MAX_DAYS} days (53 weeks)."
            )
            return None
        if days < 7:
            result.errors.append(
                f"The file covers {days} day{'s' if days != 1 else ''} "
                f"({first:%Y-%m-%d} to {last:%Y-%m-%d}); give at least one whole week, "
                "so that every day of the week has its volume."
            )
            return None
        seen_days = [0] * 7
        for offset in range(days):
            seen_days[(first + timedelta(days=offset)).weekday()] += 1
        for (day, hour, _minute), volume in reading.by_start.items():
            totals[day.weekday() * 24 + hour] += float(volume)
        result.weeks = days / 7
        return [totals[h] / seen_days[h // 24] for h in range(HOURS_PER_WEEK)]
    weeks = max(len(volumes) for volumes in reading.by_slot.values())
    for (weekday, hour, _minute), volumes in reading.by_slot.items():
        totals[weekday * 24 + hour] += float(math.fsum(volumes))
    result.weeks = float(weeks)
    return [total / weeks for total in totals]


def parse_intervals(text: str, *, open_hours: Sequence[bool] | None = None) -> IntervalImport:
    """Read a file of interval volumes; see the module's docstring for the layouts.

    ``open_hours`` (168 booleans), when given, names the hours that have contacts
    but are closed in ``closed_with_volume``: whether that refuses the file is the
    caller's rule.
    """
    result = IntervalImport()
    if not text.strip():
        result.errors.append(f"The file is empty: {EXPECTED}.")
        return result
    reader = CsvReader(text)
    header = reader.header
    if reader.error:
        result.errors.append(reader.error)
        return result
    if any("\x00" in name for name in header):
        result.errors.append("Line 1: the header contains a NUL character.")
        return result
    positions, problem = _layout(header)
    if problem:
        result.errors.append(line_error(1, problem))
        return result
    reading = _Reading()
    for line, raw in reader.rows():
        if not any(cell.strip() for cell in raw):
            continue
        result.rows += 1
        if result.rows > MAX_ROWS:
            result.errors.append(
                line_error(line, f"too many rows (at most {MAX_ROWS:,}, a year of half hours)")
            )
            break
        if len(raw) != len(header):
            result.errors.append(
                line_error(
                    line,
                    f"expected {len(header)} columns ({', '.join(positions)}), got {len(raw)}",
                )
            )
        else:
            for column, message in _read_row(line, raw, positions, reading):
                result.errors.append(cell_error(line, column, message))
    if reader.error:
        result.errors.append(reader.error)
    if result.errors:
        return result
    if not result.rows:
        result.errors.append("The file has a header but no interval rows.")
        return result
    result.interval_minutes = 30 if reading.half_hours else 60
    averages = _averages(reading, result)
    if averages is None:
        return result
    total = math.fsum(averages)
    if total <= 0:
        result.errors.append("The file has no contacts in any interval.")
        return result
    result.weekly_contacts = tuple(averages)
    result.shares = tuple(value / total for value in averages)
    if open_hours is not None:
        result.closed_with_volume = tuple(
            hour for hour in range(HOURS_PER_WEEK) if averages[hour] > 0 and not open_hours[hour]
        )
    return result
