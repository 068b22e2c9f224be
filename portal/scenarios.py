"""Scenarios for the whole scope: what the company pays a month when some work is
outsourced under a pricing and the rest stays in-house. Plain Python, no Django.

A scenario takes at most one inbound pricing (for the inbound channels it covers)
and at most one outbound pricing (the outbound phone line). Its monthly total is

    vendor charges (each never below its monthly minimum, plus its set-up fee
    spread over its term)
  + the in-house cost of the scoped channels that stay in-house (whole people for
    what stays, ``Workload.in_house_cost``)
  + the company's oversight ONCE when anything is outsourced (0 when nothing is).

The saving is the all-in-house total minus the scenario's total (positive saves).
A scenario is infeasible when one of its pricings carries a refusal warning: a
commission deal that would earn the center less than its regular hourly rate plus
the 10% premium it needs (DOMAIN.md: 10-20%). "Cheapest" is the cheapest feasible.

Commission honestly: a commission deal shares the sales risk, so
``commission_at`` prices it at any multiple of the planned sales (the pages show
0.5x, 1x and 1.5x), and ``commission_reference`` builds the rate-card reference
of an hourly + commission deal: half the regular rate plus the commission that
brings the center's earnings to the regular rate plus the premium.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from decimal import Decimal

from portal import billing, cost_inputs
from portal.billing import (
    COMMISSION,
    COMMISSION_MIN_PREMIUM,
    HOURLY_PLUS_COMMISSION,
    INBOUND_MODELS,
    MODEL_LABELS,
    MONTHLY,
    SHARED_PER_MINUTE,
)
from portal.cost_inputs import ZERO, money
from portal.costs import Workload

SALES_FACTORS = (Decimal("0.5"), Decimal("1"), Decimal("1.5"))


@dataclass(frozen=True)
class Pricing:
    """One vendor quote or a rate-card reference."""

    pricing_model: str
    rate: Decimal
    minimum_monthly: Decimal = ZERO
    setup_fee: Decimal = ZERO
    commission_percent: Decimal | None = None
    months: int = 12  # term the set-up fee is spread over
    label: str = ""
    # None = every scoped channel of its direction (inbound models: all but
    # outbound_phone; outbound models: outbound_phone).
    channels: frozenset[str] | None = None
    # For commission models: the center's regular hourly rate, for the refusal check.
    regular_hourly_rate: Decimal | None = None

    def __post_init__(self):
        if self.pricing_model not in billing.PRICING_MODELS:
            raise ValueError(f"Unknown pricing model {self.pricing_model!r}.")
        if self.channels is not None and not isinstance(self.channels, frozenset):
            object.__setattr__(self, "channels", frozenset(self.channels))

    @property
    def inbound(self) -> bool:
        return self.pricing_model in INBOUND_MODELS

    @property
    def name(self) -> str:
        return self.label or MODEL_LABELS[self.pricing_model]


@dataclass(frozen=True)
class Scenario:
    name: str
    inbound: Pricing | None  # None: inbound work stays in-house
    outbound: Pricing | None
    vendor_charges: Decimal
    in_house_cost: Decimal  # of the work that stays in-house (whole people for what stays)
    oversight: Decimal  # the company's oversight ONCE when anything is outsourced, else 0
    monthly_total: Decimal
    annual_total: Decimal
    saving_monthly: Decimal  # all in-house total minus this total (positive saves)
    feasible: bool  # False when a pricing carries a refusal warning
    warnings: tuple[str, ...]
    kept_in_house: tuple[str, ...]  # scoped channels that stay in-house
    bills: tuple[str, ...]  # one sentence per outsourced part saying what it bills

    @property
    def pricings(self) -> tuple[Pricing, ...]:
        return tuple(p for p in (self.inbound, self.outbound) if p is not None)

    @property
    def saving_annual(self) -> Decimal:
        return money(self.saving_monthly * 12)


def covered_channels(workload: Workload, pricing: Pricing) -> tuple[str, ...]:
    """The scoped channels ``pricing`` covers, in scope order."""
    return tuple(
        p.channel for p in billing.covered_plans(workload, pricing.pricing_model, pricing.channels)
    )


def _charge(workload: Workload, pricing: Pricing, sales_factor: Decimal = Decimal(1)) -> Decimal:
    """The vendor's monthly charge: never below the minimum, plus the set-up fee spread."""
    if pricing.minimum_monthly < 0 or pricing.setup_fee < 0:
        raise ValueError("A minimum charge or set-up fee cannot be negative.")
    raw = billing._charge(
        workload,
        pricing.pricing_model,
        pricing.rate,
        pricing.commission_percent,
        pricing.channels,
        sales_factor,
    )
    return max(raw, Decimal(pricing.minimum_monthly)) + billing.setup_fee_monthly(
        pricing.setup_fee, pricing.months
    )


def _amount(value: Decimal) -> str:
    return f"${money(value):,.2f}"


def _count(value: float) -> str:
    return f"{value:,.0f}"


