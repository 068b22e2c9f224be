"""Step 2's staffing tables: each phone or chat queue's agents hour by hour through
the week, shaded by how busy the hour is, with the week's service level and abandon
rate, read from the workload the comparison prices."""

from __future__ import annotations

import math
from dataclasses import dataclass

from portal import channel_plans, costs, week


@dataclass(frozen=True)
class QueueTable:
    """A phone or chat queue's agents hour by hour (7 days x 24 hours; None = closed),
    with the week's service level and, where patience is known, abandon rate."""

    label: str
    days: list[tuple[str, list[tuple[int | None, int]]]]  # (day, [(agents, shade 0-4)])
    staffed_hours_per_month: float
    busiest_hour_agents: int
    service_level: float | None
    abandon_rate: float | None


def queue_tables(workload: costs.Workload) -> list[QueueTable]:
    tables = []
    for plan in workload.plans:
        if plan.kind != channel_plans.QUEUE or not plan.agents_by_hour:
            continue
        top = max(plan.agents_by_hour) or 1
        days = []
        for day, name in enumerate(week.DAYS):
            cells = []
            for hour in range(24):
                agents = plan.agents_by_hour[day * 24 + hour]
                # A queue has at least one agent in every open hour: none means closed.
                cells.append((None, 0) if agents == 0 else (agents, math.ceil(4 * agents / top)))
            days.append((name, cells))
        tables.append(
            QueueTable(
                label=plan.label,
                days=days,
                staffed_hours_per_month=plan.staffed_hours_per_month,
                busiest_hour_agents=plan.busiest_hour_agents,
                service_level=plan.service_level,
                abandon_rate=plan.abandon_rate,
            )
        )
    return tables
