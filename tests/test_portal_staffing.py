"""Erlang C staffing (portal/staffing.py): published reference values and properties."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portal import staffing


class TestWestbayReferenceExample:
    """Westbay Engineers, "The Erlang-C Formula" (erlang.com calculator manual, also
    reproduced in many call-center texts): 360 calls per half hour, 4-minute calls,
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


class TestCallCenterHelperReferenceExample:
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


# Erlang A (callers who hang up): checked against the birth-death chain itself.


def _chain(agents, calls_per_hour, aht, patience):
    """The stationary distribution of M/M/n+M truncated where it no longer matters,
    in seconds and raw rates: products of birth over death rates, normalised."""
    arrival, service, hang_up = calls_per_hour / 3600, 1 / aht, 1 / patience
    weights = [1.0]
    state = 0
    while True:
        state += 1
        death = min(state, agents) * service + max(state - agents, 0) * hang_up
        weights.append(weights[-1] * arrival / death)
        if state > agents and arrival < death and weights[-1] < 1e-18 * max(weights):
            break
    total = math.fsum(weights)
    return [w / total for w in weights], arrival, service, hang_up


def _reached_within(agents, service, hang_up, queue_states, seconds):
    """P(a caller with k ahead reaches an agent within ``seconds``) for every k, by
    uniformising the caller's own chain (k ahead -> k - 1 ahead -> ... -> an agent,
    or it hangs up) and summing its transient solution over Poisson jumps."""
    if seconds == 0:
        return [0.0] * queue_states
    top = agents * service + queue_states * hang_up
    # reached[k] after j jumps: P(at an agent within j jumps | k ahead).
    reached, result = [0.0] * queue_states, [0.0] * queue_states
    mean = top * seconds
    jumps = int(mean + 15 * math.sqrt(mean) + 40)
    for jump in range(1, jumps + 1):
        reached = [
            (agents * service + k * hang_up) / top * (reached[k - 1] if k else 1.0)
            + (1 - (agents * service + (k + 1) * hang_up) / top) * reached[k]
            for k in range(queue_states)
        ]
        poisson = math.exp(jump * math.log(mean) - mean - math.lgamma(jump + 1))
        result = [r + poisson * p for r, p in zip(result, reached, strict=True)]
    return result


def _erlang_a_by_chain(agents, calls_per_hour, aht, within, patience):
    pi, arrival, service, hang_up = _chain(agents, calls_per_hour, aht, patience)
    queue = pi[agents:]
    # Global balance holds at every state of the truncated chain (a check on the solve).
    for state in range(1, len(pi) - 1):
        out = arrival + min(state, agents) * service + max(state - agents, 0) * hang_up
        into = pi[state - 1] * arrival + pi[state + 1] * (
            min(state + 1, agents) * service + max(state + 1 - agents, 0) * hang_up
        )
        assert pi[state] * out == pytest.approx(into, rel=1e-9, abs=1e-300)
    within_t = _reached_within(agents, service, hang_up, len(queue), within)
    answered = math.fsum(pi[:agents]) + math.fsum(
        p * r for p, r in zip(queue, within_t, strict=True)
    )
    # Hang-ups per second over arrivals per second: theta * E[callers waiting] / lambda.
    abandoned = hang_up * math.fsum(k * pi[agents + k] for k in range(len(queue))) / arrival
    return answered, abandoned


ERLANG_A_GRID = [
    (agents, agents * ratio * 3600 / 180, 180, within, patience)
    for agents in (1, 4, 12, 30)
    for ratio in (0.6, 1.0, 1.4)
    for patience in (30, 180, 900)
    for within in (0, 15, 60)
] + [
    # Long lines (the likeliest queue far from empty), long thresholds, impatient callers.
    (10, 600, 180, 20, 1_800),
    (7, 280, 180, 1_000, 30),
    (60, 432, 600, 300, 5),
    (25, 450, 60, 1_000, 5),
    (150, 9_000, 60, 300, 600),
]


@pytest.mark.parametrize(("agents", "calls", "aht", "within", "patience"), ERLANG_A_GRID)
def test_erlang_a_agrees_with_the_birth_death_chain(agents, calls, aht, within, patience):
    answered, abandoned = _erlang_a_by_chain(agents, calls, aht, within, patience)
    sl = staffing.service_level(agents, calls, aht, within, patience_seconds=patience)
    assert sl == pytest.approx(answered, abs=1e-6)
    rate = staffing.abandon_rate(agents, calls, aht, patience_seconds=patience)
    assert rate == pytest.approx(abandoned, abs=1e-6)


@pytest.mark.parametrize("patience", [1e9, staffing.MAX_PATIENCE])
@pytest.mark.parametrize(
    ("agents", "calls", "aht", "within"),
    [(14, 200, 180, 20), (11, 200, 180, 20), (55, 720, 240, 15), (5_100, 60_000, 300, 20)],
)
def test_a_caller_who_never_hangs_up_is_erlang_c(agents, calls, aht, within, patience):
    # Patience of decades or centuries: nobody hangs up, the queue is Erlang C.
    patient = staffing.service_level(agents, calls, aht, within, patience_seconds=patience)
    assert patient == pytest.approx(staffing.service_level(agents, calls, aht, within), abs=1e-6)
    assert staffing.abandon_rate(agents, calls, aht, patience_seconds=patience) < 1e-6


