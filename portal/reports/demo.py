"""Demo data of the reports: the scorecards of the two months before this one on each
live demo engagement (rendered by the worker once it runs, like any report)."""

from __future__ import annotations

from django.utils import timezone

from contracts.monitoring.plan_queries import is_live
from portal.reports.scorecard_actions import previous_month, scorecard_create

DEMO_SCORECARD_MONTHS = 2


def seed(ctx):
    if ctx is None:
        return ctx
    engagement = ctx.engagement
    if not is_live(engagement):
        return ctx
    month = timezone.localdate().replace(day=1)
    for _ in range(DEMO_SCORECARD_MONTHS):
        month = previous_month(month)
        scorecard_create(engagement=engagement, period=month)
    return ctx
