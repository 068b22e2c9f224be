"""Steps 1-3 in the decision report: the same reads and math as the step pages."""

from __future__ import annotations

from dataclasses import dataclass

from portal import billing, scenarios
from portal.planning import comparison, queries, recommend
from portal.planning.charts import cost_chart
from portal.planning.formatting import plain, rate
from portal.reference import Region
from portal.sections import Section
from portal.templatetags.money import format_money

SCOPE = ("scope", "Step 1: Scope the need")
COST = ("cost", "Step 2: Is it cost-effective?")
CUSTOMERS = ("customers", "Step 3: The customer base")


def scope_section(engagement) -> Section:
    data = queries.planning_data(engagement)
    if not data.scope_filled:
        return Section.not_filled(
            *SCOPE, "The need is not scoped yet: no channel volumes have been filled in."
        )
    advice = recommend.recommend(queries.scope_facts(data.scope, data.lines))
    return Section(
        *SCOPE,
        template="reports/sections/scope.html",
        context={
            "data": data,
            "line_rows": queries.line_rows(data.lines),
            "advice": advice,
            "workload": queries.workload_from(data),
        },
        summary=advice.headline,
    )


def _money(value) -> str:
    return f"${value:,.0f}"


def cost_section(engagement) -> Section:
    view = comparison.for_engagement(engagement)
    if view.problem:
        return Section.not_filled(*COST, view.problem)
    if view.workload is None:
        return Section.not_filled(
            *COST, "The cost case is not filled in yet: step 1 has no volumes to price."
        )
    if view.comparison is None:
        return Section.not_filled(
            *COST, "The cost case is not filled in yet: the in-house figures are missing."
        )
    result = view.comparison
    summary = f"All in-house {_money(view.workload.in_house_monthly_cost)} a month."
    if cheapest := result.cheapest_outsourced:
        saving = cheapest.scenario.saving_monthly
        outcome = f"saves {_money(saving)}" if saving >= 0 else f"costs {_money(-saving)} more"
        summary += (
            " Cheapest outsourcing scenario the center would accept, at mid rates: "
            f"{cheapest.name}, {_money(cheapest.scenario.monthly_total)} a month; it "
            f"{outcome} a month."
        )
    if sentence := result.crossing_sentence:
        summary += f" Break-even on the inbound phone line: {sentence[0].lower()}{sentence[1:]}"
    return Section(
        *COST,
        template="reports/sections/cost.html",
        context={
            "data": view.data,
            "workload": view.workload,
            "comparison": result,
            "chart": _chart(engagement, view),
        },
        summary=summary,
    )


def _chart(engagement, view) -> str | None:
    """The cost-versus-volume chart; None when the staffing math refuses the doubled
    volume it is drawn to (the cost table still stands)."""
    return cost_chart(engagement, view)[0]


def customers_section(engagement) -> Section:
    assessment = queries.assessment_for(engagement)
    if assessment is None:
        return Section.not_filled(*CUSTOMERS, "The customer base is not assessed yet.")
    scored = queries.scored_assessment(assessment)
    high = [f.title.lower() for f in scored.factors if f.level == "high"]
    summary = f"Customer-base risk: {scored.level}."
    if high:
        summary += f" High: {', '.join(high)}."
    return Section(
        *CUSTOMERS,
        template="reports/sections/customers.html",
        context={"assessment": assessment, "scored": scored},
        summary=summary,
    )


@dataclass(frozen=True)
class VendorCost:
    """A vendor's own scenario for the whole scope under its accepted quotes (the
    cheapest feasible combination, what they leave kept in-house), for the executive
    summary; ``positions`` says where each rate it uses sits in the rate-card range."""

    vendor: str
    scenario: scenarios.Scenario | None
    positions: tuple[str, ...] = ()
    currency: str = "USD"
    missing: str = ""  # why there is no scenario

    @property
    def monthly(self) -> str:
        return format_money(self.scenario.monthly_total, currency=self.currency)

    @property
    def annual(self) -> str:
        return format_money(self.scenario.annual_total, currency=self.currency)

    @property
    def saving_text(self) -> str:
        saving = self.scenario.saving_monthly
        amount = format_money(abs(saving), currency=self.currency)
        if saving > 0:
            return f"saves {amount} a month against all in-house"
        if saving < 0:
            return f"costs {amount} a month more than all in-house"
        return "costs the same as all in-house"

    @property
    def kept_in_house(self) -> str:
        return comparison.channel_names(self.scenario.kept_in_house) if self.scenario else ""