def bills(workload: Workload, pricing: Pricing) -> str:
    """One sentence saying what ``pricing`` bills on this workload."""
    model, rate = pricing.pricing_model, _amount(pricing.rate)
    units = billing.billed_units(workload, model, pricing.channels)
    labels = ", ".join(
        cost_inputs.CHANNEL_LABELS.get(channel, channel)
        for channel in covered_channels(workload, pricing)
    )
    sales = workload.outbound_sales_monthly
    if model == SHARED_PER_MINUTE:
        text = f"{_count(units)} minutes of answered contacts a month at {rate} a minute"
    elif model == billing.DEDICATED_PER_HOUR:
        text = f"{_count(units)} staffed seat-hours a month at {rate}"
    elif model == MONTHLY:
        hours = sum(
            p.staffed_hours_per_month
            for p in billing.covered_plans(workload, model, pricing.channels)
        )
        seats = int(units)
        text = (
            f"{seats} full-time seat{'s' if seats != 1 else ''} at {rate} a month "
            f"({_count(hours)} staffed hours / {cost_inputs.FTE_HOURS:.1f}, rounded up)"
        )
    elif model == billing.OUTBOUND_HOURLY:
        text = f"{_count(units)} outbound hours worked a month at {rate}"
    elif model == COMMISSION:
        text = f"{pricing.commission_percent}% commission on {_amount(sales)} of sales a month"
    else:
        text = (
            f"{_count(units)} outbound hours worked a month at {rate} plus "
            f"{pricing.commission_percent}% commission on {_amount(sales)} of sales"
        )
    text = f"{pricing.name}: {text} ({labels})"
    raw = billing._charge(
        workload, model, pricing.rate, pricing.commission_percent, pricing.channels
    )
    if raw < pricing.minimum_monthly:
        text += f"; the monthly minimum of {_amount(pricing.minimum_monthly)} applies"
    if pricing.setup_fee:
        text += f"; the {_amount(pricing.setup_fee)} set-up fee spread over {pricing.months} months"
    return text + "."


def commission_warning(workload: Workload, pricing: Pricing) -> str | None:
    """The refusal warning of a commission pricing (None when it pays the center enough
    or there is no regular rate to check against)."""
    if pricing.pricing_model not in (COMMISSION, HOURLY_PLUS_COMMISSION):
        return None
    if pricing.regular_hourly_rate is None or pricing.commission_percent is None:
        return None
    return billing.commission_warning(
        workload,
        commission_percent=pricing.commission_percent,
        regular_hourly_rate=pricing.regular_hourly_rate,
        hourly_rate=pricing.rate if pricing.pricing_model == HOURLY_PLUS_COMMISSION else ZERO,
    )


def _check_direction(pricing: Pricing | None, inbound: bool) -> None:
    if pricing is not None and pricing.inbound != inbound:
        side = "inbound" if inbound else "outbound"
        raise ValueError(f"{pricing.name} is not an {side} pricing model.")


def _in_house_total(workload: Workload) -> Decimal:
    return workload.in_house_cost()


def scenario(
    workload: Workload, *, inbound: Pricing | None = None, outbound: Pricing | None = None
) -> Scenario:
    """The whole scope with the inbound channels under ``inbound`` (or in-house) and
    the outbound line under ``outbound`` (or in-house). A pricing that covers no
    scoped channel raises ``ValueError``."""
    _check_direction(inbound, True)
    _check_direction(outbound, False)
    covered: list[str] = []
    charges = ZERO
    warnings: list[str] = []
    sentences: list[str] = []
    for pricing in (inbound, outbound):
        if pricing is None:
            continue
        channels = covered_channels(workload, pricing)
        if not channels:
            raise ValueError(f"{pricing.name} covers no channel in scope.")
        covered.extend(channels)
        charges += _charge(workload, pricing)
        sentences.append(bills(workload, pricing))
        warning = commission_warning(workload, pricing)
        if warning:
            warnings.append(warning)
    kept = tuple(channel for channel in workload.scoped_channels if channel not in covered)
    in_house = workload.in_house_cost(kept)
    oversight = workload.oversight_monthly_cost if covered else ZERO
    total = money(charges + in_house + oversight)
    names = []
    if inbound is not None:
        names.append(inbound.name)
    if outbound is not None:
        names.append(outbound.name)
    if not names:
        name = "All in-house"
    elif kept:
        name = " + ".join(names) + ", the rest in-house"
    else:
        name = " + ".join(names)
    return Scenario(
        name=name,
        inbound=inbound,
        outbound=outbound,
        vendor_charges=money(charges),
        in_house_cost=in_house,
        oversight=oversight,
        monthly_total=total,
        annual_total=money(total * 12),
        saving_monthly=_in_house_total(workload) - total,
        feasible=not warnings,
        warnings=tuple(warnings),
        kept_in_house=kept,
        bills=tuple(sentences),
    )


