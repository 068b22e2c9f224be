"""Which pricing models of step 2 the rate card can price for a scope, at what low,
mid and high rates, with what the rates say in words; each model it cannot price is
named in ``missing`` with the reason.

A rate-card row with no ceiling (the guide's "Western Europe: 40 and up") prices
its low and mid figures at the floor and leaves the high one open (None, shown as
"open"): no ceiling is made up; vendor quotes in step 4 give the real figure.
"""

from __future__ import annotations

from decimal import Decimal

from portal import billing, cost_inputs, costs
from portal.cost_inputs import FTE_HOURS
from portal.planning.formatting import percent, plain, rate
from portal.planning.pricing_options import LEVELS, Option, price_option
from portal.planning.queries import rate_for
from portal.reference import PricingModel, Region


def rows_by_model(rate_rows: list, region: str) -> dict:
    """The rate-card row that prices each pricing model for ``region`` (None: none)."""
    return {
        model: rate_for(rate_rows, region=region, pricing_model=model)
        for model in billing.PRICING_MODELS
    }


def rate_levels(row) -> dict[str, Decimal | None]:
    """Low, mid and high rates of a row; a floor with no ceiling: the floor, the floor, open."""
    if row.high is None:
        return {"low": row.low, "mid": row.low, "high": None}
    return {"low": row.low, "mid": (row.low + row.high) / 2, "high": row.high}


def _range(low, high) -> str:
    return f"{rate(low)} and up" if high is None else f"{rate(low)}-{rate(high)}"


_FLOOR_NOTE = (
    " (a floor with no ceiling: low and mid price the floor, the high estimate is open "
    "until vendors quote)"
)


def _basis(row, region: str) -> str:
    """What a rate-card row says, and why it prices ``region`` when it is not the region's own."""
    unit, label = row.get_unit_display(), row.get_region_display()
    text = f"{_range(row.low, row.high)} {row.currency} {unit}, {label}"
    if row.high is None:
        text += _FLOOR_NOTE
    if row.region != region:
        text += (
            f" (no figure published for {Region(region).label}; the low-cost "
            "international figure applies)"
        )
    elif not row.pricing_model:
        text += " (the region's general hourly rate for agent work)"
    return text


def _no_figure(model: str, region: str, also: str = "") -> str:
    return (
        f"{PricingModel(model).label}: no published figure for {Region(region).label}"
        f"{also}; add one to the rate card in the admin or ask vendors for quotes."
    )


def _adder(workload: costs.Workload, lines, region: str, options: list[Option]):
    def add(model: str, rates: dict[str, Decimal | None], basis: str, **kwargs) -> None:
        options.append(
            price_option(workload, model, rates, basis, lines=lines, region=region, **kwargs)
        )

    return add


def inbound_options(
    workload: costs.Workload, *, lines: list[cost_inputs.ChannelLoad], rows: dict, region: str
) -> tuple[list[Option], list[str]]:
    """Shared per minute, dedicated per hour and monthly; and what cannot be priced."""
    options: list[Option] = []
    missing: list[str] = []
    add = _adder(workload, lines, region, options)
    inbound = workload.inbound_minutes_per_month > 0
    if not inbound:
        missing.append(
            "Inbound models (shared per minute, dedicated per hour, monthly): the scope has "
            "no inbound work (inbound phone, e-mail, chat or social media) to price."
        )
    else:
        for model in (billing.SHARED_PER_MINUTE, billing.DEDICATED_PER_HOUR):
            row = rows[model]
            if row is None:
                missing.append(_no_figure(model, region))
            else:
                add(model, rate_levels(row), _basis(row, region))
        monthly, hourly_row = rows[billing.MONTHLY], rows[billing.DEDICATED_PER_HOUR]
        if monthly is not None:
            add(billing.MONTHLY, rate_levels(monthly), _basis(monthly, region))
        elif hourly_row is not None:
            # DOMAIN.md gives no monthly figures: a monthly rate buys a dedicated
            # full-time agent, so price it as the hourly rate over a full-time month.
            per_month = {
                level: None if value is None else billing.monthly_rate_from_hourly(value)
                for level, value in rate_levels(hourly_row).items()
            }
            source = hourly_row.get_region_display()
            if not hourly_row.pricing_model:
                source += " general hourly rate"
            add(
                billing.MONTHLY,
                per_month,
                f"{_range(per_month['low'], per_month['high'])} {hourly_row.currency} per "
                f"full-time agent a month: {_range(hourly_row.low, hourly_row.high)} "
                f"{hourly_row.currency} per hour ({source}) x {plain(round(FTE_HOURS, 1))} paid "
                "hours a month, as the rate card has no monthly figure"
                + (_FLOOR_NOTE if hourly_row.high is None else ""),
            )
        else:
            missing.append(_no_figure(billing.MONTHLY, region, " (monthly or hourly)"))
    return options, missing


