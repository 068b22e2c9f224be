"""Reads for steps 1-3, and the interface other steps use: ``workload``,
``customer_risk_level`` (and ``cost_inputs``/``channel_loads`` for what-ifs).

Each function runs a fixed number of queries whatever the data.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from portal import costs, week
from portal.models import Engagement
from portal.planning import risk
from portal.planning.models import (
    ChannelLine,
    CostCase,
    CustomerAssessment,
    NeedsScope,
    RateCard,
)
from portal.planning.recommend import Line, ScopeFacts
from portal.reference import Channel

log = logging.getLogger(__name__)

# Regions DOMAIN.md's worldwide figures (from "low-cost international agencies") do
# not describe: US/Canada has its own rows; Western Europe ($40+ an hour) and
# Australia ($35-55) cost more than those agencies, and the source publishes no
# per-minute or dedicated figure for them.
HIGH_COST_REGIONS = frozenset({"usa_canada", "western_europe", "australia"})


@dataclass(frozen=True)
class PlanningData:
    scope: NeedsScope | None
    lines: list[ChannelLine]
    cost_case: CostCase | None

    @property
    def scope_filled(self) -> bool:
        return self.scope is not None and any(line.contacts_per_month > 0 for line in self.lines)


def planning_data(engagement: Engagement) -> PlanningData:
    """Scope, channel lines and cost case in three queries."""
    return PlanningData(
        scope=NeedsScope.objects.filter(engagement=engagement).first(),
        lines=list(ChannelLine.objects.filter(engagement=engagement).order_by("channel")),
        cost_case=CostCase.objects.filter(engagement=engagement).first(),
    )


def channel_loads(lines: list[ChannelLine]) -> list[costs.ChannelLoad]:
    return [
        costs.ChannelLoad(
            channel=line.channel,
            contacts_per_month=float(line.contacts_per_month),
            handle_minutes=float(line.handle_minutes),
            # The legacy hours-a-week field as a shape of the week (until the scope
            # stores open hours and a profile).
            open_hours=week.open_hours_for_weekly_hours(float(line.coverage_hours_per_week)),
        )
        for line in lines
        if line.contacts_per_month > 0
    ]


def cost_inputs(cost_case: CostCase | None) -> costs.CostInputs:
    """The company's figures; without a cost case, the staffing defaults and no costs."""
    if cost_case is None:
        return costs.CostInputs()
    return costs.CostInputs(
        service_target=float(cost_case.service_target_percent) / 100,
        answer_within_seconds=float(cost_case.answer_within_seconds),
        shrinkage=float(cost_case.shrinkage_percent) / 100,
        loaded_salary=cost_case.loaded_salary,
        training_per_agent=cost_case.training_per_agent,
        equipment_per_agent=cost_case.equipment_per_agent,
        rent_per_agent=cost_case.rent_per_agent,
        it_per_agent=cost_case.it_per_agent,
        supervision_per_agent=cost_case.supervision_per_agent,
        coverage_extra_percent=cost_case.coverage_extra_percent,
        oversight_monthly=cost_case.oversight_monthly,
        outbound_sales_monthly=cost_case.outbound_sales_monthly,
        in_house_agents_override=cost_case.in_house_agents_override,
    )


def workload_from(data: PlanningData) -> costs.Workload | None:
    """The workload of the scope; raises ``ValueError`` when the staffing math cannot
    size it (see ``workload_or_problem`` for pages)."""
    if not data.scope_filled:
        return None
    return costs.build_workload(channel_loads(data.lines), cost_inputs(data.cost_case))


def workload_or_problem(data: PlanningData) -> tuple[costs.Workload | None, str]:
    """The workload, or None and the sentence a page shows when the staffing math
    refuses the scope (a load beyond any call center, say)."""
    try:
        return workload_from(data), ""
    except ValueError as exc:
        log.info("Scope of engagement cannot be sized: %s", exc)
        return None, (
            f"The staffing math cannot size this scope: {exc} Check the channel volumes, "
            "handle times and busiest-hour shares in step 1."
        )


def workload(engagement: Engagement) -> costs.Workload | None:
    """The scoped work in billable units with its in-house cost; None until scoped
    (and when the staffing math cannot size the scope, which step 1's page explains).

    Before the cost case is filled in, the staffing uses the default target
    (80% in 20 s, 30% shrinkage) and the in-house and oversight costs are 0.
    """
    return workload_or_problem(planning_data(engagement))[0]