def all_in_house(workload: Workload) -> Scenario:
    """Every scoped channel in-house, no oversight."""
    return scenario(workload)


def _usable(workload: Workload, pricings: list[Pricing]) -> list[Pricing]:
    return [p for p in pricings if covered_channels(workload, p)]


def scenarios(
    workload: Workload, inbound_options: list[Pricing], outbound_options: list[Pricing]
) -> list[Scenario]:
    """All in-house first; then each inbound option with the outbound work in-house
    and under each outbound option; then each outbound option with the inbound work
    in-house. Options that cover no scoped channel are left out."""
    for pricing in inbound_options:
        _check_direction(pricing, True)
    for pricing in outbound_options:
        _check_direction(pricing, False)
    inbound = _usable(workload, inbound_options)
    outbound = _usable(workload, outbound_options)
    result = [all_in_house(workload)]
    for option in inbound:
        result.append(scenario(workload, inbound=option))
        result.extend(scenario(workload, inbound=option, outbound=other) for other in outbound)
    result.extend(scenario(workload, outbound=option) for option in outbound)
    return result


def cheapest_feasible(options: list[Scenario]) -> Scenario | None:
    """The cheapest scenario the center would accept (none carrying a refusal warning)."""
    feasible = [option for option in options if option.feasible]
    return min(feasible, key=lambda option: option.monthly_total, default=None)


def best_for_quotes(workload: Workload, pricings: list[Pricing]) -> Scenario:
    """A candidate's own scenario: the cheapest feasible combination of at most one
    inbound and one outbound pricing of its quotes (using at least one when any
    covers a scoped channel); scoped channels they do not cover stay in-house. With
    no feasible combination, the cheapest infeasible one (it says why)."""
    usable = _usable(workload, pricings)
    inbound = [None] + [p for p in usable if p.inbound]
    outbound = [None] + [p for p in usable if not p.inbound]
    options = [
        scenario(workload, inbound=i, outbound=o)
        for i, o in itertools.product(inbound, outbound)
        if i is not None or o is not None
    ]
    if not options:
        return all_in_house(workload)
    return cheapest_feasible(options) or min(options, key=lambda option: option.monthly_total)


def commission_at(workload: Workload, pricing: Pricing, sales_factor: Decimal | float) -> Decimal:
    """The vendor's monthly charge under a commission pricing when sales come in at
    ``sales_factor`` times the plan (0.5, 1, 1.5), minimum and set-up fee included."""
    factor = Decimal(str(sales_factor))
    if factor < 0:
        raise ValueError("A sales factor cannot be negative.")
    return money(_charge(workload, pricing, factor))


def commission_range(workload: Workload, pricing: Pricing) -> dict[Decimal, Decimal]:
    """``commission_at`` at half, one and one and a half times the planned sales."""
    return {factor: commission_at(workload, pricing, factor) for factor in SALES_FACTORS}


def earnings_per_hour(
    workload: Workload, pricing: Pricing, sales_factor: Decimal | float = 1
) -> Decimal | None:
    """What the center earns per outbound hour worked under ``pricing`` at that sales level."""
    hours = workload.outbound_hours_per_month
    if hours <= 0:
        return None
    raw = billing._charge(
        workload,
        pricing.pricing_model,
        pricing.rate,
        pricing.commission_percent,
        pricing.channels,
        Decimal(str(sales_factor)),
    )
    return money(raw / cost_inputs.as_decimal(hours))


def commission_reference(
    workload: Workload,
    *,
    regular_hourly_rate: Decimal,
    premium_percent: Decimal = COMMISSION_MIN_PREMIUM * 100,
    hourly_part: bool = True,
    label: str = "",
) -> Pricing | None:
    """The rate-card reference of a commission deal on this workload.

    With ``hourly_part`` (hourly + commission) the base rate is half the regular
    hourly rate; the commission is the share of planned sales that brings the
    center's earnings per hour to the regular rate plus ``premium_percent``. Without
    it (pure commission) the commission alone does. None without outbound hours or
    planned sales."""
    hours = workload.outbound_hours_per_month
    sales = workload.outbound_sales_monthly
    if hours <= 0 or sales <= 0:
        return None
    regular = Decimal(regular_hourly_rate)
    target = regular * (1 + Decimal(premium_percent) / 100)
    base = regular / 2 if hourly_part else ZERO
    needed = (target - base) * cost_inputs.as_decimal(hours)
    percent = Decimal(math.ceil(needed / sales * 100 * 100)) / 100  # up to the hundredth
    return Pricing(
        pricing_model=HOURLY_PLUS_COMMISSION if hourly_part else COMMISSION,
        rate=money(base),
        commission_percent=percent,
        label=label,
        regular_hourly_rate=regular,
    )


__all__ = [
    "Pricing",
    "Scenario",
    "all_in_house",
    "best_for_quotes",
    "cheapest_feasible",
    "commission_at",
    "commission_range",
    "commission_reference",
    "covered_channels",
    "earnings_per_hour",
    "scenario",
    "scenarios",
]
