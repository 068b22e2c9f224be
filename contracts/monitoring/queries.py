"""Reads of the monitoring page (step 6): the KPI table against the SLAs, the governance
roles and the link to keep making test calls."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from auditlog.models import LogEntry
from django.urls import reverse

from contracts import kpis, sla_plan
from contracts.models import Contract, FeedToken, Governance, KpiRecord, Sla
from contracts.monitoring import test_call_scores
from portal import derived
from portal.models import Engagement
from portal.planning import queries as planning_queries


def governance_for(engagement: Engagement) -> Governance | None:
    return (
        Governance.objects.filter(engagement=engagement)
        .select_related("liaison", "monitor")
        .first()
    )


def slas_for(engagement: Engagement) -> list[Sla]:
    return list(Sla.objects.filter(engagement=engagement))


def month_start(day: date) -> date:
    return day.replace(day=1)


def previous_month(day: date) -> date:
    return month_start(month_start(day) - timedelta(days=1))


# --- The KPI table --------------------------------------------------------------


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


def target_of(sla: Sla):
    """The target a KPI is held to: none for a watch-only metric."""
    return None if sla.watch_only else sla.target


def computed_values(engagement: Engagement) -> dict[date, Decimal]:
    """The monthly test-call scores, as the test-call score SLA's values."""
    return test_call_scores.score_values(test_call_scores.monthly_scores(engagement))


def kpi_table(engagement: Engagement, *, slas: list[Sla] | None = None) -> KpiTable:
    """Every KPI of the engagement by month and SLA, with breaches and breach runs:
    two queries at most, once per change of the engagement (``portal.derived``) when
    the table is of all its SLAs."""
    if slas is None:
        return derived.cached(
            engagement,
            "kpi-table",
            lambda: _kpi_table(engagement, slas_for(engagement)),
            part="monitoring",
        )
    return _kpi_table(engagement, slas)


def _kpi_table(engagement: Engagement, slas: list[Sla]) -> KpiTable:
    records = KpiRecord.objects.filter(sla__engagement=engagement).values_list(
        "sla_id", "period", "value"
    )
    values: dict[tuple[int, date], Decimal] = {}
    periods: set[date] = set()
    for sla_id, period, value in records:
        values[sla_id, period] = value
        periods.add(period)
    for sla in slas:
        if sla.computed:  # one more query, only with an SLA on the test-call score
            for period, value in computed_values(engagement).items():
                values[sla.pk, period] = value
                periods.add(period)
    ordered = sorted(periods)
    series = []
    for sla in slas:
        recorded = [
            (p, values[sla.pk, p], kpis.is_breach(values[sla.pk, p], target_of(sla), sla.direction))
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
            breached = kpis.is_breach(value, target_of(s.sla), s.sla.direction)
            cells.append((value, breached))
            if breached and s.sla.direction == kpis.HIGHER:
                higher += 1
            elif breached:
                lower += 1
        rows.append((period, cells, higher, lower))
    return KpiTable(slas=slas, periods=ordered, rows=rows, series=series)


# --- Queue SLAs against the staffing plan -------------------------------------

# Step 1's scope, channel lines and cost case when the figures are not cached yet, and
# the engagement's version when this request (or task) changed it.
PLAN_CHECK_QUERIES = 4


def plan_checks(engagement: Engagement, slas: list[Sla]) -> dict[int, tuple[sla_plan.Check, ...]]:
    """The abandoned-calls, service-level and speed-of-answer SLAs against step 2's
    staffing plan, by SLA id (``contracts.sla_plan``). No query without such an SLA;
    the staffing math runs once per version of the engagement (``portal.derived``:
    a change of the scope, the cost case or an SLA moves the key, so a stale figure
    is never found), else ``PLAN_CHECK_QUERIES``."""
    terms = [
        sla_plan.SlaTerms(
            sla.pk,
            sla.metric,
            None if sla.watch_only or sla.target is None else float(sla.target),
            float(sla.answer_within_seconds) if sla.answer_within_seconds else None,
        )
        for sla in slas
        if sla.metric in sla_plan.METRICS
    ]
    if not terms:
        return {}

    def compute():
        data = planning_queries.planning_data(engagement)
        workload, problem = planning_queries.workload_or_problem(data)
        loads = planning_queries.channel_loads(data.lines) if workload is not None else []
        return sla_plan.checks(terms, loads, workload, problem=problem)

    # The SLAs' terms are in the name too: the key never outlives what it was worked for.
    digest = hashlib.sha256(repr(terms).encode()).hexdigest()[:16]
    return derived.cached(engagement, f"sla-plan:{digest}", compute, part="monitoring")


def sla_rows(
    engagement: Engagement, table: KpiTable
) -> list[tuple[SlaSeries, tuple[sla_plan.Check, ...]]]:
    """Each SLA's series with its checks against the plan (none for other metrics)."""
    found = plan_checks(engagement, table.slas)
    return [(series, found.get(series.sla.pk, ())) for series in table.series]


def plan_notes(rows) -> list[tuple[str, sla_plan.Check]]:
    """The checks' sentences under the SLA list, by SLA title, each said once."""
    notes, seen = [], set()
    for series, checks in rows:
        for check in checks:
            if (series.sla.pk, check.sentence) not in seen:
                seen.add((series.sla.pk, check.sentence))
                notes.append((series.sla.title, check))
    return notes


def plan_check_messages(engagement: Engagement, sla: Sla) -> list[str]:
    """The saved SLA's check against the plan as sentences (the save's message)."""
    return sla_plan.sentences(plan_checks(engagement, [sla]).get(sla.pk, ()))


# --- Test calls (step 4's log, kept up after go-live) ---------------------------


def test_call_url(engagement: Engagement, contract: Contract | None) -> str | None:
    """The test-call log of the contracted vendor."""
    if contract is None:
        return None
    return reverse(
        "diligence:test-call-list",
        kwargs={"engagement_pk": engagement.pk, "candidate_pk": contract.candidate_id},
    )


# --- KPI feeds ------------------------------------------------------------------


def feed_tokens_for(engagement: Engagement) -> list[FeedToken]:
    """The engagement's feed tokens, newest first, with who issued them."""
    return list(FeedToken.objects.filter(engagement=engagement).select_related("created_by"))


def kpi_history(engagement: Engagement, *, limit: int = 8) -> list[LogEntry]:
    """The latest audit entries of the KPIs and feed tokens: who (or which feed) changed
    what, in one query."""
    models = [KpiRecord._meta.model_name, FeedToken._meta.model_name]
    return list(
        LogEntry.objects.filter(
            additional_data__engagement_id=engagement.pk,
            content_type__app_label=KpiRecord._meta.app_label,
            content_type__model__in=models,
        )
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-id")[:limit]
    )
