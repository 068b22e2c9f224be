"""The dashboard's panels, in step order: each is ``(request) -> dict`` with the
"template" to include and the context it needs, or None when it does not apply to
the user (a member sees no manager's queue)."""

from __future__ import annotations

from contracts import due
from contracts import panels as contract_panels
from vendors import panels as vendor_panels

PANELS = (
    vendor_panels.decisions_awaiting,
    contract_panels.upcoming_deadlines,
    contract_panels.overdue_actions,
    # Re-assessments, expiring evidence, standings to look at (contracts.due.ROW_PROVIDERS).
    due.due_panel,
)


def dashboard_panels(request) -> list[dict]:
    return [shown for panel in PANELS if (shown := panel(request)) is not None]
