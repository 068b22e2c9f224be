"""Steps 5-7 in the decision report: contract dates, liaison, monitoring, exit plan.

Every figure comes from the pages' own reads (each step's ``queries``) and the pure
``deadlines``/``kpis``/``exit_rules`` math, so the PDF and the site never disagree.
"""

from __future__ import annotations

from django.utils import timezone

from contracts import standing
from contracts.contract.queries import contract_dates, contract_for
from contracts.exit.queries import exit_assessment
from contracts.liaison.queries import liaison_entries, liaison_kind_counts, open_follow_ups
from contracts.models import WATCH_ONLY_REASON, LiaisonEntry
from contracts.monitoring.charts import kpi_charts
from contracts.monitoring.queries import governance_for, kpi_table, plan_notes, sla_rows
from portal.people import display_name
from portal.sections import Section

CONTRACT = ("contract", "Contract key dates")
LIAISON = ("liaison", "Step 5: Working with the vendor")
MONITORING = ("monitoring", "Step 6: Monitoring against the SLAs")
EXIT = ("exit", "Step 7: Exit plan")

LATEST_ENTRIES = 8  # liaison highlights: the most recent entries of the log
LATEST_MONTHS = 12  # KPI table: the last year; the trend charts show every month


def contract_section(engagement) -> Section:
    contract = contract_for(engagement)
    if contract is None:
        return Section.not_filled(*CONTRACT, "No contract is recorded yet.")
    today = timezone.localdate()
    dates = contract_dates(contract, today)
    if dates.notice:
        summary = (
            f"Contract with {contract.candidate.vendor.name}: last day to give notice "
            f"{dates.notice.date:%-d %B %Y}"
        )
        summary += f", term ends {dates.term.end:%-d %B %Y}." if dates.term else "."
    else:
        summary = f"Contract with {contract.candidate.vendor.name}: no notice deadline ahead."
    return Section(
        *CONTRACT,
        template="reports/sections/contract.html",
        context={"contract": contract, "dates": dates, "today": today},
        summary=summary,
    )


def liaison_section(engagement) -> Section:
    governance = governance_for(engagement)
    kinds = liaison_kind_counts(engagement)
    liaison = governance.liaison if governance else None
    if liaison is None and not kinds:
        return Section.not_filled(
            *LIAISON, "No liaison is named and the liaison log is empty so far."
        )
    today = timezone.localdate()
    entries = list(liaison_entries(engagement, today=today)[:LATEST_ENTRIES])
    actions = list(open_follow_ups(engagement, today))  # every open one, for the table
    overdue = sum(1 for action in actions if action.late)
    total = sum(kinds.values())
    summary = (
        f"Liaison: {display_name(liaison)}." if liaison else "No liaison named."
    ) + f" {total} log entr{'y' if total == 1 else 'ies'}, {len(actions)} open action(s)"
    summary += f", {overdue} overdue." if overdue else "."
    return Section(
        *LIAISON,
        template="reports/sections/liaison.html",
        context={
            "governance": governance,
            "liaison": display_name(liaison) if liaison else "",
            "kind_counts": [
                (label, kinds[kind]) for kind, label in LiaisonEntry.Kind.choices if kind in kinds
            ],
            "entry_total": total,
            "entries": entries,
            "actions": [(action, action.late) for action in actions],
            "overdue": overdue,
            "today": today,
        },
        summary=summary,
    )


def monitoring_section(engagement) -> Section:
    table = kpi_table(engagement)
    governance = governance_for(engagement)
    monitor = governance.monitor if governance else None
    if not table.slas and monitor is None:
        return Section.not_filled(
            *MONITORING, "No SLA is agreed and nobody is named to monitor the vendor yet."
        )
    breached_now = [s for s in table.series if s.consecutive]
    if not table.periods:
        summary = f"{len(table.slas)} SLA(s) agreed; no KPI recorded yet."
    else:
        summary = f"{len(table.slas)} SLA(s), KPIs up to {table.periods[-1]:%B %Y}; "
        summary += (
            "breached in the latest month: " + ", ".join(s.sla.title for s in breached_now) + "."
            if breached_now
            else "every target met in the latest month."
        )
    found = standing.vendor_standing(engagement)
    if found is not None:
        summary = f"Vendor standing {found.summary} " + summary
    rows = sla_rows(engagement, table)
    return Section(
        *MONITORING,
        template="reports/sections/monitoring.html",
        context={
            "standing": found,
            "table": table,
            "sla_rows": rows,
            "plan_notes": plan_notes(rows),
            "recent_rows": table.rows[:LATEST_MONTHS],
            "latest_months": LATEST_MONTHS,
            "charts": kpi_charts(table) if table.periods else [],
            "monitor": display_name(monitor) if monitor else "",
            "governance": governance,
            "watch_only_reason": WATCH_ONLY_REASON,
        },
        summary=summary,
    )


def exit_section(engagement) -> Section:
    assessment = exit_assessment(engagement, timezone.localdate())
    if assessment.plan is None and not assessment.triggers and not assessment.steps:
        return Section.not_filled(*EXIT, "No exit plan is written yet.")
    plan = assessment.plan
    parts = [f"Exit plan: {plan.get_readiness_display().lower()}" if plan else "No exit plan"]
    parts.append(f"{assessment.triggers_met} of {len(assessment.triggers)} trigger(s) met")
    if assessment.exit_cost is not None:
        parts.append(f"exit cost {assessment.exit_cost:,.0f} {assessment.contract.currency}")
    summary = "; ".join(parts) + "."
    if assessment.capacity.notice_too_short:
        summary += " Warning: the notice period is shorter than the time to bring the work back."
    return Section(
        *EXIT,
        template="reports/sections/exit.html",
        context={"assessment": assessment},
        summary=summary,
    )
