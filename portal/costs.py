"""The cost case: the scoped work in the units each pricing model bills, and its
in-house cost. Plain Python, no Django import: the planning pages, the vendor
comparison, the exit plan and the PDF report all call these functions. Money is
``Decimal``, rounded to the cent (half up) only when a figure is reported.

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
from decimal import ROUND_HALF_UP, Decimal

from portal import staffing, week

CENT = Decimal("0.01")
ZERO = Decimal("0")

# portal.reference.Channel values (that module is Django's; this one stays plain).
INBOUND_PHONE = "inbound_phone"
OUTBOUND_PHONE = "outbound_phone"
EMAIL = "email"
CHAT = "chat"
SOCIAL = "social"
BACK_OFFICE_CHANNELS = (EMAIL, CHAT, SOCIAL)
QUEUE_CHANNELS = (INBOUND_PHONE, CHAT)  # sized hour by hour as queues
BACKLOG_CHANNELS = (EMAIL, SOCIAL)  # worked from a backlog, with coverage
CHANNEL_LABELS = {
    INBOUND_PHONE: "Inbound phone",
    OUTBOUND_PHONE: "Outbound phone",
    EMAIL: "E-mail",
    CHAT: "Chat",
    SOCIAL: "Social media",
}

# portal.reference.PricingModel values.
SHARED_PER_MINUTE = "shared_per_minute"
DEDICATED_PER_HOUR = "dedicated_per_hour"
MONTHLY = "monthly"
OUTBOUND_HOURLY = "outbound_hourly"
COMMISSION = "commission"
HOURLY_PLUS_COMMISSION = "hourly_plus_commission"
INBOUND_MODELS = (SHARED_PER_MINUTE, DEDICATED_PER_HOUR, MONTHLY)
OUTBOUND_MODELS = (OUTBOUND_HOURLY, COMMISSION, HOURLY_PLUS_COMMISSION)
PRICING_MODELS = INBOUND_MODELS + OUTBOUND_MODELS
MODEL_LABELS = {
    SHARED_PER_MINUTE: "Shared inbound, per minute",
    DEDICATED_PER_HOUR: "Dedicated inbound, per hour",
    MONTHLY: "Dedicated, monthly rate",
    OUTBOUND_HOURLY: "Outbound, hourly",
    COMMISSION: "Outbound, commission",
    HOURLY_PLUS_COMMISSION: "Outbound, hourly + commission",
}

WEEKS_PER_MONTH = 52 / 12
FTE_HOURS = 40 * WEEKS_PER_MONTH  # paid hours of one full-time agent a month (173.3)
BUSINESS_HOURS_PER_WEEK = 45  # 9 hours x 5 days; coverage beyond this is "extra hours"
BACK_OFFICE_OCCUPANCY = 0.85
# DOMAIN.md: a commission deal should earn the center 10-20% over its regular hourly rate.
COMMISSION_MIN_PREMIUM = Decimal("0.10")


def money(value: Decimal | float | int) -> Decimal:
    """Round to the cent, half up: the one rounding rule for every reported figure."""
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def _dec(value: float) -> Decimal:
    return Decimal(repr(float(value)))


def _whole_people(hours: float) -> int:
    return math.ceil(hours / FTE_HOURS - 1e-9) if hours > 1e-9 else 0


@dataclass(frozen=True)
class ChannelLoad:
    """One channel of the scope: volume, handle time, open hours and arrival profile.

    ``open_hours``: 168 booleans (or "business hours" / "24/7"); ``profile``: 168
    relative shares (None = flat over the open hours), kept as shares of the open
    hours summing to 1; ``patience_seconds``: callers' average patience on a queue
    (None = they never hang up, Erlang C); ``concurrency``: contacts an agent
    carries at once (chat).
    """

    channel: str
    contacts_per_month: float
    handle_minutes: float
    open_hours: tuple[bool, ...] = week.BUSINESS_HOURS
    profile: tuple[float, ...] | None = None
    patience_seconds: float | None = None
    concurrency: float = 1.0

    def __post_init__(self):
        if self.contacts_per_month < 0:
            raise ValueError("Contacts per month cannot be negative.")
        if self.contacts_per_month > 0 and self.handle_minutes <= 0:
            raise ValueError("Average handle time must be above zero.")
        object.__setattr__(self, "open_hours", week.open_hours_from(self.open_hours))
        if not any(self.open_hours):
            raise ValueError("A channel in scope is open at least one hour a week.")
        if self.profile is not None:
            object.__setattr__(
                self, "profile", week.normalized_profile(self.profile, self.open_hours)
            )
        if self.patience_seconds is not None and not self.patience_seconds > 0:
            raise ValueError("Average patience is above zero seconds (or left out).")
        if not self.concurrency >= 1:
            raise ValueError("An agent carries at least one contact at once.")

    @property
    def minutes_per_month(self) -> float:
        return self.contacts_per_month * self.handle_minutes

    @property
    def open_hours_per_week(self) -> int:
        return sum(self.open_hours)

    @property
    def off_hours_per_week(self) -> int:
        """Open hours outside business hours (Monday-Friday 09:00-18:00)."""
        return sum(
            1
            for hour, is_open in enumerate(self.open_hours)
            if is_open and not week.business_hour(hour)
        )

    @property
    def shares(self) -> tuple[float, ...]:
        """Each hour's share of the week's contacts (0 when closed), summing to 1."""
        if self.profile is not None:
            return self.profile
        return week.normalized_profile((1.0,) * week.HOURS_PER_WEEK, self.open_hours)

    def calls_by_hour(self, contacts_per_month: float | None = None) -> tuple[float, ...]:
        """The week's contacts hour by hour (weekly = monthly x 12 / 52)."""
        contacts = self.contacts_per_month if contacts_per_month is None else contacts_per_month
        return week.hourly_calls(contacts / WEEKS_PER_MONTH, self.shares, self.open_hours)

    def peak_calls_per_hour(self, contacts_per_month: float | None = None) -> float:
        """Contacts in the busiest hour of the week."""
        return max(self.calls_by_hour(contacts_per_month))


