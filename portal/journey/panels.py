"""The dashboard's panels, in step order: each is ``(request) -> dict`` with the
"template" to include and the context it needs."""

from __future__ import annotations

from contracts import panels as contract_panels

PANELS = (
    contract_panels.upcoming_deadlines,
    contract_panels.overdue_actions,
)


def dashboard_panels(request) -> list[dict]:
    return [panel(request) for panel in PANELS]
