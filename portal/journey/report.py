"""The decision report's content: cover, executive summary and one section per step.

Each app writes its own sections (``<app>/report.py``, ``(engagement) -> Section``);
this module calls them in step order and adds what spans the whole engagement.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import prefetch_related_objects
from django.template.loader import render_to_string
from django.utils import timezone

from contracts import report as contract_report
from portal.people import display_name
from portal.planning import queries as planning_queries
from portal.planning import report as planning_report
from portal.sections import Decision, Section
from vendors import candidate_cost
from vendors import queries as vendor_queries
from vendors import report as shortlist_report
from vendors.diligence import report as diligence_report

# The sections after the cover and the executive summary, in step order.
SECTIONS = (
    planning_report.scope_section,
    planning_report.cost_section,
    planning_report.customers_section,
    shortlist_report.comparison_section,
    diligence_report.diligence_section,
    contract_report.contract_section,
    contract_report.liaison_section,
    contract_report.monitoring_section,
    contract_report.exit_section,
)


def engagement_sections(engagement) -> list[Section]:
    return [section(engagement) for section in SECTIONS]


@dataclass(frozen=True)
class Cover:
    title: str
    description: str
    team: str
    owner: str
    status: str
    decision: str
    report_id: str
    requested_by: str
    generated_at: datetime


def _decision_of(sections: list[Section]) -> Decision | None:
    return next((s.decision for s in sections if s.decision is not None), None)


def cover(report, engagement, sections: list[Section], generated_at: datetime) -> Cover:
    decision = _decision_of(sections)
    if decision is None:
        decided = "No vendor recommended yet"
    elif decision.approved:
        decided = f"{decision.vendor}, approved by {decision.approved_by}"
    else:
        decided = f"{decision.vendor}, {decision.status.lower()}"
    return Cover(
        title=engagement.title,
        description=engagement.description,
        team=engagement.team.name,
        owner=display_name(engagement.owner),
        status=engagement.get_status_display(),
        decision=decided,
        report_id=str(report.public_id),
        requested_by=display_name(report.requested_by) if report.requested_by_id else "",
        generated_at=generated_at,
    )


@dataclass(frozen=True)
class ExecutiveSummary:
    decision: Decision | None
    findings: list[tuple[Section, str]]  # (section, its one-line summary)
    # The approved vendor's own whole-scope scenario under its quotes (None until a
    # vendor is approved).
    vendor_cost: planning_report.VendorCost | None = None


def approved_vendor_cost(engagement) -> planning_report.VendorCost | None:
    """The approved vendor's scenario for the whole scope under its own quotes,
    converted to the engagement's currency (None when no vendor is approved)."""
    candidate = vendor_queries.approved_candidate(engagement)
    if candidate is None:
        return None
    prefetch_related_objects([candidate], "quotes")
    quotes = list(candidate.quotes.all())
    # The comparison's own pricing of each quote: converted to the engagement's
    # currency, limited to the channels it covers, the commission checked against the
    # center's own hourly quote.
    candidate_cost.price_quotes(
        engagement, [candidate], workload=planning_queries.workload(engagement)
    )
    pricings = [q.pricing for q in quotes if getattr(q, "pricing", None) is not None]
    return planning_report.vendor_cost(
        engagement,
        vendor=candidate.vendor.name,
        pricings=pricings,
        currency=engagement.currency or "USD",
    )


def executive_summary(sections: list[Section], engagement=None) -> ExecutiveSummary:
    decision = _decision_of(sections)
    vendor_cost = None
    if engagement is not None and decision is not None and decision.approved:
        vendor_cost = approved_vendor_cost(engagement)
    return ExecutiveSummary(
        decision=decision,
        findings=[(s, s.summary or s.missing) for s in sections],
        vendor_cost=vendor_cost,
    )


def report_context(report) -> dict:
    """What ``templates/reports/decision_report.html`` renders, for one report row."""
    engagement = report.engagement
    sections = engagement_sections(engagement)
    generated_at = timezone.localtime()
    return {
        "report": report,
        "engagement": engagement,
        "cover": cover(report, engagement, sections, generated_at),
        "summary": executive_summary(sections, engagement),
        # Each filled section rendered with its own context, empty ones by their sentence.
        "bodies": [
            (s, render_to_string(s.template, s.context) if s.filled else "") for s in sections
        ],
        "generated_at": generated_at,
    }
