"""Reads for steps 1-3, and the interface other steps use: ``workload``,
``customer_risk_level`` (and ``cost_inputs``/``channel_loads`` for what-ifs).

Each function runs a fixed number of queries whatever the data.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from portal import billing, costs, derived, week
from portal.cost_inputs import ChannelLoad, CostInputs
from portal.models import Engagement
from portal.planning import hours, risk
from portal.planning.choices import QUEUE_CHANNELS, ProfileKind
from portal.planning.formatting import plain
from portal.planning.models import ChannelLine, CostCase, CustomerAssessment, NeedsScope, RateCard
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
    # The engagement read, at its version then: its workload is cached under it
    # (``portal.derived``); None for figures built from data of several engagements.
    engagement: Engagement | None = field(default=None, compare=False, repr=False)
    version: int | None = field(default=None, compare=False, repr=False)

    @property
    def scope_filled(self) -> bool:
        return self.scope is not None and any(line.contacts_per_month > 0 for line in self.lines)


def planning_data(engagement: Engagement) -> PlanningData:
    """Scope, channel lines and cost case in three queries, once per request and
    version of the planning data (the monitoring page, the exit plan and the standing
    all read them)."""
    return derived.per_request(
        engagement,
        "planning-data",
        lambda: PlanningData(
            scope=NeedsScope.objects.filter(engagement=engagement).first(),
            lines=list(ChannelLine.objects.filter(engagement=engagement).order_by("channel")),
            cost_case=CostCase.objects.filter(engagement=engagement).first(),
            engagement=engagement,
            version=derived.current_version(engagement),
        ),
        part="planning",
    )


def line_profile(line: ChannelLine) -> tuple[float, ...] | None:
    """The arrival profile a line's staffing uses: the imported shares, a built-in
    profile over its open hours, or None for an even spread (the "flat" pattern)."""
    if line.profile_kind == ProfileKind.IMPORTED and line.profile:
        return tuple(float(share) for share in line.profile)
    if line.profile_kind in (ProfileKind.FLAT, ProfileKind.IMPORTED):
        return None
    return week.profile_for(line.profile_kind, tuple(line.open_hours))


def channel_load(line: ChannelLine) -> ChannelLoad:
    """One line of the scope as the cost model takes it."""
    return ChannelLoad(
        channel=line.channel,
        contacts_per_month=float(line.contacts_per_month),
        handle_minutes=float(line.handle_minutes),
        open_hours=tuple(line.open_hours),
        profile=line_profile(line),
        patience_seconds=(
            float(line.patience_seconds)
            if line.patience_seconds is not None and line.channel in QUEUE_CHANNELS
            else None
        ),
        concurrency=float(line.concurrency) if line.channel == Channel.CHAT else 1.0,
    )


def channel_loads(lines: list[ChannelLine]) -> list[ChannelLoad]:
    return [channel_load(line) for line in lines if line.contacts_per_month > 0]


def profile_name(line: ChannelLine) -> str:
    """The line's arrival pattern as pages name it."""
    return ProfileKind(line.profile_kind).label


@dataclass(frozen=True)
class LineRow:
    """A channel line as step 1's summary shows it."""

    line: ChannelLine
    hours_text: str  # "Monday-Friday 09:00-18:00", "24/7", or day by day
    queue_text: str  # patience and chats at once, where they apply


def line_rows(lines: list[ChannelLine]) -> list[LineRow]:
    rows = []
    for line in lines:
        queue = []
        if line.channel == Channel.CHAT:
            queue.append(f"{plain(line.concurrency)} chats at once")
        if line.channel in QUEUE_CHANNELS:
            queue.append(
                f"callers hang up after {line.patience_seconds:,} s on average"
                if line.patience_seconds
                else "patience not known"
            )
        rows.append(LineRow(line, hours.describe(line.open_hours), "; ".join(queue)))
    return rows


@dataclass(frozen=True)
class WeekTable:
    """A channel's week for a compact 7 x 24 table: per day, each hour's share of the
    week's contacts in percent (None: closed)."""

    days: list[tuple[str, list[float | None]]]
    hours_text: str
    profile_text: str
    busiest: str  # the busiest hour, "Tuesday 10:00 (1.9% of the week)"


def week_table(line: ChannelLine) -> WeekTable:
    """The line's open hours and arrival profile, laid out by day (no query)."""
    is_open = tuple(line.open_hours)
    profile = line_profile(line)
    shares = (
        week.normalized_profile(profile, is_open)
        if profile is not None
        else week.normalized_profile(week.PROFILES["flat"], is_open)
    )
    days = [
        (
            name,
            [
                round(shares[day * 24 + hour] * 100, 1) if is_open[day * 24 + hour] else None
                for hour in range(24)
            ],
        )
        for day, name in enumerate(week.DAYS)
    ]
    top = max(range(week.HOURS_PER_WEEK), key=lambda hour: shares[hour])
    return WeekTable(
        days=days,
        hours_text=hours.describe(is_open),
        profile_text=profile_name(line),
        busiest=f"{week.hour_name(top)} ({shares[top] * 100:.1f}% of the week)",
    )


def cost_inputs(cost_case: CostCase | None) -> CostInputs:
    """The company's figures; without a cost case, the staffing defaults and no costs."""
    if cost_case is None:
        return CostInputs()
    return CostInputs(
        service_target=float(cost_case.service_target_percent) / 100,
        answer_within_seconds=float(cost_case.answer_within_seconds),
        reply_within_hours=float(cost_case.reply_within_hours),
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
    size it (see ``workload_or_problem`` for pages).

    The hour-by-hour staffing (a queue solve per hour of the week and channel) runs
    once per change of the engagement: data read by ``planning_data`` is cached under
    the engagement's version it was read at (``portal.derived``)."""
    if not data.scope_filled:
        return None
    if data.engagement is None or derived.current_version(data.engagement) != data.version:
        return _build_workload(data)
    sized, value = derived.cached(
        data.engagement, "workload", lambda: _sized(data), part="planning"
    )
    if not sized:
        raise ValueError(value)
    return value


def _build_workload(data: PlanningData) -> costs.Workload:
    return costs.build_workload(channel_loads(data.lines), cost_inputs(data.cost_case))


def _sized(data: PlanningData) -> tuple[bool, costs.Workload | str]:
    """(True, workload), or (False, why the staffing math refuses it): kept alike."""
    try:
        return True, _build_workload(data)
    except ValueError as exc:
        return False, str(exc)


def workload_or_problem(data: PlanningData) -> tuple[costs.Workload | None, str]:
    """The workload, or None and the sentence a page shows when the staffing math
    refuses the scope (a load beyond any call center, say)."""
    try:
        return workload_from(data), ""
    except ValueError as exc:
        log.info("Scope of engagement cannot be sized: %s", exc)
        return None, (
            f"The staffing math cannot size this scope: {exc} Check the channel volumes, "
            "handle times, open hours and arrival patterns in step 1."
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
                coverage_hours_per_week=float(hours.count(line.open_hours)),
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
    if pricing_model in (billing.DEDICATED_PER_HOUR, billing.OUTBOUND_HOURLY):
        candidates.append((region, ""))
    if region not in HIGH_COST_REGIONS or pricing_model == billing.COMMISSION:
        candidates.append(("worldwide", pricing_model))
    for key in candidates:
        if key in index:
            return index[key]
    return None


def mid(low: Decimal, high: Decimal) -> Decimal:
    return (low + high) / 2
