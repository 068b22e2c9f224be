"""Reads for the due-diligence pages, and the per-candidate summaries other pages use.

``candidate_summaries`` is the interface the comparison page codes against: three
queries whatever the number of candidates, checklist items and test calls, all
counting and averaging done by the database.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, Sum
from django.utils import timezone

from portal.reference import Channel
from vendors import scoring
from vendors.diligence.models import (
    LIVE_CHANNELS,
    Checklist,
    ChecklistItem,
    Evidence,
    Reassessment,
    TestCall,
)
from vendors.models import Candidate


@dataclass(frozen=True)
class CandidateSummary:
    """Due-diligence completion, risk and test-call results of one candidate.

    "Answered" includes "not applicable"; an open item is one not answered yet. An
    open critical item is a critical or high-risk one not settled (see ``CRITICAL_OPEN``).
    Averages and the first-contact resolution rate are None without test calls (or
    without any call where that figure is recorded).
    """

    candidate_id: int
    checklist_started: bool = False
    items_total: int = 0
    answered_share: float = 0.0
    open_items: int = 0
    critical_no_count: int = 0
    risk_high_count: int = 0
    critical_open_count: int = 0
    evidence_count: int = 0
    test_call_count: int = 0
    avg_wait_seconds: float | None = None  # phone and chat calls
    avg_reply_hours: float | None = None  # e-mail and social-media tests
    first_contact_resolution_rate: float | None = None  # of the calls where it is recorded
    # (channel, calls timed, their average: seconds live, hours written), channel order.
    times_by_channel: tuple[tuple[str, int, float], ...] = ()
    avg_handle_minutes: float | None = None
    avg_courtesy: float | None = None
    avg_language_clarity: float | None = None
    avg_product_knowledge: float | None = None

    @property
    def avg_score(self) -> float | None:
        """The mean of the three 1-5 test-call scores."""
        scores = (self.avg_courtesy, self.avg_language_clarity, self.avg_product_knowledge)
        if any(score is None for score in scores):
            return None
        return sum(scores) / 3


# A critical item (a template's red flag) or one the reviewer rated high risk, whose
# answer is not Yes or Not applicable: unanswered, Partly or No. Approving over one
# asks for an explicit confirmation (``vendors.actions.candidate_approve``).
CRITICAL_OPEN = (Q(template_item__critical=True) | Q(risk=ChecklistItem.Risk.HIGH)) & ~Q(
    answer__in=[ChecklistItem.Answer.YES, ChecklistItem.Answer.NOT_APPLICABLE]
)


def open_critical_count(candidate: Candidate) -> int:
    """How many critical or high-risk checklist items of ``candidate`` are not settled."""
    return ChecklistItem.objects.filter(CRITICAL_OPEN, checklist__candidate=candidate).count()


def _checklist_figures(candidates) -> dict[int, dict]:
    rows = (
        ChecklistItem.objects.filter(checklist__candidate__in=candidates)
        .values("checklist__candidate_id")
        .annotate(
            # distinct: the join to evidence repeats an item once per file.
            total=Count("id", distinct=True),
            answered=Count("id", distinct=True, filter=~Q(answer="")),
            critical_no=Count(
                "id",
                distinct=True,
                filter=Q(answer=ChecklistItem.Answer.NO, template_item__critical=True),
            ),
            risk_high=Count("id", distinct=True, filter=Q(risk=ChecklistItem.Risk.HIGH)),
            critical_open=Count("id", distinct=True, filter=CRITICAL_OPEN),
            evidence=Count("evidence", distinct=True),
        )
        .order_by()
    )
    return {row["checklist__candidate_id"]: row for row in rows}


def _test_call_figures(candidates) -> dict[int, dict]:
    """Per candidate: the sums and counts of its test calls, and its times per channel
    (one query, grouped by candidate and channel, combined here)."""
    rows = (
        TestCall.objects.filter(candidate__in=candidates)
        .values("candidate_id", "channel")
        .annotate(
            calls=Count("id"),
            resolved=Count("id", filter=Q(resolved_first_contact=True)),
            resolution_known=Count("resolved_first_contact"),
            wait_n=Count("wait_seconds"),
            wait_sum=Sum("wait_seconds"),
            reply_n=Count("reply_hours"),
            reply_sum=Sum("reply_hours"),
            **{f"{name}_n": Count(name) for name in _AVERAGED},
            **{f"{name}_sum": Sum(name) for name in _AVERAGED},
        )
        .order_by()
    )
    figures: dict[int, dict] = {}
    for row in rows:
        into = figures.setdefault(row["candidate_id"], {"times": []})
        for key, value in row.items():
            if key not in ("candidate_id", "channel"):
                into[key] = into.get(key, 0) + (value or 0)
        live = row["channel"] in LIVE_CHANNELS
        n, total = (row["wait_n"], row["wait_sum"]) if live else (row["reply_n"], row["reply_sum"])
        if n:
            into["times"].append((row["channel"], n, float(total) / n))
    order = {value: position for position, value in enumerate(Channel.values)}
    for into in figures.values():
        into["times"] = tuple(sorted(into["times"], key=lambda time: order.get(time[0], 99)))
    return figures


_AVERAGED = ("handle_minutes", "courtesy", "language_clarity", "product_knowledge")


def _mean(row: dict, name: str) -> float | None:
    return float(row[f"{name}_sum"]) / row[f"{name}_n"] if row[f"{name}_n"] else None


def _summaries(candidate_ids: list[int], candidates, started: set[int]) -> dict:
    checklists = _checklist_figures(candidates)
    calls = _test_call_figures(candidates)
    summaries = {}
    for candidate_id in candidate_ids:
        fields: dict = {"candidate_id": candidate_id}
        if candidate_id in started:
            fields["checklist_started"] = True
        if row := checklists.get(candidate_id):
            fields.update(
                items_total=row["total"],
                answered_share=row["answered"] / row["total"] if row["total"] else 0.0,
                open_items=row["total"] - row["answered"],
                critical_no_count=row["critical_no"],
                risk_high_count=row["risk_high"],
                critical_open_count=row["critical_open"],
                evidence_count=row["evidence"],
            )
        if row := calls.get(candidate_id):
            known = row["resolution_known"]
            fields.update(
                test_call_count=row["calls"],
                avg_wait_seconds=_mean(row, "wait"),
                avg_reply_hours=_mean(row, "reply"),
                first_contact_resolution_rate=row["resolved"] / known if known else None,
                avg_handle_minutes=_mean(row, "handle_minutes"),
                avg_courtesy=_mean(row, "courtesy"),
                avg_language_clarity=_mean(row, "language_clarity"),
                avg_product_knowledge=_mean(row, "product_knowledge"),
                times_by_channel=row["times"],
            )
        summaries[candidate_id] = CandidateSummary(**fields)
    return summaries


def candidate_summaries(engagement) -> dict[int, CandidateSummary]:
    """Every candidate of ``engagement`` by id, with zeros/None where nothing is recorded."""
    candidates = Candidate.objects.filter(engagement=engagement)
    pairs = list(candidates.values_list("id", "checklist__id"))
    ids = [candidate_id for candidate_id, _ in pairs]
    started = {candidate_id for candidate_id, checklist_id in pairs if checklist_id}
    return _summaries(ids, candidates.values("id"), started)


def candidate_summary(candidate: Candidate) -> CandidateSummary:
    """The summary of one candidate (three queries)."""
    started = Checklist.objects.filter(candidate=candidate).exists()
    candidates = Candidate.objects.filter(pk=candidate.pk).values("id")
    return _summaries([candidate.pk], candidates, {candidate.pk} if started else set())[
        candidate.pk
    ]


def engagement_candidates(engagement):
    return Candidate.objects.filter(engagement=engagement).select_related("vendor")


def checklist_items(checklist: Checklist):
    """The items of a checklist in template order, with what the page shows of each."""
    return (
        checklist.items.select_related("template_item", "reviewer")
        .prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.select_related("uploaded_by"))
        )
        .order_by("template_item__order", "template_item_id")
    )


def next_item(item: ChecklistItem) -> ChecklistItem | None:
    """The item after ``item`` in its checklist's order, for "save and next"."""
    order = (item.template_item.order, item.template_item_id)
    return (
        ChecklistItem.objects.select_related("checklist")
        .filter(checklist_id=item.checklist_id)
        .filter(
            Q(template_item__order__gt=order[0])
            | Q(template_item__order=order[0], template_item_id__gt=order[1])
        )
        .order_by("template_item__order", "template_item_id")
        .first()
    )


