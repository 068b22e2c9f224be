"""A contract's queue SLAs against the staffing plan of step 2. Plain Python.

Step 2 sizes inbound phone and chat hour by hour (``portal.channel_plans``): each
open hour gets the fewest agents reaching the planning target. At those staffed
levels the plan expects a week's abandon rate (Erlang A, only where step 1 gives
the callers' average patience), a service level and an average speed of answer
(Erlang C, the callers never hanging up), each weighted by the hour's contacts. An
SLA stricter than that is one the vendor meets only with more agents than step 2
sized (and priced), or breaches.

SLAs are per engagement, not per channel: each one is checked against every queue
channel in scope.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from portal import channel_plans, cost_inputs, costs, staffing

ABANDONED = "abandoned"
SERVICE_LEVEL = "service_level"
SPEED_OF_ANSWER = "asa"
METRICS = (ABANDONED, SERVICE_LEVEL, SPEED_OF_ANSWER)
# Abandoned calls and speed of answer: lower is better; service level: higher.
LOWER_IS_BETTER = frozenset({ABANDONED, SPEED_OF_ANSWER})
NEEDS_PATIENCE = (
    "Give the callers' average patience{where} in step 1 to check abandoned calls against the plan."
)
NEEDS_SCOPE = "Scope the phone or chat volumes in step 1 to check this SLA against the plan."
ERLANG_A_SPEED = (
    "The plan's average speed of answer on {where} is worked out only where callers never "
    "hang up; step 1 gives their patience, so check the service level and abandoned calls "
    "instead."
)
BREACH_TAIL = "the vendor needs more agents than step 2 sized, or the target will be breached."


class SlaTerms(NamedTuple):
    """What of an SLA the check reads: its id, metric, target (percent or seconds, None
    when watched only) and, for the service level, the seconds it counts."""

    key: int
    metric: str
    target: float | None
    answer_within_seconds: float | None = None


@dataclass(frozen=True)
class Check:
    """One SLA against one queue channel's plan.

    ``plan_text``: "Staffing plan: 3.2%" (empty when the plan gives no figure);
    ``stricter``: True when the target asks more than the plan delivers, False when
    within, None when it cannot be said; ``needs_patience``/``needs_scope``: what
    step 1 lacks (the page links to it)."""

    channel: str
    plan_value: float | None
    plan_text: str
    sentence: str
    stricter: bool | None
    needs_patience: bool = False
    needs_scope: bool = False

    @property
    def label(self) -> str:
        return cost_inputs.CHANNEL_LABELS.get(self.channel, self.channel)


def _number(value: float) -> str:
    """5 -> "5", 2.5 -> "2.5": a target as the contract writes it."""
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _where(channel: str) -> str:
    return cost_inputs.CHANNEL_LABELS.get(channel, channel).lower()


def _unit(metric: str) -> str:
    return " s" if metric == SPEED_OF_ANSWER else "%"


def compare(
    metric: str,
    target: float | None,
    plan_value: float | None,
    channel: str,
    *,
    within_seconds: float | None = None,
) -> Check:
    """The SLA's target against what the plan expects on ``channel`` (percent, or seconds
    for the speed of answer); ``plan_value`` None means step 1 lacks the patience."""
    where = _where(channel)
    if plan_value is None:
        sentence = NEEDS_PATIENCE.format(where=f" on {where}" if where else "")
        return Check(channel, None, "", sentence, None, needs_patience=True)
    unit = _unit(metric)
    shown = f"{plan_value:,.1f}{unit}"
    plan_text = f"Staffing plan: {shown}"
    if metric == ABANDONED:
        expects = f"The plan expects {shown} abandoned on {where}"
    elif metric == SERVICE_LEVEL:
        expects = f"The plan answers {shown} within {_number(within_seconds or 0)} s on {where}"
    else:
        expects = f"The plan expects an average speed of answer of {shown} on {where}"
    if target is None:
        return Check(channel, plan_value, plan_text, f"{expects}; this SLA has no target.", None)
    asked = f"{_number(target)}{unit}"
    # Compared as shown (one decimal), so the sentence never contradicts its figures.
    value = round(plan_value, 1)
    if metric in LOWER_IS_BETTER:
        stricter = value > target
        verb = "allows"
    else:
        stricter = value < target
        verb = "asks for"
    if stricter:
        sentence = f"{expects}; this SLA {verb} {asked}: {BREACH_TAIL}"
    else:
        sentence = f"{expects}; this SLA's {asked} is within what the plan delivers."
    return Check(channel, plan_value, plan_text, sentence, stricter)


def _weighted(calls: tuple[float, ...], figures: dict[int, float]) -> float:
    """The week's figure weighted by the hours' contacts (0 without contacts)."""
    total = math.fsum(calls[hour] for hour in figures)
    if not total:
        return 0.0
    return math.fsum(calls[hour] * figures[hour] for hour in figures) / total


def plan_value(
    metric: str,
    load: cost_inputs.ChannelLoad,
    plan: channel_plans.ChannelPlan,
    inputs: cost_inputs.CostInputs,
    *,
    within_seconds: float | None = None,
) -> float | None:
    """What the plan expects on a queue channel at its staffed levels, in percent (or
    seconds for the speed of answer); None where it cannot be worked out (abandoned
    calls and speed of answer without / with the callers' patience)."""
    patience = load.patience_seconds
    if metric == ABANDONED:
        return None if plan.abandon_rate is None else plan.abandon_rate * 100
    within = inputs.answer_within_seconds if within_seconds is None else within_seconds
    same_target = within == inputs.answer_within_seconds
    if metric == SERVICE_LEVEL and same_target and plan.service_level is not None:
        return plan.service_level * 100
    if metric == SPEED_OF_ANSWER and patience is not None:
        return None
    calls = load.calls_by_hour(plan.contacts_per_month)
    handle = load.handle_minutes * 60 / load.concurrency
    agents = plan.agents_by_hour or ()
    solved: dict[tuple[int, float], float] = {}
    figures: dict[int, float] = {}
    for hour, staffed in enumerate(agents):
        if not load.open_hours[hour] or not calls[hour]:
            continue
        key = (staffed, calls[hour])
        if key not in solved:
            if metric == SERVICE_LEVEL:
                solved[key] = staffing.service_level(
                    staffed, calls[hour], handle, within, patience_seconds=patience
                )
            else:
                solved[key] = staffing.average_speed_of_answer(staffed, calls[hour], handle)
        figures[hour] = solved[key]
    week = _weighted(calls, figures)
    return week * 100 if metric == SERVICE_LEVEL else week


def checks(
    slas: Iterable[SlaTerms],
    loads: Iterable[cost_inputs.ChannelLoad],
    workload: costs.Workload | None,
    *,
    problem: str = "",
) -> dict[int, tuple[Check, ...]]:
    """Each abandoned-calls, service-level and speed-of-answer SLA against every queue
    channel the plan staffs, by the SLA's ``key``; ``problem`` is the sentence saying
    why the staffing math could not size step 1's scope, if it could not."""
    by_channel = {load.channel: load for load in loads}
    plans = [
        plan
        for plan in (workload.plans if workload is not None else ())
        if plan.kind == channel_plans.QUEUE and plan.channel in by_channel
    ]
    found: dict[int, tuple[Check, ...]] = {}
    for sla in slas:
        if sla.metric not in METRICS:
            continue
        if not plans:
            found[sla.key] = (Check("", None, "", problem or NEEDS_SCOPE, None, needs_scope=True),)
            continue
        rows = []
        for plan in plans:
            load = by_channel[plan.channel]
            if sla.metric == SPEED_OF_ANSWER and load.patience_seconds is not None:
                sentence = ERLANG_A_SPEED.format(where=_where(plan.channel))
                rows.append(Check(plan.channel, None, "", sentence, None))
                continue
            within = sla.answer_within_seconds or workload.inputs.answer_within_seconds
            value = plan_value(sla.metric, load, plan, workload.inputs, within_seconds=within)
            rows.append(compare(sla.metric, sla.target, value, plan.channel, within_seconds=within))
        found[sla.key] = tuple(rows)
    return found


def sentences(found: Iterable[Check]) -> list[str]:
    """The checks as plain sentences (a success message, the report's summary)."""
    return [check.sentence for check in found]
