"""Time the Erlang C and Erlang A solves for a 5,000-agent center (median of several
runs), one week sized hour by hour (168 Erlang A solves), and the cost case of a
24/7 scope with a real weekly profile (a full ``build_workload``, its scenarios and
every break-even crossing).

Run: python scripts/bench_staffing.py   (or `make bench`). A plain script, not a
test: timings depend on the machine, so they are reported, not asserted.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from decimal import Decimal  # noqa: E402

from portal import break_even, cost_inputs, costs, scenarios, staffing, week  # noqa: E402

RUNS = 21
# 60,000 calls an hour at 5 minutes is 5,000 Erlangs: a little over 5,000 agents.
CALLS_PER_HOUR, AHT_SECONDS, TARGET, WITHIN = 60_000, 300, 0.8, 20
PATIENCE = 180  # Erlang A: callers hang up after three minutes on average
WEEK_RUNS = 5
# Around the clock: quiet nights, a morning and an afternoon peak, lighter weekends.
DAY = (2, 1, 1, 1, 1, 2, 4, 7, 10, 12, 12, 11, 10, 11, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3)
PROFILE = [DAY[hour % 24] * (0.6 if hour >= 120 else 1.0) for hour in range(168)]


def _time(func) -> float:
    start = time.perf_counter()
    func()
    return (time.perf_counter() - start) * 1000


def main() -> None:
    agents = staffing.agents_for_service_level(CALLS_PER_HOUR, AHT_SECONDS, TARGET, WITHIN)
    solve = [
        _time(
            lambda: staffing.agents_for_service_level(CALLS_PER_HOUR, AHT_SECONDS, TARGET, WITHIN)
        )
        for _ in range(RUNS)
    ]
    level = [
        _time(lambda: staffing.service_level(agents, CALLS_PER_HOUR, AHT_SECONDS, WITHIN))
        for _ in range(RUNS)
    ]
    print(
        f"Erlang C, {CALLS_PER_HOUR:,} calls/hour x {AHT_SECONDS} s "
        f"({CALLS_PER_HOUR * AHT_SECONDS / 3600:,.0f} Erlangs), target {TARGET:.0%} in {WITHIN} s"
    )
    print(f"agents_for_service_level -> {agents:,} agents")
    print(
        f"  median {statistics.median(solve):.3f} ms, min {min(solve):.3f} ms, "
        f"max {max(solve):.3f} ms over {RUNS} runs"
    )
    print(
        f"service_level({agents:,} agents) = "
        f"{staffing.service_level(agents, CALLS_PER_HOUR, AHT_SECONDS, WITHIN):.4f}"
    )
    print(f"  median {statistics.median(level):.3f} ms over {RUNS} runs")
    _erlang_a(statistics.median(solve))
    _week()
    _cost_case()


def _erlang_a(erlang_c_ms: float) -> None:
    def solve_a():
        return staffing.agents_for_service_level(
            CALLS_PER_HOUR, AHT_SECONDS, TARGET, WITHIN, patience_seconds=PATIENCE
        )

    agents = solve_a()
    solve = [_time(solve_a) for _ in range(RUNS)]
    level = [
        _time(
            lambda: staffing.service_level(
                agents, CALLS_PER_HOUR, AHT_SECONDS, WITHIN, patience_seconds=PATIENCE
            )
        )
        for _ in range(RUNS)
    ]
    sl = staffing.service_level(
        agents, CALLS_PER_HOUR, AHT_SECONDS, WITHIN, patience_seconds=PATIENCE
    )
    lost = staffing.abandon_rate(agents, CALLS_PER_HOUR, AHT_SECONDS, patience_seconds=PATIENCE)
    print(f"Erlang A, same queue, average patience {PATIENCE} s")
    print(f"agents_for_service_level -> {agents:,} agents")
    print(
        f"  median {statistics.median(solve):.3f} ms, min {min(solve):.3f} ms, "
        f"max {max(solve):.3f} ms over {RUNS} runs "
        f"({statistics.median(solve) / erlang_c_ms:.1f}x the Erlang C solve)"
    )
    print(f"service_level({agents:,} agents) = {sl:.4f}, abandon_rate = {lost:.4f}")
    print(f"  median {statistics.median(level):.3f} ms over {RUNS} runs")


def _week() -> None:
    calls = week.hourly_calls(sum(PROFILE) / max(PROFILE) * CALLS_PER_HOUR, PROFILE)

    def size():
        return week.staff_week(
            calls,
            aht_seconds=AHT_SECONDS,
            target=TARGET,
            answer_within_seconds=WITHIN,
            patience_seconds=PATIENCE,
        )

    staffed = size()
    runs = [_time(size) for _ in range(WEEK_RUNS)]
    print(
        f"Week hour by hour (24/7, busiest hour {max(calls):,.0f} calls, Erlang A): "
        f"{staffed.seat_hours:,} seat-hours against {max(staffed.agents) * 168:,} "
        f"for the busiest hour all week; service level {staffed.service_level:.4f}, "
        f"abandon rate {staffed.abandon_rate:.4f}"
    )
    print(f"  median {statistics.median(runs):.1f} ms over {WEEK_RUNS} runs (168 solves)")


COST_RUNS = 5
# The case: 20,000 calls a month around the clock with a night trough,
# callers hanging up after 2 minutes, plus e-mail and chat 24/7 and an outbound line.
COST_SCOPE = [
    cost_inputs.ChannelLoad(
        "inbound_phone", 20_000, 6, "24/7", week.PROFILES["night_trough"], patience_seconds=120
    ),
    cost_inputs.ChannelLoad("email", 3_000, 8, "24/7"),
    cost_inputs.ChannelLoad("chat", 6_000, 9, "24/7", week.PROFILES["night_trough"], concurrency=2),
    cost_inputs.ChannelLoad("outbound_phone", 4_000, 5),
]
COST_INPUTS = cost_inputs.CostInputs(
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
INBOUND = [
    scenarios.Pricing("shared_per_minute", Decimal("0.40")),
    scenarios.Pricing("dedicated_per_hour", Decimal("11")),
    scenarios.Pricing("monthly", Decimal("1900")),
]
OUTBOUND = [scenarios.Pricing("outbound_hourly", Decimal("8"))]


def _cost_case() -> None:
    def build():
        return costs.build_workload(COST_SCOPE, COST_INPUTS)

    def priced():
        return scenarios.scenarios(build(), INBOUND, OUTBOUND)

    def crossings():
        return break_even.crossings(
            COST_SCOPE, COST_INPUTS, shared_rate=Decimal("0.40"), dedicated_rate=Decimal("11")
        )

    workload = build()
    phone = workload.plan("inbound_phone")
    found = crossings()
    runs = [_time(build) for _ in range(COST_RUNS)]
    scenario_runs = [_time(priced) for _ in range(COST_RUNS)]
    crossing_runs = [_time(crossings) for _ in range(COST_RUNS)]
    print(
        "Cost case, 24/7 scope with a night-trough profile (20,000 calls a month, patience "
        "120 s; e-mail, chat, outbound): "
        f"{phone.staffed_hours_per_month:,.0f} phone seat-hours a month "
        f"(busiest hour {phone.busiest_hour_agents} agents), service level "
        f"{phone.service_level:.4f}, abandon rate {phone.abandon_rate:.4f}; "
        f"{workload.in_house_full_time_agents} in-house agents"
    )
    print(f"  build_workload median {statistics.median(runs):.1f} ms over {COST_RUNS} runs")
    print(
        f"  build_workload + {len(priced())} scenarios median "
        f"{statistics.median(scenario_runs):.1f} ms"
    )
    print(
        f"  break-even crossings {list(found.crossings)} (searched to "
        f"{found.searched_up_to:,} calls) median {statistics.median(crossing_runs):.1f} ms"
    )


if __name__ == "__main__":
    main()
