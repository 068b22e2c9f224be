"""Step 4 in the decision report: the weighted comparison and the approval record.

The ranking is ``vendors.comparison.build`` (the compare page's), and the decision
is read from the approval workflow's transitions: who recommended the vendor, who
approved it, when and why, in their own words.
"""

from __future__ import annotations

from portal.people import display_name
from portal.sections import Decision, Section
from vendors import comparison, queries, scoring
from vendors.models import Candidate

COMPARISON = ("comparison", "Step 4: Vendor comparison and decision")


def _decision(history, ranked) -> Decision | None:
    """The approved vendor, else the recommendation awaiting approval, from the transitions.

    ``history`` is newest first; a vendor approved, then recommended again after a
    rejection, reads from its latest moves.
    """
    approval = next((t for t in history if t.to_status == Candidate.Status.APPROVED), None)
    if approval is None:
        approval_candidate = None
        recommendation = next(
            (
                t
                for t in history
                if t.to_status == Candidate.Status.RECOMMENDED
                and t.candidate.status == Candidate.Status.RECOMMENDED
            ),
            None,
        )
    else:
        approval_candidate = approval.candidate_id
        recommendation = next(
            (
                t
                for t in history
                if t.to_status == Candidate.Status.RECOMMENDED
                and t.candidate_id == approval_candidate
                and (t.created_at, t.pk) <= (approval.created_at, approval.pk)
            ),
            None,
        )
    chosen = approval or recommendation
    if chosen is None:
        return None
    standing = ""
    for row in ranked:
        if row.facts.candidate_id == chosen.candidate_id:
            standing = f"ranked {row.rank} of {len(ranked)} with {row.total:.1f} of 100"
            break
    candidate = chosen.candidate
    return Decision(
        vendor=candidate.vendor.name,
        status=candidate.get_status_display(),
        approved=approval is not None,
        approved_by=display_name(approval.actor) if approval else "",
        approved_at=approval.created_at if approval else None,
        reason=approval.reason if approval else "",
        recommended_by=display_name(recommendation.actor) if recommendation else "",
        recommended_at=recommendation.created_at if recommendation else None,
        rationale=recommendation.reason if recommendation else "",
        standing=standing,
    )


def comparison_section(engagement) -> Section:
    result = comparison.build(engagement)
    if not result.ranked:
        return Section.not_filled(
            *COMPARISON, "No vendor is shortlisted yet, so there is nothing to compare."
        )
    history = list(queries.workflow_history(engagement))
    decision = _decision(history, result.ranked)
    count = len(result.ranked)
    summary = f"{count} vendor{'s' if count != 1 else ''} compared"
    if result.leader:
        summary += f"; {result.leader.facts.name} leads with {result.leader.total:.1f} of 100"
    summary += "."
    if decision is None:
        summary += " No vendor is recommended yet."
    return Section(
        *COMPARISON,
        template="reports/sections/comparison.html",
        context={
            "result": result,
            "criteria": scoring.CRITERIA,
            "decision": decision,
            "history": list(reversed(history)),  # oldest first: the story of the decision
        },
        summary=summary,
        decision=decision,
    )