def scope_facts(scope: NeedsScope | None, lines: list[ChannelLine]) -> ScopeFacts:
    return ScopeFacts(
        lines=[
            Line(
                channel=line.channel,
                contacts_per_month=float(line.contacts_per_month),
                handle_minutes=float(line.handle_minutes),
                coverage_hours_per_week=float(line.coverage_hours_per_week),
            )
            for line in lines
        ],
        complex_share_percent=float(scope.complex_share_percent) if scope else 0.0,
        face_to_face_needed=scope.face_to_face_needed if scope else False,
        volume_pattern=scope.volume_pattern if scope else "steady",
        outbound_purpose=scope.outbound_purpose if scope else "",
        in_house_agents=scope.in_house_agents if scope else 0,
        in_house_hours_per_week=float(scope.in_house_hours_per_week) if scope else 0.0,
    )


def scoped_channels(engagement: Engagement) -> set[str]:
    """The channel values in scope (one query)."""
    return set(ChannelLine.objects.filter(engagement=engagement).values_list("channel", flat=True))


def assessment_for(engagement: Engagement) -> CustomerAssessment | None:
    return CustomerAssessment.objects.filter(engagement=engagement).first()


@dataclass(frozen=True)
class Staleness:
    """Why a saved assessment no longer matches the scope, for the step-3 page."""

    since: datetime | None  # when the channels last changed (None: before it was recorded)
    added: list[str]  # channels (labels) scoped since the assessment
    removed: list[str]  # channels (labels) assessed but no longer scoped


def assessment_staleness(
    assessment: CustomerAssessment | None, data: PlanningData
) -> Staleness | None:
    """None while the assessment judged exactly the channels in scope now.

    Language risk is judged per channel, so a channel joining or leaving the scope
    leaves the saved risk level out of date until someone reviews it.
    """
    if assessment is None:
        return None
    scoped = {line.channel for line in data.lines}
    assessed = set(assessment.language_risk or {})
    if scoped == assessed:
        return None
    since = data.scope.channels_changed_at if data.scope else None
    return Staleness(
        since=since or (data.scope.updated_at if data.scope else None),
        added=[Channel(value).label for value in sorted(scoped - assessed)],
        removed=[Channel(value).label for value in sorted(assessed - scoped)],
    )


def scored_assessment(assessment: CustomerAssessment) -> risk.Assessment:
    """The risk factors and combined level of a saved assessment (no query)."""
    return risk.assess(
        offshore=assessment.offshore,
        local_preference=assessment.local_preference,
        language_risk=assessment.language_risk,
        channel_labels=dict(Channel.choices),
        response_expectation=assessment.response_expectation,
        data_residency=assessment.data_residency,
    )


def customer_risk_level(engagement: Engagement) -> str | None:
    """The combined customer-base risk, "low" | "medium" | "high"; None until assessed."""
    return (
        CustomerAssessment.objects.filter(engagement=engagement)
        .values_list("risk_level", flat=True)
        .first()
    )


def current_rate_cards(on: date | None = None) -> list[RateCard]:
    """The latest row per (region, pricing model) in effect on ``on`` (one query)."""
    on = on or date.today()
    latest: dict[tuple[str, str], RateCard] = {}
    for row in RateCard.objects.filter(effective_date__lte=on).order_by("-effective_date", "-id"):
        latest.setdefault((row.region, row.pricing_model), row)
    return list(latest.values())


def rate_for(rows: list[RateCard], *, region: str, pricing_model: str) -> RateCard | None:
    """The rate-card row that prices ``pricing_model`` in ``region``, or None.

    The region's own row first; for hourly work, the region's general hourly
    rate; then the worldwide (low-cost international) row, but not for a
    high-cost region, which gets None rather than a price far below its own.
    The commission premium is a percentage, the same everywhere.
    """
    index = {(row.region, row.pricing_model): row for row in rows}
    candidates = [(region, pricing_model)]
    if pricing_model in (costs.DEDICATED_PER_HOUR, costs.OUTBOUND_HOURLY):
        candidates.append((region, ""))
    if region not in HIGH_COST_REGIONS or pricing_model == costs.COMMISSION:
        candidates.append(("worldwide", pricing_model))
    for key in candidates:
        if key in index:
            return index[key]
    return None


def mid(low: Decimal, high: Decimal) -> Decimal:
    return (low + high) / 2
