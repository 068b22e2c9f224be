"""The break-even of a dedicated team against shared pricing (portal/break_even.py)."""

import dataclasses
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portal import billing, break_even, channel_plans, cost_inputs, costs, week
from tests.test_portal_costs import (
    EMAIL,
    INPUTS,
    OUTBOUND,
    PHONE,
    SEVENTY,
    rates,
    scope_inputs,
    scope_lines,
    scopes,
)


def _phone_charges(phone, inputs, volume, shared_rate, dedicated_rate):
    """What shared and dedicated pricing charge for the inbound phone line alone."""
    w = costs.build_workload([dataclasses.replace(phone, contacts_per_month=volume)], inputs)
    return (
        billing.vendor_charge(w, pricing_model="shared_per_minute", rate=shared_rate),
        billing.vendor_charge(w, pricing_model="dedicated_per_hour", rate=dedicated_rate),
    )


def test_break_even_is_the_first_whole_call_at_which_dedicated_is_no_dearer():
    phone = cost_inputs.ChannelLoad("inbound_phone", 9000, 6, SEVENTY)
    volume = break_even.break_even_inbound_volume(
        [phone, EMAIL], INPUTS, shared_rate=Decimal("0.40"), dedicated_rate=Decimal("11.50")
    )
    assert isinstance(volume, int) and volume > 0
    shared, dedicated = _phone_charges(phone, INPUTS, volume, Decimal("0.40"), Decimal("11.50"))
    assert cost_inputs.money(shared) >= cost_inputs.money(dedicated)
    # Within one call's minutes of each other (6 minutes x $0.40).
    assert shared - dedicated < Decimal("2.40")
    shared, dedicated = _phone_charges(phone, INPUTS, volume - 1, Decimal("0.40"), Decimal("11.50"))
    assert shared < dedicated
    # Below it shared is cheaper, well above it dedicated is.
    shared, dedicated = _phone_charges(
        phone, INPUTS, volume * 0.8, Decimal("0.40"), Decimal("11.50")
    )
    assert shared < dedicated


def test_break_even_counts_the_inbound_phone_line_only():
    phone = cost_inputs.ChannelLoad("inbound_phone", 9000, 6, SEVENTY)
    rates = {"shared_rate": Decimal("0.40"), "dedicated_rate": Decimal("11.50")}
    alone = break_even.break_even_inbound_volume([phone], INPUTS, **rates)
    assert break_even.break_even_inbound_volume([phone, EMAIL, OUTBOUND], INPUTS, **rates) == alone
    # A large e-mail backlog does not move it either.
    big_email = cost_inputs.ChannelLoad("email", 90_000, 12)
    assert break_even.break_even_inbound_volume([phone, big_email], INPUTS, **rates) == alone


def test_no_break_even_without_inbound_phone_or_when_shared_always_wins():
    assert (
        break_even.break_even_inbound_volume(
            [EMAIL], INPUTS, shared_rate=Decimal("0.4"), dedicated_rate=Decimal("10")
        )
        is None
    )
    # 1 cent a minute is 60 cents an hour: a $30/hour team never catches up.
    assert (
        break_even.break_even_inbound_volume(
            [PHONE], INPUTS, shared_rate=Decimal("0.01"), dedicated_rate=Decimal("30")
        )
        is None
    )


@settings(max_examples=100, deadline=None)
@given(s=scopes, shared=st.decimals(min_value="0.05", max_value="2", places=2), dedicated=rates)
def test_break_even_is_where_dedicated_stops_being_dearer(s, shared, dedicated):
    inputs = scope_inputs(s)
    lines = scope_lines(s, 1000)
    volume = break_even.break_even_inbound_volume(
        lines, inputs, shared_rate=shared, dedicated_rate=dedicated
    )
    if volume is None:
        return
    assert isinstance(volume, int) and volume >= 1
    phone = lines[0]
    at_shared, at_dedicated = _phone_charges(phone, inputs, volume, shared, dedicated)
    assert cost_inputs.money(at_shared) >= cost_inputs.money(at_dedicated)
    if volume > 1:
        below_shared, below_dedicated = _phone_charges(phone, inputs, volume - 1, shared, dedicated)
        assert cost_inputs.money(below_shared) <= cost_inputs.money(below_dedicated)


FLAT = cost_inputs.ChannelLoad("inbound_phone", 9000, 6)  # business hours, flat
RATES = {"shared_rate": Decimal("0.40"), "dedicated_rate": Decimal("11")}


def _cheaper(phone, inputs, volume):
    shared, dedicated = _phone_charges(phone, inputs, volume, Decimal("0.40"), Decimal("11"))
    return "dedicated" if dedicated <= shared else "shared"


