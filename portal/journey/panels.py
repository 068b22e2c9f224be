"""The dashboard's panels, in step order: each is ``(request) -> dict`` with the
"template" to include and the context it needs, or None when it does not apply to
the user (a member sees no manager's queue).

They read across every engagement the user sees, so they are computed once per
change of the user's teams' engagements (``derived.cached_for_teams``, keyed by the
versions of their teams' engagements, of the site and the day), not on every view.
What only the teams decide (deadlines, overdue actions, standings, re-assessments,
expiring evidence) is kept once for everyone who sees the same teams, so a change
recomputes it once for the team, not once per member; what depends on the viewer
(the manager's queue leaves out their own recommendations, planned calls say which
are theirs, scorecards are the ones they have not read) is kept per user and roles.
A finished scorecard is an audited change of its engagement; a member opening one
moves the team's version (``reports.actions.report_read``).
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from contracts import due
from contracts import panels as contract_panels
from contracts.monitoring import plan_due
from portal import access, derived
from portal.reports import due as report_due
from vendors import panels as vendor_panels

# Panels and due rows that read only the teams' engagements: the same for everyone
# who sees those teams.
TEAM_PANELS = (contract_panels.upcoming_deadlines, contract_panels.overdue_actions)
# The manager's queue: recommendations the viewer may decide (not their own).
VIEWER_PANELS = (vendor_panels.decisions_awaiting,)
# Planned test calls this week (which are the viewer's) and scorecards to read (by
# the viewer): kept like the panels above, beside contracts.due.ROW_PROVIDERS (the
# team's re-assessments, expiring evidence and standings).
VIEWER_DUE_PROVIDERS = (plan_due.planned_call_rows, report_due.scorecard_rows)


def dashboard_panels(request) -> list[str]:
    """The HTML of each panel the user sees, in step order."""
    user, today = request.user, timezone.localdate()
    roles = access.team_roles(user)

    def for_teams():
        return [panel(request) for panel in TEAM_PANELS], due.due_rows(user, today)

    def for_viewer():
        teams = f"teams:{sorted(roles)}"
        team_panels, team_rows = derived.cached_for_teams(
            teams, roles, "dashboard-teams", for_teams
        )
        rows = [row for provider in VIEWER_DUE_PROVIDERS for row in provider(user, today)]
        panels = (
            *[panel(request) for panel in VIEWER_PANELS],
            *team_panels,
            due.panel_of([*team_rows, *rows]),
        )
        return [
            render_to_string(panel["template"], {"panel": panel})
            for panel in panels
            if panel is not None
        ]

    # Kept as HTML per viewer; the teams' part inside it is computed once per team.
    viewer = f"{user.pk}:{sorted(roles.items())}"
    return [
        mark_safe(html)
        for html in derived.cached_for_teams(viewer, roles, "dashboard-viewer", for_viewer)
    ]
