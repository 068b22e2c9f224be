"""The cost comparison of step 2: in-house against every pricing model, priced from
the rate card (low / mid / high for the chosen region), plus the break-even
volume between shared per-minute and dedicated per-hour pricing.

A rate-card row with no ceiling (the guide's "Western Europe: 40 and up") prices
its low and mid figures at the floor and leaves the high one open (None, shown as
"open"): no ceiling is made up; vendor quotes in step 4 give the real figure.

``build`` works on rows already read (see ``queries``) and runs no query itself;
``for_engagement`` reads those rows first (a fixed number of queries), so the step-2
page and the decision report show the same figures.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal

from portal import billing, break_even, channel_plans, cost_inputs, costs, derived, scenarios, week
from portal.cost_inputs import FTE_HOURS
from portal.planning import queries
from portal.planning.formatting import percent, plain, rate
from portal.planning.queries import PlanningData, rate_for
from portal.reference import MONTHLY_RARE_NOTE, MONTHLY_RARE_REGIONS, PricingModel, Region

LEVELS = ("low", "mid", "high")
COMMISSION_MODELS = (billing.COMMISSION, billing.HOURLY_PLUS_COMMISSION)


@dataclass
class Option:
    """One pricing model at the rate card's low, mid and high reference rates.

    ``charge``: what the vendor bills a month for the work it covers, by level (None =
    open: a floor with no ceiling); ``bills``: that in words, at the mid rate.
    ``monthly``: that charge plus the company's oversight (the cost of outsourcing
    this work alone); ``saving``: the in-house cost of the same work minus it. The
    whole-scope figures, with the oversight once, are the ``Comparison``'s scenarios.
    ``sales_range``: for commission models, the vendor's monthly charge at half, the
    planned and one and a half times the planned sales (mid rate).
    """

    pricing_model: str
    label: str
    basis: str  # what the rate is, e.g. "$0.35-0.45 per minute, Worldwide / international"
    monthly: dict[str, Decimal | None]
    saving: dict[str, Decimal | None]
    per_contact: dict[str, Decimal | None]  # the vendor's charge per covered contact
    in_house: Decimal  # the in-house cost of the work it covers
    warning: str = ""
    note: str = ""  # a neutral remark from the guide, e.g. monthly pricing rare here
    pricings: dict[str, scenarios.Pricing | None] = field(default_factory=dict)
    charge: dict[str, Decimal | None] = field(default_factory=dict)
    bills: str = ""
    sales_range: dict[Decimal, Decimal] | None = None

    @property
    def pricing(self) -> scenarios.Pricing | None:
        """The option at its mid rate (never open: a floor prices low and mid)."""
        return self.pricings.get("mid")

    @property
    def mid_loss(self) -> Decimal:
        return -self.saving["mid"]

    @property
    def annual(self) -> dict[str, Decimal | None]:
        return {
            level: None if value is None else cost_inputs.money(value * 12)
            for level, value in self.monthly.items()
        }

    @property
    def sales_levels(self) -> list[tuple[str, Decimal]]:
        """(label, charge) at 0.5x, 1x and 1.5x the planned sales, for the tables."""
        if not self.sales_range:
            return []
        names = {Decimal("0.5"): "half", Decimal("1"): "planned", Decimal("1.5"): "1.5x"}
        return [
            (names.get(factor, f"{factor}x"), value) for factor, value in self.sales_range.items()
        ]


@dataclass(frozen=True)
class ScenarioRow:
    """One whole-scope scenario at the low, mid and high reference rates (None where a
    rate is open); its name, what it bills, what stays in-house and its warnings are
    those at the mid rate."""

    levels: dict[str, scenarios.Scenario | None]

    @property
    def scenario(self) -> scenarios.Scenario:
        return self.levels["mid"]

    @property
    def name(self) -> str:
        return self.scenario.name

    @property
    def monthly(self) -> dict[str, Decimal | None]:
        return {level: s.monthly_total if s else None for level, s in self.levels.items()}

    @property
    def saving(self) -> dict[str, Decimal | None]:
        return {level: s.saving_monthly if s else None for level, s in self.levels.items()}

    @property
    def loss(self) -> Decimal:
        """What the scenario costs a month more than all in-house (mid rate)."""
        return -self.scenario.saving_monthly

    @property
    def outsourced(self) -> bool:
        return bool(self.scenario.pricings)

    @property
    def feasible(self) -> bool:
        return self.scenario.feasible

    @property
    def kept_in_house(self) -> str:
        return channel_names(self.scenario.kept_in_house)


def channel_names(channels) -> str:
    """ "Inbound phone", "E-mail and Chat", "E-mail, Chat and Social media"."""
    labels = [cost_inputs.CHANNEL_LABELS.get(c, c) for c in channels]
    if len(labels) <= 1:
        return "".join(labels)
    return ", ".join(labels[:-1]) + " and " + labels[-1]


@dataclass(frozen=True)
class QueueTable:
    """A phone or chat queue's agents hour by hour (7 days x 24 hours; None = closed),
    with the week's service level and, where patience is known, abandon rate."""

    label: str
    days: list[tuple[str, list[tuple[int | None, int]]]]  # (day, [(agents, shade 0-4)])
    staffed_hours_per_month: float
    busiest_hour_agents: int
    service_level: float | None
    abandon_rate: float | None


