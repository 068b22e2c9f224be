"""The scope as data: an engagement's channels and in-house figures as a JSON document,
and that document read back into the cost model's input.

``scope_pack(engagement)`` is what the scope page downloads (the facts a vendor's
proposal needs: volumes, handle times, open hours, arrival profiles, targets) and
what ``python manage.py cost_case FILE`` reads; ``scope_pack_to_inputs(data)``
checks a document of that shape and gives the ``ChannelLoad`` list, the
``CostInputs`` and the rate-card region, the same the pages compute from the
database (``queries.channel_loads`` and ``queries.cost_inputs``).

The document::

    {
      "engagement": "Outsource tier-1 support",    # for reading; ignored on input
      "currency": "USD",                           # for reading; ignored on input
      "channels": [
        {"channel": "inbound_phone", "contacts_per_month": 9000, "handle_minutes": 6.0,
         "open_hours": "business hours" | "24/7" | [168 booleans, Monday 00:00 first],
         "profile": [168 shares],                  # omitted: even over the open hours
         "patience_seconds": 180,                  # inbound phone and chat; optional
         "concurrency": 2.0,                       # chat only
         "reply_within_hours": 24},                # e-mail and social only
        ...
      ],
      "service_target": 0.8, "answer_within_seconds": 20, "shrinkage": 0.3,
      "in_house": {"loaded_salary": "3400.00", "training": "150.00", "equipment": "120.00",
                   "rent": "450.00", "it": "180.00", "supervision": "400.00",
                   "coverage_extra_percent": 15.0,
                   "agents_override": 12},          # optional
      "oversight_monthly": "6500.00", "region": "asia_philippines",
      "outbound_sales_monthly": "45000.00",
      "commission_percent": 6.0                    # the commission offered; optional
    }

Money is written as a string with two decimals (read back from a string or a
number); shares and fractions as JSON numbers, which read back exactly.
"""

from __future__ import annotations

import math
from decimal import Decimal, InvalidOperation

from portal import cost_inputs, week
from portal.models import Engagement
from portal.planning import queries
from portal.planning.choices import DEFAULT_CHAT_CONCURRENCY, MAX_CONTACTS_PER_MONTH, QUEUE_CHANNELS
from portal.planning.models import CostCase
from portal.reference import Channel, Region

WRITTEN_CHANNELS = frozenset({Channel.EMAIL, Channel.SOCIAL})  # replied within hours
IN_HOUSE_MONEY = {
    "loaded_salary": "loaded_salary",
    "training": "training_per_agent",
    "equipment": "equipment_per_agent",
    "rent": "rent_per_agent",
    "it": "it_per_agent",
    "supervision": "supervision_per_agent",
}
TOP_KEYS = {
    "engagement",
    "currency",
    "channels",
    "service_target",
    "answer_within_seconds",
    "shrinkage",
    "in_house",
    "oversight_monthly",
    "region",
    "outbound_sales_monthly",
    "commission_percent",
}
CHANNEL_KEYS = {
    "channel",
    "contacts_per_month",
    "handle_minutes",
    "open_hours",
    "profile",
    "patience_seconds",
    "concurrency",
    "reply_within_hours",
}
IN_HOUSE_KEYS = {*IN_HOUSE_MONEY, "coverage_extra_percent", "agents_override"}
MAX_MONEY = Decimal("10000000000")  # what the cost case's money columns hold


def _money(value: Decimal) -> str:
    return f"{cost_inputs.money(value):.2f}"


def _open_hours(open_hours) -> str | list[bool]:
    hours = tuple(open_hours)
    if hours == week.BUSINESS_HOURS:
        return "business hours"
    if hours == week.ALL_WEEK:
        return "24/7"
    return list(hours)


def scope_pack(engagement: Engagement) -> dict:
    """The engagement's scope and in-house figures as the JSON document above (three
    queries). Before step 2 is filled in, its figures are the cost model's defaults."""
    data = queries.planning_data(engagement)
    case = data.cost_case or CostCase(engagement=engagement)
    inputs = queries.cost_inputs(data.cost_case)
    channels = []
    for line in data.lines:
        if line.contacts_per_month <= 0:
            continue
        load = queries.channel_load(line)
        item: dict = {
            "channel": line.channel,
            "contacts_per_month": line.contacts_per_month,
            "handle_minutes": float(line.handle_minutes),
            "open_hours": _open_hours(load.open_hours),
        }
        profile = queries.line_profile(line)
        if profile is not None:
            item["profile"] = list(profile)
        if load.patience_seconds is not None:
            item["patience_seconds"] = load.patience_seconds
        if line.channel == Channel.CHAT:
            item["concurrency"] = load.concurrency
        if line.channel in WRITTEN_CHANNELS:
            item["reply_within_hours"] = inputs.reply_within_hours
        channels.append(item)
    in_house: dict = {key: _money(getattr(inputs, name)) for key, name in IN_HOUSE_MONEY.items()}
    in_house["coverage_extra_percent"] = float(inputs.coverage_extra_percent)
    if inputs.in_house_agents_override is not None:
        in_house["agents_override"] = inputs.in_house_agents_override
    return {
        "engagement": engagement.title,
        "currency": engagement.currency,
        "channels": channels,
        "service_target": inputs.service_target,
        "answer_within_seconds": inputs.answer_within_seconds,
        "shrinkage": inputs.shrinkage,
        "in_house": in_house,
        "oversight_monthly": _money(inputs.oversight_monthly),
        "region": case.region,
        "outbound_sales_monthly": _money(inputs.outbound_sales_monthly),
        **(
            {"commission_percent": float(case.commission_percent)}
            if case.commission_percent is not None
            else {}
        ),
    }