@dataclass(frozen=True)
class CostInputs:
    """The company's figures for the cost case (money per month, USD).

    ``service_target`` and ``answer_within_seconds`` are the queues' target (phone
    and chat); ``reply_within_hours`` the written channels' (e-mail and social)."""

    service_target: float = 0.8
    answer_within_seconds: float = 20.0
    shrinkage: float = 0.30
    loaded_salary: Decimal = ZERO  # per full-time agent, salary plus benefits and taxes
    training_per_agent: Decimal = ZERO
    equipment_per_agent: Decimal = ZERO
    rent_per_agent: Decimal = ZERO
    it_per_agent: Decimal = ZERO
    supervision_per_agent: Decimal = ZERO
    coverage_extra_percent: Decimal = ZERO  # salary premium for hours outside business hours
    oversight_monthly: Decimal = ZERO
    outbound_sales_monthly: Decimal = ZERO  # revenue the outbound campaign is expected to bring
    in_house_agents_override: int | None = None  # full-time agents, instead of the staffing math
    reply_within_hours: float = 24.0

    @property
    def per_agent_monthly(self) -> Decimal:
        return (
            self.loaded_salary
            + self.training_per_agent
            + self.equipment_per_agent
            + self.rent_per_agent
            + self.it_per_agent
            + self.supervision_per_agent
        )


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
    """A phone or chat queue sized hour by hour (see the module doc)."""
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
        people = _whole_people(paid)
        override = self._override_split()
        if override is not None:
            inbound = plans[0].inbound
            share = override[0 if inbound else 1]
            whole = _whole_people(
                math.fsum(p.staffed_hours_per_month for p in direction) / retention
            )
            people = (
                share
                if len(plans) == len(direction)
                else (round(share * people / whole) if whole else share)
            )
        off = math.fsum(p.off_hours_per_month for p in plans) / retention
        premium = inputs.loaded_salary * inputs.coverage_extra_percent / 100
        return people, inputs.per_agent_monthly * people + premium * _dec(off / FTE_HOURS)

    def _override_split(self) -> tuple[int, int] | None:
        override = self.inputs.in_house_agents_override
        if override is None:
            return None
        retention = 1 - self.inputs.shrinkage
        inbound = _whole_people(
            math.fsum(p.staffed_hours_per_month for p in self.plans if p.inbound) / retention
        )
        outbound = _whole_people(
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
        dedicated_agents=_whole_people(staffed_inbound),
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


def covered_plans(
    workload: Workload, pricing_model: str, channels: Iterable[str] | None = None
) -> list[ChannelPlan]:
    """The scoped channels a pricing model bills: inbound models every inbound
    channel (or those of ``channels``), outbound models the outbound phone line."""
    outbound = pricing_model in OUTBOUND_MODELS
    return [p for p in workload.plans_for(channels) if (not p.inbound if outbound else p.inbound)]


def billed_units(
    workload: Workload, pricing_model: str, channels: Iterable[str] | None = None
) -> float:
    """What ``pricing_model`` counts on the covered channels: answered minutes
    (shared), staffed seat-hours (dedicated), whole seats (monthly), outbound hours
    worked (outbound hourly, hourly + commission); 0 for pure commission."""
    plans = covered_plans(workload, pricing_model, channels)
    if pricing_model == SHARED_PER_MINUTE:
        return math.fsum(p.answered_minutes_per_month for p in plans)
    hours = math.fsum(p.staffed_hours_per_month for p in plans)
    if pricing_model == MONTHLY:
        return float(_whole_people(hours))
    if pricing_model in (DEDICATED_PER_HOUR, OUTBOUND_HOURLY, HOURLY_PLUS_COMMISSION):
        return hours
    if pricing_model == COMMISSION:
        return 0.0
    raise ValueError(f"Unknown pricing model {pricing_model!r}.")


def _charge(
    workload: Workload,
    pricing_model: str,
    rate: Decimal,
    commission_percent: Decimal | None,
    channels: Iterable[str] | None,
    sales_factor: Decimal = Decimal(1),
) -> Decimal:
    rate = Decimal(rate)
    if rate < 0:
        raise ValueError("A rate cannot be negative.")
    if pricing_model not in PRICING_MODELS:
        raise ValueError(f"Unknown pricing model {pricing_model!r}.")
    commission = ZERO
    if pricing_model in (COMMISSION, HOURLY_PLUS_COMMISSION):
        if commission_percent is None:
            raise ValueError("A commission model needs the commission percentage.")
        if commission_percent < 0:
            raise ValueError("A commission percentage cannot be negative.")
        sales = workload.outbound_sales_monthly * Decimal(sales_factor)
        commission = sales * Decimal(commission_percent) / 100
    units = billed_units(workload, pricing_model, channels)
    if pricing_model == COMMISSION:
        return commission
    if pricing_model == MONTHLY:
        return int(units) * rate + commission
    return _dec(units) * rate + commission


def vendor_charge(
    workload: Workload,
    pricing=None,
    channels: Iterable[str] | None = None,
    *,
    pricing_model: str | None = None,
    rate: Decimal | None = None,
    commission_percent: Decimal | None = None,
) -> Decimal:
    """What the vendor bills a month (unrounded; no minimum, set-up fee or oversight).

    Called with a ``portal.scenarios.Pricing`` (``vendor_charge(workload, pricing)``,
    its own channels unless ``channels`` is given) or with the keywords
    ``pricing_model``, ``rate`` and ``commission_percent``. ``rate`` is per answered
    minute (shared), per staffed seat-hour (dedicated), per whole seat a month
    (monthly) or per outbound hour worked (outbound hourly, hourly + commission);
    commission is a percentage of ``workload.outbound_sales_monthly``.
    """
    if pricing is not None:
        return _charge(
            workload,
            pricing.pricing_model,
            pricing.rate,
            pricing.commission_percent,
            pricing.channels if channels is None else channels,
        )
    if pricing_model is None or rate is None:
        raise ValueError("Give a pricing, or the pricing model and its rate.")
    return _charge(workload, pricing_model, rate, commission_percent, channels)


# The term a quote's set-up fee is spread over before a contract gives its own.
SETUP_SPREAD_MONTHS = 12


def setup_fee_monthly(setup_fee: Decimal, months: int = SETUP_SPREAD_MONTHS) -> Decimal:
    """The share of a one-off set-up fee each month of a ``months``-month term carries."""
    if months <= 0:
        raise ValueError("Spread the set-up fee over at least one month.")
    return Decimal(setup_fee) / months


def quote_monthly_cost(
    workload: Workload,
    *,
    pricing_model: str,
    rate: Decimal,
    minimum_monthly: Decimal = ZERO,
    commission_percent: Decimal | None = None,
    setup_fee: Decimal = ZERO,
    months: int = SETUP_SPREAD_MONTHS,
) -> Decimal:
    """The monthly cost of outsourcing under one quote, to the cent.

    The vendor's charge (never below its monthly minimum), plus the company's own
    oversight, plus the set-up fee spread over ``months`` (the contract term).
    """
    spread = setup_fee_monthly(setup_fee, months)
    if minimum_monthly < 0 or setup_fee < 0:
        raise ValueError("A minimum charge or set-up fee cannot be negative.")
    charge = vendor_charge(
        workload, pricing_model=pricing_model, rate=rate, commission_percent=commission_percent
    )
    charge = max(charge, Decimal(minimum_monthly))
    return money(charge + workload.oversight_monthly_cost + spread)


def monthly_rate_from_hourly(hourly: Decimal) -> Decimal:
    """A dedicated agent's monthly price from an hourly rate: the ``FTE_HOURS`` paid
    hours of one full-time agent (40 hours x 52 weeks / 12), to the cent."""
    return money(Decimal(hourly) * 40 * 52 / 12)


def in_house_cost_for(workload: Workload, pricing_model: str) -> Decimal:
    """The in-house cost of the work a pricing model covers (inbound or outbound)."""
    if pricing_model in OUTBOUND_MODELS:
        return workload.in_house_outbound_monthly_cost
    return workload.in_house_inbound_monthly_cost


def covered_contacts(workload: Workload, pricing_model: str, lines: list[ChannelLoad]) -> float:
    channels = (OUTBOUND_PHONE,) if pricing_model in OUTBOUND_MODELS else None
    return sum(
        line.contacts_per_month
        for line in lines
        if (line.channel in channels if channels else line.channel != OUTBOUND_PHONE)
    )


def per_contact(monthly: Decimal, contacts: float) -> Decimal | None:
    return money(monthly / _dec(contacts)) if contacts > 0 else None


def commission_warning(
    workload: Workload,
    *,
    commission_percent: Decimal,
    regular_hourly_rate: Decimal,
    hourly_rate: Decimal = ZERO,
) -> str | None:
    """DOMAIN.md: the center's earnings per hour under commission should carry at
    least a 10% premium over its regular hourly rate, or it will not take the risk
    (or will cut corners). Returns the warning to show, or None."""
    hours = workload.outbound_hours_per_month
    if hours <= 0 or regular_hourly_rate <= 0:
        return None
    commission = workload.outbound_sales_monthly * Decimal(commission_percent) / 100
    earned = (commission + Decimal(hourly_rate) * _dec(hours)) / _dec(hours)
    floor = Decimal(regular_hourly_rate) * (1 + COMMISSION_MIN_PREMIUM)
    if earned >= floor:
        return None
    return (
        f"The center would earn ${money(earned)} an hour, below its regular rate of "
        f"${money(regular_hourly_rate)} plus the 10% premium a commission deal needs "
        f"(${money(floor)}). Expect it to refuse or to cut corners; raise the commission "
        "or add an hourly part."
    )
