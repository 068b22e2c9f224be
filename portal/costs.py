"""The cost case: in-house cost against every outsourced pricing model of DOMAIN.md.

Plain Python, no Django import: the planning pages, the vendor comparison, the
exit plan and the PDF report all call these functions. Money is ``Decimal``,
rounded to the cent (half up) only when a figure is reported.

How the scoped workload turns into hours (the assumptions, in one place):

* **Inbound phone** is a queue: the busiest hour's calls (the month's volume
  spread over the weeks, times the busiest hour's share of a week) go through
  Erlang C (``portal.staffing``) for the agents the service target needs. A
  dedicated team (in-house or at a vendor) keeps that many seats staffed through
  every coverage hour; shrinkage turns them into paid hours.
* **E-mail, chat and social** are worked from a backlog: handle minutes at a
  realistic occupancy (``BACK_OFFICE_OCCUPANCY``), plus shrinkage.
* **Outbound phone** is billed by the hour the vendor's agents spend on the
  campaign: attempts times handle minutes (which include dialling and wrap-up).
* **In-house**, the paid hours become whole full-time people (``FTE_HOURS``
  a month), each costing a loaded salary plus training, equipment, rent, IT and
  supervision; hours outside business hours add the coverage premium.
* Every outsourced option adds the company's own **oversight** (liaison, test
  calls, monitoring).

Inbound models (shared per minute, dedicated per hour, monthly) price the
inbound work and compare with the in-house cost of the inbound work; outbound
models (hourly, commission, hourly + commission) with the outbound work. The
break-even between dedicated and shared pricing is in ``portal.break_even``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from portal import staffing

CENT = Decimal("0.01")
ZERO = Decimal("0")

# portal.reference.Channel values (that module is Django's; this one stays plain).
INBOUND_PHONE = "inbound_phone"
OUTBOUND_PHONE = "outbound_phone"
EMAIL = "email"
CHAT = "chat"
SOCIAL = "social"
BACK_OFFICE_CHANNELS = (EMAIL, CHAT, SOCIAL)

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

WEEKS_PER_MONTH = 52 / 12
FTE_HOURS = 40 * WEEKS_PER_MONTH  # paid hours of one full-time agent a month (173.3)
BUSINESS_HOURS_PER_WEEK = 45  # 9 hours x 5 days; coverage beyond this is "extra hours"
BACK_OFFICE_OCCUPANCY = 0.85
# DOMAIN.md: a commission deal should earn the center 10-20% over its regular hourly rate.
COMMISSION_MIN_PREMIUM = Decimal("0.10")


def money(value: Decimal | float | int) -> Decimal:
    """Round to the cent, half up: the one rounding rule for every reported figure."""
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def _dec(value: float) -> Decimal:
    return Decimal(repr(float(value)))


@dataclass(frozen=True)
class ChannelLoad:
    """One channel of the scope: its volume, handle time and hours of coverage."""

    channel: str
    contacts_per_month: float
    handle_minutes: float
    coverage_hours_per_week: float = BUSINESS_HOURS_PER_WEEK
    # Share of a week's contacts that arrive in its busiest hour; None = evenly spread.
    peak_hour_share: float | None = None

    def __post_init__(self):
        if self.contacts_per_month < 0:
            raise ValueError("Contacts per month cannot be negative.")
        if self.contacts_per_month > 0 and self.handle_minutes <= 0:
            raise ValueError("Average handle time must be above zero.")
        if not 0 < self.coverage_hours_per_week <= 168:
            raise ValueError("Coverage is more than 0 and at most 168 hours a week.")
        if self.peak_hour_share is not None and not 0 < self.peak_hour_share <= 1:
            raise ValueError("The busiest hour's share is a fraction above 0 and at most 1.")

    @property
    def minutes_per_month(self) -> float:
        return self.contacts_per_month * self.handle_minutes

    def peak_calls_per_hour(self, contacts_per_month: float | None = None) -> float:
        contacts = self.contacts_per_month if contacts_per_month is None else contacts_per_month
        per_week = contacts / WEEKS_PER_MONTH
        # The busiest hour carries at least an average hour's share.
        share = max(self.peak_hour_share or 0.0, 1.0 / self.coverage_hours_per_week)
        return per_week * share


@dataclass(frozen=True)
class CostInputs:
    """The company's own figures for the cost case (money per month, USD)."""

    service_target: float = 0.8
    answer_within_seconds: float = 20.0
    shrinkage: float = 0.30
    loaded_salary: Decimal = ZERO  # per full-time agent, salary plus benefits and taxes
    training_per_agent: Decimal = ZERO
    equipment_per_agent: Decimal = ZERO
    rent_per_agent: Decimal = ZERO
    it_per_agent: Decimal = ZERO
    supervision_per_agent: Decimal = ZERO
    coverage_extra_percent: Decimal = ZERO  # salary premium for hours outside business hours
    oversight_monthly: Decimal = ZERO
    outbound_sales_monthly: Decimal = ZERO  # revenue the outbound campaign is expected to bring
    in_house_agents_override: int | None = None  # full-time agents, instead of the staffing math

    @property
    def per_agent_monthly(self) -> Decimal:
        return (
            self.loaded_salary
            + self.training_per_agent
            + self.equipment_per_agent
            + self.rent_per_agent
            + self.it_per_agent
            + self.supervision_per_agent
        )


