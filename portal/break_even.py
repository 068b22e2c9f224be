"""Where a dedicated team stops being dearer than shared pricing, every crossing of
the two, and the cost curves the chart draws: the inbound phone line's volume
varied, its open hours and arrival profile kept (the profile scaled by volume).

Plain Python, no Django import, like ``portal.costs`` whose workload it prices.

On the inbound phone line alone, at a volume of ``v`` calls a month:

* **shared per minute** bills ``v x handle minutes x answered share x rate``
  (the answered share is 1 without patience; with patience it is the share
  answered at today's volume, kept along the curve);
* **dedicated per hour** bills the staffed seat-hours of the week sized hour by
  hour (``portal.channel_plans``), ``sum over the open hours of agents x 52 / 12 x
  rate``.

Shared pricing rises by one call's minutes at each call; the dedicated cost is a
staircase: an hour of the week gets one more agent each time its calls pass what
its agents carry at the target. The two can cross several times (just after a
step shared pricing can be cheaper again), so ``crossings`` walks the staircase
step by step and returns every whole-call volume where the cheaper option changes.
The money is exact (``Fraction`` of the decimal inputs), so no float drift moves a
crossing by a call.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction

from portal import channel_plans, staffing
from portal.cost_inputs import INBOUND_PHONE, ChannelLoad, CostInputs
from portal.costs import Workload, build_workload

SHARED, DEDICATED = "shared", "dedicated"
# The search stops where an hour of the week would need more agents than this (a
# very large center: each further step costs a solve as large as the center).
MAX_SEARCH_AGENTS = 600
SEARCH_MULTIPLE = 4  # crossings are searched up to four times today's volume...
MIN_SEARCH_CONTACTS = 20_000  # ...and at least this many calls a month


def _exact(value: float) -> Fraction:
    """A float input as the decimal a person typed (0.3, not 0.29999...)."""
    return Fraction(Decimal(repr(float(value))))


@dataclass(frozen=True)
class Interval:
    """Volumes ``start`` to ``end`` (whole calls a month; ``end`` None: and above,
    as far as searched) where ``cheaper`` ("shared" or "dedicated") costs less;
    "dedicated" also when the two cost the same."""

    start: int
    end: int | None
    cheaper: str


@dataclass(frozen=True)
class BreakEven:
    """Every crossing of shared and dedicated pricing on the inbound phone line.

    ``crossings``: the whole-call volumes a month where the cheaper option changes
    (from there on the other is cheaper); ``intervals``: which is cheaper between
    them; ``searched_up_to``: the largest volume searched (None when shared pricing
    stays cheaper at every volume, which the rates prove)."""

    crossings: tuple[int, ...]
    intervals: tuple[Interval, ...]
    searched_up_to: int | None

    @property
    def first(self) -> int | None:
        """The first volume at which a dedicated team costs no more than shared."""
        return next(
            (i.start for i in self.intervals if i.cheaper == DEDICATED and i.start > 1), None
        )

    def cheaper_at(self, volume: int) -> str:
        for interval in self.intervals:
            if volume >= interval.start and (interval.end is None or volume <= interval.end):
                return interval.cheaper
        return self.intervals[-1].cheaper


class _Capacity:
    """``limit(n)``: the most calls an hour ``n`` agents answer at the target (the
    service level falls as calls rise, so ``n`` agents suffice up to it)."""

    def __init__(self, inputs: CostInputs, aht: float, patience: float | None):
        self.inputs, self.aht, self.patience = inputs, aht, patience
        self.limits: dict[int, float] = {}

    def agents(self, calls: float) -> int:
        return max(
            1,
            staffing.agents_for_service_level(
                calls,
                self.aht,
                self.inputs.service_target,
                self.inputs.answer_within_seconds,
                patience_seconds=self.patience,
            ),
        )

    def _meets(self, agents: int, calls: float) -> bool:
        return (
            staffing.service_level(
                agents,
                calls,
                self.aht,
                self.inputs.answer_within_seconds,
                patience_seconds=self.patience,
            )
            >= self.inputs.service_target
        )

    def limit(self, agents: int) -> float:
        if agents not in self.limits:
            per_agent = 3600.0 / self.aht  # calls an hour one busy agent handles
            low = self.limits.get(agents - 1, 0.0)
            high = max(low, 1e-9) + per_agent
            while self._meets(agents, high):
                low, high = high, high + per_agent
            self.limits[agents] = self._root(agents, low, high)
        return self.limits[agents]

    def _root(self, agents: int, low: float, high: float) -> float:
        """The largest load ``agents`` carry, between ``low`` (meets) and ``high``
        (misses), by regula falsi (Illinois), to 1e-10 relative."""
        target = self.inputs.service_target

        def gap(calls: float) -> float:
            return (
                staffing.service_level(
                    agents,
                    calls,
                    self.aht,
                    self.inputs.answer_within_seconds,
                    patience_seconds=self.patience,
                )
                - target
            )

        f_low, f_high, side = gap(low) if low > 0 else 1 - target, gap(high), 0
        while high - low > 1e-10 * max(1.0, high):
            if f_low - f_high > 0:
                middle = high - f_high * (high - low) / (f_high - f_low)
            else:  # pragma: no cover - flat service level: halve instead
                middle = (low + high) / 2
            if not low < middle < high:
                middle = (low + high) / 2
            f_middle = gap(middle)
            if f_middle >= 0:
                low, f_low = middle, f_middle
                if side == -1:
                    f_high /= 2
                side = -1
            else:
                high, f_high = middle, f_middle
                if side == 1:
                    f_low /= 2
                side = 1
        return low

    def agents_for(self, calls: float, at_least: int = 1) -> int:
        """``agents(calls)`` from the cached limits, settled by the solve only when
        the load sits on a limit (within 1e-8)."""
        agents = at_least
        while calls > self.limit(agents):
            agents += 1
            if agents > MAX_SEARCH_AGENTS:
                raise OverflowError
        edge = self.limit(agents - 1) if agents > 1 else -1.0
        if abs(calls - self.limit(agents)) < 1e-8 * max(1.0, calls) or abs(
            calls - edge
        ) < 1e-8 * max(1.0, calls):
            return self.agents(calls)
        return agents


def crossings(
    lines: list[ChannelLoad],
    inputs: CostInputs,
    *,
    shared_rate: Decimal,
    dedicated_rate: Decimal,
    max_contacts: int | None = None,
) -> BreakEven | None:
    """Every volume of inbound phone calls a month where shared per-minute and
    dedicated per-hour pricing change places, and which is cheaper between them.

    Only the inbound phone line counts (the queue a dedicated team is sized for);
    its open hours and profile are kept and its volume varied. The search runs from
    one call to ``max_contacts`` (default four times today's volume, at least 20,000)
    or until an hour would need more than ``MAX_SEARCH_AGENTS`` agents. None without
    an inbound phone line or a shared rate above zero.
    """
    phone = next((line for line in lines if line.channel == INBOUND_PHONE), None)
    shared_rate, dedicated_rate = Decimal(shared_rate), Decimal(dedicated_rate)
    if phone is None or shared_rate <= 0 or phone.handle_minutes <= 0:
        return None
    if max_contacts is None:
        max_contacts = max(
            MIN_SEARCH_CONTACTS, math.ceil(phone.contacts_per_month * SEARCH_MULTIPLE)
        )
    aht = phone.handle_minutes * 60
    answered = Fraction(1)
    if phone.patience_seconds is not None and phone.contacts_per_month > 0:
        plan = channel_plans.plan_queue(phone, inputs, with_queue_stats=False)
        answered = Fraction(plan.answered_contacts_per_month / plan.contacts_per_month)
    per_call = _exact(phone.handle_minutes) * Fraction(shared_rate) * answered
    seat = Fraction(dedicated_rate) * 52 / 12  # one agent in one hour of every week
    weekly = Fraction(12, 52)
    capacity = _Capacity(inputs, aht, phone.patience_seconds)

    # Open hours grouped by their share of the week (hours with the same share step together).
    groups: dict[float, int] = {}
    for hour, share in enumerate(phone.shares):
        if phone.open_hours[hour]:
            groups[share] = groups.get(share, 0) + 1
    staffed: dict[float, int] = {}
    events: list[tuple[int, float]] = []

    def next_step(share: float, agents: int) -> int:
        """The first whole volume at which an hour of ``share`` needs more than ``agents``."""
        if share == 0:
            return max_contacts + 1
        if agents + 1 > MAX_SEARCH_AGENTS:
            raise OverflowError
        per_volume = float(weekly) * share
        exact = capacity.limit(agents) / per_volume
        volume = math.floor(exact) + 1
        if min(exact - math.floor(exact), math.ceil(exact) - exact) < 1e-6:
            # On the edge of a whole call: settle it with the solve itself.
            while volume > 1 and capacity.agents(per_volume * (volume - 1)) > agents:
                volume -= 1
            while capacity.agents(per_volume * volume) <= agents:
                volume += 1
        return volume

    searched = max_contacts
    try:
        for share in groups:
            staffed[share] = capacity.agents(float(weekly) * share)
            heapq.heappush(events, (next_step(share, staffed[share]), share))
    except (OverflowError, ValueError):
        return None
    dedicated = seat * sum(count * staffed[share] for share, count in groups.items())

    def cheaper(volume: int) -> str:
        return DEDICATED if dedicated <= volume * per_call else SHARED

    volume, state = 1, cheaper(1)
    found: list[int] = []
    if (
        state == SHARED
        and phone.patience_seconds is None
        and dedicated_rate >= 60 * (Fraction(shared_rate))
    ):
        # Every agent-hour costs at least an hour of talk at the shared rate and a
        # queue always has more agents than Erlangs: shared stays cheaper for good.
        return BreakEven((), (Interval(1, None, SHARED),), None)
    while True:
        upcoming = events[0][0] if events else max_contacts + 1
        if state == SHARED:
            catch_up = max(volume, math.ceil(dedicated / per_call))
            if catch_up < upcoming and catch_up <= max_contacts:
                found.append(catch_up)
                volume, state = catch_up, DEDICATED
                continue
        if upcoming > max_contacts:
            break
        volume = upcoming
        try:
            while events and events[0][0] == volume:
                _, share = heapq.heappop(events)
                before = staffed[share]
                staffed[share] = capacity.agents_for(float(weekly) * share * volume, before)
                dedicated += seat * groups[share] * (staffed[share] - before)
                heapq.heappush(events, (next_step(share, staffed[share]), share))
        except (OverflowError, ValueError):
            searched = volume - 1
            break
        now = cheaper(volume)
        if now != state:
            found.append(volume)
            state = now
    starts = [1, *found]
    intervals = []
    # Which is cheaper between crossings: they alternate from the first volume.
    cheaper_start = _initial(found, state)
    for index, start in enumerate(starts):
        end = starts[index + 1] - 1 if index + 1 < len(starts) else None
        intervals.append(Interval(start, end, cheaper_start))
        cheaper_start = DEDICATED if cheaper_start == SHARED else SHARED
    return BreakEven(tuple(found), tuple(intervals), searched)


def _initial(found: list[int], last: str) -> str:
    """The cheaper option at one call, from the last one and the number of changes."""
    if len(found) % 2 == 0:
        return last
    return DEDICATED if last == SHARED else SHARED


def with_inbound_phone_volume(
    lines: list[ChannelLoad], contacts_per_month: float
) -> list[ChannelLoad]:
    """The same scope with another inbound phone volume (for charts and break-even)."""
    return [
        replace(line, contacts_per_month=contacts_per_month)
        if line.channel == INBOUND_PHONE
        else line
        for line in lines
    ]


def inbound_phone_only(lines: list[ChannelLoad]) -> list[ChannelLoad]:
    """The scope cut down to its inbound phone line (the break-even and its chart)."""
    return [line for line in lines if line.channel == INBOUND_PHONE]


def break_even_inbound_volume(
    lines: list[ChannelLoad],
    inputs: CostInputs,
    *,
    shared_rate: Decimal,
    dedicated_rate: Decimal,
    max_contacts: int | None = None,
) -> int | None:
    """The smallest whole number of inbound phone calls a month at which a dedicated
    team billed per hour first costs no more than shared per-minute pricing (the
    first crossing of ``crossings``; later ones are in its ``BreakEven``).

    None when there is no inbound phone line, shared stays cheaper as far as the
    search goes, or the dedicated team is no dearer from the first call.
    """
    result = crossings(
        lines,
        inputs,
        shared_rate=shared_rate,
        dedicated_rate=dedicated_rate,
        max_contacts=max_contacts,
    )
    return None if result is None else result.first


def cost_curve(
    lines: list[ChannelLoad],
    inputs: CostInputs,
    volumes: list[float],
    options: dict[str, Callable[[Workload], Decimal]],
) -> dict[str, list[tuple[float, Decimal]]]:
    """Monthly cost per option at each inbound phone volume (for the chart).

    The largest volume is priced first, so a scope the staffing math refuses at the
    chart's top raises ``ValueError`` at once, not after pricing every other point."""
    priced = {}
    for volume in sorted(volumes, reverse=True):
        priced[volume] = build_workload(
            with_inbound_phone_volume(lines, volume), inputs, with_queue_stats=False
        )
    curves: dict[str, list[tuple[float, Decimal]]] = {name: [] for name in options}
    curves["In-house"] = []
    for volume in volumes:
        workload = priced[volume]
        curves["In-house"].append((volume, workload.in_house_inbound_monthly_cost))
        for name, price in options.items():
            curves[name].append((volume, price(workload)))
    return curves
