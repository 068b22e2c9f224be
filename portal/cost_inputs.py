"""What the cost case is computed from: the scoped channels (``ChannelLoad``) and
the company's figures (``CostInputs``), with the channel names, the units of time
(weeks in a month, a full-time agent's paid hours) and the one rounding rule for
money. Plain Python, no Django import; ``portal.costs`` describes the model.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from portal import week

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

WEEKS_PER_MONTH = 52 / 12
FTE_HOURS = 40 * WEEKS_PER_MONTH  # paid hours of one full-time agent a month (173.3)
BUSINESS_HOURS_PER_WEEK = 45  # 9 hours x 5 days; coverage beyond this is "extra hours"


def money(value: Decimal | float | int) -> Decimal:
    """Round to the cent, half up: the one rounding rule for every reported figure."""
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def as_decimal(value: float) -> Decimal:
    """A float as the ``Decimal`` of its shortest repr (``0.1`` is ``Decimal("0.1")``)."""
    return Decimal(repr(float(value)))


def whole_people(hours: float) -> int:
    """Whole full-time people for ``hours`` a month (``FTE_HOURS`` each), rounded up."""
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
