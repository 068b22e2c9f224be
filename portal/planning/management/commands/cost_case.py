"""``python manage.py cost_case FILE``: the cost case of a scope document as JSON.

FILE is the JSON the scope page downloads (``portal.planning.scope_pack``), or ``-``
for standard input. The figures are the step-2 page's: the workload from
``costs.build_workload``, the scenarios, options and break-even crossings from
``comparison.build`` with the rate card in effect today for the document's region,
the same call ``comparison.for_engagement`` makes for the page and the report.

A malformed document gets one line on standard error naming the key
("channels[0].open_hours: ...") and exit status 2, never a traceback.
"""

from __future__ import annotations

import json
import re
import sys
from decimal import Decimal

from django.core.management.base import BaseCommand

from portal import channel_plans, cost_inputs, costs
from portal.planning import comparison, queries, scope_pack

MAX_BYTES = 1_000_000  # a full scope (five channels, 168 hours and shares each) is ~20 KB
MAX_MESSAGE = 400  # characters of an error line
BAD_INPUT = 2


class InputError(Exception):
    """A problem with the document, already worded with its key."""


def _money(value: Decimal | None) -> str | None:
    return None if value is None else f"{cost_inputs.money(value):.2f}"


def _round(value: float | None, places: int) -> float | None:
    return None if value is None else round(float(value), places)


def read_document(raw: bytes, name: str) -> dict:
    """The JSON document in ``raw`` (at most ``MAX_BYTES``), or ``InputError``."""
    if len(raw) > MAX_BYTES:
        raise InputError(
            f"{name}: larger than {MAX_BYTES:,} bytes; a scope document is far smaller"
        )
    if b"\x00" in raw:
        raise InputError(f"{name}: contains NUL bytes; expected a JSON text file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: not UTF-8 text (byte {exc.start + 1})") from None
    if not text.strip():
        raise InputError(f"{name}: empty; expected the scope document as JSON")
    try:
        return json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{name}: not JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    except (ValueError, RecursionError) as exc:
        reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        raise InputError(f"{name}: not JSON ({reason})") from None


def _no_constant(name: str):
    raise ValueError(f"{name} is not a number JSON allows")


def _commission(data: dict):
    try:
        return scope_pack.commission_percent_from(data)
    except ValueError as exc:
        raise InputError(str(exc)) from None


def _workload(loads, inputs, data: dict) -> costs.Workload:
    """The workload, or ``InputError`` naming the channel the staffing math refuses."""
    try:
        return costs.build_workload(loads, inputs)
    except (ValueError, ArithmeticError) as exc:
        problem = exc
    index = {item["channel"]: number for number, item in enumerate(data["channels"])}
    for load in loads:
        try:
            channel_plans.plan_line(load, inputs)
        except (ValueError, ArithmeticError) as exc:
            raise InputError(
                f"channels[{index[load.channel]}]: the staffing math cannot size this "
                f"channel: {exc}"
            ) from None
    raise InputError(f"channels: the staffing math cannot size this scope: {problem}")


def _channel_block(plan: channel_plans.ChannelPlan) -> dict:
    block: dict = {
        "label": plan.label,
        "contacts_per_month": _round(plan.contacts_per_month, 2),
        "handle_minutes": _round(plan.handle_minutes, 4),
        "open_hours_per_week": plan.open_hours_per_week,
        "staffed_hours_per_week": _round(plan.staffed_hours_per_week, 2),
        "staffed_hours_per_month": _round(plan.staffed_hours_per_month, 2),
        "off_hours_per_month": _round(plan.off_hours_per_month, 2),
    }
    if plan.kind == channel_plans.QUEUE:
        block.update(
            agents_by_hour=list(plan.agents_by_hour or ()),
            busiest_hour_agents=plan.busiest_hour_agents,
            busiest_hour_contacts=_round(plan.busiest_hour_contacts, 2),
            service_level=_round(plan.service_level, 4),
            abandon_rate=_round(plan.abandon_rate, 4),
            answered_contacts_per_month=_round(plan.answered_contacts_per_month, 2),
        )
    elif plan.kind == channel_plans.BACKLOG:
        block.update(
            longest_closed_hours=plan.longest_closed_hours,
            meets_reply_target=plan.meets_reply_target,
        )
    return block


def _scenario(row: comparison.ScenarioRow) -> dict:
    s = row.scenario
    return {
        "name": s.name,
        "monthly_total": _money(s.monthly_total),
        "annual_total": _money(s.annual_total),
        "saving_monthly": _money(s.saving_monthly),
        "monthly_total_low": _money(row.monthly["low"]),
        "monthly_total_high": _money(row.monthly["high"]),  # None: a rate with no ceiling
        "vendor_charges": _money(s.vendor_charges),
        "in_house_cost": _money(s.in_house_cost),
        "oversight": _money(s.oversight),
        "feasible": s.feasible,
        "kept_in_house": list(s.kept_in_house),
        "bills": list(s.bills),
        "warnings": list(s.warnings),
    }


