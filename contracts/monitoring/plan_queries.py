"""Reads of the test-call plan: which engagements are live, what the plan spreads
over (``plan_slots``), this month's plan with the calls that filled it, the monthly
test-call scores and the planned calls due this week."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from contracts import test_call_plan
from contracts.models import PlannedCall, TestCallPlan, TestCallTarget
from contracts.monitoring import test_call_scores
from contracts.monitoring.test_call_scores import MonthScore, call_month
from portal import access
from portal.models import Engagement
from portal.planning import queries as planning_queries
from portal.planning.models import ChannelLine
from portal.planning.scope_forms import split_languages
from vendors.diligence.models import TestCall

# The monitoring page's test-call plan: the vendor's test calls, its contract and
# scores, the month's plan and its calls, the number a month.
TEST_CALL_QUERIES = 6


def live_engagements():
    """Engagements after go-live: the signed contract recorded, not closed (as the
    vendor standing counts them)."""
    return Engagement.objects.filter(contract__isnull=False).exclude(
        status=Engagement.Status.CLOSED
    )


def is_live(engagement: Engagement) -> bool:
    return live_engagements().filter(pk=engagement.pk).exists()


def calls_per_month(engagement: Engagement) -> int:
    target = TestCallTarget.objects.filter(engagement=engagement).first()
    return target.calls_per_month if target else TestCallTarget().calls_per_month


def plan_slots(engagement: Engagement) -> list[test_call_plan.ChannelSlots]:
    """What the plan spreads over: each channel in scope, its monthly volume, its
    languages and its week: the open hours weighted by the channel's arrival pattern
    (step 1's profile, the same shares the cost case staffs), so busier hours get more
    test calls."""
    lines = list(ChannelLine.objects.filter(engagement=engagement).order_by("channel"))
    loads = {load.channel: load for load in planning_queries.channel_loads(lines)}
    return [
        test_call_plan.ChannelSlots(
            channel=line.channel,
            volume=float(line.contacts_per_month),
            languages=tuple(split_languages(line.languages)),
            open_hours=test_call_plan.weekly_hours(loads[line.channel].shares),
        )
        for line in lines
        if line.channel in loads
    ]


def month_bounds(month: date) -> tuple[datetime, datetime]:
    """The month as aware datetimes, its first moment and the next month's."""
    following = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    zone = timezone.get_current_timezone()
    return (
        datetime.combine(month, time(), tzinfo=zone),
        datetime.combine(following, time(), tzinfo=zone),
    )


@dataclass(frozen=True)
class PlanRow:
    planned: PlannedCall
    test_call_id: int | None  # the call that filled it

    @property
    def done(self) -> bool:
        return self.test_call_id is not None


@dataclass(frozen=True)
class PlanView:
    month: date
    plan: TestCallPlan | None
    rows: list[PlanRow]
    extra_calls: int  # calls this month beyond the plan on their channel

    @property
    def planned(self) -> int:
        return len(self.rows)

    @property
    def done(self) -> int:
        return sum(row.done for row in self.rows)

    @property
    def coverage_percent(self) -> int:
        return round(100 * self.done / self.planned) if self.planned else 0


def _filled(planned: list[PlannedCall], calls: list[dict]) -> tuple[list[PlanRow], int]:
    refs = [test_call_plan.PlannedRef(p.pk, p.channel, p.test_call_id) for p in planned]
    filled, extra = test_call_plan.plan_fill(refs, [(c["id"], c["channel"]) for c in calls])
    return [PlanRow(p, filled.get(p.pk)) for p in planned], len(extra)


def plan_view(engagement: Engagement, month: date, calls: list[dict] | None = None) -> PlanView:
    """The month's plan and which planned calls are done (three queries; two when the
    caller already read the contracted vendor's test calls)."""
    plan = TestCallPlan.objects.filter(engagement=engagement, month=month).first()
    if plan is None:
        return PlanView(month, None, [], 0)
    planned = list(plan.calls.select_related("assignee"))
    if calls is None:
        calls = test_call_scores.contracted_calls(engagement)
    in_month = [c for c in calls if call_month(c) == month]
    rows, extra = _filled(planned, in_month)
    return PlanView(month, plan, rows, extra)


@dataclass(frozen=True)
class TestCallsView:
    __test__ = False

    plan: PlanView
    calls_per_month: int
    scores: list[MonthScore]


def test_calls_view(engagement: Engagement, today: date) -> TestCallsView:
    """This month's plan and the monthly scores, for the monitoring page (six queries)."""
    calls = test_call_scores.contracted_calls(engagement)
    return TestCallsView(
        plan=plan_view(engagement, today.replace(day=1), calls),
        calls_per_month=calls_per_month(engagement),
        scores=test_call_scores.monthly_scores(engagement),
    )


# --- The dashboard: planned calls this week --------------------------------------


@dataclass(frozen=True)
class DueCall:
    planned: PlannedCall
    engagement: Engagement
    mine: bool


def week_of(today: date) -> tuple[date, date]:
    monday = today - timedelta(days=today.weekday())
    return monday, monday + timedelta(days=7)


def due_this_week(user, today: date) -> list[DueCall]:
    """Open planned calls suggested this week, on live engagements the user sees:
    the user's own first, then the team's (three queries, however many plans)."""
    monday, next_monday = week_of(today)
    months = {monday.replace(day=1), (next_monday - timedelta(days=1)).replace(day=1)}
    engagements = (
        access.visible_engagements(user)
        .filter(contract__isnull=False)
        .exclude(status=Engagement.Status.CLOSED)
    )
    planned = list(
        PlannedCall.objects.filter(plan__engagement__in=engagements, plan__month__in=months)
        .select_related("plan__engagement", "assignee")
        .order_by("suggested_at", "id")
    )
    if not planned:
        return []
    start, _ = month_bounds(min(months))
    _, end = month_bounds(max(months))
    engagement_ids = {p.plan.engagement_id for p in planned}
    calls = list(
        TestCall.objects.filter(
            candidate__contracts__engagement__in=engagement_ids,
            called_at__gte=start,
            called_at__lt=end,
        )
        .order_by("called_at", "id")
        .values("id", "channel", "called_at", "candidate__contracts__engagement")
    )
    week_start = datetime.combine(monday, time(), tzinfo=timezone.get_current_timezone())
    week_end = week_start + timedelta(days=7)
    due = []
    for plan_id in sorted({p.plan_id for p in planned}):
        of_plan = [p for p in planned if p.plan_id == plan_id]
        plan = of_plan[0].plan
        in_month = [
            c
            for c in calls
            if c["candidate__contracts__engagement"] == plan.engagement_id
            and call_month(c) == plan.month
        ]
        rows, _ = _filled(of_plan, in_month)
        for row in rows:
            p = row.planned
            if not row.done and week_start <= p.suggested_at < week_end:
                due.append(DueCall(p, plan.engagement, p.assignee_id == user.pk))
    due.sort(key=lambda d: (not d.mine, d.planned.suggested_at, d.planned.pk))
    return due
