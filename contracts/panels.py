"""Dashboard panels: the team's contract deadlines and overdue liaison follow-ups."""

from __future__ import annotations

from django.utils import timezone

from contracts import queries


def upcoming_deadlines(request) -> dict:
    """Notice deadlines and term ends in the next 120 days, on engagements the user sees."""
    today = timezone.localdate()
    items = queries.team_upcoming_deadlines(request.user, today)
    return {
        "template": "contracts/panel_deadlines.html",
        "deadlines": items[: queries.PANEL_LIMIT],
        "more": max(len(items) - queries.PANEL_LIMIT, 0),
        "horizon": queries.UPCOMING_DAYS,
    }


def overdue_actions(request) -> dict:
    today = timezone.localdate()
    actions = list(queries.overdue_actions(request.user, today)[: queries.PANEL_LIMIT + 1])
    return {
        "template": "contracts/panel_overdue.html",
        "actions": [(a, (today - a.due_date).days) for a in actions[: queries.PANEL_LIMIT]],
        "more": len(actions) > queries.PANEL_LIMIT,
    }
