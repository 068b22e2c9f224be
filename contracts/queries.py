"""Reads for the contract, liaison, monitoring and exit pages, each a fixed number of queries."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q
from django.urls import reverse

from contracts import deadlines, kpis
from contracts.models import (
    Contract,
    ExitPlan,
    ExitTrigger,
    FollowUpAction,
    Governance,
    KpiRecord,
    LiaisonEntry,
    Metric,
    Sla,
    TransitionStep,
)
from portal import access, costs, staffing
from portal import charts as charts_lib
from portal.models import Engagement
from portal.planning import queries as planning_queries
from vendors import queries as vendors_queries
from vendors.models import Candidate

UPCOMING_DAYS = 120
PANEL_LIMIT = 20


def approved_candidate(engagement: Engagement) -> Candidate | None:
    """The vendor a manager approved for this engagement (step 4), if any."""
    return vendors_queries.approved_candidate(engagement)


def contract_for(engagement: Engagement) -> Contract | None:
    return (
        Contract.objects.filter(engagement=engagement)
        .select_related("candidate__vendor", "quote", "recorded_by")
        .first()
    )


def governance_for(engagement: Engagement) -> Governance | None:
    return (
        Governance.objects.filter(engagement=engagement)
        .select_related("liaison", "monitor")
        .first()
    )


def exit_plan_for(engagement: Engagement) -> ExitPlan | None:
    return ExitPlan.objects.filter(engagement=engagement).first()


def team_users(engagement: Engagement):
    """People who may be named liaison, monitor or owner of an action: the team's members."""
    return (
        get_user_model()
        .objects.filter(memberships__team_id=engagement.team_id, is_active=True)
        .order_by("first_name", "last_name", "username")
    )


# --- Contract dates -------------------------------------------------------------


@dataclass(frozen=True)
class ContractDates:
    term: deadlines.Term | None
    notice: deadlines.Deadline | None  # the next notice deadline still ahead
    term_days_left: int | None
    notice_days_left: int | None
    upcoming: list[deadlines.Deadline]
    reminder_dates: list[tuple[deadlines.Deadline, list[date]]]


def contract_dates(contract: Contract, today: date) -> ContractDates:
    t = contract.terms
    term = deadlines.current_term(t, today)
    notice = deadlines.next_notice_deadline(t, today)
    upcoming = deadlines.upcoming_deadlines(t, today, 400)[:4]
    return ContractDates(
        term=term,
        notice=notice,
        term_days_left=deadlines.days_left(term.end, today) if term else None,
        notice_days_left=deadlines.days_left(notice.date, today) if notice else None,
        upcoming=upcoming,
        reminder_dates=[(d, deadlines.reminder_dates(d.date)) for d in upcoming],
    )


def _open_engagements(user):
    """Engagements the user sees, without the closed ones: nothing there needs acting on."""
    return access.visible_engagements(user).exclude(status=Engagement.Status.CLOSED)


@dataclass(frozen=True)
class UpcomingDeadline:
    engagement: Engagement
    contract: Contract
    deadline: deadlines.Deadline
    days_left: int


def team_upcoming_deadlines(user, today: date, horizon: int = UPCOMING_DAYS):
    """Notice deadlines and term ends in the next ``horizon`` days, on open engagements."""
    contracts = Contract.objects.filter(engagement__in=_open_engagements(user)).select_related(
        "engagement", "candidate__vendor"
    )
    found = [
        UpcomingDeadline(c.engagement, c, d, deadlines.days_left(d.date, today))
        for c in contracts
        for d in deadlines.upcoming_deadlines(c.terms, today, horizon)
    ]
    return sorted(found, key=lambda u: (u.deadline.date, u.engagement.title))


def overdue_actions(user, today: date):
    return (
        FollowUpAction.objects.filter(
            done=False,
            due_date__lt=today,
            entry__engagement__in=_open_engagements(user),
        )
        .select_related("owner", "entry__engagement")
        .order_by("due_date", "id")
    )


# --- Liaison --------------------------------------------------------------------


