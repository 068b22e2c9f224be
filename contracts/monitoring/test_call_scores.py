"""The contracted vendor's test calls after go-live: the calls that fill the month's
plan, and the monthly test-call scores (``vendors.diligence.queries.
monthly_test_call_scores``, the ones the vendor standing reads) that the monitoring
page's trend, the test-call score SLA and the scorecard show."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import timezone

from contracts.models import Contract
from portal.models import Engagement
from vendors.diligence import queries as diligence_queries
from vendors.diligence.models import TestCall

SINCE = date(2000, 1, 1)


@dataclass(frozen=True)
class MonthScore:
    month: date
    score: int


def contracted_calls(engagement: Engagement) -> list[dict]:
    """Every test call to the contracted vendor, oldest first (one query)."""
    return list(
        TestCall.objects.filter(candidate__contracts__engagement=engagement)
        .order_by("called_at", "id")
        .values("id", "channel", "called_at")
    )


def call_month(call: dict) -> date:
    return timezone.localtime(call["called_at"]).date().replace(day=1)


def monthly_scores(engagement: Engagement) -> list[MonthScore]:
    """The contracted vendor's test-call score (0-100) per month, oldest first; a month
    without a rated call has none (two queries)."""
    candidate_id = (
        Contract.objects.filter(engagement=engagement)
        .values_list("candidate_id", flat=True)
        .first()
    )
    if candidate_id is None:
        return []
    scores = diligence_queries.monthly_test_call_scores([candidate_id], SINCE).get(candidate_id, {})
    return [MonthScore(month, score) for month, score in sorted(scores.items())]


def score_values(scores: list[MonthScore]) -> dict[date, Decimal]:
    """The scores as KPI values by month (what an SLA on the test-call score reads)."""
    return {s.month: Decimal(s.score) for s in scores}
