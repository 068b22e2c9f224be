"""Reads for the contract, liaison, monitoring and exit pages, each a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q
from django.urls import NoReverseMatch, reverse

from contracts import deadlines, kpis
from contracts.models import (
    Contract,
    ExitPlan,
    ExitTrigger,
    FollowUpAction,
    Governance,
    KpiRecord,
    LiaisonEntry,
    Sla,
    TransitionStep,
)
from portal import access, staffing
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


@dataclass(frozen=True)
class UpcomingDeadline:
    engagement: Engagement
    contract: Contract
    deadline: deadlines.Deadline
    days_left: int


def team_upcoming_deadlines(user, today: date, horizon: int = UPCOMING_DAYS):
    """Notice deadlines and term ends in the next ``horizon`` days, on engagements the user sees."""
    contracts = Contract.objects.filter(
        engagement__in=access.visible_engagements(user)
    ).select_related("engagement", "candidate__vendor")
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
            entry__engagement__in=access.visible_engagements(user),
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
    """The test-call log of the contracted vendor, when the diligence pages exist."""
    if contract is None:
        return None
    try:
        return reverse(
            "diligence:testcall-list",
            kwargs={"engagement_pk": engagement.pk, "candidate_pk": contract.candidate_id},
        )
    except NoReverseMatch:
        return None


# --- Exit plan ------------------------------------------------------------------


@dataclass(frozen=True)
class TriggerCheck:
    trigger: ExitTrigger
    met: bool
    from_kpis: bool  # checked against the KPI records rather than assessed by hand
    detail: str


@dataclass(frozen=True)
class Capacity:
    """What it takes to bring the work back in-house, against the contract's notice."""

    agents: int | None
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


def check_triggers(triggers, table: KpiTable) -> list[TriggerCheck]:
    series = {s.sla.pk: s for s in table.series}
    checks = []
    for trigger in triggers:
        if trigger.kind == ExitTrigger.Kind.SLA_BREACH_RUN and trigger.sla_id in series:
            s = series[trigger.sla_id]
            met = s.consecutive >= trigger.months
            latest = f" (latest {s.points[-1][0]:%B %Y})" if s.points else ""
            detail = (
                f"{s.sla.title}: breached {s.consecutive} month(s) running{latest}; "
                f"the condition is {trigger.months} month(s) running."
            )
            checks.append(TriggerCheck(trigger, met, True, detail))
        else:
            detail = trigger.description or "Assessed by the team."
            checks.append(TriggerCheck(trigger, trigger.assessed_met, False, detail))
    return checks


def exit_assessment(engagement: Engagement, today: date) -> ExitAssessment:
    plan = exit_plan_for(engagement)
    contract = contract_for(engagement)
    triggers = list(ExitTrigger.objects.filter(engagement=engagement).select_related("sla"))
    slas = slas_for(engagement)
    table = kpi_table(engagement, slas=slas) if triggers else KpiTable(slas, [], [], [])
    agents, workload, note = in_house_agents(engagement, slas)
    capacity = Capacity(
        agents=agents,
        workload=workload,
        agents_note=note,
        lead_days=plan.lead_days if plan else None,
        notice_days=contract.notice_period_days if contract else None,
    )
    exit_cost = None
    if plan is not None and contract is not None:
        exit_cost = contract.termination_fee + plan.ramp_up_cost
    return ExitAssessment(
        plan=plan,
        contract=contract,
        triggers=check_triggers(triggers, table),
        steps=list(TransitionStep.objects.filter(engagement=engagement).select_related("owner")),
        capacity=capacity,
        exit_cost=exit_cost,
    )


def in_house_agents(engagement: Engagement, slas: list[Sla] | None = None):
    """Agents an in-house team needs at the peak hour for today's volumes (Erlang C).

    Volumes and handle time come from the planning step's workload. The service
    target is the contract's service-level SLA when there is one (the in-house
    team must do as well as the vendor was asked to), else the planning target.
    Returns (agents, workload, explanation); agents is None until step 1 is scoped.
    """
    workload = planning_queries.workload(engagement)
    if workload is None:
        return None, None, "Scope the volumes in step 1 to compute the agents needed."
    target, within, source = workload.service_target, workload.answer_within_seconds, "planning"
    slas = slas_for(engagement) if slas is None else slas
    for sla in slas:
        usable = sla.target is not None and 0 < sla.target < 100 and sla.answer_within_seconds
        if sla.metric == "service_level" and usable:
            target, within = float(sla.target) / 100, sla.answer_within_seconds
            source = "the contract's SLA"
    try:
        agents = staffing.agents_for_service_level(
            workload.calls_per_hour_peak, workload.aht_seconds, target, within
        )
    except ValueError as exc:
        return None, workload, f"The staffing cannot be computed: {exc}"
    note = (
        f"{workload.calls_per_hour_peak:,.0f} calls in the peak hour at "
        f"{workload.aht_seconds:,.0f} s handle time, {target:.0%} answered within "
        f"{within:,.0f} s ({source}), by Erlang C."
    )
    if workload.dedicated_agents:
        note += (
            f" With shrinkage and the hours covered, the cost case counts "
            f"{workload.dedicated_agents} full-time agents."
        )
    return agents, workload, note