def _rate_range(rate_rows, region: str, model: str):
    """(low, high, currency, what the range is) of the rate card for ``model``; a monthly
    model without its own figure is the dedicated hourly rate over a full-time month."""
    row = queries.rate_for(rate_rows, region=region, pricing_model=model)
    if row is not None:
        return row.low, row.high, row.currency, ""
    if model == billing.MONTHLY:
        hourly = queries.rate_for(
            rate_rows, region=region, pricing_model=billing.DEDICATED_PER_HOUR
        )
        if hourly is not None:
            high = None if hourly.high is None else billing.monthly_rate_from_hourly(hourly.high)
            low = billing.monthly_rate_from_hourly(hourly.low)
            return low, high, hourly.currency, " (the hourly rate over a full-time month)"
    return None


def rate_position(pricing: scenarios.Pricing, rate_rows, region: str, currency: str) -> str:
    """Where ``pricing``'s rate sits in the rate card's low-high range for ``region``:
    "Dedicated inbound, per hour at $9.50: within the rate card's $8-14 (Asia /
    Philippines)"."""
    model = pricing.pricing_model
    label = billing.MODEL_LABELS[model]
    if model == billing.COMMISSION:
        return (
            f"{label} at {plain(pricing.commission_percent)}% of sales: the rate card has no "
            "commission rate to place it against"
        )
    found = _rate_range(rate_rows, region, model)
    shown = f"${rate(pricing.rate)}" if currency == "USD" else f"{rate(pricing.rate)} {currency}"
    if found is None:
        return f"{label} at {shown}: the rate card has no figure for {Region(region).label}"
    low, high, card_currency, how = found
    if card_currency != currency:
        return (
            f"{label} at {shown}: the rate card is in {card_currency}, so it is not placed "
            "in its range"
        )
    band = f"${rate(low)} and up" if high is None else f"${rate(low)}-{rate(high)}"
    if pricing.rate < low:
        where = "below"
    elif high is not None and pricing.rate > high:
        where = "above"
    else:
        where = "within"
    text = f"{label} at {shown}: {where} the rate card's {band}{how} ({Region(region).label})"
    if model == billing.HOURLY_PLUS_COMMISSION:
        text += f", plus {plain(pricing.commission_percent)}% commission on sales"
    return text


def vendor_cost(
    engagement, *, vendor: str, pricings: list[scenarios.Pricing], currency: str = "USD"
) -> VendorCost:
    """``vendor``'s whole-scope scenario under ``pricings`` (its quotes in the
    engagement's currency): ``scenarios.best_for_quotes``, the saving against all
    in-house, and where its rates sit in the rate card's range for the engagement's
    region."""
    data = queries.planning_data(engagement)
    workload, problem = queries.workload_or_problem(data)
    if workload is None:
        return VendorCost(
            vendor, None, currency=currency, missing=problem or "step 1 has no volumes"
        )
    if not pricings:
        return VendorCost(
            vendor,
            None,
            currency=currency,
            missing="it has no quote that can be priced (no quote yet, or no exchange rate "
            "for its currency)",
        )
    usable = [p for p in pricings if scenarios.covered_channels(workload, p)]
    if not usable:
        return VendorCost(
            vendor, None, currency=currency, missing="none of its quotes covers a scoped channel"
        )
    try:
        best = scenarios.best_for_quotes(workload, usable)
    except (ValueError, ArithmeticError) as exc:
        return VendorCost(vendor, None, currency=currency, missing=str(exc))
    positions: tuple[str, ...] = ()
    if data.cost_case is not None:
        rows = queries.current_rate_cards()
        positions = tuple(
            rate_position(p, rows, data.cost_case.region, currency) for p in best.pricings
        )
    return VendorCost(vendor, best, positions, currency)
