"""A queue sized hour by hour over a week. Plain Python: no Django import.

A workforce planner staffs each hour of the week (168 of them, hour 0 is Monday
00:00-01:00) for that hour's contacts: the fewest agents that reach the service
target (Erlang C, or Erlang A when callers hang up, see ``portal.staffing``), at
least one agent in every open hour even when no contact is expected, none in a
closed hour. A chat agent carries several chats at once, so chat divides the
handle time by that concurrency. The week's service level and abandon rate are
weighted by the contacts of each hour, as a month-end report would count them.

Not yet wired into the cost pages: they still staff one flat hour across the
coverage (``staffing.agent_hours_per_month``); a later change of issue 17 sizes
the cost case from this.
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
