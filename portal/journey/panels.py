"""The dashboard's panels, in step order: each is ``(request) -> dict`` with the
"template" to include and the context it needs, or None when it does not apply to
the user (a member sees no manager's queue)."""

from __future__ import annotations

from functools import partial

from contracts import due
from contracts import panels as contract_panels
from contracts.monitoring import plan_due
from portal.reports import due as report_due
from vendors import panels as vendor_panels

PANELS = (
    vendor_panels.decisions_awaiting,
    contract_panels.upcoming_deadlines,
    contract_panels.overdue_actions,
    # Re-assessments, expiring evidence, standings to look at (contracts.due.ROW_PROVIDERS),
    # planned test calls this week and scorecards to read.
    partial(due.due_panel, providers=(plan_due.planned_call_rows, report_due.scorecard_rows)),
)


def dashboard_panels(request) -> list[dict]:
    return [shown for panel in PANELS if (shown := panel(request)) is not None]
