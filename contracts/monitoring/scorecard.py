"""What a monthly scorecard says about one live engagement and one month: the vendor's
standing and its reasons, the KPIs of that month against the SLAs with their breaches,
the test-call trend and the month's plan, the follow-up actions still open, the
contract's deadlines to come and the next re-assessment. The PDF
is laid out by ``templates/reports/scorecard.html`` (portal.reports renders it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.safestring import SafeString

from contracts import deadlines, kpis
from contracts.contract.queries import contract_dates, contract_for
from contracts.liaison.queries import open_follow_ups
from contracts.models import Contract, FollowUpAction
from contracts.monitoring import plan_queries, queries, test_call_scores
from contracts.monitoring.charts import test_call_score_chart
from contracts.monitoring.review_queries import Cadence, cadence_for
from contracts.monitoring.test_call_scores import MonthScore
from contracts.standing import Standing, vendor_standing
from portal.models import Engagement

TREND_MONTHS = 12
FOLLOW_UP_LIMIT = 10


@dataclass(frozen=True)
class KpiLine:
    title: str
    target_text: str
    unit: str
    value: Decimal | None
    breached: bool
    run: int  # breached months in a row up to the scorecard's month
    watch_only: bool


@dataclass
class ScorecardFacts:
    engagement: Engagement
    period: date
    contract: Contract | None
    kpis: list[KpiLine] = field(default_factory=list)
    scores: list[MonthScore] = field(default_factory=list)
    score_chart: SafeString | None = None
    plan: plan_queries.PlanView | None = None
    follow_ups: list[FollowUpAction] = field(default_factory=list)
    more_follow_ups: int = 0
    deadlines: list[deadlines.Deadline] = field(default_factory=list)
    standing: Standing | None = None
    cadence: Cadence | None = None

    @property
    def breaches(self) -> list[KpiLine]:
        return [line for line in self.kpis if line.breached]

    @property
    def period_score(self) -> MonthScore | None:
        return next((s for s in self.scores if s.month == self.period), None)


def _kpi_lines(engagement: Engagement, period: date) -> list[KpiLine]:
    table = queries.kpi_table(engagement)
    lines = []
    for series in table.series:
        upto = [(p, breached) for p, _, breached in series.points if p <= period]
        value = next((v for p, v, _ in series.points if p == period), None)
        breached = kpis.is_breach(value, queries.target_of(series.sla), series.sla.direction)
        lines.append(
            KpiLine(
                title=series.sla.title,
                target_text=series.sla.target_text,
                unit=series.sla.unit,
                value=value,
                breached=breached,
                run=kpis.monthly_breach_run(upto) if value is not None else 0,
                watch_only=series.sla.watch_only,
            )
        )
    return lines


def scorecard_facts(engagement: Engagement, period: date, today: date) -> ScorecardFacts:
    """The scorecard of ``period`` (a month's first day), as of ``today``."""
    contract = contract_for(engagement)
    facts = ScorecardFacts(engagement=engagement, period=period, contract=contract)
    facts.kpis = _kpi_lines(engagement, period)
    calls = test_call_scores.contracted_calls(engagement)
    scores = test_call_scores.monthly_scores(engagement)
    facts.scores = [s for s in scores if s.month <= period][-TREND_MONTHS:]
    facts.score_chart = test_call_score_chart(facts.scores)
    facts.plan = plan_queries.plan_view(engagement, period, calls)
    open_actions = list(open_follow_ups(engagement, today)[: FOLLOW_UP_LIMIT + 1])
    facts.follow_ups = open_actions[:FOLLOW_UP_LIMIT]
    facts.more_follow_ups = (
        max(open_follow_ups(engagement, today).count() - FOLLOW_UP_LIMIT, 0)
        if len(open_actions) > FOLLOW_UP_LIMIT
        else 0
    )
    if contract is not None:
        facts.deadlines = contract_dates(contract, today).upcoming
        facts.cadence = cadence_for(contract, today, engagement)
    facts.standing = vendor_standing(engagement, today)
    return facts
