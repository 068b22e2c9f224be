"""The comparison page's data: facts per candidate gathered from the registry, the
quotes (priced by step 2's cost model on step 1's workload), step 3's customer-base
risk and the due-diligence summaries, then ranked by ``vendors.scoring``.

Every candidate is priced on the same work: the whole scope (``portal.scenarios``).
Its cost is the monthly total of its cheapest combination of its own quotes (at most
one inbound and one outbound), each scoped channel those quotes do not cover kept
in-house at step 2's cost, the company's oversight counted once. That total against
doing everything in-house gives the cost score; nobody else's quotes enter it.

The other steps are read only through their published query functions.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import prefetch_related_objects
from django.utils import timezone

from portal import billing, currency, derived, scenarios
from portal.errors import DomainError
from portal.models import Engagement
from portal.planning import queries as planning
from portal.reference import Channel, PricingModel, Region
from portal.templatetags.money import format_money
from vendors import queries, scoring
from vendors.diligence import queries as diligence
from vendors.models import ComparisonWeights, Language

log = logging.getLogger(__name__)
DEFAULT_REQUIRED_LANGUAGES = ("English",)
CHANNEL_LABELS = dict(Channel.choices)


def channel_list(channels) -> str:
    """Channel labels in a sentence: "E-mail", "E-mail and Chat", "Inbound phone,
    E-mail and Chat"."""
    order = list(CHANNEL_LABELS)
    ordered = sorted(channels, key=lambda c: order.index(c) if c in order else len(order))
    labels = [CHANNEL_LABELS.get(c, c) for c in ordered]
    if len(labels) <= 1:
        return "".join(labels)
    return ", ".join(labels[:-1]) + " and " + labels[-1]


@dataclass(frozen=True)
class ScopeCost:
    """One candidate's price of the whole scope: its cheapest combination of its own
    quotes, with what they do not cover kept in-house (or why it has none)."""

    scenario: scenarios.Scenario | None
    quotes: tuple = ()  # the quotes the scenario uses: inbound, then outbound
    missing: str = ""  # why there is no scenario
    currency: str = "USD"  # the engagement's: every figure here is in it

    @property
    def monthly_total(self) -> Decimal | None:
        return self.scenario.monthly_total if self.scenario else None

    @property
    def annual_total(self) -> Decimal | None:
        return self.scenario.annual_total if self.scenario else None

    @property
    def saving_monthly(self) -> Decimal | None:
        return self.scenario.saving_monthly if self.scenario else None

    @property
    def vendor_charges(self) -> Decimal | None:
        return self.scenario.vendor_charges if self.scenario else None

    @property
    def in_house_cost(self) -> Decimal | None:
        return self.scenario.in_house_cost if self.scenario else None

    @property
    def oversight(self) -> Decimal | None:
        return self.scenario.oversight if self.scenario else None

    @property
    def bills(self) -> tuple[str, ...]:
        return self.scenario.bills if self.scenario else ()

    @property
    def warnings(self) -> tuple[str, ...]:
        return self.scenario.warnings if self.scenario else ()

    @property
    def kept_in_house(self) -> str:
        """The scoped channels its quotes leave in-house, in words ("" when none)."""
        return channel_list(self.scenario.kept_in_house) if self.scenario else ""

    @property
    def uses(self) -> str:
        """The quotes it is priced on, in words."""
        return "; ".join(str(quote) for quote in self.quotes)

    @property
    def saving_text(self) -> str:
        """ "saves $12,400 a month against all in-house", or what it costs more."""
        saving = self.saving_monthly
        if saving is None:
            return ""
        if saving == 0:
            return "costs the same as all in-house"
        amount = format_money(abs(saving), currency=self.currency)
        if saving > 0:
            return f"saves {amount} a month against all in-house"
        return f"costs {amount} a month more than all in-house"

    @property
    def kept_text(self) -> str:
        """ "E-mail kept in-house: $4,120 a month" ("" when its quotes cover the scope)."""
        if not self.kept_in_house:
            return ""
        amount = format_money(self.in_house_cost, currency=self.currency)
        return f"{self.kept_in_house} kept in-house: {amount} a month"


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


NO_WORKLOAD = "step 1 has no workload to price quotes on"


def _scope_costs(engagement, candidates, notes) -> tuple[dict[int, ScopeCost], object]:
    """Per candidate its ``ScopeCost``, and the workload they are priced on."""
    target = engagement.currency or "USD"
    workload = planning.workload(engagement)
    if not price_quotes(engagement, candidates, workload=workload):
        notes.append("Cost: step 1 has no workload yet, so quotes cannot be priced.")
        missing = ScopeCost(None, missing=NO_WORKLOAD, currency=target)
        return {c.pk: missing for c in candidates}, None
    return {c.pk: _best(workload, c, target) for c in candidates}, workload


def _best(workload, candidate, target: str) -> ScopeCost:
    """``candidate``'s cheapest scenario of its own priced quotes (``price_quotes`` ran)."""
    quotes = list(candidate.quotes.all())
    priced = [q for q in quotes if q.pricing is not None and q.scenario is not None]
    if not priced:
        reasons = [q.not_priced_reason for q in quotes if q.not_priced_reason]
        reason = (
            reasons[0] if reasons else "no quote fits the workload" if quotes else "no quote yet"
        )
        return ScopeCost(None, missing=reason, currency=target)
    best = scenarios.best_for_quotes(workload, [q.pricing for q in priced])
    used = tuple(q for pricing in best.pricings for q in priced if q.pricing is pricing)
    return ScopeCost(best, quotes=used, currency=target)


