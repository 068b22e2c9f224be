"""The cost case: the scoped work in the units each pricing model bills, and its
in-house cost (``Workload``, made by ``build_workload``). Plain Python, no Django
import: the planning pages, the vendor comparison, the exit plan and the PDF report
all call these functions. Money is ``Decimal``, rounded to the cent (half up) only
when a figure is reported. What it is computed from is in ``portal.cost_inputs``,
each channel's staffing plan in ``portal.channel_plans``, what each pricing model
bills in ``portal.billing``.

The model (docs/cost-model.md says it for a workforce planner):

* **Hours of the week.** Each channel has its open hours (168 booleans, Monday
  00:00 first; ``week.BUSINESS_HOURS`` by default) and an arrival profile (each
  open hour's share of the week's contacts; flat over the open hours when not
  given). Weekly contacts = monthly x 12 / 52.
* **Inbound phone and chat are queues sized hour by hour** (``week.staff_week``):
  each open hour gets the fewest agents reaching the service target for that
  hour's contacts (Erlang C, or Erlang A when the average patience is known), at
  least one. Chat divides the handle time by the chats an agent carries at once
  (``concurrency``). Staffed seat-hours a week = the sum over the hours; a month
  = x 52 / 12.
* **E-mail and social are a backlog with coverage**: workload hours = contacts x
  handle minutes / 60 / 0.85 occupancy, but never fewer staffed hours than open
  hours (someone is on duty whenever the channel is open), spread evenly over the
  open hours.
* **Outbound phone** is worked, not queued: attempts x handle minutes / 60
  (handle minutes include dialling and wrap-up).
* **Who pays shrinkage.** In-house paid hours = staffed hours / (1 - shrinkage),
  in whole full-time people (``FTE_HOURS`` = 173.3 paid hours a month), inbound
  and outbound as separate teams; each person costs the loaded salary plus
  training, equipment, rent, IT and supervision, and the share of paid hours
  outside business hours adds the coverage premium (``coverage_extra_percent``
  of the loaded salary). A vendor's own shrinkage is in its rate: dedicated per
  hour bills staffed seat-hours, monthly bills whole seats (staffed hours a month
  / 173.3, rounded up), outbound hourly bills hours worked, shared per minute
  bills the minutes of answered contacts (offered minus abandoned when patience
  is known).
* **Scenarios** (``portal.scenarios``) price the whole scope: vendor charges, the
  in-house cost of what stays, and the company's oversight once.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal

from portal import staffing
from portal.channel_plans import ChannelPlan, plan_line
from portal.cost_inputs import (
    FTE_HOURS,
    INBOUND_PHONE,
    ZERO,
    ChannelLoad,
    CostInputs,
    as_decimal,
    money,
    whole_people,
)


@dataclass(frozen=True)
class Workload:
    """The scoped work in the units every pricing model bills, and its in-house cost.

    ``plans`` holds one ``ChannelPlan`` per scoped channel. The older names stay for
    the pages: ``agent_hours_per_month`` is ``dedicated_hours_per_month`` (staffed
    inbound seat-hours, no shrinkage), ``dedicated_agents`` is ``monthly_seats``,
    ``in_house_agents`` is ``in_house_full_time_agents``; ``calls_per_hour_peak``
    and ``agents_on_phones`` are the inbound phone line's busiest hour.
    """

    contacts_per_month: float
    inbound_minutes_per_month: float
    agent_hours_per_month: float  # staffed inbound seat-hours a month (dedicated billing)
    outbound_hours_per_month: float
    in_house_monthly_cost: Decimal
    oversight_monthly_cost: Decimal
    calls_per_hour_peak: float
    aht_seconds: float
    service_target: float
    answer_within_seconds: float
    # Detail for the pages and the report.
    agents_on_phones: int = 0
    dedicated_agents: int = 0  # whole seats a monthly-rate vendor would bill
    in_house_agents: int = 0
    in_house_inbound_monthly_cost: Decimal = ZERO
    in_house_outbound_monthly_cost: Decimal = ZERO
    outbound_sales_monthly: Decimal = ZERO
    inbound_phone_contacts_per_month: float = 0.0
    service_level: float | None = None
    probability_of_waiting: float | None = None
    asa_seconds: float | None = None
    occupancy: float | None = None
    abandon_rate: float | None = None
    plans: tuple[ChannelPlan, ...] = ()
    inputs: CostInputs = field(default_factory=CostInputs)

    @property
    def annual_in_house_cost(self) -> Decimal:
        return money(self.in_house_monthly_cost * 12)

    # --- billed units -------------------------------------------------------------

    @property
    def dedicated_hours_per_month(self) -> float:
        """Staffed inbound seat-hours a month: what dedicated per hour bills."""
        return self.agent_hours_per_month

    @property
    def inbound_staffed_hours_per_month(self) -> float:
        return self.agent_hours_per_month

    @property
    def monthly_seats(self) -> int:
        """Whole seats a monthly-rate vendor bills: staffed hours / 173.3, rounded up."""
        return self.dedicated_agents

    @property
    def shared_minutes_per_month(self) -> float:
        """Minutes of answered inbound contacts: what shared per minute bills."""
        return math.fsum(p.answered_minutes_per_month for p in self.plans if p.inbound)

    @property
    def in_house_full_time_agents(self) -> int:
        return self.in_house_agents

    # --- channels -----------------------------------------------------------------

    @property
    def scoped_channels(self) -> tuple[str, ...]:
        return tuple(p.channel for p in self.plans)

    @property
    def inbound_channels(self) -> frozenset[str]:
        return frozenset(p.channel for p in self.plans if p.inbound)

    @property
    def outbound_channels(self) -> frozenset[str]:
        return frozenset(p.channel for p in self.plans if not p.inbound)

    def plan(self, channel: str) -> ChannelPlan | None:
        return next((p for p in self.plans if p.channel == channel), None)

    def plans_for(self, channels: Iterable[str] | None) -> list[ChannelPlan]:
        if channels is None:
            return list(self.plans)
        wanted = set(channels)
        return [p for p in self.plans if p.channel in wanted]

    # --- in-house -----------------------------------------------------------------

    def in_house_paid_hours(self, channels: Iterable[str] | None = None) -> float:
        """Paid hours a month in-house: staffed hours / (1 - shrinkage)."""
        retention = 1 - self.inputs.shrinkage
        return math.fsum(p.staffed_hours_per_month for p in self.plans_for(channels)) / retention

    def _team(self, plans: list[ChannelPlan], direction: list[ChannelPlan]) -> tuple[int, Decimal]:
        """Whole people and monthly cost of ``plans`` (all of one direction)."""
        inputs, retention = self.inputs, 1 - self.inputs.shrinkage
        if not plans:
            return 0, ZERO
        paid = math.fsum(p.staffed_hours_per_month for p in plans) / retention
        people = whole_people(paid)
        override = self._override_split()
        if override is not None:
            inbound = plans[0].inbound
            share = override[0 if inbound else 1]
            whole = whole_people(
                math.fsum(p.staffed_hours_per_month for p in direction) / retention
            )
            people = (
                share
                if len(plans) == len(direction)
                else (round(share * people / whole) if whole else share)
            )
        off = math.fsum(p.off_hours_per_month for p in plans) / retention
        premium = inputs.loaded_salary * inputs.coverage_extra_percent / 100
        return people, inputs.per_agent_monthly * people + premium * as_decimal(off / FTE_HOURS)

    def _override_split(self) -> tuple[int, int] | None:
        override = self.inputs.in_house_agents_override
        if override is None:
            return None
        retention = 1 - self.inputs.shrinkage
        inbound = whole_people(
            math.fsum(p.staffed_hours_per_month for p in self.plans if p.inbound) / retention
        )
        outbound = whole_people(
            math.fsum(p.staffed_hours_per_month for p in self.plans if not p.inbound) / retention
        )
        total = inbound + outbound
        # Split the entered headcount in the proportion the staffing math gives.
        inbound = round(override * inbound / total) if total else override
        return inbound, override - inbound

    def _teams(self, channels: Iterable[str] | None) -> tuple[int, Decimal]:
        """People and cost of ``channels`` in-house: inbound and outbound teams apart."""
        plans = self.plans_for(channels)
        people, cost = 0, ZERO
        for inbound in (True, False):
            direction = [p for p in self.plans if p.inbound == inbound]
            team = self._team([p for p in plans if p.inbound == inbound], direction)
            people, cost = people + team[0], cost + team[1]
        return people, cost

    def in_house_people(self, channels: Iterable[str] | None = None) -> int:
        """Whole full-time people to do ``channels`` in-house (all scoped when None)."""
        return self._teams(channels)[0]

    def in_house_cost(self, channels: Iterable[str] | None = None) -> Decimal:
        """The monthly in-house cost of a subset of the scoped channels (all when None),
        whole people for that subset, to the cent."""
        return money(self._teams(channels)[1])


def build_workload(
    lines: list[ChannelLoad], inputs: CostInputs, *, with_queue_stats: bool = True
) -> Workload:
    """Turn the scope and the company's figures into plans, billed units and an
    in-house cost (see the module doc).

    ``with_queue_stats=False`` leaves out the week's service level and the busiest
    hour's waiting, speed of answer and occupancy (a chart needs only the costs)."""
    plans = tuple(
        plan_line(line, inputs, with_queue_stats=with_queue_stats)
        for line in lines
        if line.contacts_per_month > 0
    )
    phone = next((p for p in plans if p.channel == INBOUND_PHONE), None)
    inbound = [p for p in plans if p.inbound]
    staffed_inbound = math.fsum(p.staffed_hours_per_month for p in inbound)
    detail: dict = {}
    if phone is not None and with_queue_stats:
        detail = staffing.queue_stats(
            phone.busiest_hour_agents,
            phone.busiest_hour_contacts,
            phone.handle_minutes * 60,
            inputs.answer_within_seconds,
        )._asdict()
        detail["service_level"] = phone.service_level
        detail["abandon_rate"] = phone.abandon_rate
    partial = Workload(
        contacts_per_month=sum(line.contacts_per_month for line in lines),
        inbound_minutes_per_month=math.fsum(p.minutes_per_month for p in inbound),
        agent_hours_per_month=staffed_inbound,
        outbound_hours_per_month=math.fsum(
            p.staffed_hours_per_month for p in plans if not p.inbound
        ),
        in_house_monthly_cost=ZERO,
        oversight_monthly_cost=money(inputs.oversight_monthly),
        calls_per_hour_peak=phone.busiest_hour_contacts if phone else 0.0,
        aht_seconds=phone.handle_minutes * 60 if phone else 0.0,
        service_target=inputs.service_target,
        answer_within_seconds=inputs.answer_within_seconds,
        agents_on_phones=phone.busiest_hour_agents if phone else 0,
        dedicated_agents=whole_people(staffed_inbound),
        outbound_sales_monthly=money(inputs.outbound_sales_monthly),
        inbound_phone_contacts_per_month=phone.contacts_per_month if phone else 0.0,
        plans=plans,
        inputs=inputs,
        **detail,
    )
    inbound_cost = partial.in_house_cost(partial.inbound_channels)
    outbound_cost = partial.in_house_cost(partial.outbound_channels)
    return replace(
        partial,
        in_house_monthly_cost=inbound_cost + outbound_cost,
        in_house_inbound_monthly_cost=inbound_cost,
        in_house_outbound_monthly_cost=outbound_cost,
        in_house_agents=partial.in_house_people(),
    )
