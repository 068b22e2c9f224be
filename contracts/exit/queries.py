"""Reads of the exit plan page (step 7): the plan, its trigger conditions checked against
the data, the transition steps, and the in-house team it takes to bring the work back.
The arithmetic is ``contracts.exit_rules``; this module reads the rows it needs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from contracts import exit_rules
from contracts.contract.queries import contract_for
from contracts.models import Contract, ExitPlan, ExitTrigger, Sla, TransitionStep, metric_name
from contracts.monitoring.queries import KpiTable, kpi_table, slas_for
from portal import derived
from portal.models import Engagement
from portal.planning import queries as planning_queries


def exit_plan_for(engagement: Engagement) -> ExitPlan | None:
    return ExitPlan.objects.filter(engagement=engagement).first()


@dataclass(frozen=True)
class ExitAssessment:
    plan: ExitPlan | None
    contract: Contract | None
    triggers: list[exit_rules.TriggerCheck]
    steps: list[TransitionStep]
    capacity: exit_rules.Capacity
    exit_cost: Decimal | None

    @property
    def triggers_met(self) -> int:
        return sum(1 for t in self.triggers if t.met)


def exit_assessment(engagement: Engagement, today: date) -> ExitAssessment:
    plan = exit_plan_for(engagement)
    contract = contract_for(engagement)
    triggers = list(ExitTrigger.objects.filter(engagement=engagement).select_related("sla"))
    # The breach runs as the monitoring page has them (cached, portal.derived).
    table = kpi_table(engagement) if triggers else None
    slas = table.slas if table is not None else slas_for(engagement)
    table = table or KpiTable(slas, [], [], [])
    planning = planning_queries.planning_data(engagement)
    exit_cost = None
    if plan is not None and contract is not None:
        exit_cost = contract.termination_fee + plan.ramp_up_cost
    return ExitAssessment(
        plan=plan,
        contract=contract,
        triggers=exit_rules.check_triggers(
            triggers, table.series, exit_data(contract, planning), metric_name=metric_name
        ),
        steps=list(TransitionStep.objects.filter(engagement=engagement).select_related("owner")),
        capacity=exit_rules.capacity(
            in_house_team(engagement, slas, planning),
            lead_days=plan.lead_days if plan else None,
            notice_days=contract.notice_period_days if contract else None,
        ),
        exit_cost=exit_cost,
    )


def exit_data(
    contract: Contract | None, planning: planning_queries.PlanningData
) -> exit_rules.ExitData:
    if not planning.scope_filled:
        return exit_rules.ExitData(
            contract, None, "step 1 has no scoped volume to price the quote on"
        )
    try:
        workload = planning_queries.workload_from(planning)
    except ValueError as exc:
        return exit_rules.ExitData(
            contract, None, f"the planning workload cannot be computed ({exc})"
        )
    return exit_rules.ExitData(contract, workload)


def in_house_team(
    engagement: Engagement,
    slas: list[Sla] | None = None,
    data: planning_queries.PlanningData | None = None,
) -> exit_rules.InHouseTeam:
    """The in-house team today's volumes need, sized by ``exit_rules.in_house_team`` on
    the planning step's figures and the contract's SLAs."""
    data = planning_queries.planning_data(engagement) if data is None else data
    if not data.scope_filled:
        return exit_rules.NOT_SCOPED

    def compute():  # the hour-by-hour staffing: once per change (portal.derived)
        return exit_rules.in_house_team(
            planning_queries.channel_loads(data.lines),
            planning_queries.cost_inputs(data.cost_case),
            slas_for(engagement) if slas is None else slas,
        )

    return derived.cached(engagement, "in-house-team", compute, part="monitoring")
