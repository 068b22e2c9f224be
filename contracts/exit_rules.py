"""Exit-plan arithmetic (step 7). Pure Python, no Django.

- Trigger conditions checked against the data: an SLA breached several months
  running (poor reviews and poor work read the satisfaction and quality SLAs),
  cost above benefit (the whole scope under the contract's quote, what it does not
  cover kept in-house, against all in-house: the rule of step 4's comparison) and
  too little volume priced on the contract's quote with the scoped work of steps
  1-2. What the data cannot show, the team assesses.
- The in-house team to hire to take the work back: agents on the phones at the
  peak hour by Erlang C, then whole full-time people after shrinkage and
  coverage hours.
- Whether the contract's notice leaves the time to hire and train that team.

The rows read here (triggers, SLAs, KPI series, the contract and its quote) are
whatever the caller passes, read by attribute only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from portal import billing, cost_inputs, costs, scenarios

# Kinds of trigger condition (the ExitTrigger model's choices).
SLA_BREACH_RUN = "sla_breach_run"
COST_ABOVE_BENEFIT = "cost_above_benefit"
POOR_REVIEWS = "poor_reviews"
LOW_VOLUME = "low_volume"
POOR_WORK = "poor_work"
OTHER = "other"

# The SLA metric whose KPIs say whether a quality-of-service condition is met.
SLA_OF_KIND = {POOR_REVIEWS: "csat", POOR_WORK: "quality"}

MET, NOT_MET, UNKNOWN = "met", "not_met", "unknown"


# --- Notice against the lead time ------------------------------------------------


def notice_shortfall_days(notice_days: int | None, lead_days: int | None) -> int:
    """How many days the notice period falls short of the in-house lead time (hiring
    plus training); 0 when it covers it or when either is not known yet."""
    if notice_days is None or lead_days is None:
        return 0
    return max(lead_days - notice_days, 0)


def notice_too_short(notice_days: int | None, lead_days: int | None) -> bool:
    """The notice period is shorter than the time to bring the work back in-house."""
    return notice_shortfall_days(notice_days, lead_days) > 0


# --- Trigger conditions ----------------------------------------------------------


@dataclass(frozen=True)
class TriggerCheck:
    """A trigger condition against the data: met, not met, or why the data cannot tell.

    When the data cannot tell, ``met`` is the team's own assessment.
    """

    trigger: Any  # the ExitTrigger row
    state: str  # MET, NOT_MET or UNKNOWN (cannot be checked against the data)
    detail: str  # how it was checked, or why it cannot be

    @property
    def checked(self) -> bool:
        return self.state != UNKNOWN

    @property
    def met(self) -> bool:
        return self.state == MET if self.checked else self.trigger.assessed_met


@dataclass(frozen=True)
class ExitData:
    """What the trigger checks read besides the KPIs: the contract and the step-1/2 figures."""

    contract: Any | None  # the Contract row, its quote read as the price schedule
    workload: costs.Workload | None  # at the planning target, as steps 2 and 4 priced it
    workload_problem: str = ""


def check_triggers(
    triggers: Iterable[Any],
    series: Sequence[Any],
    data: ExitData | None = None,
    *,
    metric_name: Callable[[str], str] = str,
) -> list[TriggerCheck]:
    """Check each trigger; ``series`` are the engagement's KPI series per SLA (each with
    its ``sla``, ``points`` and ``consecutive`` breaches); ``metric_name`` names a
    metric in a sentence."""
    data = data or ExitData(None, None)
    by_sla = {s.sla.pk: s for s in series}
    by_metric = {s.sla.metric: s for s in series}
    checks = []
    for trigger in triggers:
        if trigger.kind == SLA_BREACH_RUN:
            checks.append(_breach_run(trigger, by_sla.get(trigger.sla_id), trigger.sla))
        elif trigger.kind in SLA_OF_KIND:
            metric = SLA_OF_KIND[trigger.kind]
            s = by_metric.get(metric)
            if s is None:
                name = metric_name(metric).lower()
                checks.append(_unknown(trigger, f"the contract has no {name} SLA"))
            else:
                checks.append(_breach_run(trigger, s, s.sla))
        elif trigger.kind == COST_ABOVE_BENEFIT:
            checks.append(_cost_above_benefit(trigger, data))
        elif trigger.kind == LOW_VOLUME:
            checks.append(_low_volume(trigger, data))
        else:
            checks.append(_unknown(trigger, "no recorded data describes this condition"))
    return checks


def _unknown(trigger, why: str) -> TriggerCheck:
    return TriggerCheck(trigger, UNKNOWN, f"Can't be checked: {why}.")


def _breach_run(trigger, s, sla) -> TriggerCheck:
    title = sla.title if sla else "the SLA"
    if s is None or not s.points:
        return _unknown(trigger, f"no KPI is recorded for {title} yet")
    if sla.watch_only:
        return _unknown(trigger, f"{title} is watched only, without a target to breach")
    met = s.consecutive >= trigger.months
    detail = (
        f"{title}: breached {s.consecutive} month(s) running (latest {s.points[-1][0]:%B %Y}, "
        f"target {sla.target_text}); the condition is {trigger.months} month(s) running."
    )
    return TriggerCheck(trigger, MET if met else NOT_MET, detail)


def _priced_quote(trigger, data: ExitData):
    """(quote, None) when the contract's quote can be priced on the workload, else (None, check)."""
    contract = data.contract
    if contract is None:
        return None, _unknown(trigger, "no contract is recorded")
    quote = contract.quote
    if quote is None:
        return None, _unknown(trigger, "the contract has no quote linked as its price schedule")
    if data.workload is None:
        return None, _unknown(trigger, data.workload_problem or "step 1 has no scoped volume")
    return quote, None