def outbound_options(
    workload: costs.Workload,
    *,
    lines: list[cost_inputs.ChannelLoad],
    rows: dict,
    region: str,
    commission_percent: Decimal | None,
) -> tuple[list[Option], list[str]]:
    """Outbound hourly, commission and hourly + commission at the premium a center
    needs, and at the commission offered; and what cannot be priced."""
    options: list[Option] = []
    missing: list[str] = []
    add = _adder(workload, lines, region, options)
    outbound = workload.outbound_hours_per_month > 0
    hourly = rows[billing.OUTBOUND_HOURLY]
    if not outbound:
        missing.append(
            "Outbound models (hourly, commission, hourly + commission): the scope has no "
            "outbound phone line to price."
        )
    elif hourly is None:
        missing.append(
            _no_figure(billing.OUTBOUND_HOURLY, region)
            + " Commission models are priced against the hourly rate, so they wait for it too."
        )
    else:
        hourly_rates = rate_levels(hourly)
        add(billing.OUTBOUND_HOURLY, hourly_rates, _basis(hourly, region))
        premium = rows[billing.COMMISSION]
        sales = workload.outbound_sales_monthly
        if sales <= 0:
            missing.append(
                "Commission and hourly + commission: enter the outbound sales value the calls "
                "should bring (in-house figures) to price them."
            )
        elif premium is None:
            missing.append(
                "Commission and hourly + commission, at the premium a center needs: the rate "
                "card has no commission premium figure."
            )
        else:
            # What a commission deal costs when it pays the center the premium it
            # needs over its hourly rate (DOMAIN.md: 10-20%); shown as the
            # commission share of sales that would be.
            prem = rate_levels(premium)
            needed = {
                level: None
                if hourly_rates[level] is None or prem[level] is None
                else cost_inputs.money(
                    hourly_rates[level]
                    * (1 + prem[level] / 100)
                    * Decimal(repr(workload.outbound_hours_per_month))
                )
                for level in LEVELS
            }
            percents = {
                level: None if needed[level] is None else needed[level] / sales * 100
                for level in LEVELS
            }
            high_percent = percents["high"]
            basis = (
                f"commission of {percent(percents['low'], 1)}"
                + ("% and up" if high_percent is None else f"-{percent(high_percent, 1)}%")
                + " of sales: the hourly rate plus the "
                f"{_range(premium.low, premium.high)}% premium a center needs"
            )
            add(
                billing.COMMISSION,
                dict.fromkeys(LEVELS, Decimal(0)),
                basis,
                commission=percents,
                regular=hourly_rates,
            )
            # Hourly + commission from a reduced base: half the regular hourly rate,
            # plus the commission that brings the center's earnings to the regular
            # rate plus the premium at the planned sales.
            halves = {
                level: None if value is None else cost_inputs.money(value / 2)
                for level, value in hourly_rates.items()
            }
            hours = Decimal(repr(workload.outbound_hours_per_month))
            topped = {
                level: None
                if needed[level] is None or halves[level] is None
                else (needed[level] - halves[level] * hours) / sales * 100
                for level in LEVELS
            }
            add(
                billing.HOURLY_PLUS_COMMISSION,
                halves,
                f"half the hourly rate ({_range(halves['low'], halves['high'])} "
                f"{hourly.currency} per hour) plus a commission of "
                f"{percent(topped['low'], 1)}"
                + ("% and up" if topped["high"] is None else f"-{percent(topped['high'], 1)}%")
                + " of sales: together the hourly rate plus the premium a center needs",
                commission=topped,
                regular=hourly_rates,
            )
        if commission_percent is not None and sales > 0:
            warning = billing.commission_warning(
                workload,
                commission_percent=commission_percent,
                regular_hourly_rate=hourly_rates["mid"],
            )
            add(
                billing.COMMISSION,
                dict.fromkeys(LEVELS, Decimal(0)),
                f"your offer: {plain(commission_percent)}% of ${rate(sales)} sales",
                commission=commission_percent,
                warning=warning or "",
                label="Outbound, commission (your offer)",
                regular=hourly_rates,
            )
            half = cost_inputs.money(hourly_rates["mid"] / 2)
            warning = billing.commission_warning(
                workload,
                commission_percent=commission_percent,
                regular_hourly_rate=hourly_rates["mid"],
                hourly_rate=half,
            )
            add(
                billing.HOURLY_PLUS_COMMISSION,
                dict.fromkeys(LEVELS, half),
                f"your offer: half the mid hourly rate (${rate(half)} per hour) plus "
                f"{plain(commission_percent)}% of ${rate(sales)} sales",
                commission=commission_percent,
                warning=warning or "",
                label="Outbound, hourly + commission (your offer)",
                regular=hourly_rates,
            )
    return options, missing
