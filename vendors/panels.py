"""Dashboard panel of step 4: the recommendations waiting for a manager's decision."""

from __future__ import annotations

from portal import access
from portal.models import Membership
from vendors.queries import awaiting_decision

PANEL_LIMIT = 20


def decisions_awaiting(request) -> dict | None:
    """Recommendations a manager may approve or reject; None (no panel) for someone
    who manages no team, since they can decide nothing."""
    roles = access.team_roles(request.user).values()
    if Membership.Role.MANAGER not in roles:
        return None
    rows = list(awaiting_decision(request.user)[: PANEL_LIMIT + 1])
    return {
        "template": "vendors/panel_decisions.html",
        "candidates": rows[:PANEL_LIMIT],
        "more": len(rows) > PANEL_LIMIT,
    }
