"""The contracted vendor's test calls month by month, scored the way step 4's
comparison scores a candidate's calls (``vendors.scoring.score_test_calls``): the
trend on the monitoring page, the test-call score SLA and the scorecard read these."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import timezone

from portal.models import Engagement
from vendors import scoring
from vendors.diligence.models import LIVE_CHANNELS, TestCall

_FIELDS = (
    "id",
    "called_at",
    "channel",
    "wait_seconds",
    "reply_hours",
    "resolved_first_contact",
    "courtesy",
    "language_clarity",
    "product_knowledge",
)


@dataclass(frozen=True)
class MonthScore:
    month: date
    calls: int
    score: int
    reason: str


def contracted_calls(engagement: Engagement) -> list[dict]:
    """Every test call to the contracted vendor, oldest first (one query)."""
    return list(
        TestCall.objects.filter(candidate__contracts__engagement=engagement)
        .order_by("called_at", "id")
        .values(*_FIELDS)
    )


def call_month(call: dict) -> date:
    return timezone.localtime(call["called_at"]).date().replace(day=1)


def _mean(values: list) -> float | None:
    known = [float(v) for v in values if v is not None]
    return sum(known) / len(known) if known else None


def _facts(calls: list[dict]) -> scoring.CandidateFacts:
    times = []
    for channel in sorted({c["channel"] for c in calls}):
        key = "wait_seconds" if channel in LIVE_CHANNELS else "reply_hours"
        measured = [float(c[key]) for c in calls if c["channel"] == channel and c[key] is not None]
        if measured:
            times.append((channel, len(measured), sum(measured) / len(measured)))
    resolution = [c["resolved_first_contact"] for c in calls]
    known = [r for r in resolution if r is not None]
    return scoring.CandidateFacts(
        candidate_id=0,
        name="",
        test_call_count=len(calls),
        times_by_channel=tuple(times),
        first_contact_resolution_rate=sum(known) / len(known) if known else None,
        avg_courtesy=_mean([c["courtesy"] for c in calls]),
        avg_language_clarity=_mean([c["language_clarity"] for c in calls]),
        avg_product_knowledge=_mean([c["product_knowledge"] for c in calls]),
    )


def monthly_scores(
    calls: list[dict], *, answer_within_seconds: float | None = None
) -> list[MonthScore]:
    """A score (0-100) per month with calls, oldest first; months with nothing rated
    are left out."""
    context = scoring.Context(
        answer_within_seconds=answer_within_seconds or scoring.DEFAULT_ANSWER_WITHIN_SECONDS
    )
    by_month: dict[date, list[dict]] = defaultdict(list)
    for call in calls:
        by_month[call_month(call)].append(call)
    found = []
    for month in sorted(by_month):
        score = scoring.score_test_calls(_facts(by_month[month]), context)
        if not score.no_data:
            found.append(MonthScore(month, len(by_month[month]), score.value, score.reason))
    return found


def score_values(scores: list[MonthScore]) -> dict[date, Decimal]:
    """The scores as KPI values by month (what an SLA on the test-call score reads)."""
    return {s.month: Decimal(s.score) for s in scores}
