"""The comparison page's data: facts per candidate gathered from the registry, the
quotes (priced by ``vendors.candidate_cost``), step 3's customer-base risk and the
due-diligence summaries, then ranked by ``vendors.scoring``.

Every candidate is priced on the same work: the whole scope; its cost score is its own
``ScopeCost`` against doing everything in-house (see ``vendors.candidate_cost``).

The other steps are read only through their published query functions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from portal import derived, scenarios
from portal.errors import DomainError
from portal.models import Engagement
from portal.planning import queries as planning
from portal.reference import Region
from vendors import queries, scoring
from vendors.candidate_cost import ScopeCost, scope_costs
from vendors.diligence import queries as diligence
from vendors.models import ComparisonWeights, Language

DEFAULT_REQUIRED_LANGUAGES = ("English",)


@dataclass
class Column:
    """One candidate in the side-by-side matrix."""

    candidate: object
    ranked: scoring.Ranked
    cost: ScopeCost
    summary: object | None  # the diligence CandidateSummary, if any


@dataclass
class Comparison:
    engagement: Engagement
    weights: dict[str, int]
    required_languages: list[str]
    context: scoring.Context
    ranked: list[scoring.Ranked]
    columns: list[Column]
    notes: list[str]  # why whole criteria have no data
    all_in_house: scenarios.Scenario | None = None  # what every total is measured against

    @property
    def criteria_weights(self) -> list[tuple[scoring.Criterion, int]]:
        return [(c, self.weights.get(c.key, 0)) for c in scoring.CRITERIA]

    @property
    def leader(self) -> scoring.Ranked | None:
        return self.ranked[0] if self.ranked and self.ranked[0].is_leader else None


def _risk_level(engagement, notes) -> str | None:
    level = planning.customer_risk_level(engagement)
    if level is None:
        notes.append("Customer-base risk: step 3's risk assessment is not done yet.")
    return level


def _summaries(engagement, notes) -> dict:
    return diligence.candidate_summaries(engagement)


def _step1_languages(engagement) -> list[str]:
    """The languages step 1 names for the channels in scope, as registry names."""
    known = {lang.name.lower(): lang.name for lang in Language.objects.all()}
    wanted = set()
    for line in planning.planning_data(engagement).lines:
        for part in re.split(r"[,;/]| and ", getattr(line, "languages", "") or ""):
            name = known.get(part.strip().lower())
            if name:
                wanted.add(name)
    return sorted(wanted)


def weights_dict(row: ComparisonWeights) -> dict[str, int]:
    return {c.key: getattr(row, c.key) for c in scoring.CRITERIA}


def build(
    engagement: Engagement,
    *,
    weights: dict[str, int] | None = None,
    required_languages: list[str] | None = None,
) -> Comparison:
    """Rank the shortlist; ``weights``/``required_languages`` override the saved ones
    (a preview while a user moves the weights, saved only by the weights action).
    Weights the weights action would refuse raise DomainError, by criterion."""
    if weights is not None and (problems := scoring.weight_problems(weights)):
        raise DomainError(fields=problems)
    if weights is None and required_languages is None:
        # The saved weights' ranking: once per change of the engagement or of what the
        # site shares (vendor registry, exchange rates, rate card), see portal.derived.
        result = derived.cached(
            engagement, "vendor-comparison", lambda: _build(engagement), part="vendors"
        )
        result.engagement = engagement
        return result
    return _build(engagement, weights=weights, required_languages=required_languages)


def _build(
    engagement: Engagement,
    *,
    weights: dict[str, int] | None = None,
    required_languages: list[str] | None = None,
) -> Comparison:
    row = queries.weights_for(engagement)
    if weights is None:
        weights = weights_dict(row)
    if required_languages is None:
        # Saved with the weights; else what step 1 scoped; else English (a US company).
        required_languages = (
            sorted(lang.name for lang in row.required_languages.all())
            if row.pk
            else _step1_languages(engagement) or list(DEFAULT_REQUIRED_LANGUAGES)
        )
    candidates = list(queries.comparison_candidates(engagement))
    notes: list[str] = []
    costs, workload = scope_costs(engagement, candidates, notes) if candidates else ({}, None)
    risk = _risk_level(engagement, notes) if candidates else None
    summaries = _summaries(engagement, notes) if candidates else {}
    all_in_house = scenarios.all_in_house(workload) if workload is not None else None
    context = scoring.Context(
        required_languages=frozenset(required_languages),
        customer_risk_level=risk,
        currency=engagement.currency or "USD",
        all_in_house_monthly=all_in_house.monthly_total if all_in_house else None,
        # Phone and chat test calls are scored against step 2's answer target.
        answer_within_seconds=(
            workload.answer_within_seconds
            if workload is not None
            else scoring.DEFAULT_ANSWER_WITHIN_SECONDS
        ),
    )

    facts = []
    for candidate in candidates:
        cost = costs[candidate.pk]
        summary = summaries.get(candidate.pk)
        facts.append(
            scoring.CandidateFacts(
                candidate_id=candidate.pk,
                name=candidate.vendor.name,
                monthly_cost=cost.monthly_total,
                cost_missing_reason=cost.missing,
                items_total=getattr(summary, "items_total", 0) or 0,
                answered_share=getattr(summary, "answered_share", None),
                critical_no_count=getattr(summary, "critical_no_count", 0) or 0,
                risk_high_count=getattr(summary, "risk_high_count", 0) or 0,
                test_call_count=getattr(summary, "test_call_count", 0) or 0,
                times_by_channel=getattr(summary, "times_by_channel", ()),
                first_contact_resolution_rate=getattr(
                    summary, "first_contact_resolution_rate", None
                ),
                avg_courtesy=getattr(summary, "avg_courtesy", None),
                avg_language_clarity=getattr(summary, "avg_language_clarity", None),
                avg_product_knowledge=getattr(summary, "avg_product_knowledge", None),
                languages=frozenset(lang.name for lang in candidate.vendor.languages.all()),
                delivers_onshore=any(
                    loc.region == Region.USA_CANADA for loc in candidate.vendor.locations.all()
                ),
                reference_count=len(candidate.vendor.references.all()),
            )
        )
    ranked = scoring.rank(facts, weights, context)
    by_id = {c.pk: c for c in candidates}
    columns = [
        Column(
            candidate=by_id[r.facts.candidate_id],
            ranked=r,
            cost=costs[r.facts.candidate_id],
            summary=summaries.get(r.facts.candidate_id),
        )
        for r in ranked
    ]
    return Comparison(
        engagement=engagement,
        weights=weights,
        required_languages=required_languages,
        context=context,
        ranked=ranked,
        columns=columns,
        notes=notes,
        all_in_house=all_in_house,
    )