def contract_pricing(quote, months: int, workload: costs.Workload) -> scenarios.Pricing:
    """The contract's quote as a pricing of the scope: the channels it names that are
    still scoped (an empty set when none is, which prices nothing), else every scoped
    channel of its direction; its set-up fee spread over the contract's ``months``."""
    wanted = frozenset(getattr(quote, "channels", None) or ())
    channels = wanted & frozenset(workload.scoped_channels) if wanted else None
    return scenarios.Pricing(
        pricing_model=quote.pricing_model,
        rate=quote.rate,
        minimum_monthly=quote.minimum_monthly,
        setup_fee=quote.setup_fee,
        commission_percent=quote.commission_percent,
        months=months,
        channels=channels,
    )


def _cost_above_benefit(trigger, data: ExitData) -> TriggerCheck:
    """The whole scope under the contract's quote (what it does not cover in-house,
    oversight once) against all of it in-house, as the comparison of step 4 prices it."""
    quote, unknown = _priced_quote(trigger, data)
    if unknown:
        return unknown
    workload = data.workload
    in_house = scenarios.all_in_house(workload).monthly_total
    if in_house <= 0:
        return _unknown(trigger, "step 2's cost case gives no in-house cost to compare with")
    if quote.currency != "USD":
        return _unknown(trigger, f"the quote is in {quote.currency}, step 2's costs in USD")
    months = data.contract.initial_term_months
    try:
        pricing = contract_pricing(quote, months, workload)
        side = {"inbound": pricing} if pricing.inbound else {"outbound": pricing}
        under = scenarios.scenario(workload, **side)
    except (ValueError, ArithmeticError) as exc:
        return _unknown(trigger, f"the contract's quote cannot be priced ({exc})")
    met = under.monthly_total > in_house
    kept = ", ".join(cost_inputs.CHANNEL_LABELS.get(c, c) for c in under.kept_in_house)
    detail = (
        f"Under the contract's quote the whole scope costs ${under.monthly_total:,.0f} a "
        f"month: the vendor's charge ${under.vendor_charges:,.0f}"
        + _setup_spread(quote.setup_fee, months)
        + (f", {kept} kept in-house ${under.in_house_cost:,.0f}" if kept else "")
        + f", your oversight ${under.oversight:,.0f}; against ${in_house:,.0f} all "
        "in-house (steps 1-2)."
    )
    return TriggerCheck(trigger, MET if met else NOT_MET, detail)


def _setup_spread(setup_fee, months: int) -> str:
    """The set-up fee inside a monthly cost, said: ", set-up $2,500 spread over the
    12-month term: $208 a month"."""
    if not setup_fee:
        return ""
    monthly = billing.setup_fee_monthly(setup_fee, months)
    return (
        f" (set-up ${setup_fee:,.0f} spread over the {months}-month term: ${monthly:,.0f} a month)"
    )


def _low_volume(trigger, data: ExitData) -> TriggerCheck:
    quote, unknown = _priced_quote(trigger, data)
    if unknown:
        return unknown
    if not quote.minimum_monthly:
        return _unknown(trigger, "the contract's quote has no minimum monthly charge")
    try:
        charge = billing.vendor_charge(
            data.workload,
            pricing_model=quote.pricing_model,
            rate=quote.rate,
            commission_percent=quote.commission_percent,
        )
    except (ValueError, ArithmeticError) as exc:
        return _unknown(trigger, f"the contract's quote cannot be priced ({exc})")
    met = charge < quote.minimum_monthly
    detail = (
        f"At step 1's volume ({data.workload.contacts_per_month:,.0f} contacts a month; the "
        f"KPIs do not record volumes) the vendor would bill {charge:,.2f} {quote.currency} a "
        f"month, {'under' if met else 'above'} its minimum monthly charge of "
        f"{quote.minimum_monthly:,.2f}" + (": you pay for volume you do not send." if met else ".")
    )
    return TriggerCheck(trigger, MET if met else NOT_MET, detail)


