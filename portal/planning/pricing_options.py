"""One pricing model of step 2 priced for a scope: what the vendor bills a month at
the rate card's low, mid and high reference rates, what the company saves against
doing the same work in-house, and what that is per covered contact.

``rate_card_options`` decides which models the rate card can price and at what
rates; this module turns one model and its rates into an ``Option``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal

from portal import billing, cost_inputs, costs, scenarios
from portal.planning.formatting import plain
from portal.reference import MONTHLY_RARE_NOTE, MONTHLY_RARE_REGIONS, PricingModel

LEVELS = ("low", "mid", "high")
COMMISSION_MODELS = (billing.COMMISSION, billing.HOURLY_PLUS_COMMISSION)


@dataclass
class Option:
    """One pricing model at the rate card's low, mid and high reference rates.

    ``charge``: what the vendor bills a month for the work it covers, by level (None =
    open: a floor with no ceiling); ``bills``: that in words, at the mid rate.
    ``monthly``: that charge plus the company's oversight (the cost of outsourcing
    this work alone); ``saving``: the in-house cost of the same work minus it. The
    whole-scope figures, with the oversight once, are the ``Comparison``'s scenarios.
    ``sales_range``: for commission models, the vendor's monthly charge at half, the
    planned and one and a half times the planned sales (mid rate).
    """

    pricing_model: str
    label: str
    basis: str  # what the rate is, e.g. "$0.35-0.45 per minute, Worldwide / international"
    monthly: dict[str, Decimal | None]
    saving: dict[str, Decimal | None]
    per_contact: dict[str, Decimal | None]  # the vendor's charge per covered contact
    in_house: Decimal  # the in-house cost of the work it covers
    warning: str = ""
    note: str = ""  # a neutral remark from the guide, e.g. monthly pricing rare here
    pricings: dict[str, scenarios.Pricing | None] = field(default_factory=dict)
    charge: dict[str, Decimal | None] = field(default_factory=dict)
    bills: str = ""
    sales_range: dict[Decimal, Decimal] | None = None

    @property
    def pricing(self) -> scenarios.Pricing | None:
        """The option at its mid rate (never open: a floor prices low and mid)."""
        return self.pricings.get("mid")

    @property
    def mid_loss(self) -> Decimal:
        return -self.saving["mid"]

    @property
    def annual(self) -> dict[str, Decimal | None]:
        return {
            level: None if value is None else cost_inputs.money(value * 12)
            for level, value in self.monthly.items()
        }

    @property
    def sales_levels(self) -> list[tuple[str, Decimal]]:
        """(label, charge) at 0.5x, 1x and 1.5x the planned sales, for the tables."""
        if not self.sales_range:
            return []
        names = {Decimal("0.5"): "half", Decimal("1"): "planned", Decimal("1.5"): "1.5x"}
        return [
            (names.get(factor, f"{factor}x"), value) for factor, value in self.sales_range.items()
        ]


def _hundredth_up(value: Decimal | None) -> Decimal | None:
    if value is None:
        return None
    return Decimal(plain(Decimal(math.ceil(Decimal(value) * 100)) / 100))


def price_option(
    workload: costs.Workload,
    model: str,
    rates: dict[str, Decimal | None],
    basis: str,
    *,
    lines: list[cost_inputs.ChannelLoad],
    region: str,
    commission=None,
    warning="",
    label="",
    regular=None,
) -> Option:
    """``model`` at ``rates`` (by level; None = open) for ``workload``; ``commission``
    is one share of sales for every level or one per level, ``regular`` the center's
    regular hourly rate (one, or one per level) a commission deal is weighed against."""
    contacts = billing.covered_contacts(workload, model, lines)
    # One commission share for every level, or one per level; a computed share is
    # rounded up to the hundredth (the center still earns what it needs), an
    # entered one shown as typed ("6.5", not "6.50").
    if isinstance(commission, dict):
        shares = {level: _hundredth_up(value) for level, value in commission.items()}
    else:
        shares = dict.fromkeys(rates, None if commission is None else Decimal(plain(commission)))
    regulars = regular if isinstance(regular, dict) else dict.fromkeys(rates, regular)
    pricings = {
        level: None
        if value is None or (commission is not None and shares[level] is None)
        else scenarios.Pricing(
            pricing_model=model,
            rate=value,
            commission_percent=shares[level],
            label=label or PricingModel(model).label,
            regular_hourly_rate=regulars[level],
        )
        for level, value in rates.items()
    }
    alone = {
        level: None
        if pricing is None
        else scenarios.scenario(workload, **{"inbound" if pricing.inbound else "outbound": pricing})
        for level, pricing in pricings.items()
    }
    charge = {level: s.vendor_charges if s else None for level, s in alone.items()}
    oversight = workload.oversight_monthly_cost
    monthly = {
        level: None if value is None else cost_inputs.money(value + oversight)
        for level, value in charge.items()
    }
    in_house = billing.in_house_cost_for(workload, model)
    mid = pricings["mid"]
    return Option(
        pricing_model=model,
        label=label or PricingModel(model).label,
        basis=basis,
        monthly=monthly,
        saving={
            level: None if value is None else in_house - value for level, value in monthly.items()
        },
        per_contact={
            level: None if value is None else billing.per_contact(value, contacts)
            for level, value in charge.items()
        },
        in_house=in_house,
        warning=warning
        or (alone["mid"].warnings[0] if alone["mid"] and alone["mid"].warnings else ""),
        note=MONTHLY_RARE_NOTE
        if model == billing.MONTHLY and region in MONTHLY_RARE_REGIONS
        else "",
        pricings=pricings,
        charge=charge,
        bills=scenarios.bills(workload, mid) if mid is not None else "",
        sales_range=scenarios.commission_range(workload, mid)
        if mid is not None and model in COMMISSION_MODELS
        else None,
    )
