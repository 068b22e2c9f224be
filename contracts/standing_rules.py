"""The vendor's standing and its re-assessment cadence (step 6). Pure Python, no Django.

Standing: *good*, *watch* or *at risk*, from reasons found in the facts, each with an
explicit threshold (``THRESHOLDS``, shown on the pages as "How the standing is set"):

- watch: an SLA breached in its latest month (this month or last); the test-call
  score falling by ``SCORE_FALL_POINTS`` or more over ``SCORE_FALL_MONTHS`` months; a
  re-assessment overdue; a piece of evidence expired.
- at risk: an SLA breached ``BREACH_RUN_MONTHS`` months running; an exit trigger met;
  or ``WATCH_REASONS_AT_RISK`` watch reasons at once.

Tier: 1, 2 or 3, suggested from the contacts a month, the data the vendor handles
and the monthly spend; it sets how often due diligence is repeated
(``TIER_INTERVAL_MONTHS``). Due dates are calendar months later, clamped to the end
of a shorter month (31 August + 6 months = 28 or 29 February), by
``deadlines.add_months``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from contracts.deadlines import add_months

GOOD, WATCH, AT_RISK = "good", "watch", "at_risk"
LEVEL_LABELS = {GOOD: "Good", WATCH: "Watch", AT_RISK: "At risk"}
# Bootstrap badge colors per level.
LEVEL_COLORS = {GOOD: "success", WATCH: "warning", AT_RISK: "danger"}

# Reason codes.
SLA_BREACHED = "sla_breached"
SLA_BREACH_RUN = "sla_breach_run"
TEST_CALLS_FALLING = "test_calls_falling"
EXIT_TRIGGER_MET = "exit_trigger_met"
REASSESSMENT_OVERDUE = "reassessment_overdue"
EVIDENCE_EXPIRED = "evidence_expired"
AT_RISK_CODES = frozenset({SLA_BREACH_RUN, EXIT_TRIGGER_MET})

BREACH_RUN_MONTHS = 3
SCORE_FALL_MONTHS = 3
SCORE_FALL_POINTS = 10
WATCH_REASONS_AT_RISK = 2
EXPIRY_WARNING_DAYS = 30

THRESHOLDS = (
    (
        WATCH,
        f"an SLA breached in its latest month (this month or last); the test-call score "
        f"{SCORE_FALL_POINTS} points or more lower than {SCORE_FALL_MONTHS - 1} months "
        "before; a re-assessment past its due date; a piece of evidence past its expiry date.",
    ),
    (
        AT_RISK,
        f"an SLA breached {BREACH_RUN_MONTHS} months running; an exit trigger met; or "
        f"{WATCH_REASONS_AT_RISK} watch reasons at once.",
    ),
    (GOOD, "none of these."),
)
THRESHOLDS_TEXT = " ".join(f"{LEVEL_LABELS[level]}: {text}" for level, text in THRESHOLDS)


@dataclass(frozen=True)
class Reason:
    code: str
    text: str
    link: str = ""

    @property
    def level(self) -> str:
        return AT_RISK if self.code in AT_RISK_CODES else WATCH


def level_of(reasons: Iterable[Reason]) -> str:
    reasons = list(reasons)
    if any(r.level == AT_RISK for r in reasons):
        return AT_RISK
    if len(reasons) >= WATCH_REASONS_AT_RISK:
        return AT_RISK
    return WATCH if reasons else GOOD


def month_start(day: date) -> date:
    return day.replace(day=1)


def months_back(day: date, months: int) -> date:
    return add_months(month_start(day), -months)


def is_recent(period: date, today: date) -> bool:
    """The month is this month or last month."""
    return month_start(period) >= months_back(today, 1)


# --- SLAs ------------------------------------------------------------------------


@dataclass(frozen=True)
class SlaFacts:
    title: str
    target_text: str
    latest_period: date | None
    latest_breached: bool
    months_running: int  # calendar-consecutive breached months up to the latest


def sla_reasons(slas: Sequence[SlaFacts], today: date, link: str = "") -> list[Reason]:
    reasons = []
    for sla in slas:
        if sla.latest_period is None or not sla.latest_breached:
            continue
        if not is_recent(sla.latest_period, today):
            continue
        if sla.months_running >= BREACH_RUN_MONTHS:
            text = (
                f"SLA {sla.title} breached {sla.months_running} months running "
                f"(target {sla.target_text}, latest {sla.latest_period:%B %Y})"
            )
            reasons.append(Reason(SLA_BREACH_RUN, text, link))
        else:
            text = (
                f"SLA {sla.title} breached in {sla.latest_period:%B %Y} (target {sla.target_text})"
            )
            reasons.append(Reason(SLA_BREACHED, text, link))
    return reasons


# --- Test calls ------------------------------------------------------------------


def score_fall(scores: dict[date, int], today: date) -> tuple[int, int] | None:
    """(earlier score, latest score) when the test-call score fell by
    ``SCORE_FALL_POINTS`` or more over ``SCORE_FALL_MONTHS`` months, else None.

    ``scores`` are monthly scores (0-100) by first day of the month. The latest
    scored month must be this month or last; it is compared with the month
    ``SCORE_FALL_MONTHS - 1`` before it, which must be scored too.
    """
    if not scores:
        return None
    latest = max(scores)
    if not is_recent(latest, today):
        return None
    earlier = add_months(latest, -(SCORE_FALL_MONTHS - 1))
    if earlier not in scores:
        return None
    if scores[earlier] - scores[latest] >= SCORE_FALL_POINTS:
        return scores[earlier], scores[latest]
    return None


def score_reason(scores: dict[date, int], today: date, link: str = "") -> list[Reason]:
    fall = score_fall(scores, today)
    if fall is None:
        return []
    text = f"Test-call score falling ({fall[0]} -> {fall[1]} over {SCORE_FALL_MONTHS} months)"
    return [Reason(TEST_CALLS_FALLING, text, link)]


# --- Tier and cadence --------------------------------------------------------------

DATA_NONE, DATA_CONTACT, DATA_SENSITIVE = "none", "contact", "sensitive"
TIER_INTERVAL_MONTHS = {1: 6, 2: 12, 3: 24}
# Tier 1 from any of these; tier 3 only under all of the lower ones with no data.
TIER1_CONTACTS = 20_000
TIER1_SPEND = Decimal(50_000)
TIER3_CONTACTS = 2_000
TIER3_SPEND = Decimal(5_000)
REASSESSMENT_DAYS = 30  # from coming due to the round's due date

TIER_RULES_TEXT = (
    f"Tier 1 when the vendor handles payment or health data, or {TIER1_CONTACTS:,} "
    f"contacts a month or more, or a monthly spend of {TIER1_SPEND:,.0f} or more; tier 3 "
    f"when it handles no customer data, under {TIER3_CONTACTS:,} contacts a month and "
    f"under {TIER3_SPEND:,.0f} a month; tier 2 otherwise. Due diligence is repeated every "
    + ", ".join(f"{m} months for tier {t}" for t, m in TIER_INTERVAL_MONTHS.items())
    + "."
)


@dataclass(frozen=True)
class TierSuggestion:
    tier: int
    why: str


def suggest_tier(
    contacts_per_month: float | None, data_handled: str, monthly_spend: Decimal | None
) -> TierSuggestion:
    contacts = contacts_per_month or 0
    spend = monthly_spend if monthly_spend is not None else Decimal(0)
    facts = (
        f"{contacts:,.0f} contacts a month, "
        + {DATA_NONE: "no customer data", DATA_CONTACT: "contact details"}.get(
            data_handled, "payment or health data"
        )
        + (f", {spend:,.0f} a month" if monthly_spend is not None else ", no monthly cost known")
    )
    if data_handled == DATA_SENSITIVE or contacts >= TIER1_CONTACTS or spend >= TIER1_SPEND:
        return TierSuggestion(1, facts)
    if data_handled == DATA_NONE and contacts < TIER3_CONTACTS and spend < TIER3_SPEND:
        return TierSuggestion(3, facts)
    return TierSuggestion(2, facts)


def next_due(anchor: date, interval_months: int) -> date:
    """The day a re-assessment comes due: ``interval_months`` calendar months after
    ``anchor`` (the last round's due day, else the contract's start), clamped to the
    end of a shorter month."""
    return add_months(anchor, interval_months)