def queue_tables(workload: costs.Workload) -> list[QueueTable]:
    tables = []
    for plan in workload.plans:
        if plan.kind != channel_plans.QUEUE or not plan.agents_by_hour:
            continue
        top = max(plan.agents_by_hour) or 1
        days = []
        for day, name in enumerate(week.DAYS):
            cells = []
            for hour in range(24):
                agents = plan.agents_by_hour[day * 24 + hour]
                # A queue has at least one agent in every open hour: none means closed.
                cells.append((None, 0) if agents == 0 else (agents, math.ceil(4 * agents / top)))
            days.append((name, cells))
        tables.append(
            QueueTable(
                label=plan.label,
                days=days,
                staffed_hours_per_month=plan.staffed_hours_per_month,
                busiest_hour_agents=plan.busiest_hour_agents,
                service_level=plan.service_level,
                abandon_rate=plan.abandon_rate,
            )
        )
    return tables


@dataclass
class Comparison:
    workload: costs.Workload
    region: str
    options: list[Option] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # options that cannot be priced, and why
    break_even: int | None = None  # whole inbound phone calls a month (the first crossing)
    # Every crossing of shared and dedicated pricing, and which is cheaper between them.
    break_even_crossings: break_even.BreakEven | None = None
    break_even_rates: tuple[Decimal, Decimal] | None = None  # shared, dedicated (mid)
    break_even_note: str = ""
    # What the inbound phone line costs today under each (shared, dedicated; vendor
    # charge at mid rates, before oversight).
    break_even_today: tuple[Decimal, Decimal] | None = None
    # Whole-scope scenarios: all in-house first, then each inbound option with the
    # outbound work in-house or under each outbound option, then each outbound option
    # with the inbound work in-house (portal.scenarios: the oversight once each).
    # ``scenario_rows`` at the low, mid and high rates; ``scenarios`` the mid ones.
    scenario_rows: list[ScenarioRow] = field(default_factory=list)
    queues: list[QueueTable] = field(default_factory=list)

    @property
    def region_label(self) -> str:
        return Region(self.region).label

    @property
    def scenarios(self) -> list[scenarios.Scenario]:
        return [row.scenario for row in self.scenario_rows]

    @property
    def all_in_house(self) -> ScenarioRow | None:
        return self.scenario_rows[0] if self.scenario_rows else None

    @property
    def cheapest_scenario(self) -> scenarios.Scenario | None:
        """The cheapest scenario at mid rates the center would accept (all in-house
        included; never one carrying a refusal warning)."""
        return scenarios.cheapest_feasible(self.scenarios)

    @property
    def cheapest_row(self) -> ScenarioRow | None:
        best = self.cheapest_scenario
        return next((row for row in self.scenario_rows if row.scenario is best), None)

    @property
    def cheapest_outsourced(self) -> ScenarioRow | None:
        """The cheapest scenario that outsources work and that the center would accept."""
        feasible = [row for row in self.scenario_rows if row.outsourced and row.feasible]
        return min(feasible, key=lambda row: row.scenario.monthly_total, default=None)

    @property
    def cheapest(self) -> tuple[Option, Decimal] | None:
        """The option with the largest mid saving on its own work that the center
        would accept (an option carrying a refusal warning is never the cheapest)."""
        acceptable = [option for option in self.options if not option.warning]
        if not acceptable:
            return None
        best = max(acceptable, key=lambda option: option.saving["mid"])
        return best, best.saving["mid"]

    @property
    def crossing_sentence(self) -> str:
        return crossing_sentence(self.break_even_crossings)


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


def _hundredth_up(value: Decimal | None) -> Decimal | None:
    if value is None:
        return None
    return Decimal(plain(Decimal(math.ceil(Decimal(value) * 100)) / 100))


def _levels(row) -> dict[str, Decimal | None]:
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


