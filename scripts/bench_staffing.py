"""Time the Erlang C solve for a 5,000-agent centre (median of several runs).

Run: python scripts/bench_staffing.py   (or `make bench`). A plain script, not a
test: timings depend on the machine, so they are reported, not asserted.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from portal import staffing  # noqa: E402

RUNS = 21
# 60,000 calls an hour at 5 minutes is 5,000 Erlangs: a little over 5,000 agents.
CALLS_PER_HOUR, AHT_SECONDS, TARGET, WITHIN = 60_000, 300, 0.8, 20


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


if __name__ == "__main__":
    main()