# --- The in-house team to take the work back --------------------------------------


@dataclass(frozen=True)
class InHouseTeam:
    """The team to hire to take the work back: people on the phones, and people to pay."""

    agents_on_phones: int | None  # at the peak hour, by Erlang C
    full_time_agents: int | None  # whole full-time people to hire, after shrinkage and hours
    workload: costs.Workload | None
    note: str


NOT_SCOPED = InHouseTeam(None, None, None, "Scope the volumes in step 1 to size the team.")


def in_house_team(
    loads: Sequence[cost_inputs.ChannelLoad],
    inputs: cost_inputs.CostInputs,
    slas: Iterable[Any] = (),
) -> InHouseTeam:
    """The in-house team today's volumes need (sized hour by hour, then shrinkage).

    ``loads`` and ``inputs`` are the planning step's volumes, handle times, open
    hours and shrinkage (steps 1-2). The service target is the contract's
    service-level SLA when ``slas`` hold a usable one (the in-house team must do as
    well as the vendor was asked to), else the planning target. Each open hour gets
    the agents its calls need (``portal.channel_plans``); with shrinkage those
    staffed hours become more paid hours, which become whole full-time people
    (``cost_inputs.FTE_HOURS`` a month each), plus the people for e-mail, chat and
    outbound work when they are in scope.
    """
    source = "planning"
    for sla in slas:
        usable = sla.target is not None and 0 < sla.target < 100 and sla.answer_within_seconds
        if sla.metric == "service_level" and usable:
            inputs = replace(
                inputs,
                service_target=float(sla.target) / 100,
                answer_within_seconds=float(sla.answer_within_seconds),
            )
            source = "the contract's SLA"
    try:
        workload = costs.build_workload(list(loads), inputs)
    except ValueError as exc:
        return InHouseTeam(None, None, None, f"The staffing cannot be computed: {exc}")
    notes = []
    phone = workload.plan(cost_inputs.INBOUND_PHONE)
    if phone is not None and workload.agents_on_phones:
        phone_fte = workload.in_house_people([cost_inputs.INBOUND_PHONE])
        notes.append(
            f"{workload.calls_per_hour_peak:,.0f} calls in the busiest hour at "
            f"{workload.aht_seconds:,.0f} s handle time, {inputs.service_target:.0%} answered "
            f"within {inputs.answer_within_seconds:,.0f} s ({source}), by "
            f"{'Erlang C' if phone.abandon_rate is None else 'Erlang A'}: "
            f"{workload.agents_on_phones} on the phones at once then, sized hour by hour "
            f"over the {phone.open_hours_per_week:,} hours a week it is open "
            f"({phone.staffed_hours_per_week:,.0f} staffed seat-hours). With "
            f"{inputs.shrinkage:.0%} shrinkage that is {phone_fte} full-time "
            f"agent{'s' if phone_fte != 1 else ''} "
            f"({cost_inputs.FTE_HOURS:,.0f} paid hours a month each)."
        )
        others = workload.in_house_agents - phone_fte
        if others > 0 and inputs.in_house_agents_override is None:
            notes.append(f"E-mail, chat, social and outbound work add {others}.")
    if inputs.in_house_agents_override is not None:
        notes.append(
            f"The cost case gives the team's own headcount of {inputs.in_house_agents_override}, "
            "used instead of the staffing math."
        )
    return InHouseTeam(
        agents_on_phones=workload.agents_on_phones,
        full_time_agents=workload.in_house_agents,
        workload=workload,
        note=" ".join(notes),
    )


@dataclass(frozen=True)
class Capacity:
    """What it takes to bring the work back in-house, against the contract's notice."""

    agents: int | None  # on the phones at the peak hour
    full_time_agents: int | None  # full-time people to hire (the headline)
    workload: costs.Workload | None
    agents_note: str
    lead_days: int | None
    notice_days: int | None

    @property
    def notice_too_short(self) -> bool:
        return notice_too_short(self.notice_days, self.lead_days)

    @property
    def shortfall_days(self) -> int:
        return notice_shortfall_days(self.notice_days, self.lead_days)


def capacity(team: InHouseTeam, *, lead_days: int | None, notice_days: int | None) -> Capacity:
    return Capacity(
        agents=team.agents_on_phones,
        full_time_agents=team.full_time_agents,
        workload=team.workload,
        agents_note=team.note,
        lead_days=lead_days,
        notice_days=notice_days,
    )
