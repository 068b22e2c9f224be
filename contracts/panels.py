"""Dashboard panels: the team's contract deadlines and overdue liaison follow-ups."""

from __future__ import annotations

from django.utils import timezone

from contracts.contract.queries import UPCOMING_DAYS, team_upcoming_deadlines
from contracts.liaison.queries import overdue_follow_ups

PANEL_LIMIT = 20


def upcoming_deadlines(request) -> dict:
    """Notice deadlines and term ends in the next 120 days, on engagements the user sees."""
    today = timezone.localdate()
    items = team_upcoming_deadlines(request.user, today)
    return {
        "template": "contracts/panel_deadlines.html",
        "deadlines": items[:PANEL_LIMIT],
        "more": max(len(items) - PANEL_LIMIT, 0),
        "horizon": UPCOMING_DAYS,
    }


def overdue_actions(request) -> dict:
    today = timezone.localdate()
    actions = list(overdue_follow_ups(request.user, today)[: PANEL_LIMIT + 1])
    return {
        "template": "contracts/panel_overdue.html",
        "actions": [(a, (today - a.due_date).days) for a in actions[:PANEL_LIMIT]],
        "more": len(actions) > PANEL_LIMIT,
    }
