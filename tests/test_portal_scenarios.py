"""Scenarios for the whole scope (portal/scenarios.py): vendor charges, the in-house
cost of what stays, and the company's oversight once."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portal import billing, cost_inputs, costs, scenarios
from portal.scenarios import Pricing

INPUTS = cost_inputs.CostInputs(
    loaded_salary=Decimal("3400"),
    training_per_agent=Decimal("150"),
    equipment_per_agent=Decimal("120"),
    rent_per_agent=Decimal("450"),
    it_per_agent=Decimal("180"),
    supervision_per_agent=Decimal("400"),
    oversight_monthly=Decimal("6500"),
    outbound_sales_monthly=Decimal("60000"),
)
PHONE = cost_inputs.ChannelLoad("inbound_phone", 9000, 6)  # 1,560 staffed seat-hours a month
EMAIL = cost_inputs.ChannelLoad("email", 3000, 8)  # 470.6 staffed hours a month
OUTBOUND = cost_inputs.ChannelLoad("outbound_phone", 4000, 5)  # 333.3 hours worked a month
DEDICATED = Pricing("dedicated_per_hour", Decimal("10"))
SHARED = Pricing("shared_per_minute", Decimal("0.40"))
HOURLY = Pricing("outbound_hourly", Decimal("8"))


def _mixed():
    return costs.build_workload([PHONE, EMAIL, OUTBOUND], INPUTS)


def test_all_in_house_is_the_in_house_cost_without_oversight():
    w = _mixed()
    base = scenarios.all_in_house(w)
    # Inbound: (1,560 + 470.6) / 0.7 = 2,900.8 paid hours = 17 people; outbound
    # 333.3 / 0.7 = 476.2 = 3 people; 20 x $4,700.
    assert base.monthly_total == w.in_house_monthly_cost == Decimal("94000.00")
    assert base.oversight == 0 and base.vendor_charges == 0 and base.saving_monthly == 0
    assert base.kept_in_house == ("inbound_phone", "email", "outbound_phone")
    assert base.name == "All in-house" and base.feasible and base.bills == ()


def test_outsourcing_both_directions_counts_oversight_once():
    w = _mixed()
    both = scenarios.scenario(w, inbound=DEDICATED, outbound=HOURLY)
    # Dedicated: 2,030.6 seat-hours x $10; outbound: 333.3 hours x $8; one $6,500.
    inbound_charge = Decimal(repr(1560 + 3000 * 8 / 60 / 0.85)) * 10
    outbound_charge = Decimal(repr(4000 * 5 / 60)) * 8
    assert both.vendor_charges == cost_inputs.money(inbound_charge + outbound_charge)
    assert both.oversight == Decimal("6500.00")
    assert both.in_house_cost == 0 and both.kept_in_house == ()
    assert both.monthly_total == cost_inputs.money(inbound_charge + outbound_charge + 6500)
    assert both.annual_total == cost_inputs.money(both.monthly_total * 12)
    assert both.saving_monthly == Decimal("94000.00") - both.monthly_total
    assert both.bills[0].startswith("Dedicated inbound, per hour: 2,031 staffed seat-hours")
    assert "333 outbound hours worked a month at $8.00" in both.bills[1]


def test_outsourcing_inbound_keeps_outbound_in_house_with_its_own_people():
    w = _mixed()
    inbound_only = scenarios.scenario(w, inbound=SHARED)
    assert inbound_only.kept_in_house == ("outbound_phone",)
    assert inbound_only.in_house_cost == w.in_house_outbound_monthly_cost == Decimal("14100.00")
    # 78,000 answered minutes x $0.40 + the outbound team + oversight once.
    assert inbound_only.monthly_total == Decimal("31200") + Decimal("14100") + Decimal("6500")
    assert inbound_only.name == "Shared inbound, per minute, the rest in-house"


def test_a_quote_for_some_channels_keeps_the_others_in_house():
    w = _mixed()
    phone_only = Pricing("dedicated_per_hour", Decimal("10"), channels=frozenset({"inbound_phone"}))
    result = scenarios.scenario(w, inbound=phone_only)
    assert result.kept_in_house == ("email", "outbound_phone")
    # E-mail alone in-house: 470.6 / 0.7 = 672.3 hours = 4 people.
    assert result.in_house_cost == Decimal("4700") * 4 + Decimal("14100")
    assert result.vendor_charges == Decimal("15600.00")


def test_minimum_and_setup_fee_are_part_of_the_vendor_charge():
    w = costs.build_workload([cost_inputs.ChannelLoad("inbound_phone", 100, 4)], INPUTS)
    quote = Pricing(
        "shared_per_minute",
        Decimal("0.40"),
        minimum_monthly=Decimal("2500"),
        setup_fee=Decimal("12000"),
        months=24,
    )
    result = scenarios.scenario(w, inbound=quote)
    assert result.vendor_charges == Decimal("3000.00")  # the $2,500 minimum + 12,000 / 24
    assert "the monthly minimum of $2,500.00 applies" in result.bills[0]
    assert "set-up fee spread over 24 months" in result.bills[0]


def test_scenarios_cover_every_combination_that_makes_sense():
    w = _mixed()
    listed = scenarios.scenarios(w, [SHARED, DEDICATED], [HOURLY])
    names = [(s.inbound, s.outbound) for s in listed]
    assert names == [
        (None, None),
        (SHARED, None),
        (SHARED, HOURLY),
        (DEDICATED, None),
        (DEDICATED, HOURLY),
        (None, HOURLY),
    ]
    assert all(s.oversight == Decimal("6500.00") for s in listed[1:])
    # No outbound work: no outbound scenarios.
    inbound_only = costs.build_workload([PHONE, EMAIL], INPUTS)
    assert len(scenarios.scenarios(inbound_only, [SHARED], [HOURLY])) == 2


def test_cheapest_skips_a_commission_the_center_would_refuse():
    w = costs.build_workload([OUTBOUND], INPUTS)  # 333.3 hours, $60,000 sales
    # 2% of $60,000 = $1,200 over 333.3 hours = $3.60 an hour, far below $8 x 1.10.
    stingy = Pricing(
        "commission",
        Decimal("0"),
        commission_percent=Decimal("2"),
        regular_hourly_rate=Decimal("8"),
    )
    listed = scenarios.scenarios(w, [], [stingy, HOURLY])
    refused = listed[1]
    assert not refused.feasible and "$3.60 an hour" in refused.warnings[0]
    assert refused.monthly_total < listed[2].monthly_total
    assert scenarios.cheapest_feasible(listed) == listed[2]


def test_best_for_quotes_picks_the_cheapest_feasible_combination():
    w = _mixed()
    best = scenarios.best_for_quotes(w, [SHARED, DEDICATED, HOURLY])
    options = [
        scenarios.scenario(w, inbound=i, outbound=o)
        for i in (None, SHARED, DEDICATED)
        for o in (None, HOURLY)
        if i or o
    ]
    assert best == min(options, key=lambda s: s.monthly_total)
    # A candidate quoting only outbound work: the inbound channels stay in-house.
    outbound_only = scenarios.best_for_quotes(w, [HOURLY])
    assert outbound_only.kept_in_house == ("inbound_phone", "email")
    assert outbound_only.monthly_total > scenarios.best_for_quotes(w, [DEDICATED]).monthly_total


def test_commission_downside_at_half_the_sales():
    w = costs.build_workload([OUTBOUND], INPUTS)  # 333.3 hours, $60,000 planned sales
    reference = scenarios.commission_reference(w, regular_hourly_rate=Decimal("8"))
    # Half the regular rate ($4) plus the commission that brings $4 to $8.80 an hour:
    # 333.3 x $4.80 = $1,600 of $60,000 = 2.67% (rounded up to the hundredth).
    assert reference.pricing_model == "hourly_plus_commission"
    assert reference.rate == Decimal("4.00") and reference.commission_percent == Decimal("2.67")
    costs_at = scenarios.commission_range(w, reference)
    hourly_part = Decimal(repr(4000 * 5 / 60)) * 4
    assert costs_at[Decimal("1")] == cost_inputs.money(hourly_part + Decimal("1602"))
    assert costs_at[Decimal("0.5")] == cost_inputs.money(hourly_part + Decimal("801"))
    assert costs_at[Decimal("1.5")] == cost_inputs.money(hourly_part + Decimal("2403"))
    # At half the sales the center earns $6.40 an hour: below its regular $8.
    assert scenarios.earnings_per_hour(w, reference, Decimal("0.5")) == Decimal("6.40")
    assert scenarios.earnings_per_hour(w, reference) >= Decimal("8.80")
    assert scenarios.scenario(w, outbound=reference).feasible


def test_a_pricing_of_the_wrong_direction_is_refused():
    w = _mixed()
    with pytest.raises(ValueError, match="not an inbound"):
        scenarios.scenario(w, inbound=HOURLY)
    with pytest.raises(ValueError, match="covers no channel"):
        scenarios.scenario(costs.build_workload([PHONE], INPUTS), outbound=HOURLY)


pricings = st.builds(
    Pricing,
    pricing_model=st.sampled_from(billing.PRICING_MODELS),
    rate=st.decimals(min_value=0, max_value=3000, places=2),
    minimum_monthly=st.decimals(min_value=0, max_value=20000, places=2),
    setup_fee=st.decimals(min_value=0, max_value=20000, places=2),
    commission_percent=st.decimals(min_value=0, max_value=30, places=2),
    channels=st.one_of(
        st.none(), st.frozensets(st.sampled_from(["inbound_phone", "email", "chat"]), min_size=1)
    ),
)


@settings(max_examples=60, deadline=None)
@given(options=st.lists(pricings, max_size=5))
def test_every_scenario_counts_oversight_once_and_what_stays_in_house(options):
    w = _mixed()
    inbound = [p for p in options if p.inbound]
    outbound = [p for p in options if not p.inbound]
    for s in scenarios.scenarios(w, inbound, outbound):
        outsourced = bool(s.inbound or s.outbound)
        assert s.oversight == (Decimal("6500.00") if outsourced else 0)
        assert s.in_house_cost == w.in_house_cost(s.kept_in_house)
        assert s.monthly_total == cost_inputs.money(
            s.vendor_charges + s.in_house_cost + s.oversight
        )
        assert s.saving_monthly == w.in_house_monthly_cost - s.monthly_total
        assert len(s.bills) == int(s.inbound is not None) + int(s.outbound is not None)


@settings(max_examples=60, deadline=None)
@given(subset=st.sets(st.sampled_from(["inbound_phone", "email", "outbound_phone"])))
def test_splitting_the_scope_never_makes_in_house_cheaper(subset):
    w = _mixed()
    rest = set(w.scoped_channels) - subset
    assert w.in_house_cost(subset) + w.in_house_cost(rest) >= w.in_house_cost()
