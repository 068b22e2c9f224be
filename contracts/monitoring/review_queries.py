"""Reads of the vendor's review after go-live (step 6): its tier, when due diligence
is next repeated, the rounds under way and the evidence expiring.

``cadences_for`` reads any number of contracts in a fixed number of queries
(``CADENCE_QUERIES``), so the dashboard, the daily job and the engagement's pages
share one answer. The rules are ``contracts.standing_rules``.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass
from decimal import Decimal

from contracts import standing_rules
from contracts.models import Contract, VendorTier
from portal import billing, derived
from portal.planning import queries as planning_queries
from portal.planning.models import ChannelLine, CostCase, NeedsScope
from vendors.diligence import queries as diligence_queries
from vendors.diligence.models import Reassessment

log = logging.getLogger(__name__)

# Tiers, scopes, channel lines, cost cases, latest rounds.
CADENCE_QUERIES = 5


def planning_for(engagement_ids, engagements=None) -> dict[int, planning_queries.PlanningData]:
    """Each engagement's step 1-2 figures (three queries whatever their number);
    ``engagements`` (by id), when read, let their workloads be cached (portal.derived)."""
    engagements = engagements or {}
    ids = set(engagement_ids)
    if not ids:
        return {}
    if len(ids) == 1 and (only := next(iter(ids))) in engagements:
        # One engagement's page: the rows its other figures read in this request too.
        return {only: planning_queries.planning_data(engagements[only])}
    scopes = {s.engagement_id: s for s in NeedsScope.objects.filter(engagement_id__in=ids)}
    cases = {c.engagement_id: c for c in CostCase.objects.filter(engagement_id__in=ids)}
    lines: dict[int, list] = {}
    for line in ChannelLine.objects.filter(engagement_id__in=ids).order_by("channel"):
        lines.setdefault(line.engagement_id, []).append(line)
    return {
        eid: planning_queries.PlanningData(
            scope=scopes.get(eid),
            lines=lines.get(eid, []),
            cost_case=cases.get(eid),
            engagement=engagements.get(eid),
            version=(derived.current_version(engagements[eid]) if eid in engagements else None),
        )
        for eid in ids
    }


@dataclass(frozen=True)
class Cadence:
    contract: Contract
    tier_row: VendorTier | None
    suggestion: standing_rules.TierSuggestion
    contacts_per_month: float
    monthly_spend: Decimal | None
    latest_round: Reassessment | None
    today: datetime.date

    @property
    def engagement_id(self) -> int:
        return self.contract.engagement_id

    @property
    def data_handled(self) -> str:
        return self.tier_row.data_handled if self.tier_row else standing_rules.DATA_CONTACT

    @property
    def data_handled_label(self) -> str:
        return VendorTier.DataHandled(self.data_handled).label

    @property
    def tier_is_set(self) -> bool:
        return self.tier_row is not None and self.tier_row.tier is not None

    @property
    def tier(self) -> int:
        return self.tier_row.tier if self.tier_is_set else self.suggestion.tier

    @property
    def interval_is_set(self) -> bool:
        return self.tier_row is not None and self.tier_row.interval_months is not None

    @property
    def interval_months(self) -> int:
        if self.interval_is_set:
            return self.tier_row.interval_months
        return standing_rules.TIER_INTERVAL_MONTHS[self.tier]

    @property
    def anchor(self) -> datetime.date:
        """The day the cadence counts from: the last round's, else the contract's start."""
        if self.latest_round is not None:
            return self.latest_round.comes_due_on
        return self.contract.start_date

    @property
    def next_due(self) -> datetime.date:
        return standing_rules.next_due(self.anchor, self.interval_months)

    @property
    def open_round(self) -> Reassessment | None:
        r = self.latest_round
        return r if r is not None and r.completed_at is None else None

    @property
    def days_to_next(self) -> int:
        return (self.next_due - self.today).days


def _monthly_spend(contract: Contract, data: planning_queries.PlanningData) -> Decimal | None:
    """The contract's quote priced on the scoped work, in the quote's currency."""
    quote = contract.quote
    if quote is None:
        return None
    try:
        workload = planning_queries.workload_from(data)
        if workload is None:
            return None
        return billing.quote_monthly_cost(
            workload,
            pricing_model=quote.pricing_model,
            rate=quote.rate,
            minimum_monthly=quote.minimum_monthly,
            commission_percent=quote.commission_percent,
            setup_fee=quote.setup_fee,
        )
    except (ValueError, ArithmeticError) as exc:
        log.info("Contract %s: quote not priced for the tier: %s", contract.pk, exc)
        return None


def cadences_for(contracts, today: datetime.date, engagements=None) -> dict[int, Cadence]:
    """{engagement id: Cadence} for ``contracts`` (with their quote and candidate read);
    their engagements (read with them, or ``engagements`` by id) let the workloads the
    spend is priced on be cached."""
    contracts = list(contracts)
    if not contracts:
        return {}
    ids = [c.engagement_id for c in contracts]
    tiers = {t.engagement_id: t for t in VendorTier.objects.filter(engagement_id__in=ids)}
    read = {  # the contracts' engagements, where the caller read them with the contract
        c.engagement_id: c._state.fields_cache["engagement"]
        for c in contracts
        if "engagement" in c._state.fields_cache
    } | dict(engagements or {})
    planning = planning_for(ids, read)
    rounds = diligence_queries.latest_rounds([c.candidate_id for c in contracts])
    result = {}
    for contract in contracts:
        data = planning[contract.engagement_id]
        tier_row = tiers.get(contract.engagement_id)
        contacts = float(sum(line.contacts_per_month for line in data.lines))
        spend = _monthly_spend(contract, data)
        result[contract.engagement_id] = Cadence(
            contract=contract,
            tier_row=tier_row,
            suggestion=standing_rules.suggest_tier(
                contacts,
                tier_row.data_handled if tier_row else standing_rules.DATA_CONTACT,
                spend,
            ),
            contacts_per_month=contacts,
            monthly_spend=spend,
            latest_round=rounds.get(contract.candidate_id),
            today=today,
        )
    return result


def cadence_for(contract: Contract | None, today: datetime.date, engagement=None) -> Cadence | None:
    if contract is None:
        return None
    engagements = {engagement.pk: engagement} if engagement is not None else None
    return cadences_for([contract], today, engagements)[contract.engagement_id]
