"""A channel's open hours as a planner enters and reads them. Plain Python: no Django.

Open hours are stored as 168 booleans (hour 0 is Monday 00:00-01:00, see
``portal.week``). The scope form edits them as a choice of business hours, 24/7,
or per day an opening and a closing hour (``DaySpan``); pages show them in words
(``describe``): "Monday-Friday 09:00-18:00", "24/7", or day by day.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from portal import week

BUSINESS = "business"
ALL_WEEK = "all_week"
CUSTOM = "custom"
CHOICES = (
    (BUSINESS, "Business hours (Monday-Friday 09:00-18:00)"),
    (ALL_WEEK, "24/7"),
    (CUSTOM, "Custom"),
)


class DaySpan(NamedTuple):
    """One day's hours: open from ``opens`` to ``closes`` (0-24, closes after opens)."""

    opens: int
    closes: int


def kind_of(open_hours: Sequence[bool]) -> str:
    """Which choice of the form gives ``open_hours``."""
    hours = tuple(open_hours)
    if hours == week.BUSINESS_HOURS:
        return BUSINESS
    if hours == week.ALL_WEEK:
        return ALL_WEEK
    return CUSTOM


def _runs(day: Sequence[bool]) -> list[DaySpan]:
    runs: list[DaySpan] = []
    start = None
    for hour in range(25):
        is_open = hour < 24 and day[hour]
        if is_open and start is None:
            start = hour
        elif not is_open and start is not None:
            runs.append(DaySpan(start, hour))
            start = None
    return runs


def day_runs(open_hours: Sequence[bool]) -> list[list[DaySpan]]:
    """Each day's runs of open hours, Monday first (an empty list: closed all day)."""
    hours = list(open_hours)
    return [_runs(hours[day * 24 : day * 24 + 24]) for day in range(7)]


def day_spans(open_hours: Sequence[bool]) -> list[DaySpan | None]:
    """Each day as the form shows it: from its first open hour to its last (None:
    closed). A day with a break (hours imported that way) shows its whole span."""
    return [
        DaySpan(runs[0].opens, runs[-1].closes) if runs else None for runs in day_runs(open_hours)
    ]


def from_day_spans(spans: Sequence[DaySpan | None]) -> tuple[bool, ...]:
    """168 booleans from seven day spans (None: closed)."""
    if len(spans) != 7:
        raise ValueError(f"Give the hours of 7 days, Monday first, not {len(spans)}.")
    hours = [False] * week.HOURS_PER_WEEK
    for day, span in enumerate(spans):
        if span is None:
            continue
        if not 0 <= span.opens < span.closes <= 24:
            raise ValueError(f"{week.DAYS[day]}: the closing hour must be after the opening hour.")
        for hour in range(span.opens, span.closes):
            hours[day * 24 + hour] = True
    return tuple(hours)


def _clock(hour: int) -> str:
    return f"{hour:02d}:00"


def _day_text(runs: list[DaySpan]) -> str:
    if not runs:
        return "closed"
    if runs == [DaySpan(0, 24)]:
        return "around the clock"
    return " and ".join(f"{_clock(run.opens)}-{_clock(run.closes)}" for run in runs)


def describe(open_hours: Sequence[bool]) -> str:
    """The open hours in words: "24/7", "Monday-Friday 09:00-18:00", or days with the
    same hours grouped: "Monday-Friday 07:00-21:00; Saturday 09:00-13:00; Sunday closed"."""
    hours = tuple(open_hours)
    if hours == week.ALL_WEEK:
        return "24/7"
    if not any(hours):
        return "Closed all week"
    texts = [_day_text(runs) for runs in day_runs(hours)]
    parts, start = [], 0
    for day in range(1, 8):
        if day < 7 and texts[day] == texts[start]:
            continue
        name = week.DAYS[start] if day - 1 == start else f"{week.DAYS[start]}-{week.DAYS[day - 1]}"
        parts.append((name, texts[start]))
        start = day
    # Days closed at the end of the week ("Saturday-Sunday closed") go without saying
    # when other days are open and the rest reads as business-like hours.
    if len(parts) > 1 and parts[-1][1] == "closed":
        parts = parts[:-1]
    return "; ".join(f"{name} {text}" for name, text in parts)


def count(open_hours: Sequence[bool]) -> int:
    """Open hours a week."""
    return sum(1 for hour in open_hours if hour)