def test_callers_who_hang_up_need_fewer_agents_than_erlang_c():
    # The Call Centre Helper example (14 agents for 80/20 under Erlang C) with callers
    # who give up after three minutes on average: the abandoned calls lighten the line.
    agents = staffing.agents_for_service_level(200, 180, 0.8, 20, patience_seconds=180)
    assert agents <= 14
    assert staffing.service_level(agents, 200, 180, 20, patience_seconds=180) >= 0.8
    assert staffing.service_level(agents - 1, 200, 180, 20, patience_seconds=180) < 0.8
    assert 0 < staffing.abandon_rate(agents, 200, 180, patience_seconds=180) < 0.1


def test_erlang_a_edges():
    assert staffing.service_level(0, 0, 300, 20, patience_seconds=60) == 1.0
    assert staffing.abandon_rate(0, 0, 300, patience_seconds=60) == 0.0
    assert staffing.agents_for_service_level(0, 300, 0.8, 20, patience_seconds=60) == 0
    assert staffing.service_level(0, 100, 300, 20, patience_seconds=60) == 0.0
    assert staffing.abandon_rate(0, 100, 300, patience_seconds=60) == 1.0
    # Far more agents than calls: everyone is answered at once.
    assert staffing.service_level(2_000, 10, 300, 0, patience_seconds=60) == 1.0
    # An overloaded queue still answers some calls in time, unlike Erlang C.
    overloaded = staffing.service_level(5, 200, 180, 20, patience_seconds=120)
    assert 0 < overloaded < 0.5 and staffing.service_level(5, 200, 180, 20) == 0.0


def test_five_thousand_agents_with_callers_who_hang_up():
    agents = staffing.agents_for_service_level(60_000, 300, 0.8, 20, patience_seconds=180)
    assert 4_000 < agents < 5_100
    sl = staffing.service_level(agents, 60_000, 300, 20, patience_seconds=180)
    assert 0.8 <= sl <= 1
    assert staffing.service_level(agents - 1, 60_000, 300, 20, patience_seconds=180) < 0.8
    for crowd in (1_000, 4_000, agents, 6_000):
        rate = staffing.abandon_rate(crowd, 60_000, 300, patience_seconds=180)
        assert 0 <= rate <= 1 and math.isfinite(rate)


@pytest.mark.parametrize("patience", [0, -30, 1e11, float("nan"), float("inf"), "60", True])
def test_patience_must_be_a_positive_number(patience):
    with pytest.raises(ValueError, match="patience"):
        staffing.service_level(10, 100, 180, 20, patience_seconds=patience)
    with pytest.raises(ValueError, match="patience"):
        staffing.abandon_rate(10, 100, 180, patience_seconds=patience)
    with pytest.raises(ValueError, match="patience"):
        staffing.agents_for_service_level(100, 180, 0.8, 20, patience_seconds=patience)


def test_erlang_a_refuses_what_erlang_c_refuses():
    with pytest.raises(ValueError, match="between 0 and 1"):
        staffing.agents_for_service_level(100, 180, 1.0, 20, patience_seconds=60)
    with pytest.raises(ValueError, match="cannot be negative"):
        staffing.service_level(-1, 100, 180, 20, patience_seconds=60)
    with pytest.raises(ValueError, match="above zero"):
        staffing.abandon_rate(3, 100, 0, patience_seconds=60)


patience_values = st.floats(min_value=5, max_value=3_600)
# Seconds a caller waits, against a handle time: loads up to about 2,000 Erlangs.
moderate_loads = st.tuples(
    st.floats(min_value=0.5, max_value=20_000), st.floats(min_value=5, max_value=360)
)


@settings(max_examples=150, deadline=None)
@given(
    load=moderate_loads,
    agents=st.integers(min_value=0, max_value=2_500),
    within=st.floats(0, 300),
    patience=patience_values,
)
def test_more_agents_answer_more_and_lose_fewer_callers(load, agents, within, patience):
    calls, aht = load
    # 1e-12: both sides are sums of hundreds of rounded terms that may tie.
    more = staffing.service_level(agents + 1, calls, aht, within, patience_seconds=patience)
    fewer = staffing.service_level(agents, calls, aht, within, patience_seconds=patience)
    assert 0 <= fewer <= more + 1e-12 <= 1 + 1e-12
    assert (
        staffing.abandon_rate(agents + 1, calls, aht, patience_seconds=patience)
        <= staffing.abandon_rate(agents, calls, aht, patience_seconds=patience) + 1e-12
    )


@settings(max_examples=150, deadline=None)
@given(
    load=moderate_loads,
    target=st.floats(min_value=0.05, max_value=0.99),
    within=st.floats(min_value=0, max_value=300),
    patience=patience_values,
)
def test_erlang_a_agents_reach_the_target_and_one_fewer_does_not(load, target, within, patience):
    calls, aht = load
    agents = staffing.agents_for_service_level(
        calls, aht, target, within, patience_seconds=patience
    )
    assert staffing.service_level(agents, calls, aht, within, patience_seconds=patience) >= target
    assert (
        staffing.service_level(agents - 1, calls, aht, within, patience_seconds=patience) < target
    )