def liaison_entries(engagement: Engagement, *, q: str = "", kind: str = "", open_only=False):
    entries = LiaisonEntry.objects.filter(engagement=engagement).select_related("created_by")
    if q:
        entries = entries.filter(
            Q(summary__icontains=q)
            | Q(participants__icontains=q)
            | Q(actions__description__icontains=q)
        ).distinct()
    if kind:
        entries = entries.filter(kind=kind)
    if open_only:
        entries = entries.filter(actions__done=False).distinct()
    return entries.prefetch_related(
        Prefetch("actions", queryset=FollowUpAction.objects.select_related("owner"))
    )


def open_action_counts(engagement: Engagement, today: date) -> dict:
    actions = FollowUpAction.objects.filter(entry__engagement=engagement, done=False)
    return {
        "open": actions.count(),
        "overdue": actions.filter(due_date__lt=today).count(),
    }


def open_actions(engagement: Engagement):
    """Follow-up actions not done yet, soonest due first, with their owner and entry."""
    return (
        FollowUpAction.objects.filter(entry__engagement=engagement, done=False)
        .select_related("owner", "entry")
        .order_by("due_date", "id")
    )


def liaison_kind_counts(engagement: Engagement) -> dict[str, int]:
    """How many liaison entries of each kind the log holds (one query)."""
    rows = (
        LiaisonEntry.objects.filter(engagement=engagement)
        .values("kind")
        .annotate(count=Count("id"))
        .order_by()
    )
    return {row["kind"]: row["count"] for row in rows}


# --- Monitoring -----------------------------------------------------------------


@dataclass
class SlaSeries:
    sla: Sla
    points: list[tuple[date, Decimal | None, bool]] = field(default_factory=list)
    breaches: int = 0
    consecutive: int = 0
    longest_run: int = 0
    latest: Decimal | None = None


@dataclass
class KpiTable:
    slas: list[Sla]
    periods: list[date]
    # per period: list of (value, breached) per SLA in the order of ``slas``
    rows: list[tuple[date, list[tuple[Decimal | None, bool]], int, int]]
    series: list[SlaSeries]


def slas_for(engagement: Engagement) -> list[Sla]:
    return list(Sla.objects.filter(engagement=engagement))


def kpi_table(engagement: Engagement, *, slas: list[Sla] | None = None) -> KpiTable:
    """Every KPI of the engagement by month and SLA, with breaches: two queries at most."""
    slas = slas_for(engagement) if slas is None else slas
    records = KpiRecord.objects.filter(sla__engagement=engagement).values_list(
        "sla_id", "period", "value"
    )
    values: dict[tuple[int, date], Decimal] = {}
    periods: set[date] = set()
    for sla_id, period, value in records:
        values[sla_id, period] = value
        periods.add(period)
    ordered = sorted(periods)
    series = []
    for sla in slas:
        recorded = [
            (p, values[sla.pk, p], kpis.is_breach(values[sla.pk, p], _target(sla), sla.direction))
            for p in ordered
            if (sla.pk, p) in values
        ]
        flags = [b for _, _, b in recorded]
        series.append(
            SlaSeries(
                sla=sla,
                points=recorded,
                breaches=sum(flags),
                consecutive=kpis.monthly_breach_run([(p, b) for p, _, b in recorded]),
                longest_run=kpis.longest_breach_run(flags),
                latest=recorded[-1][1] if recorded else None,
            )
        )
    rows = []
    for period in reversed(ordered):
        cells, higher, lower = [], 0, 0
        for s in series:
            value = values.get((s.sla.pk, period))
            breached = kpis.is_breach(value, _target(s.sla), s.sla.direction)
            cells.append((value, breached))
            if breached and s.sla.direction == kpis.HIGHER:
                higher += 1
            elif breached:
                lower += 1
        rows.append((period, cells, higher, lower))
    return KpiTable(slas=slas, periods=ordered, rows=rows, series=series)


def _target(sla: Sla):
    return None if sla.watch_only else sla.target


def month_start(day: date) -> date:
    return day.replace(day=1)