def candidate_checklist(candidate: Candidate) -> Checklist | None:
    return (
        Checklist.objects.select_related("template", "started_by")
        .filter(candidate=candidate)
        .first()
    )


def candidate_test_calls(candidate: Candidate):
    return candidate.test_calls.select_related("caller").order_by("-called_at", "-id")


# --- After go-live: monthly test-call scores, re-assessments, evidence dates --------


def monthly_test_call_scores(candidate_ids, since: datetime.date) -> dict[int, dict]:
    """Per candidate, its test-call score (0-100, ``scoring.score_test_calls``) per month
    from ``since``, by the month's first day, in one query. A month without a rated
    call has no score."""
    rows = TestCall.objects.filter(
        candidate_id__in=list(candidate_ids), called_at__date__gte=since
    ).values_list(
        "candidate_id",
        "called_at",
        "channel",
        "wait_seconds",
        "reply_hours",
        "resolved_first_contact",
        "courtesy",
        "language_clarity",
        "product_knowledge",
    )
    grouped: dict[tuple[int, datetime.date], list] = {}
    for row in rows:
        month = timezone.localtime(row[1]).date().replace(day=1)
        grouped.setdefault((row[0], month), []).append(row)
    scores: dict[int, dict] = {}
    for (candidate_id, month), calls in grouped.items():
        score = scoring.score_test_calls(_month_facts(candidate_id, calls))
        if not score.no_data:
            scores.setdefault(candidate_id, {})[month] = score.value
    return scores