def test_break_even_with_the_crossings_worked_by_hand():
    found = break_even.crossings([FLAT], cost_inputs.CostInputs(), max_contacts=4000, **RATES)
    # One seat in all 45 open hours costs 45 x 52/12 x $11 = $2,145 a month; a call
    # costs 6 x $0.40 = $2.40 shared. 3 agents carry up to 14.4 calls an hour (at 80%
    # in 20 s): 3 x $2,145 = $6,435 = 2,681.25 calls, so dedicated is no dearer from
    # 2,682 calls; at 2,821 calls (14.47 an hour) every hour needs a 4th agent:
    # $8,580, dearer again until 8,580 / 2.40 = 3,575 calls.
    assert found.crossings == (2682, 2821, 3575)
    assert found.first == 2682
    assert [(i.start, i.end, i.cheaper) for i in found.intervals] == [
        (1, 2681, "shared"),
        (2682, 2820, "dedicated"),
        (2821, 3574, "shared"),
        (3575, None, "dedicated"),
    ]
    assert found.searched_up_to == 4000
    assert found.cheaper_at(3000) == "shared" and found.cheaper_at(3575) == "dedicated"
    for volume in found.crossings:
        assert _cheaper(FLAT, cost_inputs.CostInputs(), volume) != _cheaper(
            FLAT, cost_inputs.CostInputs(), volume - 1
        )


@pytest.mark.parametrize(
    "phone",
    [
        FLAT,
        cost_inputs.ChannelLoad("inbound_phone", 9000, 6, profile=week.PROFILES["consumer"]),
        cost_inputs.ChannelLoad("inbound_phone", 2000, 4, "24/7", week.PROFILES["night_trough"]),
    ],
)
def test_every_crossing_agrees_with_a_call_by_call_walk(phone):
    inputs = cost_inputs.CostInputs()
    found = break_even.crossings([phone], inputs, max_contacts=3000, **RATES)
    walk, before = [], None
    for volume in range(1, 3001):
        plan = channel_plans.plan_queue(
            phone, inputs, contacts_per_month=volume, with_queue_stats=False
        )
        dedicated = Decimal(repr(plan.staffed_hours_per_week)) * 52 / 12 * 11
        shared = Decimal(volume) * Decimal(repr(phone.handle_minutes)) * Decimal("0.40")
        now = "dedicated" if dedicated <= shared else "shared"
        if before is not None and now != before:
            walk.append(volume)
        before = now
    assert found.crossings == tuple(walk)


def test_the_profile_is_scaled_with_the_volume():
    peaked = cost_inputs.ChannelLoad("inbound_phone", 9000, 6, profile=week.PROFILES["consumer"])
    flat = break_even.crossings([FLAT], cost_inputs.CostInputs(), **RATES)
    shaped = break_even.crossings([peaked], cost_inputs.CostInputs(), **RATES)
    # The peaked week needs fewer seat-hours at low volumes: dedicated pays sooner...
    # but its peak hours step up first, so the crossings differ.
    assert shaped.crossings != flat.crossings
    assert shaped.intervals[0].cheaper == "shared"


def test_shared_stays_cheaper_when_an_agent_hour_costs_an_hour_of_talk():
    # $24 an hour is 40 cents a minute: every agent-hour costs at least the minutes it
    # talks at the shared rate, and a queue has more agents than Erlangs.
    found = break_even.crossings(
        [FLAT], cost_inputs.CostInputs(), shared_rate=Decimal("0.40"), dedicated_rate=Decimal("24")
    )
    assert found.crossings == () and found.searched_up_to is None
    assert found.intervals == (break_even.Interval(1, None, "shared"),)


def test_callers_who_hang_up_are_not_billed_by_the_minute():
    patient = cost_inputs.ChannelLoad("inbound_phone", 9000, 6, patience_seconds=90)
    found = break_even.crossings([patient], cost_inputs.CostInputs(), **RATES)
    w = costs.build_workload([patient], cost_inputs.CostInputs())
    answered = w.plan("inbound_phone").answered_contacts_per_month / 9000
    assert answered < 1
    # Shared bills answered minutes (the answered share of today, kept along the
    # curve); dedicated the Erlang A staffing.
    first = found.first
    plan = channel_plans.plan_queue(patient, cost_inputs.CostInputs(), contacts_per_month=first)
    dedicated = plan.staffed_hours_per_week * 52 / 12 * 11
    assert dedicated <= first * 6 * 0.40 * answered
    plan = channel_plans.plan_queue(patient, cost_inputs.CostInputs(), contacts_per_month=first - 1)
    assert plan.staffed_hours_per_week * 52 / 12 * 11 > (first - 1) * 6 * 0.40 * answered


def test_the_search_stops_where_the_staffing_math_would_need_a_huge_center():
    # 1,000-minute calls: 600 agents an hour are reached within some 7,000 calls a month.
    phone = cost_inputs.ChannelLoad("inbound_phone", 10_000_000, 1000)
    found = break_even.crossings([phone], cost_inputs.CostInputs(), **RATES)
    assert found.searched_up_to < 40_000_000
    assert found.crossings and found.intervals[-1].end is None