def previous_month(day: date) -> date:
    return month_start(month_start(day) - timedelta(days=1))


# --- Charts ---------------------------------------------------------------------


@dataclass(frozen=True)
class KpiChart:
    series: SlaSeries
    svg: str


def kpi_charts(table: KpiTable) -> list[KpiChart]:
    """A trend chart per SLA, its target as a line and breached months as red points."""
    months = table.periods
    index = {period: i for i, period in enumerate(months)}
    # Label every month when there are few, else every third (quarters) to stay legible.
    step = 1 if len(months) <= 12 else 3
    labels = {float(i): f"{p:%b %y}" for i, p in enumerate(months) if i % step == 0}
    charts = []
    for s in table.series:
        target = _target(s.sla)
        points = [(float(index[p]), float(v)) for p, v, _ in s.points]
        chart = charts_lib.line_chart_svg(
            title=s.sla.title,
            series=[charts_lib.Series(f"{s.sla.title} ({s.sla.unit})", points)],
            hlines=(
                [charts_lib.HLine(float(target), f"target {s.sla.target_text}")]
                if target is not None
                else []
            ),
            markers=[
                charts_lib.Marker(float(index[p]), float(v), f"{p:%B %Y}: {v} breached")
                for p, v, breached in s.points
                if breached
            ],
            x_tick_labels=labels or None,
            y_label=s.sla.get_unit_display(),
            y_from_zero=s.sla.unit != Sla.Unit.PERCENT,
            width=560,
            height=260,
        )
        charts.append(KpiChart(s, chart))
    return charts


# --- Test calls (step 4's log, kept up after go-live) ---------------------------


def testcall_url(engagement: Engagement, contract: Contract | None) -> str | None:
    """The test-call log of the contracted vendor."""
    if contract is None:
        return None
    return reverse(
        "diligence:test-call-list",
        kwargs={"engagement_pk": engagement.pk, "candidate_pk": contract.candidate_id},
    )


# --- Exit plan ------------------------------------------------------------------


MET, NOT_MET, UNKNOWN = "met", "not_met", "unknown"


@dataclass(frozen=True)
class TriggerCheck:
    """A trigger condition against the data: met, not met, or why the data cannot tell.

    When the data cannot tell, ``met`` is the team's own assessment.
    """

    trigger: ExitTrigger
    state: str  # MET, NOT_MET or UNKNOWN (cannot be checked against the data)
    detail: str  # how it was checked, or why it cannot be

    @property
    def checked(self) -> bool:
        return self.state != UNKNOWN

    @property
    def met(self) -> bool:
        return self.state == MET if self.checked else self.trigger.assessed_met

    @property
    def from_kpis(self) -> bool:  # kept for callers that only need to know it was checked
        return self.checked


@dataclass(frozen=True)
class Capacity:
    """What it takes to bring the work back in-house, against the contract's notice."""

    agents: int | None  # on the phones at the peak hour
    full_time_agents: int | None  # full-time people to hire (the headline)
    workload: object | None
    agents_note: str
    lead_days: int | None
    notice_days: int | None

    @property
    def notice_too_short(self) -> bool:
        return (
            self.lead_days is not None
            and self.notice_days is not None
            and self.notice_days < self.lead_days
        )

    @property
    def shortfall_days(self) -> int:
        return (self.lead_days - self.notice_days) if self.notice_too_short else 0


@dataclass(frozen=True)
class ExitAssessment:
    plan: ExitPlan | None
    contract: Contract | None
    triggers: list[TriggerCheck]
    steps: list[TransitionStep]
    capacity: Capacity
    exit_cost: Decimal | None

    @property
    def triggers_met(self) -> int:
        return sum(1 for t in self.triggers if t.met)


# The SLA whose KPIs say whether a quality-of-service condition is met.
_SLA_OF_KIND = {
    ExitTrigger.Kind.POOR_REVIEWS: "csat",
    ExitTrigger.Kind.POOR_WORK: "quality",
}