def candidate_cost(engagement, candidate) -> ScopeCost:
    """One candidate's whole-scope cost, priced as the comparison prices it (for the
    approval page)."""

    def compute():
        prefetch_related_objects([candidate], "quotes")
        return _scope_costs(engagement, [candidate], [])[0][candidate.pk]

    return derived.cached(engagement, f"candidate-cost-{candidate.pk}", compute, part="vendors")


_UNREAD = object()
OUTBOUND_MODELS = frozenset(billing.OUTBOUND_MODELS)


def quote_pricing(quote, workload, conversion, *, regular_hourly_rate=None):
    """``quote`` as a ``scenarios.Pricing`` in the engagement's currency, or None and
    why it cannot price the scope."""
    convert = conversion.convert
    wanted = frozenset(quote.channels or ())
    channels = None
    if wanted:
        channels = wanted & frozenset(workload.scoped_channels)
        if not channels:
            return None, (
                f"it covers {channel_list(sorted(wanted))}, none of them in scope now (step 1)"
            )
    try:
        pricing = scenarios.Pricing(
            pricing_model=quote.pricing_model,
            rate=convert(quote.rate),
            minimum_monthly=convert(quote.minimum_monthly),
            setup_fee=convert(quote.setup_fee),
            commission_percent=quote.commission_percent,
            months=billing.SETUP_SPREAD_MONTHS,
            channels=channels,
            regular_hourly_rate=regular_hourly_rate,
        )
    except ValueError as exc:
        return None, str(exc)
    if not scenarios.covered_channels(workload, pricing):
        side = "outbound phone" if quote.pricing_model in OUTBOUND_MODELS else "inbound"
        return None, f"step 1 scopes no {side} work for this quote to cover"
    return pricing, ""


def _regular_hourly_rate(candidate, rates, target, today) -> Decimal | None:
    """The center's regular outbound hourly rate, for the commission check: its own
    "Outbound, hourly" quote, converted, when it gave one."""
    for quote in candidate.quotes.all():
        if quote.pricing_model == PricingModel.OUTBOUND_HOURLY and quote.currency:
            conversion = rates.rate_for(quote.currency, target, today)
            if conversion is not None:
                return conversion.convert(quote.rate)
    return None


def price_quotes(engagement, candidates, *, workload=_UNREAD) -> bool:
    """Price every quote of ``candidates`` (quotes prefetched) on the whole scope;
    False when there is no workload to price on. ``workload``: the engagement's, when
    the caller has read it already.

    On each quote: ``pricing`` (a ``scenarios.Pricing`` in the engagement's
    currency), ``scenario`` (the whole scope with this quote and the rest in-house),
    ``vendor_charge`` (what it bills a month, set-up fee spread, in the engagement's
    currency; ``vendor_charge_original`` the same in the quote's), ``monthly_cost``
    (the scenario's monthly total) and ``saving`` (against all in-house).

    A quote in another currency than the engagement's is converted before the cost
    model sees it, at the latest rate on or before today (``conversion``); without a
    rate it is not priced and ``not_priced_reason`` says why."""
    if workload is _UNREAD:
        workload = planning.workload(engagement)
    target = engagement.currency or "USD"
    today = timezone.localdate()
    quotes = [quote for candidate in candidates for quote in candidate.quotes.all()]
    rates = currency.rates_for({quote.currency for quote in quotes}, target)
    for candidate in candidates:
        regular = _regular_hourly_rate(candidate, rates, target, today)
        for quote in candidate.quotes.all():
            _price_one(quote, workload, rates, target, today, regular)
    return workload is not None


def _price_one(quote, workload, rates, target, today, regular) -> None:
    quote.pricing = quote.scenario = None
    quote.monthly_cost = quote.saving = quote.vendor_charge = quote.vendor_charge_original = None
    quote.in_house_cost = quote.scope = None
    quote.cost_currency = target
    quote.conversion = rates.rate_for(quote.currency, target, today) if quote.currency else None
    quote.not_priced_reason = (
        "" if quote.conversion else currency.no_rate_reason(quote.currency, target)
    )
    # What the page says of the set-up fee inside the monthly cost.
    quote.setup_months = billing.SETUP_SPREAD_MONTHS
    quote.setup_monthly = billing.setup_fee_monthly(quote.setup_fee or 0)
    if workload is None or quote.conversion is None:
        return
    pricing, why = quote_pricing(
        quote,
        workload,
        quote.conversion,
        regular_hourly_rate=regular if quote.pricing_model in OUTBOUND_MODELS else None,
    )
    if pricing is None:
        quote.not_priced_reason = why
        return
    side = {"inbound": pricing} if pricing.inbound else {"outbound": pricing}
    try:
        scenario = scenarios.scenario(workload, **side)
    except (ValueError, ArithmeticError) as exc:
        log.info("Quote %s not priced: %s", quote.pk, exc)
        quote.not_priced_reason = str(exc)
        return
    quote.pricing, quote.scenario = pricing, scenario
    quote.monthly_cost = scenario.monthly_total
    quote.saving = scenario.saving_monthly
    quote.vendor_charge = scenario.vendor_charges
    quote.in_house_cost = scenario.in_house_cost
    quote.scope = ScopeCost(scenario, quotes=(quote,), currency=target)
    if not quote.conversion.is_identity:
        quote.vendor_charge_original = quote.conversion.original(scenario.vendor_charges)


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
    scope_costs, workload = (
        _scope_costs(engagement, candidates, notes) if candidates else ({}, None)
    )
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
        cost = scope_costs[candidate.pk]
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
            cost=scope_costs[r.facts.candidate_id],
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
