"""Erlang C staffing (portal/staffing.py): published reference values and properties."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portal import staffing


class TestWestbayReferenceExample:
    """Westbay Engineers, "The Erlang-C Formula" (erlang.com calculator manual, also
    reproduced in many call-centre texts): 360 calls per half hour, 4-minute calls,
    55 agents, 15-second answer target. Published results: traffic intensity 48
    Erlangs, occupancy 0.873, probability of waiting 0.239 (24%), average speed of
    answer 8.2 seconds, service level 85% answered within 15 seconds."""

    CALLS_PER_HOUR = 720
    AHT = 240

    def test_traffic_intensity(self):
        assert staffing.traffic_erlangs(self.CALLS_PER_HOUR, self.AHT) == pytest.approx(48)

    def test_occupancy(self):
        assert staffing.occupancy(55, self.CALLS_PER_HOUR, self.AHT) == pytest.approx(
            0.873, abs=5e-4
        )

    def test_probability_of_waiting(self):
        assert staffing.probability_of_waiting(55, self.CALLS_PER_HOUR, self.AHT) == pytest.approx(
            0.239, abs=5e-4
        )

    def test_average_speed_of_answer(self):
        asa = staffing.average_speed_of_answer(55, self.CALLS_PER_HOUR, self.AHT)
        assert asa == pytest.approx(8.2, abs=0.05)

    def test_service_level(self):
        sl = staffing.service_level(55, self.CALLS_PER_HOUR, self.AHT, 15)
        assert sl == pytest.approx(0.846, abs=5e-4)


class TestCallCentreHelperReferenceExample:
    """Call Centre Helper, "Erlang C Formula - Made Simple With an Easy Worked
    Example": 100 calls in 30 minutes, 180-second AHT, target 80% within 20 s.
    Published: 10 Erlangs; with 11 agents Pw = 68.21%, service level 39%,
    ASA 122.8 s; 14 agents are needed for the target (service level 89%)."""

    def test_eleven_agents(self):
        assert staffing.probability_of_waiting(11, 200, 180) == pytest.approx(0.6821, abs=5e-5)
        assert staffing.service_level(11, 200, 180, 20) == pytest.approx(0.39, abs=5e-3)
        assert staffing.average_speed_of_answer(11, 200, 180) == pytest.approx(122.8, abs=0.05)

    def test_agents_for_80_in_20(self):
        assert staffing.agents_for_service_level(200, 180, 0.8, 20) == 14
        assert staffing.service_level(14, 200, 180, 20) == pytest.approx(0.89, abs=5e-3)


def test_overloaded_queue_has_zero_service_level():
    assert staffing.service_level(10, 200, 180, 20) == 0.0
    assert staffing.service_level(5, 200, 180, 20) == 0.0
    assert staffing.average_speed_of_answer(10, 200, 180) == math.inf


def test_no_calls_need_no_agents():
    assert staffing.agents_for_service_level(0, 300, 0.8, 20) == 0
    assert staffing.service_level(0, 0, 300, 20) == 1.0


def test_five_thousand_agents_are_stable():
    # 60,000 calls an hour at 5 minutes: 5,000 Erlangs; factorials would overflow here.
    agents = staffing.agents_for_service_level(60_000, 300, 0.8, 20)
    assert 5_000 < agents < 5_100
    assert staffing.service_level(agents, 60_000, 300, 20) >= 0.8
    assert staffing.service_level(agents - 1, 60_000, 300, 20) < 0.8
    assert 0 < staffing.probability_of_waiting(agents, 60_000, 300) < 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((-1, 180, 0.8, 20), "cannot be negative"),
        ((100, 0, 0.8, 20), "above zero"),
        ((100, -5, 0.8, 20), "above zero"),
        ((100, 180, 1.0, 20), "between 0 and 1"),
        ((100, 180, 0, 20), "between 0 and 1"),
        ((100, 180, 1.5, 20), "between 0 and 1"),
        ((100, 180, 0.8, -1), "cannot be negative"),
        ((float("nan"), 180, 0.8, 20), "finite"),
    ],
)
def test_agents_for_service_level_refuses_impossible_input(args, message):
    with pytest.raises(ValueError, match=message):
        staffing.agents_for_service_level(*args)


@pytest.mark.parametrize(
    "args",
    [
        (-1, 100, 180, 20),
        (10, -1, 180, 20),
        (10, 100, 0, 20),
        (10, 100, 180, -1),
        (2.5, 100, 180, 20),
    ],
)
def test_service_level_refuses_impossible_input(args):
    with pytest.raises(ValueError):
        staffing.service_level(*args)


def test_shrinkage_and_agent_hours():
    assert staffing.paid_agents(14, 0.3) == pytest.approx(20)
    # 14 on the phones, 30% shrinkage, 70 hours a week: 20 paid x 70 x 52/12.
    assert staffing.agent_hours_per_month(14, 70, 0.3) == pytest.approx(20 * 70 * 52 / 12)
    with pytest.raises(ValueError):
        staffing.paid_agents(10, 1.0)
    with pytest.raises(ValueError, match="168"):
        staffing.agent_hours_per_month(10, 169, 0.3)


loads = st.tuples(
    st.floats(min_value=0.5, max_value=20_000),  # calls per hour
    st.floats(min_value=5, max_value=3_600),  # AHT seconds
)


@settings(max_examples=200, deadline=None)
@given(load=loads, agents=st.integers(min_value=0, max_value=2_000), within=st.floats(0, 300))
def test_more_agents_never_lower_the_service_level(load, agents, within):
    calls, aht = load
    assert staffing.service_level(agents + 1, calls, aht, within) >= staffing.service_level(
        agents, calls, aht, within
    )


@settings(max_examples=200, deadline=None)
@given(
    load=loads,
    target=st.floats(min_value=0.05, max_value=0.99),
    within=st.floats(min_value=0, max_value=300),
)
def test_agents_returned_reach_the_target_and_one_fewer_does_not(load, target, within):
    calls, aht = load
    agents = staffing.agents_for_service_level(calls, aht, target, within)
    assert staffing.service_level(agents, calls, aht, within) >= target
    assert staffing.service_level(agents - 1, calls, aht, within) < target


def test_queue_stats_agree_with_the_single_figure_functions():
    stats = staffing.queue_stats(8, 51.9, 360, 20)
    assert stats.service_level == pytest.approx(staffing.service_level(8, 51.9, 360, 20))
    assert stats.probability_of_waiting == pytest.approx(
        staffing.probability_of_waiting(8, 51.9, 360)
    )
    assert stats.asa_seconds == pytest.approx(staffing.average_speed_of_answer(8, 51.9, 360))
    assert stats.occupancy == pytest.approx(staffing.occupancy(8, 51.9, 360))
    overloaded = staffing.queue_stats(3, 51.9, 360, 20)
    assert overloaded.service_level == 0.0 and overloaded.asa_seconds == float("inf")
    assert staffing.queue_stats(0, 0, 360, 20) == (1.0, 0.0, 0.0, 0.0)