def build(
    workload: costs.Workload,
    *,
    lines: list[cost_inputs.ChannelLoad],
    inputs: cost_inputs.CostInputs,
    rate_rows: list,
    region: str,
    commission_percent: Decimal | None,
) -> Comparison:
    """Price every pricing model the rate card can price for ``region``; each model
    that cannot be priced for this scope is listed in ``missing`` with the reason."""
    comparison = Comparison(workload=workload, region=region)

    def add(
        model: str,
        rates: dict[str, Decimal | None],
        basis: str,
        *,
        commission=None,
        warning="",
        label="",
        regular=None,
    ):
        contacts = billing.covered_contacts(workload, model, lines)
        # One commission share for every level, or one per level; a computed share is
        # rounded up to the hundredth (the center still earns what it needs), an
        # entered one shown as typed ("6.5", not "6.50").
        if isinstance(commission, dict):
            shares = {level: _hundredth_up(value) for level, value in commission.items()}
        else:
            shares = dict.fromkeys(
                rates, None if commission is None else Decimal(plain(commission))
            )
        regulars = regular if isinstance(regular, dict) else dict.fromkeys(rates, regular)
        pricings = {
            level: None
            if value is None or (commission is not None and shares[level] is None)
            else scenarios.Pricing(
                pricing_model=model,
                rate=value,
                commission_percent=shares[level],
                label=label or PricingModel(model).label,
                regular_hourly_rate=regulars[level],
            )
            for level, value in rates.items()
        }
        alone = {
            level: None
            if pricing is None
            else scenarios.scenario(
                workload, **{"inbound" if pricing.inbound else "outbound": pricing}
            )
            for level, pricing in pricings.items()
        }
        charge = {level: s.vendor_charges if s else None for level, s in alone.items()}
        oversight = workload.oversight_monthly_cost
        monthly = {
            level: None if value is None else cost_inputs.money(value + oversight)
            for level, value in charge.items()
        }
        in_house = billing.in_house_cost_for(workload, model)
        mid = pricings["mid"]
        comparison.options.append(
            Option(
                pricing_model=model,
                label=label or PricingModel(model).label,
                basis=basis,
                monthly=monthly,
                saving={
                    level: None if value is None else in_house - value
                    for level, value in monthly.items()
                },
                per_contact={
                    level: None if value is None else billing.per_contact(value, contacts)
                    for level, value in charge.items()
                },
                in_house=in_house,
                warning=warning
                or (alone["mid"].warnings[0] if alone["mid"] and alone["mid"].warnings else ""),
                note=MONTHLY_RARE_NOTE
                if model == billing.MONTHLY and region in MONTHLY_RARE_REGIONS
                else "",
                pricings=pricings,
                charge=charge,
                bills=scenarios.bills(workload, mid) if mid is not None else "",
                sales_range=scenarios.commission_range(workload, mid)
                if mid is not None and model in COMMISSION_MODELS
                else None,
            )
        )

    inbound = workload.inbound_minutes_per_month > 0
    outbound = workload.outbound_hours_per_month > 0
    rows = {
        model: rate_for(rate_rows, region=region, pricing_model=model)
        for model in billing.PRICING_MODELS
    }

    if not inbound:
        comparison.missing.append(
            "Inbound models (shared per minute, dedicated per hour, monthly): the scope has "
            "no inbound work (inbound phone, e-mail, chat or social media) to price."
        )
    else:
        for model in (billing.SHARED_PER_MINUTE, billing.DEDICATED_PER_HOUR):
            row = rows[model]
            if row is None:
                comparison.missing.append(_no_figure(model, region))
            else:
                add(model, _levels(row), _basis(row, region))
        monthly, hourly_row = rows[billing.MONTHLY], rows[billing.DEDICATED_PER_HOUR]
        if monthly is not None:
            add(billing.MONTHLY, _levels(monthly), _basis(monthly, region))
        elif hourly_row is not None:
            # DOMAIN.md gives no monthly figures: a monthly rate buys a dedicated
            # full-time agent, so price it as the hourly rate over a full-time month.
            per_month = {
                level: None if value is None else billing.monthly_rate_from_hourly(value)
                for level, value in _levels(hourly_row).items()
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
            comparison.missing.append(_no_figure(billing.MONTHLY, region, " (monthly or hourly)"))

    hourly = rows[billing.OUTBOUND_HOURLY]
    if not outbound:
        comparison.missing.append(
            "Outbound models (hourly, commission, hourly + commission): the scope has no "
            "outbound phone line to price."
        )
    elif hourly is None:
        comparison.missing.append(
            _no_figure(billing.OUTBOUND_HOURLY, region)
            + " Commission models are priced against the hourly rate, so they wait for it too."
        )
    else:
        hourly_rates = _levels(hourly)
        add(billing.OUTBOUND_HOURLY, hourly_rates, _basis(hourly, region))
        premium = rows[billing.COMMISSION]
        sales = workload.outbound_sales_monthly
        if sales <= 0:
            comparison.missing.append(
                "Commission and hourly + commission: enter the outbound sales value the calls "
                "should bring (in-house figures) to price them."
            )
        elif premium is None:
            comparison.missing.append(
                "Commission and hourly + commission, at the premium a center needs: the rate "
                "card has no commission premium figure."
            )
        else:
            # What a commission deal costs when it pays the center the premium it
            # needs over its hourly rate (DOMAIN.md: 10-20%); shown as the
            # commission share of sales that would be.
            prem = _levels(premium)
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

    shared, dedicated = rows[billing.SHARED_PER_MINUTE], rows[billing.DEDICATED_PER_HOUR]
    if workload.inbound_phone_contacts_per_month > 0 and shared and dedicated:
        # On the inbound phone line alone: it is the queue a dedicated team is sized for.
        phone = break_even.inbound_phone_only(lines)
        shared_rate, dedicated_rate = _levels(shared)["mid"], _levels(dedicated)["mid"]
        comparison.break_even_rates = (shared_rate, dedicated_rate)
        found = break_even.crossings(
            phone, inputs, shared_rate=shared_rate, dedicated_rate=dedicated_rate
        )
        comparison.break_even_crossings = found
        comparison.break_even = None if found is None else found.first
        now = costs.build_workload(phone, inputs, with_queue_stats=False)
        shared_now = billing.vendor_charge(
            now, pricing_model=billing.SHARED_PER_MINUTE, rate=shared_rate
        )
        dedicated_now = billing.vendor_charge(
            now, pricing_model=billing.DEDICATED_PER_HOUR, rate=dedicated_rate
        )
        comparison.break_even_today = (
            cost_inputs.money(shared_now),
            cost_inputs.money(dedicated_now),
        )
        if comparison.break_even is None:
            comparison.break_even_note = (
                "Shared per-minute pricing stays cheaper at every realistic volume."
                if shared_now < dedicated_now
                else "A dedicated team is cheaper at every volume of inbound calls."
            )
    comparison.scenario_rows = _scenarios(workload, comparison.options)
    comparison.queues = queue_tables(workload)
    return comparison


def _scenarios(workload: costs.Workload, options: list[Option]) -> list[ScenarioRow]:
    """All in-house; each inbound option with the outbound work in-house and under
    each outbound option; each outbound option with the inbound work in-house. Each
    at the low, mid and high reference rates (None where a rate is open)."""
    inbound = [o for o in options if o.pricing is not None and o.pricing.inbound]
    outbound = [o for o in options if o.pricing is not None and not o.pricing.inbound]

    def row(inbound_option: Option | None, outbound_option: Option | None) -> ScenarioRow:
        levels = {}
        for level in LEVELS:
            i = inbound_option.pricings[level] if inbound_option else None
            o = outbound_option.pricings[level] if outbound_option else None
            missing = (inbound_option and i is None) or (outbound_option and o is None)
            levels[level] = None if missing else scenarios.scenario(workload, inbound=i, outbound=o)
        return ScenarioRow(levels)

    rows = [row(None, None)]
    for option in inbound:
        rows.append(row(option, None))
        rows.extend(row(option, other) for other in outbound)
    rows.extend(row(None, option) for option in outbound)
    return rows


@dataclass(frozen=True)
class CostCaseView:
    """Everything step 2 shows: the planning rows, the workload and the comparison.

    ``comparison`` is None until both the scope and the in-house figures exist, and
    when the staffing math refuses the scope (``problem`` then says why, for the page);
    ``lines`` and ``inputs`` are what the cost-versus-volume chart is drawn from.
    """

    data: PlanningData
    workload: costs.Workload | None
    comparison: Comparison | None
    lines: list[cost_inputs.ChannelLoad]
    inputs: cost_inputs.CostInputs | None
    problem: str = ""


def for_engagement(engagement) -> CostCaseView:
    """The step-2 comparison of ``engagement`` in four queries; a scope the staffing
    math refuses gives a ``problem`` sentence instead of figures, never an error."""
    data = queries.planning_data(engagement)
    workload, problem = queries.workload_or_problem(data)
    if workload is None or data.cost_case is None:
        return CostCaseView(data, workload, None, [], None, problem)
    lines = queries.channel_loads(data.lines)
    inputs = queries.cost_inputs(data.cost_case)
    # Once per change of the engagement or the rate card (``portal.derived``).
    result, problem = derived.cached(
        engagement, "cost-comparison", lambda: _comparison(data, workload, lines, inputs)
    )
    return CostCaseView(data, workload, result, lines, inputs, problem)


def _comparison(data, workload, lines, inputs) -> tuple[Comparison | None, str]:
    try:
        return build(
            workload,
            lines=lines,
            inputs=inputs,
            rate_rows=queries.current_rate_cards(),
            region=data.cost_case.region,
            commission_percent=data.cost_case.commission_percent,
        ), ""
    except ValueError as exc:
        return None, (
            f"The cost comparison cannot be computed for this scope: {exc} Check the channel "
            "volumes and handle times in step 1."
        )
