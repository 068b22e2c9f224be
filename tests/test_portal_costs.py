"""The cost model (portal/costs.py): in-house and every pricing model."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portal import costs, reference

PHONE = costs.ChannelLoad("inbound_phone", 9000, 6, 70, 0.025)
EMAIL = costs.ChannelLoad("email", 3000, 8, 45)
OUTBOUND = costs.ChannelLoad("outbound_phone", 4000, 5, 40)
INPUTS = costs.CostInputs(
    loaded_salary=Decimal("3400"),
    training_per_agent=Decimal("150"),
    equipment_per_agent=Decimal("120"),
    rent_per_agent=Decimal("450"),
    it_per_agent=Decimal("180"),
    supervision_per_agent=Decimal("400"),
    coverage_extra_percent=Decimal("15"),
    oversight_monthly=Decimal("6500"),
    outbound_sales_monthly=Decimal("60000"),
)


def test_channel_and_model_names_match_the_shared_vocabulary():
    channels = {costs.INBOUND_PHONE, costs.OUTBOUND_PHONE, costs.EMAIL, costs.CHAT, costs.SOCIAL}
    assert channels == set(reference.Channel.values)
    assert set(costs.PRICING_MODELS) == set(reference.PricingModel.values)


def test_workload_of_the_demo_scope():
    w = costs.build_workload([PHONE, EMAIL], INPUTS)
    # 9,000 calls a month = 2,076.9 a week; 2.5% in the busiest hour = 51.9 calls/hour.
    assert w.calls_per_hour_peak == pytest.approx(9000 * 12 / 52 * 0.025)
    assert w.aht_seconds == 360
    assert w.agents_on_phones == 8  # Erlang C, 80% in 20 s on 5.19 Erlangs
    phone_hours = 8 / 0.7 * 70 * 52 / 12
    email_hours = 3000 * 8 / 60 / 0.85 / 0.7
    assert w.agent_hours_per_month == pytest.approx(phone_hours + email_hours)
    assert w.inbound_minutes_per_month == 9000 * 6 + 3000 * 8
    assert w.contacts_per_month == 12000
    assert w.in_house_agents == 24  # ceil(4,139 paid hours / 173.3)
    per_agent = Decimal("4700")
    off_hours = phone_hours * 25 / 70
    premium = Decimal("3400") * Decimal("0.15") * Decimal(repr(off_hours / costs.FTE_HOURS))
    assert w.in_house_monthly_cost == costs.money(per_agent * 24 + premium)
    assert w.oversight_monthly_cost == Decimal("6500.00")
    assert w.service_level >= 0.8


def test_quote_monthly_cost_per_model():
    w = costs.build_workload([PHONE, EMAIL, OUTBOUND], INPUTS)
    minutes = Decimal(78000)
    assert costs.quote_monthly_cost(
        w, pricing_model="shared_per_minute", rate=Decimal("0.40")
    ) == costs.money(minutes * Decimal("0.40") + 6500)
    hours = Decimal(repr(w.agent_hours_per_month))
    assert costs.quote_monthly_cost(
        w, pricing_model="dedicated_per_hour", rate=Decimal("11.50")
    ) == costs.money(hours * Decimal("11.50") + 6500)
    assert costs.quote_monthly_cost(
        w, pricing_model="monthly", rate=Decimal("1800")
    ) == costs.money(w.dedicated_agents * 1800 + 6500)
    outbound_hours = Decimal(repr(4000 * 5 / 60))
    assert costs.quote_monthly_cost(
        w, pricing_model="outbound_hourly", rate=Decimal("8")
    ) == costs.money(outbound_hours * 8 + 6500)
    assert costs.quote_monthly_cost(
        w, pricing_model="commission", rate=Decimal("0"), commission_percent=Decimal("5")
    ) == Decimal("9500.00")
    assert costs.quote_monthly_cost(
        w,
        pricing_model="hourly_plus_commission",
        rate=Decimal("5"),
        commission_percent=Decimal("2"),
    ) == costs.money(outbound_hours * 5 + 1200 + 6500)


def test_minimum_charge_and_setup_fee():
    w = costs.build_workload([costs.ChannelLoad("inbound_phone", 100, 4, 45)], INPUTS)
    cost = costs.quote_monthly_cost(
        w,
        pricing_model="shared_per_minute",
        rate=Decimal("0.40"),
        minimum_monthly=Decimal("2500"),
        setup_fee=Decimal("12000"),
        months=24,
    )
    assert cost == Decimal("2500") + Decimal("6500") + Decimal("500")


def test_commission_needs_a_percentage():
    w = costs.build_workload([OUTBOUND], INPUTS)
    with pytest.raises(ValueError, match="commission percentage"):
        costs.quote_monthly_cost(w, pricing_model="commission", rate=Decimal("0"))
    with pytest.raises(ValueError, match="Unknown pricing model"):
        costs.quote_monthly_cost(w, pricing_model="barter", rate=Decimal("1"))


def test_commission_warning_below_the_ten_percent_premium():
    w = costs.build_workload([OUTBOUND], INPUTS)  # 333.3 hours, $60,000 sales
    # 5% of 60,000 = 3,000 over 333.3 h = $9.00/h, below 8 x 1.10 = 8.80? no: above.
    assert (
        costs.commission_warning(w, commission_percent=Decimal("5"), regular_hourly_rate=8) is None
    )
    # 4% = $7.20/h, below $8.80.
    warning = costs.commission_warning(w, commission_percent=Decimal("4"), regular_hourly_rate=8)
    assert "7.20" in warning and "8.80" in warning


def test_in_house_cost_split_by_pricing_model():
    w = costs.build_workload([PHONE, OUTBOUND], INPUTS)
    assert costs.in_house_cost_for(w, "outbound_hourly") == w.in_house_outbound_monthly_cost
    assert costs.in_house_cost_for(w, "shared_per_minute") == w.in_house_inbound_monthly_cost
    assert w.in_house_monthly_cost == (
        w.in_house_inbound_monthly_cost + w.in_house_outbound_monthly_cost
    )


def test_monthly_rate_is_the_hourly_rate_over_a_full_time_month():
    # 40 hours x 52 weeks / 12 months = 173.33 paid hours.
    assert costs.monthly_rate_from_hourly(Decimal("8")) == Decimal("1386.67")
    assert costs.monthly_rate_from_hourly(Decimal("15")) == Decimal("2600.00")
    assert costs.monthly_rate_from_hourly(Decimal("11.5")) == Decimal("1993.33")


def test_bad_channel_load_is_refused():
    with pytest.raises(ValueError):
        costs.ChannelLoad("inbound_phone", -1, 5, 45)
    with pytest.raises(ValueError):
        costs.ChannelLoad("inbound_phone", 100, 0, 45)
    with pytest.raises(ValueError):
        costs.ChannelLoad("inbound_phone", 100, 5, 169)


money_st = st.decimals(min_value=0, max_value=10_000, places=2)
rates = st.decimals(min_value=Decimal("0.01"), max_value=50, places=2)
scopes = st.fixed_dictionaries(
    {
        "handle": st.floats(min_value=0.5, max_value=30),
        "coverage": st.floats(min_value=10, max_value=168),
        "peak": st.one_of(st.none(), st.floats(min_value=0.005, max_value=0.2)),
        "email": st.integers(min_value=0, max_value=20_000),
        "outbound": st.integers(min_value=0, max_value=20_000),
        "shrinkage": st.floats(min_value=0, max_value=0.6),
        "target": st.floats(min_value=0.5, max_value=0.95),
        "salary": money_st,
        "extra": st.decimals(min_value=0, max_value=50, places=1),
    }
)


def scope_lines(s, volume):
    lines = [costs.ChannelLoad("inbound_phone", volume, s["handle"], s["coverage"], s["peak"])]
    if s["email"]:
        lines.append(costs.ChannelLoad("email", s["email"], 6, 45))
    if s["outbound"]:
        lines.append(costs.ChannelLoad("outbound_phone", s["outbound"], 4, 40))
    return lines


def scope_inputs(s):
    return costs.CostInputs(
        service_target=s["target"],
        shrinkage=s["shrinkage"],
        loaded_salary=s["salary"],
        coverage_extra_percent=s["extra"],
        oversight_monthly=Decimal("1000"),
        outbound_sales_monthly=Decimal("50000"),
    )


@settings(max_examples=150, deadline=None)
@given(
    s=scopes,
    v1=st.integers(min_value=1, max_value=200_000),
    extra_volume=st.integers(min_value=0, max_value=200_000),
    rate=rates,
)
def test_cost_never_falls_as_volume_rises(s, v1, extra_volume, rate):
    inputs = scope_inputs(s)
    low = costs.build_workload(scope_lines(s, v1), inputs)
    high = costs.build_workload(scope_lines(s, v1 + extra_volume), inputs)
    assert high.in_house_monthly_cost >= low.in_house_monthly_cost
    for model in costs.PRICING_MODELS:
        kwargs = {"pricing_model": model, "rate": rate, "commission_percent": Decimal("3")}
        assert costs.quote_monthly_cost(high, **kwargs) >= costs.quote_monthly_cost(low, **kwargs)