@dataclass(frozen=True)
class Workload:
    """The scoped work in the units every pricing model bills, and its in-house cost."""

    contacts_per_month: float
    inbound_minutes_per_month: float
    agent_hours_per_month: float  # dedicated inbound agent-hours incl. shrinkage and coverage
    outbound_hours_per_month: float
    in_house_monthly_cost: Decimal
    oversight_monthly_cost: Decimal
    calls_per_hour_peak: float
    aht_seconds: float
    service_target: float
    answer_within_seconds: float
    # Detail for the pages and the report.
    agents_on_phones: int = 0
    dedicated_agents: int = 0  # full-time seats a monthly-rate vendor would bill
    in_house_agents: int = 0
    in_house_inbound_monthly_cost: Decimal = ZERO
    in_house_outbound_monthly_cost: Decimal = ZERO
    outbound_sales_monthly: Decimal = ZERO
    inbound_phone_contacts_per_month: float = 0.0
    service_level: float | None = None
    probability_of_waiting: float | None = None
    asa_seconds: float | None = None
    occupancy: float | None = None

    @property
    def annual_in_house_cost(self) -> Decimal:
        return money(self.in_house_monthly_cost * 12)


def build_workload(
    lines: list[ChannelLoad], inputs: CostInputs, *, with_queue_stats: bool = True
) -> Workload:
    """Turn the scope and the company's figures into hours and an in-house cost.

    ``with_queue_stats=False`` leaves out the service level, waiting, speed of
    answer and occupancy (a chart needs only the costs)."""
    phone = next((line for line in lines if line.channel == INBOUND_PHONE), None)
    back_office = [line for line in lines if line.channel in BACK_OFFICE_CHANNELS]
    outbound = [line for line in lines if line.channel == OUTBOUND_PHONE]
    retention = 1.0 - inputs.shrinkage

    peak = aht = 0.0
    agents = 0
    phone_hours = off_hours = 0.0
    detail: dict = {}
    if phone is not None and phone.contacts_per_month > 0:
        peak = phone.peak_calls_per_hour()
        aht = phone.handle_minutes * 60
        agents = max(
            1,
            staffing.agents_for_service_level(
                peak, aht, inputs.service_target, inputs.answer_within_seconds
            ),
        )
        phone_hours = staffing.agent_hours_per_month(
            agents, phone.coverage_hours_per_week, inputs.shrinkage
        )
        outside = max(0.0, phone.coverage_hours_per_week - BUSINESS_HOURS_PER_WEEK)
        off_hours = phone_hours * outside / phone.coverage_hours_per_week
        if with_queue_stats:
            detail = staffing.queue_stats(agents, peak, aht, inputs.answer_within_seconds)._asdict()
    back_office_hours = sum(
        line.minutes_per_month / 60 / BACK_OFFICE_OCCUPANCY / retention for line in back_office
    )
    inbound_hours = phone_hours + back_office_hours
    outbound_hours = sum(line.minutes_per_month / 60 for line in outbound)

    inbound_fte = math.ceil(inbound_hours / FTE_HOURS - 1e-9) if inbound_hours else 0
    outbound_fte = math.ceil(outbound_hours / retention / FTE_HOURS - 1e-9) if outbound_hours else 0
    if inputs.in_house_agents_override is not None:
        total = inbound_fte + outbound_fte
        override = inputs.in_house_agents_override
        # Split the entered headcount in the proportion the staffing math gives.
        inbound_fte = round(override * inbound_fte / total) if total else override
        outbound_fte = override - inbound_fte
    premium = inputs.loaded_salary * inputs.coverage_extra_percent / 100
    in_house_inbound = inputs.per_agent_monthly * inbound_fte + premium * _dec(
        off_hours / FTE_HOURS
    )
    in_house_outbound = inputs.per_agent_monthly * outbound_fte

    return Workload(
        contacts_per_month=sum(line.contacts_per_month for line in lines),
        inbound_minutes_per_month=(phone.minutes_per_month if phone else 0.0)
        + sum(line.minutes_per_month for line in back_office),
        agent_hours_per_month=inbound_hours,
        outbound_hours_per_month=outbound_hours,
        in_house_monthly_cost=money(in_house_inbound + in_house_outbound),
        oversight_monthly_cost=money(inputs.oversight_monthly),
        calls_per_hour_peak=peak,
        aht_seconds=aht,
        service_target=inputs.service_target,
        answer_within_seconds=inputs.answer_within_seconds,
        agents_on_phones=agents,
        dedicated_agents=math.ceil(inbound_hours / FTE_HOURS - 1e-9) if inbound_hours else 0,
        in_house_agents=inbound_fte + outbound_fte,
        in_house_inbound_monthly_cost=money(in_house_inbound),
        in_house_outbound_monthly_cost=money(in_house_outbound),
        outbound_sales_monthly=money(inputs.outbound_sales_monthly),
        inbound_phone_contacts_per_month=phone.contacts_per_month if phone else 0.0,
        **detail,
    )


