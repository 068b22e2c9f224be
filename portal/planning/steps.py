"""Steps 1-3 in the navigator: state, one-line summary and link, in a few queries."""

from __future__ import annotations

from django.urls import reverse

from portal.planning import queries, recommend
from portal.planning.choices import Level
from portal.steps import COMPLETE, IN_PROGRESS, NOT_STARTED, StepStatus
from portal.wording import counted


def scope_status(engagement) -> StepStatus:
    url = reverse("planning:scope-detail", kwargs={"engagement_pk": engagement.pk})
    data = queries.planning_data(engagement)
    if data.scope is None and not data.lines:
        return StepStatus(NOT_STARTED, "Channels, volumes and coverage not entered yet.", url)
    if not data.scope_filled:
        return StepStatus(IN_PROGRESS, "Add at least one channel with its monthly volume.", url)
    advice = recommend.recommend(queries.scope_facts(data.scope, data.lines))
    volumes = ", ".join(
        f"{line.contacts_per_month:,} {line.get_channel_display().lower()}" for line in data.lines
    )
    return StepStatus(COMPLETE, f"{volumes} a month. {advice.headline}", url)


def cost_status(engagement) -> StepStatus:
    url = reverse("planning:cost-detail", kwargs={"engagement_pk": engagement.pk})
    data = queries.planning_data(engagement)
    if data.cost_case is None:
        return StepStatus(NOT_STARTED, "In-house figures not entered yet.", url)
    workload, problem = queries.workload_or_problem(data)
    if problem:
        return StepStatus(IN_PROGRESS, problem, url)
    if workload is None:
        return StepStatus(IN_PROGRESS, "Scope the channels first to price the work.", url)
    if data.cost_case.loaded_salary <= 0:
        return StepStatus(IN_PROGRESS, "Enter the loaded salary to cost the in-house team.", url)
    phones = (
        f", {workload.agents_on_phones} on the phones at peak"
        if workload.agents_on_phones
        else ""  # no inbound phone queue in scope
    )
    return StepStatus(
        COMPLETE,
        f"In-house ${workload.in_house_monthly_cost:,.0f} a month "
        f"({counted(workload.in_house_agents, 'agent')}{phones}).",
        url,
    )


def customers_status(engagement) -> StepStatus:
    url = reverse("planning:customers-detail", kwargs={"engagement_pk": engagement.pk})
    assessment = queries.assessment_for(engagement)
    if assessment is None:
        return StepStatus(NOT_STARTED, "Customer-base risk not assessed yet.", url)
    level = Level(assessment.risk_level).label.lower()
    if queries.scoped_channels(engagement) != set(assessment.language_risk or {}):
        return StepStatus(
            IN_PROGRESS,
            f"Customer-base risk: {level}, out of date: the scoped channels changed since "
            "it was assessed; review it.",
            url,
        )
    return StepStatus(COMPLETE, f"Customer-base risk: {level}.", url)
