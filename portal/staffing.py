"""Erlang C and Erlang A staffing for inbound queues. Plain Python: no Django import.

An inbound phone queue is modeled as M/M/n (Erlang C): calls arrive at random
(Poisson) at ``calls_per_hour``, each takes ``aht_seconds`` on average
(exponential), ``agents`` answer them and callers wait in line until one is
free. With the traffic intensity ``A = calls_per_hour * aht_seconds / 3600``
(in Erlangs):

* probability a call waits  ``Pw = n * B / (n - A * (1 - B))``, where ``B`` is
  the Erlang B blocking probability for ``n`` servers and load ``A``;
* service level             ``SL(t) = 1 - Pw * exp(-(n - A) * t / aht)``;
* average speed of answer   ``ASA = Pw * aht / (n - A)``;
* occupancy                 ``A / n``.

The textbook form of ``Pw`` has ``A**n / n!``, which overflows a float near 170
agents. Erlang B has a recursion that stays between 0 and 1 at every step,
``B(0) = 1``, ``B(k) = A * B(k-1) / (k + A * B(k-1))``, so the formulas above
are exact and stable for any size of center (the identity linking Erlang C to
Erlang B is standard; see Iversen, *Teletraffic Engineering and Network
Planning*, ITU-D/DTU handbook). A search for the minimum agents walks the recursion
once, so a 5,000-agent solve costs about 5,000 multiplications.

A queue needs more agents than Erlangs of traffic (``n > A``); with fewer the
line grows without end and the service level is 0.

Erlang A (M/M/n+M; Palm 1946; Mandelbaum & Zeltyn, "The Palm/Erlang-A queue, with
applications to call centers", 2007): a waiting caller hangs up at rate 1/patience,
so the line never grows without end. In handle-time units (``theta = aht /
patience``) the chance of ``n + k`` callers, relative to ``n``, is ``prod_{i<=k} A /
(n + i theta)``; the states up to ``n`` add up to ``1 / B``. A caller arriving with k
ahead moves up at rate ``n + j theta`` while j are ahead, so its wait for an agent has
density ``~ (1 - e^(-theta s))^k e^(-n s)`` (an order statistic of exponentials).
Against its own patience it reaches an agent with chance ``c / (c + k + 1)``, ``c = n
/ theta``, and within t with that times ``I_y(k + 1, c + 1)``, ``y = 1 - e^(-theta
t)``: the tail P(X >= k + 1) of a negative binomial. A caller who hangs up counts as
not answered. The closed form is derived here and tested against the chain solved
numerically; sums run outwards from the likeliest queue length to ``e^-40`` of it.
"""

from __future__ import annotations

import math
from typing import NamedTuple

HOURS_PER_MONTH_PER_WEEKLY_HOUR = 52 / 12  # a week's hours, once a week, over a month

# A guard against loads no call center has (and that would make a solve slow):
# a million agents on the phones at once.
MAX_AGENTS = 1_000_000
MAX_PATIENCE = 1e10  # seconds, some 300 years: beyond it the model is Erlang C


