"""Step 2's comparison (portal/planning/comparison.py): whole-scope scenarios and
commission deals priced honestly, on the seeded rate card."""

from decimal import Decimal

import pytest

from portal import cost_inputs, costs, scenarios
from portal.planning import comparison, queries

pytestmark = pytest.mark.django_db

LINES = [
    cost_inputs.ChannelLoad("inbound_phone", 9000, 6),
    cost_inputs.ChannelLoad("email", 3000, 8),
    cost_inputs.ChannelLoad("outbound_phone", 4000, 5),
]
INPUTS = cost_inputs.CostInputs(
    loaded_salary=Decimal("3400"),
    oversight_monthly=Decimal("6500"),
    outbound_sales_monthly=Decimal("60000"),
)


def _build(commission_percent=None):
    workload = costs.build_workload(LINES, INPUTS)
    return workload, comparison.build(
        workload,
        lines=LINES,
        inputs=INPUTS,
        rate_rows=queries.current_rate_cards(),
        region="asia_philippines",
        commission_percent=commission_percent,
    )


def test_scenarios_price_the_whole_scope_with_oversight_once():
    workload, result = _build()
    first, *others = result.scenarios
    assert first.name == "All in-house" and first.monthly_total == workload.in_house_monthly_cost
    assert others and all(s.oversight == Decimal("6500.00") for s in others)
    both = [s for s in others if s.inbound and s.outbound]
    assert both
    for s in both:
        assert s.kept_in_house == ()
        assert s.monthly_total == s.vendor_charges + s.oversight
    assert result.cheapest_scenario == scenarios.cheapest_feasible(result.scenarios)


def test_hourly_plus_commission_starts_from_half_the_hourly_rate():
    workload, result = _build()
    hourly = next(o for o in result.options if o.pricing_model == "outbound_hourly")
    mixed = next(o for o in result.options if o.pricing_model == "hourly_plus_commission")
    regular = hourly.pricing.rate
    assert mixed.pricing.rate == cost_inputs.money(regular / 2)
    earned = scenarios.earnings_per_hour(workload, mixed.pricing)
    assert earned >= regular * Decimal("1.10")
    assert not mixed.warning and "half the hourly rate" in mixed.basis
    # Its cost at half, the planned and one and a half times the sales.
    low, planned, high = (mixed.sales_range[f] for f in scenarios.SALES_FACTORS)
    assert low < planned < high
    assert planned == mixed.monthly["mid"] - workload.oversight_monthly_cost


def test_an_offer_the_center_would_refuse_is_never_the_cheapest():
    workload, result = _build(commission_percent=Decimal("1"))
    refused = [o for o in result.options if o.warning]
    assert {o.pricing_model for o in refused} == {"commission", "hourly_plus_commission"}
    # 1% of $60,000 is the cheapest outbound deal on paper...
    assert min(result.options, key=lambda o: o.monthly["mid"]) in refused
    # ...but not the cheapest option or scenario.
    best, _ = result.cheapest
    assert best not in refused
    assert result.cheapest_scenario.feasible
    assert any(not s.feasible for s in result.scenarios)
