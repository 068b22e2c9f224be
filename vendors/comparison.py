"""The comparison page's data: facts per candidate gathered from the registry, the
quotes (priced by step 2's cost model on step 1's workload), step 3's customer-base
risk and the due-diligence summaries, then ranked by ``vendors.scoring``.

The other steps are read only through their published query functions.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import prefetch_related_objects
from django.utils import timezone

from portal import costs, currency
from portal.errors import DomainError
from portal.models import Engagement
from portal.planning import queries as planning
from portal.reference import Region
from vendors import queries, scoring
from vendors.diligence import queries as diligence
from vendors.models import ComparisonWeights, Language

log = logging.getLogger(__name__)
DEFAULT_REQUIRED_LANGUAGES = ("English",)


@dataclass
class Column:
    """One candidate in the side-by-side matrix."""

    candidate: object
    ranked: scoring.Ranked
    cheapest_quote: object | None
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

    @property
    def criteria_weights(self) -> list[tuple[scoring.Criterion, int]]:
        return [(c, self.weights.get(c.key, 0)) for c in scoring.CRITERIA]

    @property
    def leader(self) -> scoring.Ranked | None:
        return self.ranked[0] if self.ranked and self.ranked[0].is_leader else None


def _monthly_costs(engagement, candidates, notes) -> dict[int, tuple[Decimal | None, object, str]]:
    """Per candidate: (cheapest monthly cost, that quote, why missing)."""
    return _priced(engagement, candidates, notes)[0]


def _priced(engagement, candidates, notes) -> tuple[dict, costs.Workload | None]:
    """The monthly costs of ``_monthly_costs`` and the workload they are priced on."""
    workload = planning.workload(engagement)
    if not price_quotes(engagement, candidates, workload=workload):
        notes.append("Cost: step 1 has no workload yet, so quotes cannot be priced.")
        missing = (None, None, "step 1 has no workload to price quotes on")
        return {c.pk: missing for c in candidates}, None
    result = {}
    for candidate in candidates:
        quotes = candidate.quotes.all()
        priced = [q for q in quotes if q.monthly_cost is not None]
        if priced:
            best = min(priced, key=lambda q: q.monthly_cost)
            result[candidate.pk] = (Decimal(best.monthly_cost), best, "")
        else:
            reasons = [q.not_priced_reason for q in quotes if q.not_priced_reason]
            reason = (
                reasons[0]
                if reasons
                else "no quote fits the workload"
                if quotes
                else "no quote yet"
            )
            result[candidate.pk] = (None, None, reason)
    return result, workload


def candidate_monthly_cost(engagement, candidate) -> tuple[Decimal | None, object, str]:
    """One candidate's cheapest monthly cost and its quote, priced as the comparison
    prices it, or None, None and why (for the approval page)."""
    prefetch_related_objects([candidate], "quotes")
    return _monthly_costs(engagement, [candidate], [])[candidate.pk]


_UNREAD = object()


def price_quotes(engagement, candidates, *, workload=_UNREAD) -> bool:
    """Put ``monthly_cost`` and ``in_house_cost`` (step 2, same work) on every quote of
    ``candidates`` (quotes prefetched); False when there is no workload to price on.
    ``workload``: the engagement's, when the caller has read it already.

    A quote in another currency than the engagement's is converted before the cost
    model sees it, at the latest rate on or before today (``conversion``, and
    ``monthly_cost_original`` the same figure in the quote's currency); without a
    rate it is not priced and ``not_priced_reason`` says why."""
    if workload is _UNREAD:
        workload = planning.workload(engagement)
    target = engagement.currency or "USD"
    today = timezone.localdate()
    quotes = [quote for candidate in candidates for quote in candidate.quotes.all()]
    rates = currency.rates_for({quote.currency for quote in quotes}, target)
    for quote in quotes:
        quote.monthly_cost = quote.in_house_cost = quote.monthly_cost_original = None
        quote.cost_currency = target
        quote.conversion = rates.rate_for(quote.currency, target, today) if quote.currency else None
        quote.not_priced_reason = (
            "" if quote.conversion else currency.no_rate_reason(quote.currency, target)
        )
        # What the page says of the set-up fee inside the monthly cost.
        quote.setup_months = costs.SETUP_SPREAD_MONTHS
        quote.setup_monthly = costs.setup_fee_monthly(quote.setup_fee or 0)
        if workload is None or quote.conversion is None:
            continue
        convert = quote.conversion.convert
        try:
            quote.monthly_cost = costs.quote_monthly_cost(
                workload,
                pricing_model=quote.pricing_model,
                rate=convert(quote.rate),
                minimum_monthly=convert(quote.minimum_monthly),
                commission_percent=quote.commission_percent,
                setup_fee=convert(quote.setup_fee),
            )
        except (ValueError, ArithmeticError) as exc:
            log.info("Quote %s not priced: %s", quote.pk, exc)
            continue
        if not quote.conversion.is_identity:
            quote.monthly_cost_original = quote.conversion.original(quote.monthly_cost)
        quote.in_house_cost = costs.in_house_cost_for(workload, quote.pricing_model)
    return workload is not None


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
    costs, workload = _priced(engagement, candidates, notes) if candidates else ({}, None)
    risk = _risk_level(engagement, notes) if candidates else None
    summaries = _summaries(engagement, notes) if candidates else {}
    context = scoring.Context(
        required_languages=frozenset(required_languages),
        customer_risk_level=risk,
        currency=engagement.currency or "USD",
        all_in_house_monthly=workload.in_house_monthly_cost if workload is not None else None,
        # Phone and chat test calls are scored against step 2's answer target.
        answer_within_seconds=(
            workload.answer_within_seconds
            if workload is not None
            else scoring.DEFAULT_ANSWER_WITHIN_SECONDS
        ),
    )

    facts = []
    for candidate in candidates:
        monthly, _quote, missing = costs[candidate.pk]
        summary = summaries.get(candidate.pk)
        facts.append(
            scoring.CandidateFacts(
                candidate_id=candidate.pk,
                name=candidate.vendor.name,
                monthly_cost=monthly,
                cost_missing_reason=missing,
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
            cheapest_quote=costs[r.facts.candidate_id][1],
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
    )
