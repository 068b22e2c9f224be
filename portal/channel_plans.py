"""Each scoped channel's staffing plan (``ChannelPlan``): a phone or chat queue
sized hour by hour, an e-mail or social backlog with coverage, or outbound hours
worked, in the staffed hours every pricing model bills. Plain Python, no Django
import; ``portal.costs`` describes the model.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from portal import staffing, week
from portal.cost_inputs import (
    CHANNEL_LABELS,
    OUTBOUND_PHONE,
    QUEUE_CHANNELS,
    WEEKS_PER_MONTH,
    ChannelLoad,
    CostInputs,
)

BACK_OFFICE_OCCUPANCY = 0.85

QUEUE, BACKLOG, WORKED = "queue", "backlog", "worked"


@dataclass(frozen=True)
class ChannelPlan:
    """How one scoped channel is staffed, in the hours every pricing model bills.

    ``kind``: "queue" (phone, chat: ``agents_by_hour`` sized hour by hour),
    "backlog" (e-mail, social: workload hours, never fewer than open hours) or
    "worked" (outbound: attempts x handle time). Staffed hours carry no shrinkage;
    ``off_hours_per_month`` is the part of them outside business hours.
    ``service_level`` and ``abandon_rate`` are over the week, weighted by contacts
    (queues only; the abandon rate only where patience is known).
    """

    channel: str
    kind: str
    contacts_per_month: float
    handle_minutes: float
    open_hours_per_week: int
    staffed_hours_per_week: float
    staffed_hours_per_month: float
    off_hours_per_month: float
    answered_contacts_per_month: float
    agents_by_hour: tuple[int, ...] | None = None
    service_level: float | None = None
    abandon_rate: float | None = None
    busiest_hour_contacts: float = 0.0
    # Written channels (backlog): the longest run of closed hours in the week, the
    # longest a message sent just after closing waits, and whether that is within
    # the reply target (``CostInputs.reply_within_hours``).
    longest_closed_hours: int | None = None
    meets_reply_target: bool | None = None

    @property
    def inbound(self) -> bool:
        return self.channel != OUTBOUND_PHONE

    @property
    def label(self) -> str:
        return CHANNEL_LABELS.get(self.channel, self.channel)

    @property
    def minutes_per_month(self) -> float:
        return self.contacts_per_month * self.handle_minutes

    @property
    def answered_minutes_per_month(self) -> float:
        return self.answered_contacts_per_month * self.handle_minutes

    @property
    def busiest_hour_agents(self) -> int:
        return max(self.agents_by_hour) if self.agents_by_hour else 0


def plan_queue(
    line: ChannelLoad,
    inputs: CostInputs,
    *,
    contacts_per_month: float | None = None,
    with_queue_stats: bool = True,
) -> ChannelPlan:
    """A phone or chat queue sized hour by hour (see ``portal.costs``)."""
    contacts = line.contacts_per_month if contacts_per_month is None else contacts_per_month
    calls = line.calls_by_hour(contacts)
    handle = line.handle_minutes * 60 / line.concurrency
    patience = line.patience_seconds
    # The same hour-by-hour rule as ``week.staff_week``, each distinct load solved once
    # (a flat week has one).
    solved: dict[float, tuple[int, float, float]] = {}

    def solve(load: float) -> tuple[int, float, float]:
        if load not in solved:
            need = max(
                1,
                staffing.agents_for_service_level(
                    load,
                    handle,
                    inputs.service_target,
                    inputs.answer_within_seconds,
                    patience_seconds=patience,
                ),
            )
            level = lost = 0.0
            if load and with_queue_stats:
                level = staffing.service_level(
                    need, load, handle, inputs.answer_within_seconds, patience_seconds=patience
                )
            if load and patience is not None:
                lost = staffing.abandon_rate(need, load, handle, patience_seconds=patience)
            solved[load] = need, level, lost
        return solved[load]

    agents = []
    answered, abandoned = [], []
    for hour, is_open in enumerate(line.open_hours):
        if not is_open:
            agents.append(0)
            continue
        need, level, lost = solve(calls[hour])
        agents.append(need)
        answered.append(calls[hour] * level)
        abandoned.append(calls[hour] * lost)
    week_calls = math.fsum(calls)
    level = (math.fsum(answered) / week_calls if week_calls else 1.0) if with_queue_stats else None
    abandon = None
    if patience is not None:
        abandon = math.fsum(abandoned) / week_calls if week_calls else 0.0
    seat_hours = sum(agents)
    off = sum(agents[hour] for hour in range(week.HOURS_PER_WEEK) if not week.business_hour(hour))
    return ChannelPlan(
        channel=line.channel,
        kind=QUEUE,
        contacts_per_month=contacts,
        handle_minutes=line.handle_minutes,
        open_hours_per_week=line.open_hours_per_week,
        staffed_hours_per_week=float(seat_hours),
        staffed_hours_per_month=seat_hours * WEEKS_PER_MONTH,
        off_hours_per_month=off * WEEKS_PER_MONTH,
        answered_contacts_per_month=contacts * (1 - (abandon or 0.0)),
        agents_by_hour=tuple(agents),
        service_level=level,
        abandon_rate=abandon,
        busiest_hour_contacts=max(calls),
    )


def plan_line(
    line: ChannelLoad,
    inputs: CostInputs,
    *,
    contacts_per_month: float | None = None,
    with_queue_stats: bool = True,
) -> ChannelPlan:
    """The plan of one channel: a queue, a backlog with coverage, or worked hours."""
    if line.channel in QUEUE_CHANNELS:
        return plan_queue(
            line, inputs, contacts_per_month=contacts_per_month, with_queue_stats=with_queue_stats
        )
    contacts = line.contacts_per_month if contacts_per_month is None else contacts_per_month
    worked = contacts * line.handle_minutes / 60
    open_week = line.open_hours_per_week
    closed = meets = None
    if line.channel == OUTBOUND_PHONE:
        kind, monthly = WORKED, worked
    else:
        kind = BACKLOG
        monthly = max(worked / BACK_OFFICE_OCCUPANCY, open_week * WEEKS_PER_MONTH)
        closed = longest_closed_run(line.open_hours)
        meets = closed < inputs.reply_within_hours
    return ChannelPlan(
        channel=line.channel,
        kind=kind,
        contacts_per_month=contacts,
        handle_minutes=line.handle_minutes,
        open_hours_per_week=open_week,
        staffed_hours_per_week=monthly / WEEKS_PER_MONTH,
        staffed_hours_per_month=monthly,
        # Spread evenly over the open hours.
        off_hours_per_month=monthly * line.off_hours_per_week / open_week,
        answered_contacts_per_month=contacts,
        busiest_hour_contacts=max(line.calls_by_hour(contacts)),
        longest_closed_hours=closed,
        meets_reply_target=meets,
    )


def longest_closed_run(open_hours: tuple[bool, ...]) -> int:
    """The longest run of closed hours, the week wrapping from Sunday to Monday."""
    if not any(open_hours):
        return week.HOURS_PER_WEEK
    start = open_hours.index(True)
    longest = run = 0
    for step in range(1, week.HOURS_PER_WEEK + 1):
        if open_hours[(start + step) % week.HOURS_PER_WEEK]:
            run = 0
        else:
            run += 1
            longest = max(longest, run)
    return longest