def _check_finite(name: str, value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{name} must be a number, not {value!r}.")
    if math.isnan(value) or math.isinf(value):
        raise ValueError(f"{name} must be a finite number, not {value!r}.")


def _check_load(calls_per_hour: float, aht_seconds: float) -> None:
    _check_finite("calls_per_hour", calls_per_hour)
    _check_finite("aht_seconds", aht_seconds)
    if calls_per_hour < 0:
        raise ValueError(f"Call volume cannot be negative (got {calls_per_hour} calls per hour).")
    if aht_seconds <= 0:
        raise ValueError(f"Average handle time must be above zero (got {aht_seconds} seconds).")


def _check_wait(answer_within_seconds: float) -> None:
    _check_finite("answer_within_seconds", answer_within_seconds)
    if answer_within_seconds < 0:
        raise ValueError(
            f"The answer-time threshold cannot be negative (got {answer_within_seconds} seconds)."
        )


def _check_patience(patience_seconds: float) -> None:
    _check_finite("patience_seconds", patience_seconds)
    if not 0 < patience_seconds <= MAX_PATIENCE:
        raise ValueError(
            f"Average patience is above zero and at most {MAX_PATIENCE:.0e} seconds, "
            f"or left out for callers who never hang up (got {patience_seconds})."
        )


def _check_agents(agents: int) -> None:
    if isinstance(agents, bool) or not isinstance(agents, int):
        raise ValueError(f"agents must be a whole number, not {agents!r}.")
    if agents < 0:
        raise ValueError(f"The number of agents cannot be negative (got {agents}).")


def traffic_erlangs(calls_per_hour: float, aht_seconds: float) -> float:
    """The offered load in Erlangs: how many agents would be busy all the time."""
    _check_load(calls_per_hour, aht_seconds)
    return calls_per_hour * aht_seconds / 3600.0


def erlang_b(agents: int, erlangs: float) -> float:
    """Erlang B blocking probability by the stable recursion (never overflows)."""
    _check_agents(agents)
    blocking = 1.0
    for k in range(1, agents + 1):
        blocking = erlangs * blocking / (k + erlangs * blocking)
    return blocking


def _erlang_c_from_b(agents: int, erlangs: float, blocking: float) -> float:
    if agents <= erlangs:
        return 1.0
    return agents * blocking / (agents - erlangs * (1.0 - blocking))


def _service_level(agents: int, erlangs: float, pw: float, aht: float, within: float) -> float:
    if agents <= erlangs:
        return 0.0
    return max(0.0, 1.0 - pw * math.exp(-(agents - erlangs) * within / aht))


def probability_of_waiting(agents: int, calls_per_hour: float, aht_seconds: float) -> float:
    """Erlang C: the probability a call is not answered at once (1.0 when overloaded)."""
    erlangs = traffic_erlangs(calls_per_hour, aht_seconds)
    _check_agents(agents)
    if erlangs == 0:
        return 0.0
    return _erlang_c_from_b(agents, erlangs, erlang_b(agents, erlangs))


def service_level(
    agents: int,
    calls_per_hour: float,
    aht_seconds: float,
    answer_within_seconds: float,
    *,
    patience_seconds: float | None = None,
) -> float:
    """The fraction of calls answered within ``answer_within_seconds``.

    Erlang C: 0.0 when the agents cannot carry the load (agents <= Erlangs). With
    ``patience_seconds`` (Erlang A) the share of offered calls that reach an agent
    in time, a caller who hangs up counting as not answered. 1.0 with no calls.
    """
    erlangs = traffic_erlangs(calls_per_hour, aht_seconds)
    _check_agents(agents)
    _check_wait(answer_within_seconds)
    if patience_seconds is not None:
        _check_patience(patience_seconds)
        theta, within = aht_seconds / patience_seconds, answer_within_seconds / aht_seconds
        return _erlang_a(agents, erlangs, theta, within, erlang_b(agents, erlangs))[0]
    if erlangs == 0:
        return 1.0
    pw = _erlang_c_from_b(agents, erlangs, erlang_b(agents, erlangs))
    return _service_level(agents, erlangs, pw, aht_seconds, answer_within_seconds)


def average_speed_of_answer(agents: int, calls_per_hour: float, aht_seconds: float) -> float:
    """Mean wait in seconds over all calls (infinite when the agents cannot carry the load)."""
    erlangs = traffic_erlangs(calls_per_hour, aht_seconds)
    _check_agents(agents)
    if erlangs == 0:
        return 0.0
    if agents <= erlangs:
        return math.inf
    pw = _erlang_c_from_b(agents, erlangs, erlang_b(agents, erlangs))
    return pw * aht_seconds / (agents - erlangs)


def occupancy(agents: int, calls_per_hour: float, aht_seconds: float) -> float:
    """Share of the agents' time spent handling calls (capped at 1.0 when overloaded)."""
    erlangs = traffic_erlangs(calls_per_hour, aht_seconds)
    _check_agents(agents)
    if agents == 0:
        return 1.0 if erlangs > 0 else 0.0
    return min(1.0, erlangs / agents)


class QueueStats(NamedTuple):
    service_level: float
    probability_of_waiting: float
    asa_seconds: float
    occupancy: float


def queue_stats(
    agents: int, calls_per_hour: float, aht_seconds: float, answer_within_seconds: float
) -> QueueStats:
    """Service level, probability of waiting, average speed of answer and occupancy
    from one walk of the Erlang B recursion (each function above walks it again)."""
    erlangs = traffic_erlangs(calls_per_hour, aht_seconds)
    _check_agents(agents)
    _check_wait(answer_within_seconds)
    if erlangs == 0:
        return QueueStats(1.0, 0.0, 0.0, 0.0)
    pw = _erlang_c_from_b(agents, erlangs, erlang_b(agents, erlangs))
    return QueueStats(
        service_level=_service_level(agents, erlangs, pw, aht_seconds, answer_within_seconds),
        probability_of_waiting=pw,
        asa_seconds=math.inf if agents <= erlangs else pw * aht_seconds / (agents - erlangs),
        occupancy=min(1.0, erlangs / agents) if agents else 1.0,
    )


def agents_for_service_level(
    calls_per_hour: float,
    aht_seconds: float,
    target: float,
    answer_within_seconds: float,
    *,
    patience_seconds: float | None = None,
) -> int:
    """The smallest number of agents that answers ``target`` of calls within the threshold.

    ``target`` is a fraction strictly between 0 and 1 (0.8 for "80/20"). A queue
    never answers every call in time, so 1.0 is refused rather than searched
    for ever. No calls need no agents. Erlang A is stable at any size: its search
    gallops from the load (up or down), then halves the bracket, some 15 solves.
    """
    _check_load(calls_per_hour, aht_seconds)
    _check_wait(answer_within_seconds)
    _check_finite("target", target)
    if not 0 < target < 1:
        raise ValueError(
            f"The service-level target must be a fraction between 0 and 1, "
            f"such as 0.8 (got {target})."
        )
    if patience_seconds is not None:
        _check_patience(patience_seconds)
    erlangs = calls_per_hour * aht_seconds / 3600.0
    if erlangs == 0:
        return 0
    if erlangs >= MAX_AGENTS:
        raise ValueError(f"A load of {erlangs:,.0f} Erlangs is beyond what this model staffs.")
    if patience_seconds is not None:
        theta, within = aht_seconds / patience_seconds, answer_within_seconds / aht_seconds
        return _agents_erlang_a(erlangs, theta, within, target)
    # Walk the Erlang B recursion up to the first stable size, then one agent at
    # a time until the target is met: one pass, whatever the size.
    first = math.floor(erlangs) + 1
    blocking = 1.0
    for k in range(1, first):
        blocking = erlangs * blocking / (k + erlangs * blocking)
    agents = first - 1
    while True:
        agents += 1
        blocking = erlangs * blocking / (agents + erlangs * blocking)
        pw = _erlang_c_from_b(agents, erlangs, blocking)
        if _service_level(agents, erlangs, pw, aht_seconds, answer_within_seconds) >= target:
            return agents
        if agents >= MAX_AGENTS:  # pragma: no cover - unreachable below MAX_AGENTS Erlangs
            raise ValueError("The target cannot be reached with a realistic number of agents.")


_NEGLIGIBLE = math.exp(-40)  # a state this far below the likeliest changes nothing at 1e-15
_MAX_STATES = 5_000_000


def _erlang_a(
    agents: int, erlangs: float, theta: float, within: float, blocking: float
) -> tuple[float, float]:
    """(service level, abandon rate) of M/M/n+M in handle-time units (see the module doc),
    given Erlang B for the agents and load."""
    if erlangs == 0:
        return 1.0, 0.0
    if agents == 0:
        return 0.0, 1.0
    if blocking == 0.0:  # underflow: the chance that all agents are busy is below 1e-308
        return 1.0, 0.0
    log_free = math.log1p(-blocking) - math.log(blocking)  # states below n, relative to n
    c = agents / theta
    # The likeliest queue length, where A / (n + k theta) crosses 1, and its weight.
    peak = max(0, math.floor((erlangs - agents) / theta))
    top = peak * math.log(erlangs / theta) - math.lgamma(c + peak + 1) + math.lgamma(c + 1)
    ceiling = max(log_free, top)
    k, weight = peak, math.exp(top - ceiling)  # weights relative to the largest
    while k > 0 and weight > _NEGLIGIBLE:  # walk down to the first negligible state
        weight /= erlangs / (agents + k * theta)
        k -= 1
    tail, q, y, r, log_q = 0.0, 0.0, 0.0, 0.0, None
    if within > 0:  # X negative binomial (c + 1, y); P(X = k + 1) in logs until representable
        y, log_y, r = -math.expm1(-theta * within), math.log(-math.expm1(-theta * within)), c + 1
        tail = _nb_tail(k + 1, r, log_y, -theta * within)  # P(X >= k + 1)
        log_q = _nb_log_pmf(k + 1, r, log_y, -theta * within)
        q, log_q = math.exp(log_q), (None if log_q > -640 else log_q)
    total = served = abandoned = 0.0
    first = k
    while True:
        total += weight
        served += weight * c / (c + k + 1) * tail
        abandoned += weight * (k + 1) / (c + k + 1)
        if k >= peak and weight < _NEGLIGIBLE:
            break
        if k - first > _MAX_STATES:
            raise ValueError("This load and patience are beyond what this model staffs.")
        k += 1
        weight *= erlangs / (agents + k * theta)
        tail = max(0.0, tail - q)  # P(X >= k + 1) from P(X >= k)
        if log_q is None:  # q is representable from here on: multiply
            q *= y * (k + r) / (k + 1)
        else:
            log_q += log_y + math.log((k + r) / (k + 1))
            q, log_q = math.exp(log_q), (None if log_q > -640 else log_q)
    free = math.exp(log_free - ceiling)
    return min(1.0, (free + served) / (free + total)), abandoned / (free + total)


def _nb_log_pmf(j: int, r: float, log_y: float, log_1my: float) -> float:
    """log P(X = j), X negative binomial: Gamma(j + r) / (j! Gamma(r)) y^j (1 - y)^r."""
    if j < 64:  # lgamma(j + r) - lgamma(r) would cancel for a large r (a long patience)
        rising = math.fsum(math.log(r + i) for i in range(j))
    else:
        rising = math.lgamma(j + r) - math.lgamma(r)
    return rising - math.lgamma(j + 1) + j * log_y + r * log_1my


def _nb_tail(m: int, r: float, log_y: float, log_1my: float) -> float:
    """P(X >= m), summed from ``m`` away from the mode (terms only fall) to below 1e-20."""
    turn = r * math.expm1(-log_1my) - math.exp(-log_1my) if -log_1my < 700 else math.inf
    if m > turn:  # beyond the mode: add the upper tail
        j, log_q, total = m, _nb_log_pmf(m, r, log_y, log_1my), 0.0
        while (term := math.exp(log_q)) > 1e-20 or j == m:
            total += term
            log_q += log_y + math.log((j + r) / (j + 1))
            j += 1
        return min(1.0, total)
    j, log_q, total = m - 1, _nb_log_pmf(m - 1, r, log_y, log_1my), 0.0
    while j >= 0 and ((term := math.exp(log_q)) > 1e-20 or j == m - 1):
        total += term
        log_q -= log_y + math.log((j - 1 + r) / j) if j else 0.0
        j -= 1
    return max(0.0, 1.0 - total)


def abandon_rate(
    agents: int, calls_per_hour: float, aht_seconds: float, *, patience_seconds: float
) -> float:
    """Erlang A: the share of offered calls that hang up before reaching an agent."""
    erlangs = traffic_erlangs(calls_per_hour, aht_seconds)
    _check_agents(agents)
    _check_patience(patience_seconds)
    theta = aht_seconds / patience_seconds
    return _erlang_a(agents, erlangs, theta, 0.0, erlang_b(agents, erlangs))[1]


def _agents_erlang_a(erlangs: float, theta: float, within: float, target: float) -> int:
    blocking = [1.0]  # Erlang B for 0, 1, 2, ... agents, grown as the search needs

    def reaches(agents: int) -> bool:
        for k in range(len(blocking), agents + 1):
            blocking.append(erlangs * blocking[-1] / (k + erlangs * blocking[-1]))
        return _erlang_a(agents, erlangs, theta, within, blocking[agents])[0] >= target

    # Invariant: ``low`` misses the target (0 agents always do), ``high`` reaches it.
    start = max(1, math.ceil(erlangs))
    step = max(1, math.isqrt(start))
    if reaches(start):
        high, low = start, start - step
        while low > 0 and reaches(low):
            high, step = low, step * 2
            low = max(0, high - step)
    else:
        low, high = start, start + step
        while not reaches(high):
            if high >= MAX_AGENTS:
                raise ValueError("The target cannot be reached with a realistic number of agents.")
            low, step = high, step * 2
            high = min(MAX_AGENTS, low + step)
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (low, middle) if reaches(middle) else (middle, high)
    return high


def paid_agents(agents_on_phones: float, shrinkage: float) -> float:
    """Agents to pay so that ``agents_on_phones`` are available after shrinkage.

    Shrinkage is the share of paid time not spent available for contacts
    (breaks, training, meetings, absence), e.g. 0.30.
    """
    _check_finite("agents_on_phones", agents_on_phones)
    _check_finite("shrinkage", shrinkage)
    if agents_on_phones < 0:
        raise ValueError("The number of agents cannot be negative.")
    if not 0 <= shrinkage < 1:
        raise ValueError(
            f"Shrinkage must be a fraction from 0 up to (not including) 1, got {shrinkage}."
        )
    return agents_on_phones / (1.0 - shrinkage)


def agent_hours_per_month(
    agents_on_phones: float, coverage_hours_per_week: float, shrinkage: float
) -> float:
    """Paid agent-hours a month to keep ``agents_on_phones`` staffed through the coverage hours."""
    _check_finite("coverage_hours_per_week", coverage_hours_per_week)
    if not 0 <= coverage_hours_per_week <= 168:
        raise ValueError(
            f"Coverage is between 0 and 168 hours a week (got {coverage_hours_per_week})."
        )
    paid = paid_agents(agents_on_phones, shrinkage)
    return paid * coverage_hours_per_week * HOURS_PER_MONTH_PER_WEEKLY_HOUR