def vendor_charge(
    workload: Workload,
    *,
    pricing_model: str,
    rate: Decimal,
    commission_percent: Decimal | None = None,
) -> Decimal:
    """What the vendor bills a month under ``pricing_model`` (unrounded, no oversight).

    ``rate`` is per minute (shared), per agent-hour (dedicated, outbound hourly,
    hourly + commission) or per full-time agent a month (monthly); commission is
    a percentage of ``workload.outbound_sales_monthly``.
    """
    rate = Decimal(rate)
    if rate < 0:
        raise ValueError("A rate cannot be negative.")
    if pricing_model in (COMMISSION, HOURLY_PLUS_COMMISSION):
        if commission_percent is None:
            raise ValueError("A commission model needs the commission percentage.")
        if commission_percent < 0:
            raise ValueError("A commission percentage cannot be negative.")
        commission = workload.outbound_sales_monthly * Decimal(commission_percent) / 100
    if pricing_model == SHARED_PER_MINUTE:
        return _dec(workload.inbound_minutes_per_month) * rate
    if pricing_model == DEDICATED_PER_HOUR:
        return _dec(workload.agent_hours_per_month) * rate
    if pricing_model == MONTHLY:
        return workload.dedicated_agents * rate
    if pricing_model == OUTBOUND_HOURLY:
        return _dec(workload.outbound_hours_per_month) * rate
    if pricing_model == COMMISSION:
        return commission
    if pricing_model == HOURLY_PLUS_COMMISSION:
        return _dec(workload.outbound_hours_per_month) * rate + commission
    raise ValueError(f"Unknown pricing model {pricing_model!r}.")


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
    return money(monthly / _dec(contacts)) if contacts > 0 else None


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
    earned = (commission + Decimal(hourly_rate) * _dec(hours)) / _dec(hours)
    floor = Decimal(regular_hourly_rate) * (1 + COMMISSION_MIN_PREMIUM)
    if earned >= floor:
        return None
    return (
        f"The center would earn ${money(earned)} an hour, below its regular rate of "
        f"${money(regular_hourly_rate)} plus the 10% premium a commission deal needs "
        f"(${money(floor)}). Expect it to refuse or to cut corners; raise the commission "
        "or add an hourly part."
    )
