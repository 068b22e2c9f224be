"""The monitoring page (step 6), kept per version of the engagement (``portal.derived``).

Everything the page shows but its feed tokens (when each was last used and whether it
has expired move without a change of the engagement) is worked out from audited data:
its figures, and the parts of its HTML that show only those and the user's rights, are
computed once per change of the engagement (and of the site, and day), not per view.
Whether there is any feed token is such a figure (issuing one is audited): the tokens
are read only when there are some.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from auditlog.models import LogEntry
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from contracts import standing
from contracts.contract.queries import contract_for
from contracts.models import (
    WATCH_ONLY_REASON,
    Contract,
    EscalationLevel,
    FeedToken,
    Governance,
    RaciRow,
    Sla,
)
from contracts.monitoring import plan_queries, queries
from contracts.monitoring.charts import KpiChart, kpi_charts, test_call_score_chart
from contracts.monitoring.review_queries import Cadence, cadence_for
from portal import derived
from portal.models import Engagement

PARTS_TEMPLATE = "contracts/_monitoring_parts.html"
PARTS = ("top", "kpis", "history")


@dataclass(frozen=True)
class MonitoringData:
    """The page's figures, by the names its template reads them under."""

    contract: Contract | None
    standing: standing.Standing | None
    cadence: Cadence | None
    table: queries.KpiTable
    sla_rows: list
    plan_notes: list
    charts: list[KpiChart]
    governance: Governance | None
    raci_rows: list[RaciRow]
    escalation: list[EscalationLevel]
    test_call_url: str | None
    kpi_history: list[LogEntry]
    test_calls: plan_queries.TestCallsView
    score_chart: SafeString | None
    score_sla: Sla | None
    has_feed_tokens: bool

    def context(self) -> dict:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def monitoring_data(engagement: Engagement, today: date) -> MonitoringData:
    """The page's figures, computed (nothing cached but what the reads keep)."""
    table = queries.kpi_table(engagement)
    contract = contract_for(engagement)
    test_calls = plan_queries.test_calls_view(engagement, today)
    sla_rows = queries.sla_rows(engagement, table)
    return MonitoringData(
        contract=contract,
        standing=standing.vendor_standing(engagement, today),
        cadence=cadence_for(contract, today, engagement),
        table=table,
        sla_rows=sla_rows,
        plan_notes=queries.plan_notes(sla_rows),
        charts=kpi_charts(table),
        governance=queries.governance_for(engagement),
        raci_rows=list(RaciRow.objects.filter(engagement=engagement)),
        escalation=list(EscalationLevel.objects.filter(engagement=engagement)),
        test_call_url=queries.test_call_url(engagement, contract),
        kpi_history=queries.kpi_history(engagement),
        test_calls=test_calls,
        score_chart=test_call_score_chart(test_calls.scores),
        score_sla=next((s for s in table.slas if s.computed), None),
        has_feed_tokens=FeedToken.objects.filter(engagement=engagement).exists(),
    )


def render_parts(engagement: Engagement, data: MonitoringData, context: dict) -> dict:
    """The page's parts (``PARTS_TEMPLATE``) as HTML, by name."""
    context = {**data.context(), **context, "engagement": engagement}
    return {name: render_to_string(f"{PARTS_TEMPLATE}#{name}", context) for name in PARTS}


def monitoring_page(
    engagement: Engagement, today: date, *, can_change: bool, can_approve: bool
) -> tuple[MonitoringData, dict]:
    """The page's figures and its parts' HTML for a user with these rights: once per
    version of the engagement for each (the figures once for all)."""

    def compute():
        data = derived.cached(
            engagement,
            "monitoring-data",
            lambda: monitoring_data(engagement, today),
            part="monitoring",
        )
        context = {
            "today": today,
            "can_change": can_change,
            "can_approve": can_approve,
            "watch_only_reason": WATCH_ONLY_REASON,
        }
        return data, render_parts(engagement, data, context)

    rights = f"{int(can_change)}{int(can_approve)}"
    return derived.cached(engagement, f"monitoring-page:{rights}", compute, part="monitoring")
