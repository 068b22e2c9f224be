"""The seven-step navigator, and the engagement status its steps' facts give."""

from __future__ import annotations

from contracts import steps as contract_steps
from portal import derived
from portal.models import Engagement
from portal.planning import steps as planning_steps
from portal.steps import Step
from vendors import steps as shortlist_steps

# The seven steps of DOMAIN.md, in order: (key, title, the app's status function).
STEPS = (
    ("scope", "Scope the need", planning_steps.scope_status),
    ("cost", "Check it is cost-effective", planning_steps.cost_status),
    ("customers", "Assess the customer base", planning_steps.customers_status),
    ("shortlist", "Find and vet the vendor", shortlist_steps.shortlist_status),
    ("liaison", "Work with the vendor", contract_steps.liaison_status),
    ("monitoring", "Monitor and track results", contract_steps.monitoring_status),
    ("exit", "Keep the in-house option", contract_steps.exit_status),
)


# Steps 1-3 read the planning data, step 4 steps 1-4's, step 5 everything but the
# checklist answers and KPI months, steps 6-7 neither the answers nor the liaison log
# and its follow-ups: each group is kept per version of what it reads
# (``portal.parts``), so a liaison entry recomputes step 5 only, a checklist answer
# step 4 only, and a KPI month steps 6-7 only.
GROUPS = (("planning", 0, 3), ("vendors", 3, 4), ("liaison", 4, 5), ("monitoring", 5, 7))


def engagement_steps(engagement: Engagement) -> list[Step]:
    """The seven steps with their state and summary: computed once per change of what
    each reads (``portal.derived``), not on every view."""
    steps = []
    for part, start, end in GROUPS:
        steps += derived.cached(
            engagement,
            f"steps-{start + 1}-{end}",
            lambda start=start, end=end: _steps(engagement, start, end),
            part=part,
        )
    return steps


def compute_steps(engagement: Engagement) -> list[Step]:
    return _steps(engagement, 0, len(STEPS))


def _steps(engagement: Engagement, start: int, end: int) -> list[Step]:
    return [
        Step(number, key, title, status(engagement))
        for number, (key, title, status) in enumerate(STEPS[start:end], start=start + 1)
    ]


def status_from_facts(engagement: Engagement) -> str:
    """The status an engagement's recorded facts give (used when it is reopened):
    live once a contract is recorded, else what the shortlist says."""
    return contract_steps.engagement_status(engagement) or shortlist_steps.engagement_status(
        engagement
    )
