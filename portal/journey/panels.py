"""The dashboard's panels, in step order: each is ``(request) -> dict`` with the
"template" to include and the context it needs, or None when it does not apply to
the user (a member sees no manager's queue).

They read across every engagement the user sees, so they are computed once per
change of the user's teams' engagements (``derived.cached_for_teams``, keyed by the
user, their roles, and the versions of their teams' engagements, of the site and the
day), not on every view. A finished scorecard is an audited change of its engagement;
a member opening one moves the team's version (``reports.actions.report_read``).
"""

from __future__ import annotations

from django.utils import timezone

from contracts import due
from contracts import panels as contract_panels
from contracts.monitoring import plan_due
from portal import access, derived
from portal.reports import due as report_due
from vendors import panels as vendor_panels

# Computed from audited data only (kept until a change of the teams' engagements).
PANELS = (
    vendor_panels.decisions_awaiting,
    contract_panels.upcoming_deadlines,
    contract_panels.overdue_actions,
)
# Re-assessments, expiring evidence, standings to look at (contracts.due.ROW_PROVIDERS),
# planned test calls this week and scorecards to read: kept like the panels above.
DUE_PROVIDERS = (plan_due.planned_call_rows, report_due.scorecard_rows)


def dashboard_panels(request) -> list[dict]:
    user, today = request.user, timezone.localdate()
    roles = access.team_roles(user)

    def compute():
        return (
            [panel(request) for panel in PANELS],
            due.due_rows(user, today, providers=DUE_PROVIDERS),
        )

    scope = f"{user.pk}:{sorted(roles.items())}"
    panels, rows = derived.cached_for_teams(scope, roles, "dashboard-panels", compute)
    return [shown for shown in (*panels, due.panel_of(rows)) if shown is not None]
