"""The cost comparison of step 2: in-house against every pricing model, priced from
the rate card (low / mid / high for the chosen region), as whole-scope scenarios,
plus the break-even volume between shared per-minute and dedicated per-hour pricing.

Which models the rate card prices, and how: ``rate_card_options`` and
``pricing_options``; the break-even: ``phone_break_even``; the queues' staffing
tables: ``queue_tables``.

``build`` works on rows already read (see ``queries``) and runs no query itself;
``for_engagement`` reads those rows first (a fixed number of queries), so the step-2
page and the decision report show the same figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from portal import billing, break_even, cost_inputs, costs, derived, scenarios
from portal.planning import phone_break_even, queries
from portal.planning.pricing_options import LEVELS, Option
from portal.planning.queries import PlanningData
from portal.planning.queue_tables import QueueTable, queue_tables
from portal.planning.rate_card_options import (
    inbound_options,
    outbound_options,
    rate_levels,
    rows_by_model,
)
from portal.reference import Region


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
        return phone_break_even.crossing_sentence(self.break_even_crossings)


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
    rows = rows_by_model(rate_rows, region)
    options, missing = inbound_options(workload, lines=lines, rows=rows, region=region)
    more_options, more_missing = outbound_options(
        workload, lines=lines, rows=rows, region=region, commission_percent=commission_percent
    )
    comparison.options = options + more_options
    comparison.missing = missing + more_missing

    shared, dedicated = rows[billing.SHARED_PER_MINUTE], rows[billing.DEDICATED_PER_HOUR]
    if workload.inbound_phone_contacts_per_month > 0 and shared and dedicated:
        found = phone_break_even.phone_break_even(
            lines,
            inputs,
            shared_rate=rate_levels(shared)["mid"],
            dedicated_rate=rate_levels(dedicated)["mid"],
        )
        comparison.break_even_rates = found.rates
        comparison.break_even_crossings = found.crossings
        comparison.break_even = found.first
        comparison.break_even_today = found.today
        comparison.break_even_note = found.note
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
        engagement,
        "cost-comparison",
        lambda: _comparison(data, workload, lines, inputs),
        part="planning",
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
