"""Step 4 in the decision report: the weighted comparison and the approval record.

The ranking is ``vendors.comparison.build`` (the compare page's), and the decision
is read from the approval workflow's transitions: who recommended the vendor, who
approved it, when and why, in their own words.
"""

from __future__ import annotations

from decimal import Decimal

from portal.people import display_name
from portal.planning import queries as planning
from portal.sections import Decision, Section
from portal.templatetags.money import format_money
from vendors import comparison, queries, scoring
from vendors.models import Candidate

COMPARISON = ("comparison", "Step 4: Vendor comparison and decision")


def _rate_position(quote, region: str, rate_rows, currency: str) -> str:
    """Where ``quote``'s rate sits in the rate card of the vendor's region, in words
    ("" when the card has no comparable row)."""
    row = planning.rate_for(rate_rows, region=region, pricing_model=quote.pricing_model)
    if row is None or row.currency != currency or quote.pricing is None:
        return ""
    rate = quote.pricing.rate
    low, high = Decimal(row.low), None if row.high is None else Decimal(row.high)
    card = (
        f"{format_money(low, 2, currency)} and up"
        if high is None
        else f"{format_money(low, 2, currency)}-{format_money(high, 2, currency)}"
    )
    if rate < low:
        where = "below"
    elif high is not None and rate > high:
        where = "above"
    else:
        where = "within"
    return (
        f"its {quote.get_pricing_model_display().lower()} rate of "
        f"{format_money(rate, 2, currency)} is {where} the rate card's {card} "
        f"({row.get_region_display()})"
    )


def _own_scenario(column, rate_rows) -> str:
    """The decided vendor's own scenario in a sentence or two (the executive summary)."""
    cost = column.cost
    if cost.scenario is None:
        return f"Its quotes are not priced: {cost.missing}."
    cur = cost.currency
    text = (
        f"Under its quotes the whole scope costs {format_money(cost.monthly_total, 0, cur)} "
        f"a month ({format_money(cost.annual_total, 0, cur)} a year) and {cost.saving_text}"
    )
    if cost.kept_text:
        text += f" ({cost.kept_text})"
    locations = list(column.candidate.vendor.locations.all())
    if locations:
        positions = [
            position
            for quote in cost.quotes
            if (position := _rate_position(quote, locations[0].region, rate_rows, cur))
        ]
        if positions:
            text += "; " + "; ".join(positions)
    return text + "."


def _decision(history, ranked, columns=(), rate_rows=()) -> Decision | None:
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
    column = next((c for c in columns if c.candidate.pk == chosen.candidate_id), None)
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
        cost=_own_scenario(column, rate_rows) if column is not None else "",
    )


def comparison_section(engagement) -> Section:
    result = comparison.build(engagement)
    if not result.ranked:
        return Section.not_filled(
            *COMPARISON, "No vendor is shortlisted yet, so there is nothing to compare."
        )
    history = list(queries.workflow_history(engagement))
    decision = _decision(history, result.ranked, result.columns, planning.current_rate_cards())
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
