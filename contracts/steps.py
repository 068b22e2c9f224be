"""Steps 5-7 for the navigator: a few counting queries each, no page rendering.

Besides the state and summary every step gives, these steps can flag what needs
attention now (overdue follow-up actions, the next notice deadline) as
``highlights``: the engagement page shows them under the step, so the core never
reads the contracts models itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from contracts import deadlines, exit_rules, pages
from contracts.liaison.queries import follow_up_counts
from contracts.models import Contract, ExitPlan, Governance, KpiRecord, LiaisonEntry, Sla
from portal.models import Engagement
from portal.people import display_name
from portal.steps import COMPLETE, IN_PROGRESS, NOT_STARTED, StepStatus
from portal.wording import counted

NOTICE_SOON_DAYS = 30


@dataclass(frozen=True)
class Highlight:
    text: str
    url: str
    level: str = "danger"  # a Bootstrap link color: danger (act now) or primary


@dataclass(frozen=True)
class ContractStepStatus(StepStatus):
    highlights: tuple[Highlight, ...] = ()


def liaison_status(engagement) -> StepStatus:
    """Complete once a liaison is named, the log has entries and no action is overdue."""
    governance = Governance.objects.filter(engagement=engagement).select_related("liaison").first()
    liaison = governance.liaison if governance else None
    entries = LiaisonEntry.objects.filter(engagement=engagement).count()
    actions = follow_up_counts(engagement, timezone.localdate())
    url = pages.url("liaison-list", engagement)
    if liaison is None and not entries:
        return StepStatus(NOT_STARTED, "Name an internal liaison and keep a log.", url)
    parts = [f"Liaison: {display_name(liaison)}" if liaison else "No liaison named"]
    parts.append(f"{entries} log entr{'y' if entries == 1 else 'ies'}")
    if actions.open:
        parts.append(f"{actions.open} open action(s), {actions.overdue} overdue")
    state = COMPLETE if liaison and entries and not actions.overdue else IN_PROGRESS
    highlights = ()
    if overdue := actions.overdue:
        text = f"{overdue} follow-up action{'s' if overdue != 1 else ''} overdue"
        highlights = (Highlight(text, f"{url}?open=on"),)
    return ContractStepStatus(state, " · ".join(parts), url, highlights=highlights)


def monitoring_status(engagement) -> StepStatus:
    """Complete when someone monitors the vendor against SLAs with KPIs recorded."""
    slas = Sla.objects.filter(engagement=engagement).count()
    governance = Governance.objects.filter(engagement=engagement).select_related("monitor").first()
    monitor = governance.monitor if governance else None
    latest = (
        KpiRecord.objects.filter(sla__engagement=engagement)
        .order_by("-period")
        .values_list("period", flat=True)
        .first()
    )
    url = pages.url("monitoring", engagement)
    if not slas and monitor is None:
        return StepStatus(NOT_STARTED, "Agree SLAs and name who monitors the vendor.", url)
    parts = [f"{slas} SLA(s)"]
    parts.append(f"KPIs up to {latest:%B %Y}" if latest else "no KPIs recorded")
    parts.append(f"monitored by {display_name(monitor)}" if monitor else "no monitor named")
    state = COMPLETE if slas and latest and monitor else IN_PROGRESS
    return StepStatus(state, " · ".join(parts), url)


def exit_status(engagement) -> StepStatus:
    """Complete when the contract is recorded and the exit plan says the team is ready."""
    contract = Contract.objects.filter(engagement=engagement).first()
    plan = ExitPlan.objects.filter(engagement=engagement).first()
    url = pages.url("exit-plan", engagement)
    if contract is None and plan is None:
        return StepStatus(NOT_STARTED, "Record the contract and plan the way back in-house.", url)
    parts = []
    if contract:
        parts.append(f"notice {counted(contract.notice_period_days, 'day')}")
    else:
        parts.append("no contract recorded")
    if plan:
        parts.append(f"exit plan: {plan.get_readiness_display().lower()}")
        if contract and exit_rules.notice_too_short(contract.notice_period_days, plan.lead_days):
            parts.append("notice shorter than the in-house lead time")
    else:
        parts.append("no exit plan")
    ready = plan is not None and plan.readiness == ExitPlan.Readiness.READY
    state = COMPLETE if contract and ready else IN_PROGRESS
    highlights = ()
    if contract is not None:
        today = timezone.localdate()
        notice = deadlines.next_notice_deadline(contract.terms, today)
        if notice is not None:
            left = deadlines.days_left(notice.date, today)
            text = (
                f"Next notice deadline {notice.date:%Y-%m-%d} "
                f"({left} day{'s' if left != 1 else ''} left)"
            )
            level = "danger" if left <= NOTICE_SOON_DAYS else "primary"
            highlights = (Highlight(text, pages.url("contract-detail", engagement), level),)
    return ContractStepStatus(state, " · ".join(parts).capitalize(), url, highlights=highlights)


def engagement_status(engagement) -> str | None:
    """Live once a contract is recorded; None leaves the status to earlier steps."""
    if Contract.objects.filter(engagement=engagement).exists():
        return Engagement.Status.LIVE
    return None