@dataclass(frozen=True)
class ExitData:
    """What the trigger checks read besides the KPIs: the contract and the step-1/2 figures."""

    contract: Contract | None
    workload: costs.Workload | None  # at the planning target, as steps 2 and 4 priced it
    workload_problem: str = ""


def check_triggers(triggers, table: KpiTable, data: ExitData | None = None) -> list[TriggerCheck]:
    data = data or ExitData(None, None)
    series = {s.sla.pk: s for s in table.series}
    by_metric = {s.sla.metric: s for s in table.series}
    checks = []
    for trigger in triggers:
        if trigger.kind == ExitTrigger.Kind.SLA_BREACH_RUN:
            checks.append(_breach_run(trigger, series.get(trigger.sla_id), trigger.sla))
        elif trigger.kind in _SLA_OF_KIND:
            metric = _SLA_OF_KIND[trigger.kind]
            s = by_metric.get(metric)
            if s is None:
                name = Metric(metric).label.split(" (")[0].lower()
                checks.append(_unknown(trigger, f"the contract has no {name} SLA"))
            else:
                checks.append(_breach_run(trigger, s, s.sla))
        elif trigger.kind == ExitTrigger.Kind.COST_ABOVE_BENEFIT:
            checks.append(_cost_above_benefit(trigger, data))
        elif trigger.kind == ExitTrigger.Kind.LOW_VOLUME:
            checks.append(_low_volume(trigger, data))
        else:
            checks.append(_unknown(trigger, "no recorded data describes this condition"))
    return checks


def _unknown(trigger: ExitTrigger, why: str) -> TriggerCheck:
    return TriggerCheck(trigger, UNKNOWN, f"Can't be checked: {why}.")


def _breach_run(trigger: ExitTrigger, s: SlaSeries | None, sla: Sla | None) -> TriggerCheck:
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


def _priced_quote(trigger: ExitTrigger, data: ExitData):
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


def _cost_above_benefit(trigger: ExitTrigger, data: ExitData) -> TriggerCheck:
    quote, unknown = _priced_quote(trigger, data)
    if unknown:
        return unknown
    workload = data.workload
    in_house = costs.in_house_cost_for(workload, quote.pricing_model)
    if in_house <= 0:
        return _unknown(trigger, "step 2's cost case gives no in-house cost to compare with")
    if quote.currency != "USD":
        return _unknown(trigger, f"the quote is in {quote.currency}, step 2's costs in USD")
    try:
        outsourced = costs.quote_monthly_cost(
            workload,
            pricing_model=quote.pricing_model,
            rate=quote.rate,
            minimum_monthly=quote.minimum_monthly,
            commission_percent=quote.commission_percent,
            setup_fee=quote.setup_fee,
            months=data.contract.initial_term_months,
        )
    except (ValueError, ArithmeticError) as exc:
        return _unknown(trigger, f"the contract's quote cannot be priced ({exc})")
    met = outsourced > in_house
    detail = (
        f"The contract's quote costs {outsourced:,.2f} USD a month with your oversight, "
        f"against {in_house:,.2f} USD in-house for the same work (steps 1-2)."
    )
    return TriggerCheck(trigger, MET if met else NOT_MET, detail)


