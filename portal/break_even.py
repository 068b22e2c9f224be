"""Where a dedicated team stops being dearer than shared pricing, and the cost curves
the chart draws: the inbound phone line's volume varied, everything else kept.

Plain Python, no Django import, like ``portal.costs`` whose workload it prices.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction

from portal import costs
from portal.costs import INBOUND_PHONE, ChannelLoad, CostInputs, Workload, build_workload


def _exact(value: float) -> Fraction:
    """A float input as the decimal a person typed (0.3, not 0.29999...)."""
    return Fraction(Decimal(repr(float(value))))


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
    max_contacts: int = 20_000_000,
) -> int | None:
    """The smallest whole number of inbound phone calls a month at which a dedicated
    team billed per hour costs no more than shared per-minute pricing.

    Only the inbound phone line counts: e-mail, chat and social minutes would be
    billed the same way under both models' totals but are not part of the queue the
    dedicated team is sized for, so mixing them in would move the break-even.

    Shared cost rises by one call's minutes at each call; the dedicated cost is a
    staircase (one step per extra seat on the phones). Jump from step to step: on a
    step of ``n`` seats, the first volume at which shared catches up is
    ``ceil(n x seat cost / per-call cost)``; if that volume still needs ``n`` seats it
    is the answer, otherwise it is the start of the next step. The money is exact
    (``Fraction`` of the decimal inputs), so no float drift moves the answer by a call.
    None when there is no inbound phone line, shared stays cheaper up to
    ``max_contacts`` (or up to a load no call center has), or the dedicated team is
    no dearer from the first call.
    """
    phone = next((line for line in lines if line.channel == INBOUND_PHONE), None)
    shared_rate, dedicated_rate = Decimal(shared_rate), Decimal(dedicated_rate)
    if phone is None or shared_rate <= 0 or phone.handle_minutes <= 0:
        return None
    per_call = _exact(phone.handle_minutes) * Fraction(shared_rate)
    rate = Fraction(dedicated_rate)

    def dedicated(volume: int) -> Fraction:
        plan = costs.plan_queue(phone, inputs, contacts_per_month=volume, with_queue_stats=False)
        return rate * plan.staffed_hours_per_week * 52 / 12

    volume, cost = 1, dedicated(1)
    if volume * per_call >= cost:
        return None
    while True:
        catch_up = max(volume, math.ceil(cost / per_call))
        if catch_up > max_contacts:
            return None
        try:
            needed = dedicated(catch_up)
        except ValueError:
            return None  # a load beyond what the staffing math sizes: no call center
        if needed <= cost or catch_up == volume:
            return catch_up
        volume, cost = catch_up, needed


def cost_curve(
    lines: list[ChannelLoad],
    inputs: CostInputs,
    volumes: list[float],
    options: dict[str, Callable[[Workload], Decimal]],
) -> dict[str, list[tuple[float, Decimal]]]:
    """Monthly cost per option at each inbound phone volume (for the chart)."""
    curves: dict[str, list[tuple[float, Decimal]]] = {name: [] for name in options}
    curves["In-house"] = []
    for volume in volumes:
        workload = build_workload(
            with_inbound_phone_volume(lines, volume), inputs, with_queue_stats=False
        )
        curves["In-house"].append((volume, workload.in_house_inbound_monthly_cost))
        for name, price in options.items():
            curves[name].append((volume, price(workload)))
    return curves