def cost_case(data: dict) -> dict:
    """The cost case of a scope document as a JSON-ready dict (reads the rate card:
    one query); ``InputError`` when the document is malformed."""
    try:
        loads, inputs, region = scope_pack.scope_pack_to_inputs(data)
    except ValueError as exc:
        raise InputError(str(exc)) from None
    commission_percent = _commission(data)
    currency = data.get("currency", "USD")
    if not isinstance(currency, str) or len(currency) != 3 or not currency.isalpha():
        raise InputError(f"currency: expected a three-letter code such as USD, not {currency!r}")
    workload = _workload(loads, inputs, data)
    try:
        # The page's and the report's call (comparison.for_engagement), on the same rows.
        result = comparison.build(
            workload,
            lines=loads,
            inputs=inputs,
            rate_rows=queries.current_rate_cards(),
            region=region,
            commission_percent=commission_percent,
        )
    except (ValueError, ArithmeticError) as exc:
        raise InputError(f"channels: the cost comparison cannot be computed: {exc}") from None
    output: dict = {"currency": currency.upper(), "region": region}
    output["channels"] = [plan.channel for plan in workload.plans]
    for plan in workload.plans:
        output[plan.channel] = _channel_block(plan)
    output["in_house"] = {
        "full_time_agents": workload.in_house_full_time_agents,
        "monthly_cost": _money(workload.in_house_monthly_cost),
        "annual_cost": _money(workload.annual_in_house_cost),
        "inbound_monthly_cost": _money(workload.in_house_inbound_monthly_cost),
        "outbound_monthly_cost": _money(workload.in_house_outbound_monthly_cost),
        "paid_hours_per_month": _round(workload.in_house_paid_hours(), 2),
        "oversight_monthly_once_outsourced": _money(workload.oversight_monthly_cost),
    }
    output["vendor_billed"] = {
        "dedicated_hours_per_month": _round(workload.dedicated_hours_per_month, 2),
        "monthly_seats": workload.monthly_seats,
        "shared_minutes_per_month": _round(workload.shared_minutes_per_month, 2),
        "outbound_hours_per_month": _round(workload.outbound_hours_per_month, 2),
    }
    output["scenarios"] = [_scenario(row) for row in result.scenario_rows]
    cheapest = result.cheapest_scenario
    outsourced = result.cheapest_outsourced
    output["cheapest"] = cheapest.name if cheapest else None
    output["cheapest_outsourced"] = outsourced.name if outsourced else None
    output["options"] = [
        {
            "name": option.label,
            "pricing_model": option.pricing_model,
            "basis": option.basis,
            "charge_low": _money(option.charge.get("low")),
            "charge_mid": _money(option.charge.get("mid")),
            "charge_high": _money(option.charge.get("high")),
            "warning": option.warning,
        }
        for option in result.options
    ]
    output["not_priced"] = list(result.missing)
    found = result.break_even_crossings
    output["break_even_inbound_calls"] = list(found.crossings) if found else []
    output["break_even_intervals"] = (
        [
            {"from": interval.start, "to": interval.end, "cheaper": interval.cheaper}
            for interval in found.intervals
        ]
        if found
        else []
    )
    output["break_even_searched_up_to"] = found.searched_up_to if found else None
    output["break_even_rates"] = (
        {
            "shared_per_minute": _money(result.break_even_rates[0]),
            "dedicated_per_hour": _money(result.break_even_rates[1]),
        }
        if result.break_even_rates
        else None
    )
    return output


_NUMBERS = re.compile(r"\[\s+(-?[\d.]+(?:,\s+-?[\d.]+)*)\s+\]")


def dumps(output: dict) -> str:
    """Indented JSON, each list of numbers on one line (168 agents stay readable)."""
    text = json.dumps(output, indent=2, ensure_ascii=False)
    return _NUMBERS.sub(lambda found: "[" + re.sub(r",\s+", ", ", found.group(1)) + "]", text)


class Command(BaseCommand):
    stealth_options = ("stdin",)  # call_command(..., stdin=stream) in tests
    help = (
        "Print the cost case of a scope document (the JSON the scope page downloads) as "
        "JSON: the same figures as the step-2 page. FILE is a path or - for standard input."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="the scope JSON, or - for stdin")

    def handle(self, *args, **options):
        name = options["file"]
        try:
            raw = self._read(name, options.get("stdin") or sys.stdin)
            output = cost_case(read_document(raw, "the document" if name == "-" else name))
        except InputError as exc:
            message = " ".join(str(exc).split())  # one line, whatever the value quoted
            if len(message) > MAX_MESSAGE:
                message = message[: MAX_MESSAGE - 1] + "…"
            self.stderr.write(message)
            sys.exit(BAD_INPUT)
        self.stdout.write(dumps(output))

    def _read(self, name: str, stdin) -> bytes:
        if name == "-":
            stream = getattr(stdin, "buffer", stdin)
            raw = stream.read(MAX_BYTES + 1)
            return raw.encode("utf-8") if isinstance(raw, str) else raw
        try:
            with open(name, "rb") as file:
                return file.read(MAX_BYTES + 1)
        except OSError as exc:
            raise InputError(f"{name}: cannot be read ({exc.strerror or exc})") from None
