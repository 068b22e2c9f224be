"""The break-even of a dedicated team against shared pricing (portal/break_even.py)."""

import dataclasses
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from portal import break_even, costs
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
        costs.vendor_charge(w, pricing_model="shared_per_minute", rate=shared_rate),
        costs.vendor_charge(w, pricing_model="dedicated_per_hour", rate=dedicated_rate),
    )


def test_break_even_is_the_first_whole_call_at_which_dedicated_is_no_dearer():
    phone = costs.ChannelLoad("inbound_phone", 9000, 6, SEVENTY)
    volume = break_even.break_even_inbound_volume(
        [phone, EMAIL], INPUTS, shared_rate=Decimal("0.40"), dedicated_rate=Decimal("11.50")
    )
    assert isinstance(volume, int) and volume > 0
    shared, dedicated = _phone_charges(phone, INPUTS, volume, Decimal("0.40"), Decimal("11.50"))
    assert costs.money(shared) >= costs.money(dedicated)
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
    phone = costs.ChannelLoad("inbound_phone", 9000, 6, SEVENTY)
    rates = {"shared_rate": Decimal("0.40"), "dedicated_rate": Decimal("11.50")}
    alone = break_even.break_even_inbound_volume([phone], INPUTS, **rates)
    assert break_even.break_even_inbound_volume([phone, EMAIL, OUTBOUND], INPUTS, **rates) == alone
    # A large e-mail backlog does not move it either.
    big_email = costs.ChannelLoad("email", 90_000, 12)
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
    assert costs.money(at_shared) >= costs.money(at_dedicated)
    if volume > 1:
        below_shared, below_dedicated = _phone_charges(phone, inputs, volume - 1, shared, dedicated)
        assert costs.money(below_shared) <= costs.money(below_dedicated)
