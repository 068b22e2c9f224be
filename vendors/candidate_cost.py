"""A candidate's cost under its quotes: every quote priced by step 2's cost model on
step 1's workload, and the candidate's ``ScopeCost``, the whole scope (``portal.scenarios``)
priced on the cheapest combination of its own quotes (at most one inbound and one
outbound), each scoped channel those quotes do not cover kept in-house at step 2's cost,
the company's oversight counted once. That total against doing everything in-house gives
the comparison's cost score (``vendors.comparison``); nobody else's quotes enter it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import prefetch_related_objects
from django.utils import timezone

from portal import billing, currency, derived, scenarios
from portal.planning import queries as planning
from portal.reference import Channel, PricingModel
from portal.templatetags.money import format_money

log = logging.getLogger(__name__)
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


NO_WORKLOAD = "step 1 has no workload to price quotes on"


def scope_costs(engagement, candidates, notes) -> tuple[dict[int, ScopeCost], object]:
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
        return scope_costs(engagement, [candidate], [])[0][candidate.pk]

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
