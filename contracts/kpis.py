"""KPI arithmetic against SLA targets, and the KPI CSV format. Pure Python, no Django.

A KPI is breached when it falls on the wrong side of its target: below it when
higher is better (service level, first-contact resolution, satisfaction), above
it when lower is better (abandoned calls, repeat contacts, speed of answer).
Meeting the target exactly is not a breach. A metric without a target (average
handle time, watched only) is never breached.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

HIGHER = "higher"
LOWER = "lower"

CSV_HEADER = ("period", "metric", "value")
# A feed's rows name the columns as JSON fields; its month is the file's period.
FEED_FIELDS = {"period": "month", "metric": "metric", "value": "value"}
MAX_CSV_ROWS = 5000
EARLIEST_YEAR = 1990
_PERIOD = re.compile(r"^(\d{4})-(\d{2})(?:-01)?$")


def is_breach(value: Decimal | None, target: Decimal | None, direction: str) -> bool:
    if value is None or target is None:
        return False
    if direction == HIGHER:
        return value < target
    if direction == LOWER:
        return value > target
    raise ValueError(f"Unknown direction {direction!r}")


def consecutive_breaches(flags: list[bool]) -> int:
    """How many of the most recent periods in a row were breached (0 if the last was met)."""
    count = 0
    for flag in reversed(flags):
        if not flag:
            break
        count += 1
    return count


def monthly_breach_run(points: list[tuple[date, bool]]) -> int:
    """Breaches in a row up to the latest month, counting only calendar-consecutive months.

    ``points`` are (first day of month, breached) in date order; a month with no
    record breaks the run, since nothing shows it was breached.
    """
    count, expected = 0, None
    for period, breached in reversed(points):
        if not breached or (expected is not None and period != expected):
            break
        count += 1
        expected = date(period.year - (period.month == 1), (period.month - 2) % 12 + 1, 1)
    return count


def longest_breach_run(flags: list[bool]) -> int:
    longest = current = 0
    for flag in flags:
        current = current + 1 if flag else 0
        longest = max(longest, current)
    return longest


def parse_period(text: str) -> date:
    """'2025-03' (or '2025-03-01') -> date(2025, 3, 1)."""
    match = _PERIOD.match(text.strip())
    if not match:
        raise ValueError(f"{text.strip()!r} is not a month written as YYYY-MM")
    year, month = int(match[1]), int(match[2])
    if not 1 <= month <= 12 or year < EARLIEST_YEAR:
        raise ValueError(f"{text.strip()!r} is not a valid month")
    return date(year, month, 1)


@dataclass(frozen=True)
class KpiRow:
    line: int
    period: date
    metric: str
    value: Decimal


@dataclass(frozen=True)
class MetricRule:
    """What a value of one metric may be: bounds inclusive, None for unbounded."""

    minimum: Decimal | None = Decimal(0)
    maximum: Decimal | None = None


@dataclass(frozen=True)
class ValueColumn:
    """What the column a KPI value is stored in holds (the action reads KpiRecord.value):
    ``max_digits`` digits, ``decimal_places`` of them after the point; and the longest
    cell the file may have (a metric name, a month, a number are all short)."""

    max_digits: int = 10
    decimal_places: int = 2
    max_cell: int = 100

    @property
    def step(self) -> Decimal:
        return Decimal(1).scaleb(-self.decimal_places)

    @property
    def limit(self) -> Decimal:
        return Decimal(10) ** (self.max_digits - self.decimal_places)


def future_month_problem(period: date, latest: date | None) -> str | None:
    """Why ``period`` cannot have KPIs yet: it starts after ``latest`` (the current month)."""
    if latest is None or period <= latest.replace(day=1):
        return None
    return f"{period:%Y-%m} has not started yet (latest month: {latest:%Y-%m})"


def _shown(text: str, limit: int = 40) -> str:
    return repr(text if len(text) <= limit else text[:limit] + "…")


def _cell_problems(raw: list[str], column: ValueColumn) -> list[tuple[str, str]]:
    """NUL characters (a database refuses them) and cells longer than any valid one."""
    problems = []
    for name, cell in zip(CSV_HEADER, raw, strict=True):
        if "\x00" in cell:
            problems.append((name, "the cell contains a NUL character"))
        elif len(cell) > column.max_cell:
            problems.append((name, f"the cell is longer than {column.max_cell} characters"))
    return problems


def parse_kpi_csv(
    text: str,
    rules: Mapping[str, MetricRule],
    *,
    latest: date | None = None,
    column: ValueColumn = ValueColumn(),
) -> tuple[list[KpiRow], list[str]]:
    """Read ``period,metric,value`` rows; every problem is reported with its line number.

    ``rules`` maps the metric names accepted (the engagement's SLAs) to their
    bounds; ``latest`` (any day of the current month) refuses months still to come;
    ``column`` says what the value column holds. A file the csv module cannot read
    (a cell over its size limit, a stray quote) is reported at the line it stopped on.
    The caller imports nothing unless the error list is empty.
    """
    # newline="": the csv module reads line breaks itself, inside quoted cells too.
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[KpiRow] = []
    errors: list[str] = []
    seen: dict[tuple[date, str], int] = {}
    try:
        header = next(reader, None)
    except csv.Error as exc:
        return [], [f"Line 1: cannot read the header ({exc})."]
    if header is None:
        return [], ["The file is empty: expected a header line 'period,metric,value'."]
    if tuple(h.strip().lower() for h in header) != CSV_HEADER:
        shown = _shown(",".join(header), 80)
        return [], [f"Line 1: the header must be 'period,metric,value', not {shown}."]
    line, count = reader.line_num + 1, 0
    while True:
        try:
            raw = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            errors.append(f"Line {line}: cannot read the row ({exc}).")
            break
        count += 1
        errors.extend(_row_errors(line, count, raw, rules, seen, latest, column, rows))
        if count > MAX_CSV_ROWS:
            break
        line = reader.line_num + 1
    if not rows and not errors:
        errors.append("The file has a header but no KPI rows.")
    return rows, errors


def _row_errors(line, count, raw, rules, seen, latest, column, rows) -> list[str]:
    """The messages of one record starting on ``line``; a good row goes to ``rows``."""
    if not any(cell.strip() for cell in raw):
        return []
    if count > MAX_CSV_ROWS:
        return [f"Line {line}: too many rows (at most {MAX_CSV_ROWS})."]
    if len(raw) != 3:
        return [f"Line {line}: expected 3 columns (period, metric, value), got {len(raw)}."]
    problems = _cell_problems(raw, column)
    if not problems:
        row, problems = _parse_row(line, raw, rules, seen, latest, column)
        if row is not None:
            rows.append(row)
    # Every problem of the row, each with its column, so one pass fixes the file.
    return [f"Line {line}, column {c}: {p}." for c, p in problems]


def _parse_row(
    line: int,
    raw: list[str],
    rules: Mapping[str, MetricRule],
    seen: dict,
    latest: date | None,
    column: ValueColumn,
    where: str = "line",
) -> tuple[KpiRow | None, list[tuple[str, str]]]:
    """One data row: the KpiRow, or None and each (column, problem) found; ``where`` is
    what a row is called in a message (a file's line, a feed's row)."""
    period_text, metric, value_text = (cell.strip() for cell in raw)
    problems: list[tuple[str, str]] = []
    try:
        period = parse_period(period_text)
    except ValueError as exc:
        problems.append(("period", str(exc)))
        period = None
    if period is not None and (future := future_month_problem(period, latest)):
        problems.append(("period", future))
    metric = metric.lower()
    rule = rules.get(metric)
    if rule is None:
        known = ", ".join(sorted(rules)) or "none: add SLAs first"
        problems.append(
            ("metric", f"{_shown(metric)} is not one of this contract's SLAs ({known})")
        )
    try:
        value = Decimal(value_text.rstrip("%").strip())
        if not value.is_finite():
            raise InvalidOperation
    except InvalidOperation:
        problems.append(("value", f"{_shown(value_text)} is not a number"))
        value = None
    # Stored rounded to the column's places, as the month form takes them: 82.555 is
    # 82.56; judged as stored, so 99999999.995 (100000000.00) is too large.
    typed = value
    if value is not None and value.copy_abs() < column.limit:
        value = value.quantize(column.step, rounding=ROUND_HALF_UP)
    if value is not None and value.copy_abs() >= column.limit:
        largest = column.limit - column.step
        problems.append(("value", f"{_shown(value_text)} is too large (at most {largest:,})"))
        value = None
    if value is not None and rule is not None:
        if rule.minimum is not None and value < rule.minimum:
            problems.append(("value", f"{typed} is below {rule.minimum}"))
        if rule.maximum is not None and value > rule.maximum:
            problems.append(("value", f"{typed} is above {rule.maximum}"))
    if period is not None and rule is not None:
        first = seen.setdefault((period, metric), line)
        if first != line:
            problems.append(
                ("metric", f"{metric} for {period:%Y-%m} already given on {where} {first}")
            )
    if problems:
        return None, problems
    return KpiRow(line, period, metric, value), []


def _feed_cell(name: str, value) -> tuple[str, str | None]:
    """A JSON field as the CSV cell it stands for, or a problem: a number may come as a
    number or as text, a month and a metric only as text."""
    if value is None:
        return "", "missing"
    if isinstance(value, str):
        return value, None
    if name == "value" and isinstance(value, int | float) and not isinstance(value, bool):
        return str(value), None
    if name == "value":
        return "", f"{_shown(str(value))} is not a number"
    return "", f"must be text, such as {'2025-03' if name == 'month' else 'service_level'}"


def parse_kpi_rows(
    items,
    rules: Mapping[str, MetricRule],
    *,
    latest: date | None = None,
    column: ValueColumn = ValueColumn(),
) -> tuple[list[KpiRow], list[str]]:
    """A KPI feed's rows, ``{"metric", "month", "value"}`` objects, checked as the CSV
    import checks its lines (the same bounds, months and duplicates); every problem
    is reported with its row number (from 1) and field, so one pass fixes the feed."""
    if not isinstance(items, list):
        return [], ["The rows must be a list of objects with metric, month and value."]
    if not items:
        return [], ["Send at least one row."]
    if len(items) > MAX_CSV_ROWS:
        return [], [f"Too many rows: {len(items)} (at most {MAX_CSV_ROWS})."]
    rows: list[KpiRow] = []
    errors: list[str] = []
    seen: dict[tuple[date, str], int] = {}
    wanted = tuple(FEED_FIELDS.values())
    for number, item in enumerate(items, start=1):
        if not isinstance(item, Mapping):
            errors.append(f"Row {number}: expected an object with metric, month and value.")
            continue
        unknown = sorted(str(key) for key in item if key not in wanted)
        if unknown:
            names = ", ".join(_shown(name) for name in unknown)
            errors.append(f"Row {number}: unknown field(s) {names}; expected metric, month, value.")
        raw, problems = [], []
        for csv_name in CSV_HEADER:
            cell, problem = _feed_cell(FEED_FIELDS[csv_name], item.get(FEED_FIELDS[csv_name]))
            raw.append(cell)
            if problem:
                problems.append((csv_name, problem))
        oversized = _cell_problems(raw, column)
        if not oversized:
            # The other fields are checked too, so a row's every problem shows at once.
            row, found = _parse_row(number, raw, rules, seen, latest, column, where="row")
            flagged = {name for name, _ in problems}
            if row is not None and not unknown and not problems:
                rows.append(row)
            problems += [(name, text) for name, text in found if name not in flagged]
        problems += oversized
        errors.extend(f"Row {number}, field {FEED_FIELDS[c]}: {p}." for c, p in problems)
    return rows, errors
