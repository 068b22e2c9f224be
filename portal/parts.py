"""What each part of an engagement's figures reads, so a change recomputes only the
figures that show it (``portal.derived``): a part's version moves with the changes of
what it reads, and the team's version (the dashboard's key) with the changes the
dashboard shows."""

from __future__ import annotations

# A part of an engagement's figures and the apps whose changes it reads: the layers
# guarantee it (planning imports only the portal, step 4 neither the contracts), so a
# liaison entry or a KPI month does not recompute the cost case. A figure kept under a
# part moves with those apps' changes of the engagement (and the site's, and the day).
PARTS = {
    "planning": frozenset({"portal", "planning"}),
    "vendors": frozenset({"portal", "planning", "vendors", "diligence", "invitations"}),
}
# Parts every change moves but those of the models they never read ("app.model"):
# steps 5-7 read no checklist answer (only its evidence, re-assessment rounds and test
# calls); the liaison log (step 5) no KPI month either, and the monitoring page (steps
# 6-7) no liaison entry or follow-up, so a checklist answer or a liaison entry does not
# recompute the monitoring page, nor a KPI month the liaison log.
PARTS_BUT = {
    "liaison": frozenset({"diligence.checklistitem", "contracts.kpirecord"}),
    "monitoring": frozenset(
        {"diligence.checklistitem", "contracts.liaisonentry", "contracts.followupaction"}
    ),
}
# What no dashboard list or panel shows (a checklist answer, a liaison entry): such
# a change leaves the team's version, so the team's members do not recompute their
# dashboard. Its expiring evidence reads the evidence rows and the template item's
# text, never an answer; the standings are the "monitoring" part's.
TEAM_BUT = frozenset({"diligence.checklistitem", "contracts.liaisonentry"})
TEAM = "team"  # the pseudo-part of ``moved_parts`` that stands for the team's version


def moved_parts(app_label: str | None, model: str | None = None) -> set[str]:
    """The parts a change of ``model`` in ``app_label`` moves (None: every part)."""
    if app_label is None:
        return {*PARTS, *PARTS_BUT, TEAM}
    name = f"{app_label}.{model}"
    moved = {part for part, apps in PARTS.items() if app_label in apps} | {
        part for part, but in PARTS_BUT.items() if name not in but
    }
    return moved if name in TEAM_BUT else moved | {TEAM}
