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
MAX_CSV_ROWS = 5000
# KPI values are stored with 10 digits, 2 of them decimals (KpiRecord.value).
CENT = Decimal("0.01")
EARLIEST_YEAR = 1990
VALUE_LIMIT = Decimal(10) ** 8
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


def future_month_problem(period: date, latest: date | None) -> str | None:
    """Why ``period`` cannot have KPIs yet: it starts after ``latest`` (the current month)."""
    if latest is None or period <= latest.replace(day=1):
        return None
    return f"{period:%Y-%m} has not started yet (latest month: {latest:%Y-%m})"


def parse_kpi_csv(
    text: str, rules: Mapping[str, MetricRule], *, latest: date | None = None
) -> tuple[list[KpiRow], list[str]]:
    """Read ``period,metric,value`` rows; every problem is reported with its line number.

    ``rules`` maps the metric names accepted (the engagement's SLAs) to their
    bounds; ``latest`` (any day of the current month) refuses months still to come.
    The caller imports nothing unless the error list is empty.
    """
    reader = csv.reader(io.StringIO(text))
    rows: list[KpiRow] = []
    errors: list[str] = []
    seen: dict[tuple[date, str], int] = {}
    header = next(reader, None)
    if header is None:
        return [], ["The file is empty: expected a header line 'period,metric,value'."]
    if tuple(h.strip().lower() for h in header) != CSV_HEADER:
        return [], [f"Line 1: the header must be 'period,metric,value', not {','.join(header)!r}."]
    for line, raw in enumerate(reader, start=2):
        if not any(cell.strip() for cell in raw):
            continue
        if line - 1 > MAX_CSV_ROWS:
            errors.append(f"Line {line}: too many rows (at most {MAX_CSV_ROWS}).")
            break
        if len(raw) != 3:
            errors.append(
                f"Line {line}: expected 3 columns (period, metric, value), got {len(raw)}."
            )
            continue
        row, problems = _parse_row(line, raw, rules, seen, latest)
        # Every problem of the row, each with its column, so one pass fixes the file.
        errors.extend(f"Line {line}, column {column}: {problem}." for column, problem in problems)
        if row is not None:
            rows.append(row)
    if not rows and not errors:
        errors.append("The file has a header but no KPI rows.")
    return rows, errors


def _parse_row(
    line: int, raw: list[str], rules: Mapping[str, MetricRule], seen: dict, latest: date | None
) -> tuple[KpiRow | None, list[tuple[str, str]]]:
    """One data row: the KpiRow, or None and each (column, problem) found."""
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
        problems.append(("metric", f"{metric!r} is not one of this contract's SLAs ({known})"))
    try:
        value = Decimal(value_text.rstrip("%").strip())
        if not value.is_finite():
            raise InvalidOperation
    except InvalidOperation:
        problems.append(("value", f"{value_text!r} is not a number"))
        value = None
    if value is not None and abs(value) >= VALUE_LIMIT:
        problems.append(("value", f"{value_text!r} is too large (at most {VALUE_LIMIT - CENT:,})"))
        value = None
    if value is not None and rule is not None:
        if rule.minimum is not None and value < rule.minimum:
            problems.append(("value", f"{value} is below {rule.minimum}"))
        if rule.maximum is not None and value > rule.maximum:
            problems.append(("value", f"{value} is above {rule.maximum}"))
    if period is not None and rule is not None:
        first = seen.setdefault((period, metric), line)
        if first != line:
            problems.append(
                ("metric", f"{metric} for {period:%Y-%m} already given on line {first}")
            )
    if problems:
        return None, problems
    # Stored with two decimals, as the month form takes them: 82.555 is 82.56.
    return KpiRow(line, period, metric, value.quantize(CENT, rounding=ROUND_HALF_UP)), []
