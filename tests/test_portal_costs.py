"""The cost model (portal/cost_inputs.py, channel_plans.py, costs.py, billing.py): in-house
and every pricing model."""

import math
from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portal import billing, cost_inputs, costs, reference, staffing, week

SEVENTY = week.open_hours_for_weekly_hours(70)  # Monday-Friday 07:00-21:00
PHONE = cost_inputs.ChannelLoad("inbound_phone", 9000, 6, SEVENTY, week.PROFILES["consumer"])
EMAIL = cost_inputs.ChannelLoad("email", 3000, 8)
OUTBOUND = cost_inputs.ChannelLoad("outbound_phone", 4000, 5, week.open_hours_for_weekly_hours(40))
INPUTS = cost_inputs.CostInputs(
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
    channels = {
        cost_inputs.INBOUND_PHONE,
        cost_inputs.OUTBOUND_PHONE,
        cost_inputs.EMAIL,
        cost_inputs.CHAT,
        cost_inputs.SOCIAL,
    }
    assert channels == set(reference.Channel.values)
    assert set(billing.PRICING_MODELS) == set(reference.PricingModel.values)


def test_a_flat_business_hours_phone_line_hour_by_hour():
    phone = cost_inputs.ChannelLoad("inbound_phone", 9000, 6)  # business hours, flat
    w = costs.build_workload([phone], INPUTS)
    plan = w.plan("inbound_phone")
    # 9,000 calls a month = 2,076.9 a week over 45 open hours = 46.15 calls an hour:
    # 4.62 Erlangs at 6 minutes, 8 agents reach 80% in 20 s (Erlang C).
    assert w.calls_per_hour_peak == pytest.approx(9000 * 12 / 52 / 45)
    assert plan.agents_by_hour == tuple(8 if open_ else 0 for open_ in week.BUSINESS_HOURS)
    assert plan.staffed_hours_per_week == 8 * 45 == 360
    assert w.dedicated_hours_per_month == pytest.approx(360 * 52 / 12)  # 1,560 seat-hours
    assert w.monthly_seats == 9  # 1,560 / 173.3 = 9.0
    assert plan.off_hours_per_month == 0
    assert plan.service_level >= 0.8 and plan.abandon_rate is None
    # In-house: 1,560 / 0.7 = 2,228.6 paid hours = 12.9, so 13 people at $4,700.
    assert w.in_house_full_time_agents == 13
    assert w.in_house_monthly_cost == Decimal("4700") * 13


def test_workload_of_the_demo_scope():
    w = costs.build_workload([PHONE, EMAIL], INPUTS)
    phone = w.plan("inbound_phone")
    calls = PHONE.calls_by_hour()
    assert sum(calls) == pytest.approx(9000 * 12 / 52)
    for hour in range(168):
        expected = staffing.agents_for_service_level(calls[hour], 360, 0.8, 20)
        assert phone.agents_by_hour[hour] == (max(1, expected) if SEVENTY[hour] else 0)
    assert w.agents_on_phones == max(phone.agents_by_hour)
    assert w.aht_seconds == 360
    # E-mail: 3,000 x 8 min / 60 / 0.85 = 470.6 h, above its 195 open hours a month.
    email = w.plan("email")
    assert email.staffed_hours_per_month == pytest.approx(3000 * 8 / 60 / 0.85)
    assert w.dedicated_hours_per_month == pytest.approx(
        phone.staffed_hours_per_month + email.staffed_hours_per_month
    )
    assert w.inbound_minutes_per_month == 9000 * 6 + 3000 * 8
    assert w.contacts_per_month == 12000
    paid = w.dedicated_hours_per_month / 0.7
    assert w.in_house_agents == math.ceil(paid / cost_inputs.FTE_HOURS)
    # Hours outside Monday-Friday 09:00-18:00: 07:00-09:00 and 18:00-21:00.
    off = sum(
        phone.agents_by_hour[h] for h in range(168) if SEVENTY[h] and not week.BUSINESS_HOURS[h]
    )
    assert phone.off_hours_per_month == pytest.approx(off * 52 / 12)
    premium = (
        Decimal("3400")
        * Decimal("0.15")
        * Decimal(repr(off * 52 / 12 / 0.7 / cost_inputs.FTE_HOURS))
    )
    assert w.in_house_monthly_cost == cost_inputs.money(
        Decimal("4700") * w.in_house_agents + premium
    )
    assert w.oversight_monthly_cost == Decimal("6500.00")
    assert w.service_level >= 0.8


def test_a_real_profile_needs_fewer_hours_than_the_busiest_hour_kept_all_week():
    flat = costs.build_workload([cost_inputs.ChannelLoad("inbound_phone", 9000, 6)], INPUTS)
    peaked = costs.build_workload(
        [cost_inputs.ChannelLoad("inbound_phone", 9000, 6, profile=week.PROFILES["consumer"])],
        INPUTS,
    )
    plan = peaked.plan("inbound_phone")
    # The consumer week needs 8 agents at its late-morning peak and 6 at 09:00 and
    # 17:00; the old method kept the busiest hour's 8 through all 45 open hours.
    busiest_all_week = max(plan.agents_by_hour) * 45
    assert busiest_all_week == 360
    assert plan.staffed_hours_per_week == 330 < busiest_all_week
    # Entering the profile gives fewer hours than leaving it out (flat: 8 x 45).
    assert plan.staffed_hours_per_week < flat.plan("inbound_phone").staffed_hours_per_week
    assert plan.service_level >= 0.8
    # Around the clock with a night trough the gap is wider.
    line = cost_inputs.ChannelLoad(
        "inbound_phone", 20_000, 6, "24/7", week.PROFILES["night_trough"]
    )
    night = costs.build_workload([line], INPUTS).plan("inbound_phone")
    assert night.staffed_hours_per_week < 0.8 * max(night.agents_by_hour) * 168


def test_email_around_the_clock_costs_more_than_in_business_hours():
    business = costs.build_workload([cost_inputs.ChannelLoad("email", 300, 8)], INPUTS)
    around = costs.build_workload([cost_inputs.ChannelLoad("email", 300, 8, "24/7")], INPUTS)
    # 300 x 8 min / 60 / 0.85 = 47 workload hours, but someone is on duty whenever
    # the channel is open: 45 x 52 / 12 = 195 hours, or 168 x 52 / 12 = 728 hours.
    assert business.dedicated_hours_per_month == pytest.approx(195)
    assert around.dedicated_hours_per_month == pytest.approx(728)
    # In-house: 195 / 0.7 = 278.6 paid hours = 2 people; 728 / 0.7 = 1,040 = 6 people.
    assert business.in_house_agents == 2
    assert around.in_house_agents == 6
    assert business.in_house_monthly_cost == Decimal("9400")
    # 123 of the 168 hours are outside business hours: 1,040 x 123 / 168 paid hours
    # carry the 15% premium on $3,400.
    off_paid = 1040 * 123 / 168
    premium = Decimal("510") * Decimal(repr(off_paid / cost_inputs.FTE_HOURS))
    assert around.in_house_monthly_cost == cost_inputs.money(Decimal("4700") * 6 + premium)
    assert around.in_house_monthly_cost > 3 * business.in_house_monthly_cost


def test_chat_agents_carry_several_chats():
    one = costs.build_workload([cost_inputs.ChannelLoad("chat", 6000, 9)], INPUTS)
    two = costs.build_workload([cost_inputs.ChannelLoad("chat", 6000, 9, concurrency=2)], INPUTS)
    assert two.dedicated_hours_per_month < one.dedicated_hours_per_month
    assert two.plan("chat").kind == "queue"


def test_vendor_hours_carry_no_company_shrinkage_but_in_house_outbound_does():
    w = costs.build_workload([cost_inputs.ChannelLoad("inbound_phone", 9000, 6), OUTBOUND], INPUTS)
    # Dedicated bills 1,560 staffed seat-hours, not 1,560 / 0.7.
    assert (
        billing.vendor_charge(w, pricing_model="dedicated_per_hour", rate=Decimal("10"))
        == Decimal(repr(1560.0)) * 10
    )
    # Outbound: 4,000 x 5 min = 333.3 hours worked, billed as worked...
    assert w.outbound_hours_per_month == pytest.approx(4000 * 5 / 60)
    # ...but in-house they are 333.3 / 0.7 = 476.2 paid hours: 3 people (not 2).
    assert w.in_house_people(["outbound_phone"]) == 3
    assert w.in_house_outbound_monthly_cost == Decimal("14100.00")


def test_monthly_seats_round_up():
    # 250 e-mails of 45 minutes: 187.5 / 0.85 = 220.6 staffed hours (above the 195
    # open hours), 1.27 times 173.3: 2 seats.
    w = costs.build_workload([cost_inputs.ChannelLoad("email", 250, 45)], INPUTS)
    assert w.dedicated_hours_per_month == pytest.approx(187.5 / 0.85)
    assert w.monthly_seats == 2
    assert billing.vendor_charge(w, pricing_model="monthly", rate=Decimal("1800")) == 3600


def test_shared_minutes_bill_answered_calls_only():
    patient = cost_inputs.ChannelLoad("inbound_phone", 9000, 6, patience_seconds=120)
    w = costs.build_workload([patient, EMAIL], INPUTS)
    phone = w.plan("inbound_phone")
    assert 0 < phone.abandon_rate < 0.1
    answered = 9000 * (1 - phone.abandon_rate)
    assert phone.answered_contacts_per_month == pytest.approx(answered)
    assert w.shared_minutes_per_month == pytest.approx(answered * 6 + 3000 * 8)
    assert w.shared_minutes_per_month < w.inbound_minutes_per_month
    assert billing.vendor_charge(
        w, pricing_model="shared_per_minute", rate=Decimal("0.40")
    ) == Decimal(repr(w.shared_minutes_per_month)) * Decimal("0.40")
    assert w.abandon_rate == phone.abandon_rate


def test_in_house_cost_of_a_subset_uses_whole_people_for_that_subset():
    w = costs.build_workload([cost_inputs.ChannelLoad("inbound_phone", 9000, 6), EMAIL], INPUTS)
    # Phone alone 13 people; e-mail alone 470.6 / 0.7 = 672.3 h = 4 people; pooled
    # (1,560 + 470.6) / 0.7 = 2,900.8 h = 16.7, so 17 people.
    assert w.in_house_people(["inbound_phone"]) == 13
    assert w.in_house_people(["email"]) == 4
    assert w.in_house_people() == 17
    assert w.in_house_cost(["email"]) == Decimal("18800.00")
    assert w.in_house_cost() == w.in_house_monthly_cost == Decimal("79900.00")


def test_quote_monthly_cost_per_model():
    w = costs.build_workload([PHONE, EMAIL, OUTBOUND], INPUTS)
    minutes = Decimal(78000)
    assert billing.quote_monthly_cost(
        w, pricing_model="shared_per_minute", rate=Decimal("0.40")
    ) == cost_inputs.money(minutes * Decimal("0.40") + 6500)
    hours = Decimal(repr(w.dedicated_hours_per_month))
    assert billing.quote_monthly_cost(
        w, pricing_model="dedicated_per_hour", rate=Decimal("11.50")
    ) == cost_inputs.money(hours * Decimal("11.50") + 6500)
    assert billing.quote_monthly_cost(
        w, pricing_model="monthly", rate=Decimal("1800")
    ) == cost_inputs.money(w.dedicated_agents * 1800 + 6500)
    outbound_hours = Decimal(repr(4000 * 5 / 60))
    assert billing.quote_monthly_cost(
        w, pricing_model="outbound_hourly", rate=Decimal("8")
    ) == cost_inputs.money(outbound_hours * 8 + 6500)
    assert billing.quote_monthly_cost(
        w, pricing_model="commission", rate=Decimal("0"), commission_percent=Decimal("5")
    ) == Decimal("9500.00")
    assert billing.quote_monthly_cost(
        w,
        pricing_model="hourly_plus_commission",
        rate=Decimal("5"),
        commission_percent=Decimal("2"),
    ) == cost_inputs.money(outbound_hours * 5 + 1200 + 6500)


def test_minimum_charge_and_setup_fee():
    w = costs.build_workload([cost_inputs.ChannelLoad("inbound_phone", 100, 4)], INPUTS)
    cost = billing.quote_monthly_cost(
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
        billing.quote_monthly_cost(w, pricing_model="commission", rate=Decimal("0"))
    with pytest.raises(ValueError, match="Unknown pricing model"):
        billing.quote_monthly_cost(w, pricing_model="barter", rate=Decimal("1"))


def test_commission_warning_below_the_ten_percent_premium():
    w = costs.build_workload([OUTBOUND], INPUTS)  # 333.3 hours, $60,000 sales
    # 5% of 60,000 = 3,000 over 333.3 h = $9.00/h, below 8 x 1.10 = 8.80? no: above.
    assert (
        billing.commission_warning(w, commission_percent=Decimal("5"), regular_hourly_rate=8)
        is None
    )
    # 4% = $7.20/h, below $8.80.
    warning = billing.commission_warning(w, commission_percent=Decimal("4"), regular_hourly_rate=8)
    assert "7.20" in warning and "8.80" in warning


def test_in_house_cost_split_by_pricing_model():
    w = costs.build_workload([PHONE, OUTBOUND], INPUTS)
    assert billing.in_house_cost_for(w, "outbound_hourly") == w.in_house_outbound_monthly_cost
    assert billing.in_house_cost_for(w, "shared_per_minute") == w.in_house_inbound_monthly_cost
    assert w.in_house_monthly_cost == (
        w.in_house_inbound_monthly_cost + w.in_house_outbound_monthly_cost
    )


def test_monthly_rate_is_the_hourly_rate_over_a_full_time_month():
    # 40 hours x 52 weeks / 12 months = 173.33 paid hours.
    assert billing.monthly_rate_from_hourly(Decimal("8")) == Decimal("1386.67")
    assert billing.monthly_rate_from_hourly(Decimal("15")) == Decimal("2600.00")
    assert billing.monthly_rate_from_hourly(Decimal("11.5")) == Decimal("1993.33")


def test_bad_channel_load_is_refused():
    with pytest.raises(ValueError, match="negative"):
        cost_inputs.ChannelLoad("inbound_phone", -1, 5)
    with pytest.raises(ValueError, match="above zero"):
        cost_inputs.ChannelLoad("inbound_phone", 100, 0)
    with pytest.raises(ValueError, match="168"):
        cost_inputs.ChannelLoad("inbound_phone", 100, 5, (True,) * 169)
    with pytest.raises(ValueError, match="business hours"):
        cost_inputs.ChannelLoad("inbound_phone", 100, 5, "weekdays")
    with pytest.raises(ValueError, match="at least one hour"):
        cost_inputs.ChannelLoad("inbound_phone", 100, 5, (False,) * 168)
    with pytest.raises(ValueError, match="no share"):
        cost_inputs.ChannelLoad("inbound_phone", 100, 5, "business hours", (0,) * 168)
    with pytest.raises(ValueError, match="patience"):
        cost_inputs.ChannelLoad("inbound_phone", 100, 5, patience_seconds=0)
    with pytest.raises(ValueError, match="at least one contact"):
        cost_inputs.ChannelLoad("chat", 100, 5, concurrency=0.5)


money_st = st.decimals(min_value=0, max_value=10_000, places=2)
rates = st.decimals(min_value=Decimal("0.01"), max_value=50, places=2)
scopes = st.fixed_dictionaries(
    {
        "handle": st.floats(min_value=0.5, max_value=30),
        "coverage": st.floats(min_value=10, max_value=168),
        "profile": st.sampled_from([None, "consumer", "night_trough"]),
        "email": st.integers(min_value=0, max_value=20_000),
        "outbound": st.integers(min_value=0, max_value=20_000),
        "shrinkage": st.floats(min_value=0, max_value=0.6),
        "target": st.floats(min_value=0.5, max_value=0.95),
        "salary": money_st,
        "extra": st.decimals(min_value=0, max_value=50, places=1),
    }
)


def scope_lines(s, volume):
    open_hours = week.open_hours_for_weekly_hours(s["coverage"])
    profile = week.PROFILES[s["profile"]] if s["profile"] else None
    lines = [cost_inputs.ChannelLoad("inbound_phone", volume, s["handle"], open_hours, profile)]
    if s["email"]:
        lines.append(cost_inputs.ChannelLoad("email", s["email"], 6))
    if s["outbound"]:
        lines.append(cost_inputs.ChannelLoad("outbound_phone", s["outbound"], 4))
    return lines


def scope_inputs(s):
    return cost_inputs.CostInputs(
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
    for model in billing.PRICING_MODELS:
        kwargs = {"pricing_model": model, "rate": rate, "commission_percent": Decimal("3")}
        assert billing.quote_monthly_cost(high, **kwargs) >= billing.quote_monthly_cost(
            low, **kwargs
        )


def test_written_channels_say_whether_closed_hours_break_the_reply_target():
    business = costs.build_workload([cost_inputs.ChannelLoad("email", 300, 8)], INPUTS).plan(
        "email"
    )
    # Friday 18:00 to Monday 09:00 is 63 closed hours: a 24-hour reply cannot be kept.
    assert business.longest_closed_hours == 63 and business.meets_reply_target is False
    around = costs.build_workload([cost_inputs.ChannelLoad("email", 300, 8, "24/7")], INPUTS)
    assert around.plan("email").longest_closed_hours == 0
    assert around.plan("email").meets_reply_target is True
    relaxed = costs.build_workload(
        [cost_inputs.ChannelLoad("social", 300, 8)], replace(INPUTS, reply_within_hours=72)
    )
    assert relaxed.plan("social").meets_reply_target is True


def test_an_entered_headcount_is_split_between_the_teams():
    w = costs.build_workload(
        [cost_inputs.ChannelLoad("inbound_phone", 9000, 6), OUTBOUND],
        replace(INPUTS, in_house_agents_override=20),
    )
    # The staffing math gives 13 inbound and 3 outbound people: 20 x 13 / 16 = 16.25.
    assert w.in_house_agents == 20
    assert w.in_house_people(["inbound_phone"]) == 16
    assert w.in_house_people(["outbound_phone"]) == 4
    assert w.in_house_monthly_cost == Decimal("4700") * 20