def _month_facts(candidate_id: int, calls: list) -> scoring.CandidateFacts:
    known = [c[5] for c in calls if c[5] is not None]
    times: dict[str, list[float]] = {}
    for _cid, _at, channel, wait, reply, *_rest in calls:
        value = wait if channel in LIVE_CHANNELS else reply
        if value is not None:
            times.setdefault(channel, []).append(float(value))
    count = len(calls)
    return scoring.CandidateFacts(
        candidate_id=candidate_id,
        name="",
        test_call_count=count,
        times_by_channel=tuple((ch, len(v), sum(v) / len(v)) for ch, v in sorted(times.items())),
        first_contact_resolution_rate=sum(known) / len(known) if known else None,
        avg_courtesy=sum(c[6] for c in calls) / count,
        avg_language_clarity=sum(c[7] for c in calls) / count,
        avg_product_knowledge=sum(c[8] for c in calls) / count,
    )


def expiring_evidence(candidate_ids, until: datetime.date):
    """Evidence of these candidates' checklists that expires by ``until`` (expired
    included), soonest first, with its item and candidate."""
    return (
        Evidence.objects.filter(
            item__checklist__candidate_id__in=list(candidate_ids), expires_on__lte=until
        )
        .select_related("item__template_item", "item__checklist__candidate__vendor")
        .order_by("expires_on", "id")
    )


def open_reassessments(candidate_ids):
    """Re-assessment rounds not yet complete, soonest due first."""
    return (
        Reassessment.objects.filter(
            checklist__candidate_id__in=list(candidate_ids), completed_at__isnull=True
        )
        .select_related("assignee", "checklist__candidate__vendor")
        .order_by("due_date", "id")
    )


def latest_rounds(candidate_ids) -> dict[int, Reassessment]:
    """The latest re-assessment round of each candidate's checklist, in one query."""
    latest: dict[int, Reassessment] = {}
    rounds = Reassessment.objects.filter(
        checklist__candidate_id__in=list(candidate_ids)
    ).select_related("checklist", "assignee")
    for round_ in rounds.order_by("checklist_id", "number"):
        latest[round_.checklist.candidate_id] = round_
    return latest
