"""The KPI trend charts of the monitoring page and the report, drawn by ``portal.charts``."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.safestring import SafeString

from contracts.models import Sla
from contracts.monitoring.queries import KpiTable, SlaSeries, target_of
from contracts.monitoring.test_call_scores import MonthScore
from portal import charts


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
        target = target_of(s.sla)
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


def test_call_score_chart(scores: list[MonthScore]) -> SafeString | None:
    """The monthly test-call scores (0-100) as a trend; None before any month is scored."""
    if not scores:
        return None
    step = 1 if len(scores) <= 12 else 3
    labels = {float(i): f"{s.month:%b %y}" for i, s in enumerate(scores) if i % step == 0}
    return charts.line_chart_svg(
        title="Test-call score by month",
        series=[
            charts.Series(
                "Test-call score (points)",
                [(float(i), float(s.score)) for i, s in enumerate(scores)],
            )
        ],
        x_tick_labels=labels,
        y_label="points out of 100",
        y_from_zero=True,
        width=560,
        height=260,
    )
