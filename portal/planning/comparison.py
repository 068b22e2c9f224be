"""The cost comparison of step 2: in-house against every pricing model, priced from
the rate card (low / mid / high for the chosen region), plus the break-even
volume between shared per-minute and dedicated per-hour pricing.

``build`` works on rows already read (see ``queries``) and runs no query itself;
``for_engagement`` reads those rows first (a fixed number of queries), so the step-2
page and the decision report show the same figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from portal import costs
from portal.planning import queries
from portal.planning.queries import PlanningData, rate_for
from portal.reference import PricingModel, Region

LEVELS = ("low", "mid", "high")


@dataclass
class Option:
    pricing_model: str
    label: str
    basis: str  # what the rate is, e.g. "$0.35-0.45 per minute, Worldwide / international"
    monthly: dict[str, Decimal]  # by level
    saving: dict[str, Decimal]  # in-house minus option, by level (negative = a loss)
    per_contact: dict[str, Decimal | None]
    in_house: Decimal
    warning: str = ""

    @property
    def mid_loss(self) -> Decimal:
        return -self.saving["mid"]

    @property
    def annual(self) -> dict[str, Decimal]:
        return {level: costs.money(value * 12) for level, value in self.monthly.items()}


@dataclass
class Comparison:
    workload: costs.Workload
    region: str
    options: list[Option] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # options that cannot be priced, and why
    break_even: Decimal | None = None
    break_even_rates: tuple[Decimal, Decimal] | None = None  # shared, dedicated (mid)
    break_even_note: str = ""

    @property
    def region_label(self) -> str:
        return Region(self.region).label

    @property
    def cheapest(self) -> tuple[Option, Decimal] | None:
        """The option with the largest mid saving."""
        if not self.options:
            return None
        best = max(self.options, key=lambda option: option.saving["mid"])
        return best, best.saving["mid"]


def _levels(row) -> dict[str, Decimal]:
    return {"low": row.low, "mid": (row.low + row.high) / 2, "high": row.high}


def _basis(row) -> str:
    unit, region = row.get_unit_display(), row.get_region_display()
    return f"{row.low.normalize():f}-{row.high.normalize():f} {row.currency} {unit}, {region}"


def build(
    workload: costs.Workload,
    *,
    lines: list[costs.ChannelLoad],
    inputs: costs.CostInputs,
    rate_rows: list,
    region: str,
    commission_percent: Decimal | None,
) -> Comparison:
    comparison = Comparison(workload=workload, region=region)

    def add(model: str, rates: dict[str, Decimal], basis: str, *, commission=None, warning=""):
        in_house = costs.in_house_cost_for(workload, model)
        contacts = costs.covered_contacts(workload, model, lines)
        # One commission share for every level, or one per level.
        shares = commission if isinstance(commission, dict) else dict.fromkeys(rates, commission)
        monthly = {
            level: costs.quote_monthly_cost(
                workload, pricing_model=model, rate=rate, commission_percent=shares[level]
            )
            for level, rate in rates.items()
        }
        comparison.options.append(
            Option(
                pricing_model=model,
                label=PricingModel(model).label,
                basis=basis,
                monthly=monthly,
                saving={level: in_house - value for level, value in monthly.items()},
                per_contact={
                    level: costs.per_contact(value, contacts) for level, value in monthly.items()
                },
                in_house=in_house,
                warning=warning,
            )
        )

    inbound = workload.inbound_minutes_per_month > 0
    outbound = workload.outbound_hours_per_month > 0
    rows = {
        model: rate_for(rate_rows, region=region, pricing_model=model)
        for model in costs.PRICING_MODELS
    }

    for model in costs.INBOUND_MODELS:
        if not inbound:
            break
        row = rows[model]
        if row is None:
            comparison.missing.append(
                f"{PricingModel(model).label}: no rate-card figure for "
                f"{Region(region).label}; add one in the admin or ask vendors for quotes."
            )
            continue
        add(model, _levels(row), _basis(row))

    hourly = rows[costs.OUTBOUND_HOURLY]
    if outbound and hourly is None:
        comparison.missing.append(
            f"{PricingModel.OUTBOUND_HOURLY.label}: no rate-card figure for "
            f"{Region(region).label}; add one in the admin or ask vendors for quotes."
        )
    if outbound and hourly is not None:
        hourly_rates = _levels(hourly)
        add(costs.OUTBOUND_HOURLY, hourly_rates, _basis(hourly))
        premium = rows[costs.COMMISSION]
        sales = workload.outbound_sales_monthly
        if premium is not None and sales > 0:
            # What a commission deal costs when it pays the centre the premium it
            # needs over its hourly rate (DOMAIN.md: 10-20%); shown as the
            # commission share of sales that would be.
            prem = {
                "low": premium.low,
                "mid": (premium.low + premium.high) / 2,
                "high": premium.high,
            }
            needed = {
                level: costs.money(
                    hourly_rates[level]
                    * (1 + prem[level] / 100)
                    * Decimal(repr(workload.outbound_hours_per_month))
                )
                for level in LEVELS
            }
            percents = {level: needed[level] / sales * 100 for level in LEVELS}
            basis = (
                f"commission of {percents['low']:.1f}-{percents['high']:.1f}% of sales: the hourly "
                f"rate plus the {premium.low:g}-{premium.high:g}% premium a centre needs"
            )
            add(
                costs.COMMISSION,
                dict.fromkeys(LEVELS, Decimal(0)),
                basis,
                commission=percents,
            )
        if sales <= 0:
            comparison.missing.append(
                "Commission models: enter the outbound sales value the calls should bring."
            )
        elif commission_percent is None:
            comparison.missing.append(
                "Hourly + commission: enter the commission you would offer to price it."
            )
        if commission_percent is not None and sales > 0:
            warning = costs.commission_warning(
                workload,
                commission_percent=commission_percent,
                regular_hourly_rate=hourly_rates["mid"],
            )
            add(
                costs.COMMISSION,
                dict.fromkeys(LEVELS, Decimal(0)),
                f"your offer: {commission_percent:g}% of {costs.money(sales):,} sales",
                commission=commission_percent,
                warning=warning or "",
            )
            add(
                costs.HOURLY_PLUS_COMMISSION,
                hourly_rates,
                f"{_basis(hourly)} plus {commission_percent:g}% of sales",
                commission=commission_percent,
            )

    shared, dedicated = rows[costs.SHARED_PER_MINUTE], rows[costs.DEDICATED_PER_HOUR]
    if workload.inbound_phone_contacts_per_month > 0 and shared and dedicated:
        shared_rate, dedicated_rate = _levels(shared)["mid"], _levels(dedicated)["mid"]
        comparison.break_even_rates = (shared_rate, dedicated_rate)
        comparison.break_even = costs.break_even_inbound_volume(
            lines, inputs, shared_rate=shared_rate, dedicated_rate=dedicated_rate
        )
        if comparison.break_even is None:
            shared_now = costs.vendor_charge(
                workload, pricing_model=costs.SHARED_PER_MINUTE, rate=shared_rate
            )
            dedicated_now = costs.vendor_charge(
                workload, pricing_model=costs.DEDICATED_PER_HOUR, rate=dedicated_rate
            )
            comparison.break_even_note = (
                "Shared per-minute pricing stays cheaper at every realistic volume."
                if shared_now < dedicated_now
                else "A dedicated team is cheaper at every volume of inbound calls."
            )
    return comparison


@dataclass(frozen=True)
class CostCaseView:
    """Everything step 2 shows: the planning rows, the workload and the comparison.

    ``comparison`` is None until both the scope and the in-house figures exist;
    ``lines`` and ``inputs`` are what the cost-versus-volume chart is drawn from.
    """

    data: PlanningData
    workload: costs.Workload | None
    comparison: Comparison | None
    lines: list[costs.ChannelLoad]
    inputs: costs.CostInputs | None


def for_engagement(engagement) -> CostCaseView:
    """The step-2 comparison of ``engagement`` in four queries."""
    data = queries.planning_data(engagement)
    workload = queries.workload_from(data)
    if workload is None or data.cost_case is None:
        return CostCaseView(data, workload, None, [], None)
    lines = queries.channel_loads(data.lines)
    inputs = queries.cost_inputs(data.cost_case)
    result = build(
        workload,
        lines=lines,
        inputs=inputs,
        rate_rows=queries.current_rate_cards(),
        region=data.cost_case.region,
        commission_percent=data.cost_case.commission_percent,
    )
    return CostCaseView(data, workload, result, lines, inputs)
