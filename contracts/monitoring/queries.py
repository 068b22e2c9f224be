"""Reads of the monitoring page (step 6): the KPI table against the SLAs, its trend
charts, the governance roles and the link to keep making test calls."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils.safestring import SafeString

from contracts import kpis
from contracts.models import Contract, Governance, KpiRecord, Sla
from portal import charts
from portal.models import Engagement


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


def _target(sla: Sla):
    return None if sla.watch_only else sla.target


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


# --- Charts ---------------------------------------------------------------------


@dataclass(frozen=True)
class KpiChart:
    series: SlaSeries
    svg: SafeString


def kpi_charts(table: KpiTable) -> list[KpiChart]:
    """A trend chart per SLA, its target as a line and breached months as red points."""
    months = table.periods
    index = {period: i for i, period in enumerate(months)}
    # Label every month when there are few, else every third (quarters) to stay legible.
    step = 1 if len(months) <= 12 else 3
    labels = {float(i): f"{p:%b %y}" for i, p in enumerate(months) if i % step == 0}
    found = []
    for s in table.series:
        target = _target(s.sla)
        svg = charts.line_chart_svg(
            title=s.sla.title,
            series=[
                charts.Series(
                    f"{s.sla.title} ({s.sla.unit})",
                    [(float(index[p]), float(v)) for p, v, _ in s.points],
                )
            ],
            hlines=(
                [charts.HLine(float(target), f"target {s.sla.target_text}")]
                if target is not None
                else []
            ),
            markers=[
                charts.Marker(float(index[p]), float(v), f"{p:%B %Y}: {v} breached")
                for p, v, breached in s.points
                if breached
            ],
            x_tick_labels=labels or None,
            y_label=s.sla.get_unit_display(),
            y_from_zero=s.sla.unit != Sla.Unit.PERCENT,
            width=560,
            height=260,
        )
        found.append(KpiChart(s, svg))
    return found


# --- Test calls (step 4's log, kept up after go-live) ---------------------------


def test_call_url(engagement: Engagement, contract: Contract | None) -> str | None:
    """The test-call log of the contracted vendor."""
    if contract is None:
        return None
    return reverse(
        "diligence:testcall-list",
        kwargs={"engagement_pk": engagement.pk, "candidate_pk": contract.candidate_id},
    )
