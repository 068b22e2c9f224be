"""Step 2's break-even between shared per-minute and dedicated per-hour pricing, on
the inbound phone line alone (it is the queue a dedicated team is sized for), at the
rate card's mid rates: every volume where the two cross, what the line costs today
under each, and those crossings in words."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from portal import billing, break_even, cost_inputs, costs


@dataclass(frozen=True)
class PhoneBreakEven:
    """``first``: whole inbound phone calls a month at the first crossing (None when
    they never cross); ``crossings``: every crossing and which is cheaper between
    them; ``rates``: shared, dedicated (mid); ``today``: what the line costs now under
    each (vendor charge, before oversight); ``note``: why there is no crossing."""

    first: int | None
    crossings: break_even.BreakEven | None
    rates: tuple[Decimal, Decimal]
    today: tuple[Decimal, Decimal]
    note: str = ""


def phone_break_even(
    lines: list[cost_inputs.ChannelLoad],
    inputs: cost_inputs.CostInputs,
    *,
    shared_rate: Decimal,
    dedicated_rate: Decimal,
) -> PhoneBreakEven:
    phone = break_even.inbound_phone_only(lines)
    found = break_even.crossings(
        phone, inputs, shared_rate=shared_rate, dedicated_rate=dedicated_rate
    )
    first = None if found is None else found.first
    now = costs.build_workload(phone, inputs, with_queue_stats=False)
    shared_now = billing.vendor_charge(
        now, pricing_model=billing.SHARED_PER_MINUTE, rate=shared_rate
    )
    dedicated_now = billing.vendor_charge(
        now, pricing_model=billing.DEDICATED_PER_HOUR, rate=dedicated_rate
    )
    note = ""
    if first is None:
        note = (
            "Shared per-minute pricing stays cheaper at every realistic volume."
            if shared_now < dedicated_now
            else "A dedicated team is cheaper at every volume of inbound calls."
        )
    return PhoneBreakEven(
        first=first,
        crossings=found,
        rates=(shared_rate, dedicated_rate),
        today=(cost_inputs.money(shared_now), cost_inputs.money(dedicated_now)),
        note=note,
    )


_CHEAPER = {"shared": "shared per minute", "dedicated": "dedicated per hour"}


def crossing_sentence(found) -> str:
    """Every break-even crossing in words: "shared per minute is cheaper below 53,828
    calls a month, dedicated per hour between 53,828 and 69,513, shared per minute
    again above 69,513" ("" when there is nothing to say)."""
    if found is None or not found.intervals:
        return ""
    parts, seen = [], set()
    intervals = list(found.intervals)
    for index, interval in enumerate(intervals):
        name = _CHEAPER.get(interval.cheaper, interval.cheaper)
        again = " again" if interval.cheaper in seen else ""
        seen.add(interval.cheaper)
        if len(intervals) == 1:
            parts.append(f"{name} is cheaper at every volume searched")
        elif index == 0:
            parts.append(f"{name} is cheaper below {intervals[1].start:,} calls a month")
        elif interval.end is None:
            parts.append(f"{name}{again} from {interval.start:,} up")
        else:
            parts.append(f"{name}{again} from {interval.start:,} to {interval.end:,}")
    text = ", ".join(parts)
    if found.searched_up_to:
        text += f" (searched up to {found.searched_up_to:,} calls a month)"
    return text[0].upper() + text[1:] + "."
