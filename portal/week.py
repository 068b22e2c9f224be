"""A queue sized hour by hour over a week. Plain Python: no Django import.

A workforce planner staffs each hour of the week (168 of them, hour 0 is Monday
00:00-01:00) for that hour's contacts: the fewest agents that reach the service
target (Erlang C, or Erlang A when callers hang up, see ``portal.staffing``), at
least one agent in every open hour even when no contact is expected, none in a
closed hour. A chat agent carries several chats at once, so chat divides the
handle time by that concurrency. The week's service level and abandon rate are
weighted by the contacts of each hour, as a month-end report would count them.

The cost case's channel plans (``portal.channel_plans``) size its phone and chat
queues with ``hourly_calls`` and ``staff_week``. A channel's **open hours** are 168 booleans
(``BUSINESS_HOURS``, ``ALL_WEEK`` or any shape, see ``open_hours_from``); its
**arrival profile** is each open hour's share of the week's contacts (a built-in
one from ``PROFILES`` through ``profile_for``, or real interval volumes).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import NamedTuple

from portal import staffing

HOURS_PER_WEEK = 168
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class WeekStaffing(NamedTuple):
    agents: tuple[int, ...]  # agents on the queue in each of the 168 hours
    seat_hours: int  # staffed seat-hours a week: the sum of ``agents``
    service_level: float  # share of the week's contacts answered within the threshold
    abandon_rate: float | None  # share of the week's contacts that hang up (None: Erlang C)


# Business hours: Monday to Friday, 09:00-18:00 (hours 9..17 of days 0-4), 45 a week.
BUSINESS_HOURS: tuple[bool, ...] = tuple(
    hour // 24 < 5 and 9 <= hour % 24 < 18 for hour in range(HOURS_PER_WEEK)
)
ALL_WEEK: tuple[bool, ...] = (True,) * HOURS_PER_WEEK
_BUSINESS_DAY_START, _BUSINESS_DAY_LENGTH = 9, 9


def business_hour(hour: int) -> bool:
    """True when ``hour`` of the week (0-167) falls in business hours (Mon-Fri 09:00-18:00)."""
    return BUSINESS_HOURS[hour]


def open_hours_from(value) -> tuple[bool, ...]:
    """168 open-hour booleans from "business hours", "24/7" (any case, trimmed) or a
    sequence of 168 booleans; anything else raises ``ValueError`` saying what is accepted."""
    if isinstance(value, str):
        text = " ".join(value.strip().lower().split())
        if text == "business hours":
            return BUSINESS_HOURS
        if text in ("24/7", "24 / 7"):
            return ALL_WEEK
        raise ValueError(
            f'Open hours are "business hours", "24/7" or a list of {HOURS_PER_WEEK} '
            f"true/false values, one per hour from Monday 00:00, not {value!r}."
        )
    if isinstance(value, bytes) or not isinstance(value, Sequence):
        raise ValueError(
            f'Open hours are "business hours", "24/7" or a list of {HOURS_PER_WEEK} '
            f"true/false values, one per hour from Monday 00:00, not {value!r}."
        )
    _check_week("Open hours", value)
    for hour, item in enumerate(value):
        if not isinstance(item, bool):
            raise ValueError(f"Open hours: {hour_name(hour)} must be true or false, not {item!r}.")
    return tuple(value)


def _day_block(length: int) -> range:
    """``length`` hours of one day centered on the business day (09:00-18:00)."""
    start = _BUSINESS_DAY_START - (length - _BUSINESS_DAY_LENGTH) // 2
    start = max(0, min(24 - length, start))
    return range(start, start + length)


def open_hours_for_weekly_hours(hours: float) -> tuple[bool, ...]:
    """A shape of the week for a number of coverage hours a week (the legacy field).

    The hours are rounded to whole hours (at least one). 45 gives ``BUSINESS_HOURS``
    and 168 gives ``ALL_WEEK``. Up to 120 hours are spread over Monday to Friday
    (the first days take the one-hour remainders), each day's block centered on the
    business day 09:00-18:00 (70 hours: 07:00-21:00); beyond 5 x 24 hours the
    weekdays are open around the clock and the rest fills Saturday, then Sunday,
    again centered on 09:00-18:00.
    """
    if isinstance(hours, bool) or not isinstance(hours, int | float) or not math.isfinite(hours):
        raise ValueError(f"Coverage hours a week must be a number, not {hours!r}.")
    if not 0 < hours <= HOURS_PER_WEEK:
        raise ValueError(f"Coverage is more than 0 and at most 168 hours a week (got {hours:g}).")
    whole = max(1, min(HOURS_PER_WEEK, round(hours)))
    if whole == 45:
        return BUSINESS_HOURS
    if whole == HOURS_PER_WEEK:
        return ALL_WEEK
    days = [0] * 7
    if whole <= 5 * 24:
        for day in range(5):
            days[day] = whole // 5 + (1 if day < whole % 5 else 0)
    else:
        days[:5] = [24] * 5
        rest = whole - 5 * 24
        days[5], days[6] = min(24, rest), max(0, rest - 24)
    is_open = [False] * HOURS_PER_WEEK
    for day, length in enumerate(days):
        for hour in _day_block(length):
            is_open[day * 24 + hour] = True
    return tuple(is_open)


def _weekly(day: Sequence[float], weekday: float, saturday: float, sunday: float):
    factor = (weekday,) * 5 + (saturday, sunday)
    return tuple(day[hour % 24] * factor[hour // 24] for hour in range(HOURS_PER_WEEK))


# Built-in arrival profiles: relative shares of each hour of the week (any scale).
# "consumer": a typical consumer inbound week, a late-morning peak (10:00-12:00) and
# a mid-afternoon one (14:00-16:00), quiet nights, Saturday at 60% and Sunday at 40%
# of a weekday. "night_trough": around the clock, a deep trough from 01:00 to 06:00,
# weekends at 80%. "flat": every open hour the same.
_CONSUMER_DAY = (
    0.3, 0.2, 0.15, 0.1, 0.1, 0.15, 0.4, 1.2, 3.0, 5.5, 7.5, 8.0,
    7.0, 6.5, 7.6, 7.8, 6.6, 5.2, 4.0, 3.2, 2.5, 1.8, 1.1, 0.6,
)  # fmt: skip
_NIGHT_TROUGH_DAY = (
    2.0, 1.2, 0.8, 0.6, 0.6, 0.8, 1.5, 3.0, 4.5, 5.5, 6.0, 6.0,
    5.8, 5.6, 5.8, 5.8, 5.5, 5.2, 5.0, 4.8, 4.5, 4.0, 3.4, 2.6,
)  # fmt: skip
PROFILES: dict[str, tuple[float, ...]] = {
    "flat": (1.0,) * HOURS_PER_WEEK,
    "consumer": _weekly(_CONSUMER_DAY, 1.0, 0.6, 0.4),
    "night_trough": _weekly(_NIGHT_TROUGH_DAY, 1.0, 0.8, 0.8),
}


def normalized_profile(profile: Sequence[float], open_hours: Sequence[bool]) -> tuple[float, ...]:
    """``profile`` (168 shares of any scale) kept to the open hours, summing to 1.

    A profile with no share in any open hour raises ``ValueError``."""
    _check_contacts("profile", profile)
    is_open = _open_hours(open_hours)
    shares = [float(share) if is_open[hour] else 0.0 for hour, share in enumerate(profile)]
    total = math.fsum(shares)
    if total <= 0:
        raise ValueError("The profile gives no share of the week's volume to any open hour.")
    return tuple(share / total for share in shares)


def profile_for(name: str, open_hours: Sequence[bool]) -> tuple[float, ...]:
    """The built-in profile ``name`` (a key of ``PROFILES``) over ``open_hours``:
    168 shares, 0 in closed hours, summing to 1."""
    if name not in PROFILES:
        known = ", ".join(f'"{key}"' for key in PROFILES)
        raise ValueError(f"Unknown arrival profile {name!r}; the built-in ones are {known}.")
    return normalized_profile(PROFILES[name], open_hours)


def hour_name(hour: int) -> str:
    """``hour`` of the week as a planner reads it: 37 is "Tuesday 13:00"."""
    return f"{DAYS[hour // 24]} {hour % 24:02d}:00"


def _check_week(name: str, values: Sequence) -> None:
    if isinstance(values, str | bytes) or not isinstance(values, Sequence):
        raise ValueError(f"{name} must be a list of {HOURS_PER_WEEK} hours, not {values!r}.")
    if len(values) != HOURS_PER_WEEK:
        raise ValueError(
            f"{name} must have one entry per hour of the week ({HOURS_PER_WEEK}), "
            f"got {len(values)}."
        )


def _open_hours(open_hours: Sequence[bool] | None) -> tuple[bool, ...]:
    if open_hours is None:
        return (True,) * HOURS_PER_WEEK
    _check_week("open_hours", open_hours)
    return tuple(bool(hour) for hour in open_hours)


def _check_contacts(name: str, values: Sequence[float]) -> None:
    _check_week(name, values)
    for hour, value in enumerate(values):
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            raise ValueError(f"{name}: {hour_name(hour)} must be a finite number, not {value!r}.")
        if value < 0:
            raise ValueError(f"{name}: {hour_name(hour)} cannot be negative (got {value}).")


def hourly_calls(
    weekly_calls: float, profile: Sequence[float], open_hours: Sequence[bool] | None = None
) -> tuple[float, ...]:
    """Spread a week's contacts over its hours by ``profile`` (168 shares of any scale).

    Closed hours get none: their shares are dropped and the open hours' shares
    rescaled, so the week keeps its volume.
    """
    if isinstance(weekly_calls, bool) or not isinstance(weekly_calls, int | float):
        raise ValueError(f"weekly_calls must be a number, not {weekly_calls!r}.")
    if not math.isfinite(weekly_calls) or weekly_calls < 0:
        raise ValueError(f"The week's volume must be zero or more (got {weekly_calls}).")
    _check_contacts("profile", profile)
    is_open = _open_hours(open_hours)
    shares = [share if is_open[hour] else 0.0 for hour, share in enumerate(profile)]
    total = math.fsum(shares)
    if total == 0:
        if weekly_calls == 0:
            return (0.0,) * HOURS_PER_WEEK
        raise ValueError("The profile gives no share of the week's volume to any open hour.")
    return tuple(weekly_calls * share / total for share in shares)


def staff_week(
    calls_by_hour: Sequence[float],
    *,
    aht_seconds: float,
    target: float,
    answer_within_seconds: float,
    patience_seconds: float | None = None,
    concurrency: float = 1,
    open_hours: Sequence[bool] | None = None,
) -> WeekStaffing:
    """Agents hour by hour for ``calls_by_hour`` (168 contact counts), and the week's figures.

    ``concurrency`` is how many chats an agent carries at once (1 for the phone).
    ``open_hours`` (168 booleans, all open when omitted) closes hours: a closed
    hour gets no agent and may not have contacts.
    """
    _check_contacts("calls_by_hour", calls_by_hour)
    is_open = _open_hours(open_hours)
    if isinstance(concurrency, bool) or not isinstance(concurrency, int | float):
        raise ValueError(f"concurrency must be a number, not {concurrency!r}.")
    if not math.isfinite(concurrency) or concurrency < 1:
        raise ValueError(f"An agent carries at least one contact at once (got {concurrency}).")
    staffing.traffic_erlangs(0, aht_seconds)  # checks the handle time
    handle = aht_seconds / concurrency
    # A solve for no contacts checks the target, threshold and patience once, open hours or not.
    staffing.agents_for_service_level(
        0, handle, target, answer_within_seconds, patience_seconds=patience_seconds
    )
    agents, answered, abandoned = [], [], []
    for hour, calls in enumerate(calls_by_hour):
        if not is_open[hour]:
            if calls:
                raise ValueError(f"{hour_name(hour)} is closed but has {calls:g} contacts.")
            agents.append(0)
            continue
        need = staffing.agents_for_service_level(
            calls, handle, target, answer_within_seconds, patience_seconds=patience_seconds
        )
        need = max(1, need)
        agents.append(need)
        if not calls:
            continue
        level = staffing.service_level(
            need, calls, handle, answer_within_seconds, patience_seconds=patience_seconds
        )
        answered.append(calls * level)
        if patience_seconds is not None:
            rate = staffing.abandon_rate(need, calls, handle, patience_seconds=patience_seconds)
            abandoned.append(calls * rate)
    week_calls = math.fsum(calls_by_hour)
    return WeekStaffing(
        agents=tuple(agents),
        seat_hours=sum(agents),
        service_level=math.fsum(answered) / week_calls if week_calls else 1.0,
        abandon_rate=None
        if patience_seconds is None
        else (math.fsum(abandoned) / week_calls if week_calls else 0.0),
    )
