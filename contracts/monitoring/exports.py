"""Step 6's KPI table as a spreadsheet: every month's KPIs by SLA with the breaches, and
the SLAs with their targets and breach runs, as the monitoring page shows them."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_GET

from contracts.monitoring import queries
from portal import access, xlsx


def _kpis(table: queries.KpiTable) -> xlsx.Sheet:
    header = [
        "Month",
        *(f"{sla.title} ({sla.unit})" for sla in table.slas),
        "Breached",
        "Breaches, higher is better",
        "Breaches, lower is better",
    ]
    rows = []
    for period, cells, higher, lower in table.rows:
        breached = [sla.title for sla, (_, flag) in zip(table.slas, cells, strict=True) if flag]
        rows.append([period, *(value for value, _ in cells), ", ".join(breached), higher, lower])
    return xlsx.Sheet("KPIs by month", header, rows)


def _slas(table: queries.KpiTable) -> xlsx.Sheet:
    header = [
        "Metric",
        "Target",
        "Unit",
        "Direction",
        "Latest",
        "Months recorded",
        "Months breached",
        "Breached in a row",
        "Longest run",
        "Penalty or credit",
    ]
    rows = []
    for s in table.series:
        sla = s.sla
        rows.append(
            [
                sla.title,
                "watch only" if sla.watch_only else sla.target,
                sla.get_unit_display(),
                "n/a" if sla.watch_only else sla.get_direction_display(),
                s.latest,
                len(s.points),
                None if sla.watch_only else s.breaches,
                None if sla.watch_only else s.consecutive,
                None if sla.watch_only else s.longest_run,
                sla.penalty,
            ]
        )
    return xlsx.Sheet("SLAs", header, rows)


@require_GET
@login_required
def kpi_export(request, engagement_pk: int):
    engagement = access.get_engagement_for_user(request, engagement_pk)
    table = queries.kpi_table(engagement)
    return xlsx.xlsx_response(
        [_kpis(table), _slas(table)], filename=xlsx.download_name(engagement.title, "kpis")
    )