def _low_volume(trigger: ExitTrigger, data: ExitData) -> TriggerCheck:
    quote, unknown = _priced_quote(trigger, data)
    if unknown:
        return unknown
    if not quote.minimum_monthly:
        return _unknown(trigger, "the contract's quote has no minimum monthly charge")
    try:
        charge = costs.vendor_charge(
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


def exit_assessment(engagement: Engagement, today: date) -> ExitAssessment:
    plan = exit_plan_for(engagement)
    contract = contract_for(engagement)
    triggers = list(ExitTrigger.objects.filter(engagement=engagement).select_related("sla"))
    slas = slas_for(engagement)
    table = kpi_table(engagement, slas=slas) if triggers else KpiTable(slas, [], [], [])
    planning = planning_queries.planning_data(engagement)
    team = in_house_team(engagement, slas, planning)
    capacity = Capacity(
        agents=team.agents_on_phones,
        full_time_agents=team.full_time_agents,
        workload=team.workload,
        agents_note=team.note,
        lead_days=plan.lead_days if plan else None,
        notice_days=contract.notice_period_days if contract else None,
    )
    exit_cost = None
    if plan is not None and contract is not None:
        exit_cost = contract.termination_fee + plan.ramp_up_cost
    return ExitAssessment(
        plan=plan,
        contract=contract,
        triggers=check_triggers(triggers, table, _exit_data(contract, planning)),
        steps=list(TransitionStep.objects.filter(engagement=engagement).select_related("owner")),
        capacity=capacity,
        exit_cost=exit_cost,
    )


def _exit_data(contract: Contract | None, planning: planning_queries.PlanningData) -> ExitData:
    if not planning.scope_filled:
        return ExitData(contract, None, "step 1 has no scoped volume to price the quote on")
    try:
        workload = planning_queries.workload_from(planning)
    except ValueError as exc:
        return ExitData(contract, None, f"the planning workload cannot be computed ({exc})")
    return ExitData(contract, workload)


@dataclass(frozen=True)
class InHouseTeam:
    """The team to hire to take the work back: people on the phones, and people to pay."""

    agents_on_phones: int | None  # at the peak hour, by Erlang C
    full_time_agents: int | None  # whole full-time people to hire, after shrinkage and hours
    workload: costs.Workload | None
    note: str


def in_house_team(
    engagement: Engagement,
    slas: list[Sla] | None = None,
    data: planning_queries.PlanningData | None = None,
) -> InHouseTeam:
    """The in-house team today's volumes need (Erlang C, then shrinkage and coverage hours).

    Volumes, handle time, coverage hours and shrinkage come from the planning
    step (steps 1-2). The service target is the contract's service-level SLA when
    there is one (the in-house team must do as well as the vendor was asked to),
    else the planning target. The agents on the phones at the peak hour are kept
    staffed through every coverage hour; with shrinkage that is more paid hours,
    which become whole full-time people (``costs.FTE_HOURS`` a month each), plus
    the people for e-mail, chat and outbound work when they are in scope.
    """
    data = planning_queries.planning_data(engagement) if data is None else data
    if not data.scope_filled:
        return InHouseTeam(None, None, None, "Scope the volumes in step 1 to size the team.")
    inputs = planning_queries.cost_inputs(data.cost_case)
    source = "planning"
    slas = slas_for(engagement) if slas is None else slas
    for sla in slas:
        usable = sla.target is not None and 0 < sla.target < 100 and sla.answer_within_seconds
        if sla.metric == "service_level" and usable:
            inputs = replace(
                inputs,
                service_target=float(sla.target) / 100,
                answer_within_seconds=float(sla.answer_within_seconds),
            )
            source = "the contract's SLA"
    loads = planning_queries.channel_loads(data.lines)
    try:
        workload = costs.build_workload(loads, inputs)
    except ValueError as exc:
        return InHouseTeam(None, None, None, f"The staffing cannot be computed: {exc}")
    notes = []
    phone = next((load for load in loads if load.channel == costs.INBOUND_PHONE), None)
    if phone is not None and workload.agents_on_phones:
        phone_fte = math.ceil(
            staffing.agent_hours_per_month(
                workload.agents_on_phones, phone.coverage_hours_per_week, inputs.shrinkage
            )
            / costs.FTE_HOURS
            - 1e-9
        )
        notes.append(
            f"{workload.calls_per_hour_peak:,.0f} calls in the peak hour at "
            f"{workload.aht_seconds:,.0f} s handle time, {inputs.service_target:.0%} answered "
            f"within {inputs.answer_within_seconds:,.0f} s ({source}), by Erlang C: "
            f"{workload.agents_on_phones} on the phones at once. Kept staffed through "
            f"{phone.coverage_hours_per_week:,.0f} hours a week with {inputs.shrinkage:.0%} "
            f"shrinkage, that is {phone_fte} full-time agent{'s' if phone_fte != 1 else ''} "
            f"({costs.FTE_HOURS:,.0f} paid hours a month each)."
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