# ---------------------------------------------------------------- reading it back


def _number(
    path: str, value, *, low: float, high: float, low_open: bool = False, hint: str = ""
) -> float:
    """A JSON number within [low, high] (above ``low`` when ``low_open``)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{path}: expected a number{hint}, not {value!r}")
    if value < low or (low_open and value == low) or value > high:
        bound = f"above {low:g}" if low_open else f"at least {low:g}"
        raise ValueError(
            f"{path}: expected a number {bound} and at most {high:g}{hint}, not {value!r}"
        )
    return float(value)


FRACTION = " (a fraction: 0.8 is 80%)"


def _decimal(path: str, value, *, high: Decimal = MAX_MONEY) -> Decimal:
    """An amount: a string such as "3400.00" or a JSON number, 0 or more."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError(f'{path}: expected an amount such as "3400.00", not {value!r}')
    try:
        amount = Decimal(value.strip() if isinstance(value, str) else repr(value))
    except InvalidOperation:
        raise ValueError(f'{path}: expected an amount such as "3400.00", not {value!r}') from None
    if not amount.is_finite() or amount < 0 or amount >= high:
        raise ValueError(f"{path}: expected an amount of 0 or more, below {high:,}, not {value!r}")
    return amount


def _keys(path: str, value, allowed: set[str], required: tuple[str, ...]) -> dict:
    where = f"{path}: " if path else ""
    if not isinstance(value, dict):
        raise ValueError(f"{path or 'the document'}: expected an object, not {value!r}")
    unknown = sorted(str(key) for key in value if key not in allowed)
    if unknown:
        raise ValueError(f"{where}unknown key(s) {', '.join(unknown)}")
    for key in required:
        if key not in value:
            prefix = f"{path}." if path else ""
            raise ValueError(f"{prefix}{key}: missing")
    return value


def _profile(path: str, value) -> tuple[float, ...]:
    if not isinstance(value, list) or len(value) != week.HOURS_PER_WEEK:
        raise ValueError(f"{path}: expected {week.HOURS_PER_WEEK} shares, one per hour of the week")
    for hour, share in enumerate(value):
        _number(f"{path}[{hour}]", share, low=0, high=1e12)
    return tuple(float(share) for share in value)


def _channel(path: str, item, seen: set[str]) -> tuple[cost_inputs.ChannelLoad, float | None]:
    """One channel's load, and its reply target (e-mail and social) if given."""
    item = _keys(path, item, CHANNEL_KEYS, ("channel", "contacts_per_month", "handle_minutes"))
    channel = item["channel"]
    if channel not in Channel.values:
        raise ValueError(
            f"{path}.channel: expected one of {', '.join(Channel.values)}, not {channel!r}"
        )
    if channel in seen:
        raise ValueError(f"{path}.channel: {channel} appears more than once")
    seen.add(channel)
    contacts = _number(
        f"{path}.contacts_per_month", item["contacts_per_month"], low=0, high=MAX_CONTACTS_PER_MONTH
    )
    handle = _number(
        f"{path}.handle_minutes", item["handle_minutes"], low=0, high=1e4, low_open=True
    )
    try:
        open_hours = week.open_hours_from(item.get("open_hours", "business hours"))
    except ValueError:
        raise ValueError(
            f"{path}.open_hours: expected 168 booleans, 'business hours' or '24/7'"
        ) from None
    profile = _profile(f"{path}.profile", item["profile"]) if "profile" in item else None
    patience = None
    if "patience_seconds" in item and item["patience_seconds"] is not None:
        if channel not in QUEUE_CHANNELS:
            raise ValueError(
                f"{path}.patience_seconds: only inbound phone and chat have callers who hang up"
            )
        patience = _number(
            f"{path}.patience_seconds", item["patience_seconds"], low=0, high=3600, low_open=True
        )
    concurrency = 1.0
    if "concurrency" in item:
        if channel != Channel.CHAT:
            raise ValueError(f"{path}.concurrency: only chat agents carry several contacts at once")
        concurrency = _number(f"{path}.concurrency", item["concurrency"], low=1, high=10)
    elif channel == Channel.CHAT:
        concurrency = float(DEFAULT_CHAT_CONCURRENCY)
    reply = None
    if "reply_within_hours" in item:
        if channel not in WRITTEN_CHANNELS:
            raise ValueError(
                f"{path}.reply_within_hours: only e-mail and social have a reply target"
            )
        reply = _number(f"{path}.reply_within_hours", item["reply_within_hours"], low=1, high=336)
    try:
        load = cost_inputs.ChannelLoad(
            channel=channel,
            contacts_per_month=contacts,
            handle_minutes=handle,
            open_hours=open_hours,
            profile=profile,
            patience_seconds=patience,
            concurrency=concurrency,
        )
    except ValueError as exc:
        raise ValueError(f"{path}: {exc}") from None
    return load, reply


