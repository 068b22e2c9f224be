"""Step 4's due diligence and test calls in the decision report.

Per candidate: the counts of ``candidate_summaries`` (the comparison page's), every
"no" answer with its notes, and the questions still open. Answered "yes", "partly"
and "not applicable" items are counted, not listed, so twenty candidates with thirty
questions each stay a few pages long. Four queries whatever the numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q

from portal.sections import Section
from vendors.diligence import queries
from vendors.diligence.models import ChecklistItem

DILIGENCE = ("diligence", "Step 4: Due diligence and test calls")


@dataclass
class CandidateDiligence:
    candidate: object
    summary: queries.CandidateSummary
    no_answers: list[ChecklistItem] = field(default_factory=list)
    open_items: list[ChecklistItem] = field(default_factory=list)


def _flagged_items(engagement) -> list[ChecklistItem]:
    """The "no" and unanswered items of every checklist of ``engagement``, in template order."""
    return list(
        ChecklistItem.objects.filter(checklist__candidate__engagement=engagement)
        .filter(Q(answer=ChecklistItem.Answer.NO) | Q(answer=""))
        .select_related("template_item", "checklist")
        .order_by("checklist__candidate_id", "template_item__order", "template_item_id")
    )


def diligence_section(engagement) -> Section:
    candidates = list(queries.engagement_candidates(engagement).order_by("vendor__name"))
    if not candidates:
        return Section.not_filled(
            *DILIGENCE, "No vendor is shortlisted yet, so no due diligence has been done."
        )
    summaries = queries.candidate_summaries(engagement)
    rows = {c.pk: CandidateDiligence(c, summaries[c.pk]) for c in candidates}
    for item in _flagged_items(engagement):
        row = rows[item.checklist.candidate_id]
        (row.open_items if item.answer == "" else row.no_answers).append(item)
    ordered = [rows[c.pk] for c in candidates]
    started = [r for r in ordered if r.summary.checklist_started]
    calls = sum(r.summary.test_call_count for r in ordered)
    if not started and not calls:
        return Section.not_filled(
            *DILIGENCE,
            "Due diligence has not started: no checklist filled in and no test call logged.",
        )
    critical = sum(r.summary.critical_no_count for r in ordered)
    summary = (
        f"{len(started)} of {len(ordered)} checklist{'s' if len(ordered) != 1 else ''} started, "
        f"{critical} critical “no” answer{'s' if critical != 1 else ''}; "
        f"{calls} test call{'s' if calls != 1 else ''} logged."
    )
    return Section(
        *DILIGENCE,
        template="reports/sections/diligence.html",
        context={
            "rows": ordered,
            "no_answers": any(r.no_answers for r in ordered),
            "open_items": any(r.open_items for r in ordered),
        },
        summary=summary,
    )
