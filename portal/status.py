"""The engagement's status as a state table: which moves are allowed, written once.

The status follows the journey: shortlisting a vendor starts vetting, a
recommendation awaits approval, approval selects the vendor, a contract makes
it live. A rejected recommendation goes back to vetting. A manager may close an
engagement at any point; reopening returns it to the status its facts give.
``portal.actions.engagement_change_status`` is the only function that moves it.
"""

from __future__ import annotations

from portal.models import Engagement

S = Engagement.Status
# The journey's order: a step may also be reached directly (a contract recorded
# for an engagement whose approval predates the portal, say).
PIPELINE = (S.SCOPING, S.VETTING, S.AWAITING_APPROVAL, S.VENDOR_SELECTED, S.LIVE)

MOVES: dict[str, frozenset[str]] = {
    **{
        current: frozenset(PIPELINE[index + 1 :]) | {S.CLOSED}
        for index, current in enumerate(PIPELINE)
    },
    # A manager rejects the recommendation: vetting goes on.
    S.AWAITING_APPROVAL: frozenset({S.VENDOR_SELECTED, S.LIVE, S.VETTING, S.CLOSED}),
    # Reopening: back to whatever the steps' facts give.
    S.CLOSED: frozenset(PIPELINE),
}


def move_problem(current: str, to: str) -> str:
    """Why the status cannot move from ``current`` to ``to``, or "" when it can."""
    if to not in S.values:
        return f"Unknown engagement status {to!r}."
    if current == to and current != S.CLOSED:
        return ""
    if to in MOVES[current]:
        return ""
    if current == S.CLOSED:  # the only move a closed engagement refuses
        return "An engagement that is closed cannot be closed."
    return (
        f"An engagement that is {S(current).label.lower()} cannot move to “{S(to).label.lower()}”."
    )