def scope_pack_to_inputs(
    data: dict,
) -> tuple[list[cost_inputs.ChannelLoad], cost_inputs.CostInputs, str]:
    """The cost model's input from a document of ``scope_pack``'s shape: the channel
    loads (with contacts), the company's figures and the rate-card region code.

    Raises ``ValueError`` naming the key path of the first problem, e.g.
    "channels[1].open_hours: expected 168 booleans, 'business hours' or '24/7'".
    Keys left out take the cost model's defaults, except ``channels``.
    """
    data = _keys("", data, TOP_KEYS, ("channels",))
    items = data["channels"]
    if not isinstance(items, list):
        raise ValueError(f"channels: expected a list of channels, not {items!r}")
    loads, replies, seen = [], [], set()
    for index, item in enumerate(items):
        load, reply = _channel(f"channels[{index}]", item, seen)
        if reply is not None:
            if replies and reply != replies[0][1]:
                raise ValueError(
                    f"channels[{index}].reply_within_hours: e-mail and social share one reply "
                    f"target ({replies[0][1]:g} hours in channels[{replies[0][0]}])"
                )
            replies.append((index, reply))
        if load.contacts_per_month > 0:
            loads.append(load)
    defaults = cost_inputs.CostInputs()
    in_house = _keys("in_house", data.get("in_house", {}), IN_HOUSE_KEYS, ())
    money = {
        name: _decimal(f"in_house.{key}", in_house[key]) if key in in_house else Decimal("0")
        for key, name in IN_HOUSE_MONEY.items()
    }
    override = in_house.get("agents_override")
    if override is not None and (
        isinstance(override, bool) or not isinstance(override, int) or not 0 <= override <= 100_000
    ):
        raise ValueError(
            f"in_house.agents_override: expected a whole number of agents, not {override!r}"
        )
    region = data.get("region", Region.ASIA_PHILIPPINES)
    if region not in Region.values:
        raise ValueError(f"region: expected one of {', '.join(Region.values)}, not {region!r}")
    inputs = cost_inputs.CostInputs(
        service_target=_number(
            "service_target",
            data.get("service_target", defaults.service_target),
            low=0.01,
            high=0.999,
            hint=FRACTION,
        ),
        answer_within_seconds=_number(
            "answer_within_seconds",
            data.get("answer_within_seconds", defaults.answer_within_seconds),
            low=0,
            high=3600,
        ),
        shrinkage=_number(
            "shrinkage", data.get("shrinkage", defaults.shrinkage), low=0, high=0.9, hint=FRACTION
        ),
        coverage_extra_percent=_decimal(
            "in_house.coverage_extra_percent",
            in_house.get("coverage_extra_percent", 0),
            high=Decimal("200.0001"),
        ),
        oversight_monthly=_decimal("oversight_monthly", data.get("oversight_monthly", "0")),
        outbound_sales_monthly=_decimal(
            "outbound_sales_monthly", data.get("outbound_sales_monthly", "0")
        ),
        in_house_agents_override=override,
        reply_within_hours=replies[0][1] if replies else defaults.reply_within_hours,
        **money,
    )
    return loads, inputs, region


def commission_percent_from(data: dict) -> Decimal | None:
    """The commission offered on outbound sales (percent, to the hundredth as step 2
    keeps it), or None when the document has none; ``ValueError`` naming the key."""
    value = data.get("commission_percent") if isinstance(data, dict) else None
    if value is None:
        return None
    number = _number("commission_percent", value, low=0, high=100)
    return Decimal(repr(number)).quantize(Decimal("0.01"))
