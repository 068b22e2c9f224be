"""The test-call plan's arithmetic, in plain Python: how a month's N test calls are
shared between the channels in scope, spread over each channel's open hours and its
languages, assigned to the team in turn, and filled by the calls logged.

A channel's open hours are a weekly profile: (weekday, hour, weight) with weekday 0 for
Monday and weight the hour's share of the channel's contacts (any positive scale), read
from step 1's open hours and arrival pattern (``weekly_hours``).
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

WEEK_HOURS = 168


@dataclass(frozen=True)
class ChannelSlots:
    """One channel of the scope as the plan reads it."""

    channel: str
    volume: float  # contacts a month: the channel's share of the calls
    languages: tuple[str, ...]
    open_hours: tuple[tuple[int, int, float], ...]  # (weekday, hour, weight)


@dataclass(frozen=True)
class Slot:
    """A planned call: where, in which language, when, and by whom (an index into the
    team list given to ``plan_month``)."""

    position: int
    channel: str
    language: str
    suggested_at: datetime
    assignee: int | None


def weekly_hours(shares: Sequence[float]) -> tuple[tuple[int, int, float], ...]:
    """A week's 168 shares of contacts (Monday 00:00 first, 0 when closed) as the
    plan's (weekday, hour, weight) open hours: hours with no contacts get no call."""
    if len(shares) != WEEK_HOURS:
        raise ValueError(f"A week has {WEEK_HOURS} hours, not {len(shares)}.")
    return tuple(
        (hour // 24, hour % 24, float(share)) for hour, share in enumerate(shares) if share > 0
    )


def share_calls(total: int, volumes: Sequence[float]) -> list[int]:
    """``total`` calls shared in proportion to ``volumes`` by largest remainder (ties to
    the earlier channel); all volumes zero shares evenly."""
    if total <= 0 or not volumes:
        return [0] * len(volumes)
    weights = list(volumes) if sum(volumes) > 0 else [1.0] * len(volumes)
    exact = [total * w / sum(weights) for w in weights]
    counts = [math.floor(x) for x in exact]
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - counts[i]), i))
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


def month_hours(
    year: int, month: int, open_hours: Sequence[tuple[int, int, float]]
) -> list[tuple[datetime, float]]:
    """Every open hour of the month, in order, with its weight."""
    by_weekday: dict[int, list[tuple[int, float]]] = {}
    for weekday, hour, weight in open_hours:
        if weight > 0:
            by_weekday.setdefault(weekday, []).append((hour, weight))
    found = []
    for day in range(1, calendar.monthrange(year, month)[1] + 1):
        current = date(year, month, day)
        for hour, weight in sorted(by_weekday.get(current.weekday(), [])):
            found.append((datetime(year, month, day, hour), weight))
    return found


def spread(hours: Sequence[tuple[datetime, float]], count: int) -> list[datetime]:
    """``count`` moments among ``hours``, each at the hour where the running weight
    passes (i + 1/2) / count of the month's weight: busier hours get more calls, and
    the calls run through the whole month."""
    if count <= 0 or not hours:
        return []
    total = sum(weight for _, weight in hours)
    picked, running, index = [], 0.0, 0
    for i in range(count):
        goal = (i + 0.5) / count * total
        while index < len(hours) - 1 and running + hours[index][1] < goal:
            running += hours[index][1]
            index += 1
        picked.append(hours[index][0])
    return picked


def plan_month(
    year: int, month: int, calls: int, channels: Sequence[ChannelSlots], team_size: int
) -> list[Slot]:
    """The month's planned calls, ordered by time: shared between channels by volume,
    spread over each channel's open hours, its languages in turn, and the team's
    members in turn (starting one further each month, so the first call rotates)."""
    counts = share_calls(calls, [c.volume for c in channels])
    found = []
    for channel, count in zip(channels, counts, strict=True):
        moments = spread(month_hours(year, month, channel.open_hours), count)
        languages = channel.languages or ("",)
        for i, moment in enumerate(moments):
            found.append((moment, channel.channel, languages[i % len(languages)]))
    found.sort()
    start = (year * 12 + month) % team_size if team_size else 0
    return [
        Slot(
            position=i + 1,
            channel=channel,
            language=language,
            suggested_at=moment,
            assignee=(start + i) % team_size if team_size else None,
        )
        for i, (moment, channel, language) in enumerate(found)
    ]


@dataclass(frozen=True)
class PlannedRef:
    """A planned call as the fill reads it."""

    key: int
    channel: str
    linked_call: int | None  # the test call logged from the plan, if any


def plan_fill(
    planned: Sequence[PlannedRef], calls: Sequence[tuple[int, str]]
) -> tuple[dict[int, int], list[int]]:
    """Which test call fills which planned call: those logged from the plan keep their
    link; every other call of the month (``(call id, channel)`` in the order they were
    made) fills the first open planned call of its channel. Returns {planned key: call
    id} and the calls left over (more than planned on their channel)."""
    filled = {p.key: p.linked_call for p in planned if p.linked_call is not None}
    used = set(filled.values())
    open_by_channel: dict[str, list[int]] = {}
    for p in planned:
        if p.linked_call is None:
            open_by_channel.setdefault(p.channel, []).append(p.key)
    extra = []
    for call_id, channel in calls:
        if call_id in used:
            continue
        waiting = open_by_channel.get(channel)
        if waiting:
            filled[waiting.pop(0)] = call_id
        else:
            extra.append(call_id)
    return filled, extra
