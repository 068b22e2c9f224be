"""What each pricing model bills: the units it counts on the channels it covers,
the vendor's monthly charge, a quote's monthly cost with its minimum, oversight
and spread set-up fee, and the commission check. Plain Python, no Django import;
``portal.costs`` describes the model.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from decimal import Decimal

from portal.channel_plans import ChannelPlan
from portal.cost_inputs import OUTBOUND_PHONE, ZERO, ChannelLoad, as_decimal, money, whole_people
from portal.costs import Workload

# portal.reference.PricingModel values.
SHARED_PER_MINUTE = "shared_per_minute"
DEDICATED_PER_HOUR = "dedicated_per_hour"
MONTHLY = "monthly"
OUTBOUND_HOURLY = "outbound_hourly"
COMMISSION = "commission"
HOURLY_PLUS_COMMISSION = "hourly_plus_commission"
INBOUND_MODELS = (SHARED_PER_MINUTE, DEDICATED_PER_HOUR, MONTHLY)
OUTBOUND_MODELS = (OUTBOUND_HOURLY, COMMISSION, HOURLY_PLUS_COMMISSION)
PRICING_MODELS = INBOUND_MODELS + OUTBOUND_MODELS
MODEL_LABELS = {
    SHARED_PER_MINUTE: "Shared inbound, per minute",
    DEDICATED_PER_HOUR: "Dedicated inbound, per hour",
    MONTHLY: "Dedicated, monthly rate",
    OUTBOUND_HOURLY: "Outbound, hourly",
    COMMISSION: "Outbound, commission",
    HOURLY_PLUS_COMMISSION: "Outbound, hourly + commission",
}

# DOMAIN.md: a commission deal should earn the center 10-20% over its regular hourly rate.
COMMISSION_MIN_PREMIUM = Decimal("0.10")


def covered_plans(
    workload: Workload, pricing_model: str, channels: Iterable[str] | None = None
) -> list[ChannelPlan]:
    """The scoped channels a pricing model bills: inbound models every inbound
    channel (or those of ``channels``), outbound models the outbound phone line."""
    outbound = pricing_model in OUTBOUND_MODELS
    return [p for p in workload.plans_for(channels) if (not p.inbound if outbound else p.inbound)]


def billed_units(
    workload: Workload, pricing_model: str, channels: Iterable[str] | None = None
) -> float:
    """What ``pricing_model`` counts on the covered channels: answered minutes
    (shared), staffed seat-hours (dedicated), whole seats (monthly), outbound hours
    worked (outbound hourly, hourly + commission); 0 for pure commission."""
    plans = covered_plans(workload, pricing_model, channels)
    if pricing_model == SHARED_PER_MINUTE:
        return math.fsum(p.answered_minutes_per_month for p in plans)
    hours = math.fsum(p.staffed_hours_per_month for p in plans)
    if pricing_model == MONTHLY:
        return float(whole_people(hours))
    if pricing_model in (DEDICATED_PER_HOUR, OUTBOUND_HOURLY, HOURLY_PLUS_COMMISSION):
        return hours
    if pricing_model == COMMISSION:
        return 0.0
    raise ValueError(f"Unknown pricing model {pricing_model!r}.")


def _charge(
    workload: Workload,
    pricing_model: str,
    rate: Decimal,
    commission_percent: Decimal | None,
    channels: Iterable[str] | None,
    sales_factor: Decimal = Decimal(1),
) -> Decimal:
    rate = Decimal(rate)
    if rate < 0:
        raise ValueError("A rate cannot be negative.")
    if pricing_model not in PRICING_MODELS:
        raise ValueError(f"Unknown pricing model {pricing_model!r}.")
    commission = ZERO
    if pricing_model in (COMMISSION, HOURLY_PLUS_COMMISSION):
        if commission_percent is None:
            raise ValueError("A commission model needs the commission percentage.")
        if commission_percent < 0:
            raise ValueError("A commission percentage cannot be negative.")
        sales = workload.outbound_sales_monthly * Decimal(sales_factor)
        commission = sales * Decimal(commission_percent) / 100
    units = billed_units(workload, pricing_model, channels)
    if pricing_model == COMMISSION:
        return commission
    if pricing_model == MONTHLY:
        return int(units) * rate + commission
    return as_decimal(units) * rate + commission


def vendor_charge(
    workload: Workload,
    pricing=None,
    channels: Iterable[str] | None = None,
    *,
    pricing_model: str | None = None,
    rate: Decimal | None = None,
    commission_percent: Decimal | None = None,
) -> Decimal:
    """What the vendor bills a month (unrounded; no minimum, set-up fee or oversight).

    Called with a ``portal.scenarios.Pricing`` (``vendor_charge(workload, pricing)``,
    its own channels unless ``channels`` is given) or with the keywords
    ``pricing_model``, ``rate`` and ``commission_percent``. ``rate`` is per answered
    minute (shared), per staffed seat-hour (dedicated), per whole seat a month
    (monthly) or per outbound hour worked (outbound hourly, hourly + commission);
    commission is a percentage of ``workload.outbound_sales_monthly``.
    """
    if pricing is not None:
        return _charge(
            workload,
            pricing.pricing_model,
            pricing.rate,
            pricing.commission_percent,
            pricing.channels if channels is None else channels,
        )
    if pricing_model is None or rate is None:
        raise ValueError("Give a pricing, or the pricing model and its rate.")
    return _charge(workload, pricing_model, rate, commission_percent, channels)


# The term a quote's set-up fee is spread over before a contract gives its own.
SETUP_SPREAD_MONTHS = 12


def setup_fee_monthly(setup_fee: Decimal, months: int = SETUP_SPREAD_MONTHS) -> Decimal:
    """The share of a one-off set-up fee each month of a ``months``-month term carries."""
    if months <= 0:
        raise ValueError("Spread the set-up fee over at least one month.")
    return Decimal(setup_fee) / months


def quote_monthly_cost(
    workload: Workload,
    *,
    pricing_model: str,
    rate: Decimal,
    minimum_monthly: Decimal = ZERO,
    commission_percent: Decimal | None = None,
    setup_fee: Decimal = ZERO,
    months: int = SETUP_SPREAD_MONTHS,
) -> Decimal:
    """The monthly cost of outsourcing under one quote, to the cent.

    The vendor's charge (never below its monthly minimum), plus the company's own
    oversight, plus the set-up fee spread over ``months`` (the contract term).
    """
    spread = setup_fee_monthly(setup_fee, months)
    if minimum_monthly < 0 or setup_fee < 0:
        raise ValueError("A minimum charge or set-up fee cannot be negative.")
    charge = vendor_charge(
        workload, pricing_model=pricing_model, rate=rate, commission_percent=commission_percent
    )
    charge = max(charge, Decimal(minimum_monthly))
    return money(charge + workload.oversight_monthly_cost + spread)


def monthly_rate_from_hourly(hourly: Decimal) -> Decimal:
    """A dedicated agent's monthly price from an hourly rate: the ``FTE_HOURS`` paid
    hours of one full-time agent (40 hours x 52 weeks / 12), to the cent."""
    return money(Decimal(hourly) * 40 * 52 / 12)


def in_house_cost_for(workload: Workload, pricing_model: str) -> Decimal:
    """The in-house cost of the work a pricing model covers (inbound or outbound)."""
    if pricing_model in OUTBOUND_MODELS:
        return workload.in_house_outbound_monthly_cost
    return workload.in_house_inbound_monthly_cost


def covered_contacts(workload: Workload, pricing_model: str, lines: list[ChannelLoad]) -> float:
    channels = (OUTBOUND_PHONE,) if pricing_model in OUTBOUND_MODELS else None
    return sum(
        line.contacts_per_month
        for line in lines
        if (line.channel in channels if channels else line.channel != OUTBOUND_PHONE)
    )


def per_contact(monthly: Decimal, contacts: float) -> Decimal | None:
    return money(monthly / as_decimal(contacts)) if contacts > 0 else None


def commission_warning(
    workload: Workload,
    *,
    commission_percent: Decimal,
    regular_hourly_rate: Decimal,
    hourly_rate: Decimal = ZERO,
) -> str | None:
    """DOMAIN.md: the center's earnings per hour under commission should carry at
    least a 10% premium over its regular hourly rate, or it will not take the risk
    (or will cut corners). Returns the warning to show, or None."""
    hours = workload.outbound_hours_per_month
    if hours <= 0 or regular_hourly_rate <= 0:
        return None
    commission = workload.outbound_sales_monthly * Decimal(commission_percent) / 100
    earned = (commission + Decimal(hourly_rate) * as_decimal(hours)) / as_decimal(hours)
    floor = Decimal(regular_hourly_rate) * (1 + COMMISSION_MIN_PREMIUM)
    if earned >= floor:
        return None
    return (
        f"The center would earn ${money(earned)} an hour, below its regular rate of "
        f"${money(regular_hourly_rate)} plus the 10% premium a commission deal needs "
        f"(${money(floor)}). Expect it to refuse or to cut corners; raise the commission "
        "or add an hourly part."
    )
