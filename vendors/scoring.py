"""The weighted comparison of shortlisted vendors: each criterion scored 0-100 by a
rule a manager can read, then a weighted total. No Django here: the view, the PDF
report and the tests feed it plain facts.

A criterion without data scores 0 and says why ("no data: ..."), so a missing
checklist or cost case lowers a candidate instead of being guessed. Inside a
criterion, a part without data is "not rated": left out, the parts that are rated
keep their proportions (the same way for every part).

Every score of a candidate depends only on its own facts and the engagement's
(``Context``), never on who else is shortlisted: the cost criterion prices the whole
scope under the candidate's own quotes and compares it with doing everything
in-house, not with the cheapest rival. So adding or removing a candidate never
reorders the others.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from portal.wording import counted

COST = "cost"
DILIGENCE = "diligence"
TEST_CALLS = "test_calls"
LANGUAGE = "language"
CUSTOMER_RISK = "customer_risk"
REFERENCES = "references"


@dataclass(frozen=True)
class Criterion:
    key: str
    label: str
    rule: str
    default_weight: int


CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        COST,
        "Cost",
        "The monthly total of the whole scope under the candidate's own quotes (its "
        "cheapest combination the center would accept, each scoped channel its quotes "
        "do not cover kept in-house at step 2's cost, your oversight counted once), as a "
        "share r of doing everything in-house: score = 100 × (1.25 − r), between 0 and "
        "100. A quarter of the in-house cost or less → 100, half of it → 75, the same as "
        "in-house → 25, a quarter more or dearer → 0; each 1% of the in-house cost is "
        "one point, so realistic offers (a third to all of the in-house cost) stay "
        "apart instead of all reaching full marks. It "
        "depends only on the candidate's own quotes, so adding or removing a candidate "
        "never changes another's score. No priced quote → not rated (0).",
        30,
    ),
    Criterion(
        DILIGENCE,
        "Due diligence",
        "Answered share of the checklist × 100, minus 25 per “no” on a critical item "
        "and 10 per item rated high risk; between 0 and 100.",
        25,
    ),
    Criterion(
        TEST_CALLS,
        "Test-call quality",
        "60% mean of the courtesy, language clarity and product knowledge ratings given "
        "(1 → 0, 5 → 100), "
        "25% first-contact resolution rate, 15% speed against each channel's target "
        "(phone and chat: answered within step 2's seconds → 100, falling to 0 five "
        "minutes later; e-mail and social media: a reply within 24 hours → 100, falling "
        "to 0 at 72 hours). A part not rated (no data) is left out and the others share its "
        "weight.",
        15,
    ),
    Criterion(
        LANGUAGE,
        "Language fit",
        "60% share of the required languages the vendor's agents speak, 40% language "
        "clarity in test calls (1 → 0, 5 → 100). Clarity not rated yet is left out: the "
        "score is then the language share alone.",
        10,
    ),
    Criterion(
        CUSTOMER_RISK,
        "Fit with customer-base risk",
        "Step-3 risk low: 100 for every vendor. Medium: 100 if the vendor delivers from "
        "the USA/Canada, else 60. High: 100 if it does, else 20. (The step-3 risk scores "
        "perception of offshoring, language per channel and data rules; how fast "
        "customers expect an answer is not a risk factor.)",
        10,
    ),
    Criterion(
        REFERENCES,
        "References",
        "Client references on file: none → 0, one → 40, two → 70, three or more → 100.",
        10,
    ),
)
DEFAULT_WEIGHTS: dict[str, int] = {c.key: c.default_weight for c in CRITERIA}
MAX_WEIGHT = 100


def weight_problems(weights: Mapping[str, int]) -> dict[str, str]:
    """Each criterion's weight is a whole number from 0 to MAX_WEIGHT: the message
    for each weight in ``weights`` that is not, by criterion key."""
    problems = {}
    for criterion in CRITERIA:
        weight = weights.get(criterion.key)
        if weight is None:
            continue
        if weight != int(weight):
            problems[criterion.key] = "Enter a whole number."
        elif weight < 0:
            problems[criterion.key] = "Ensure this value is greater than or equal to 0."
        elif weight > MAX_WEIGHT:
            problems[criterion.key] = f"Ensure this value is less than or equal to {MAX_WEIGHT}."
    return problems


# Speed of a test contact against its channel's target: full marks within the target,
# falling linearly to 0 at LIVE_SPAN seconds over it (phone, chat) or at
# WRITTEN_SPAN_FACTOR times the target (e-mail, social media, timed in hours).
LIVE_CHANNELS = frozenset({"inbound_phone", "outbound_phone", "chat"})
LIVE_SPAN_SECONDS = 300
DEFAULT_ANSWER_WITHIN_SECONDS = 20.0
DEFAULT_REPLY_WITHIN_HOURS = 24.0
WRITTEN_SPAN_FACTOR = 3
# The cost criterion: the candidate's scope total as a share r of all in-house;
# 100 at r <= COST_FULL_MARKS_SHARE, 0 at r >= COST_ZERO_SHARE, a straight line between
# (through 25 at r = 1, the in-house cost itself).
COST_FULL_MARKS_SHARE = Decimal("0.25")
COST_ZERO_SHARE = Decimal("1.25")
_OFFSHORE_SCORE = {"low": 100, "medium": 60, "high": 20}
_REFERENCE_SCORE = (0, 40, 70, 100)


@dataclass(frozen=True)
class CandidateFacts:
    """What the comparison knows about one candidate. ``None`` means "no data"."""

    candidate_id: int
    name: str
    # The monthly total of the whole scope under this candidate's own quotes (what stays
    # in-house included, oversight once), in the engagement's currency.
    monthly_cost: Decimal | None = None
    cost_missing_reason: str = "no quote priced yet"
    # Due diligence (from the checklist summary).
    items_total: int = 0
    answered_share: float | None = None
    critical_no_count: int = 0
    risk_high_count: int = 0
    # Test calls (from the test-call summary).
    test_call_count: int = 0
    # (channel, calls timed, average time: seconds for LIVE_CHANNELS, else hours).
    times_by_channel: tuple[tuple[str, int, float], ...] = ()
    first_contact_resolution_rate: float | None = None
    avg_courtesy: float | None = None
    avg_language_clarity: float | None = None
    avg_product_knowledge: float | None = None
    # Registry facts.
    languages: frozenset[str] = frozenset()
    delivers_onshore: bool = False
    reference_count: int = 0


@dataclass(frozen=True)
class Context:
    """Facts of the engagement shared by every candidate."""

    required_languages: frozenset[str] = frozenset()
    customer_risk_level: str | None = None  # "low" | "medium" | "high" | None
    answer_within_seconds: float = DEFAULT_ANSWER_WITHIN_SECONDS  # step 2's target
    reply_within_hours: float = DEFAULT_REPLY_WITHIN_HOURS
    currency: str = "USD"  # the engagement's: every monthly cost is in it
    # The monthly cost of doing all the scoped work in-house (step 2): what each
    # candidate's scope total is measured against. None: no cost case yet.
    all_in_house_monthly: Decimal | None = None


@dataclass(frozen=True)
class Score:
    value: int
    reason: str

    @property
    def no_data(self) -> bool:
        return self.reason.startswith("no data")


@dataclass
class Ranked:
    facts: CandidateFacts
    scores: dict[str, Score]
    total: float
    rank: int = 0
    is_leader: bool = False
    score_list: list[tuple[Criterion, Score]] = field(default_factory=list)


def _clamp(value: float) -> int:
    return int(round(max(0.0, min(100.0, value))))


def _scale_1_5(value: float) -> float:
    return (value - 1) / 4 * 100


def _money(amount: Decimal, currency: str) -> str:
    return f"${amount:,.0f}" if currency == "USD" else f"{amount:,.0f} {currency}"


def cost_share_score(monthly: Decimal, all_in_house: Decimal) -> float:
    """100 × (1.25 − r) clamped to 0-100, r = ``monthly`` ÷ ``all_in_house``: falls as
    the candidate's total rises, and reads nothing but the two figures."""
    share = Decimal(monthly) / Decimal(all_in_house)
    span = COST_ZERO_SHARE - COST_FULL_MARKS_SHARE
    return float(max(Decimal(0), min(Decimal(1), (COST_ZERO_SHARE - share) / span)) * 100)


def score_cost(facts: CandidateFacts, context: Context | None = None) -> Score:
    """The candidate's scope total against all in-house (``CRITERIA``'s cost rule)."""
    context = context or Context()
    if facts.monthly_cost is None:
        return Score(0, f"no data: {facts.cost_missing_reason}")
    in_house = context.all_in_house_monthly
    if in_house is None or in_house <= 0:
        return Score(0, "no data: step 2 gives no in-house cost to measure the quotes against")
    cost = _money(facts.monthly_cost, context.currency)
    share = facts.monthly_cost / in_house
    saving = in_house - facts.monthly_cost
    said = (
        f"saves {_money(saving, context.currency)}"
        if saving > 0
        else f"costs {_money(-saving, context.currency)} more"
        if saving < 0
        else "no saving"
    )
    return Score(
        _clamp(cost_share_score(facts.monthly_cost, in_house)),
        f"{cost}/month for the whole scope, {share:.0%} of all in-house "
        f"{_money(in_house, context.currency)} ({said})",
    )


def score_diligence(facts: CandidateFacts) -> Score:
    if not facts.items_total or facts.answered_share is None:
        return Score(0, "no data: no due-diligence checklist yet")
    raw = facts.answered_share * 100 - 25 * facts.critical_no_count - 10 * facts.risk_high_count
    return Score(
        _clamp(raw),
        f"{facts.answered_share:.0%} answered, {facts.critical_no_count} critical “no”, "
        f"{facts.risk_high_count} high risk",
    )


def speed_score(channel: str, average: float, context: Context) -> float:
    """0-100 for an average time on ``channel`` against that channel's target."""
    if channel in LIVE_CHANNELS:
        target, span = context.answer_within_seconds, LIVE_SPAN_SECONDS
    else:
        target = context.reply_within_hours
        span = target * (WRITTEN_SPAN_FACTOR - 1)
    if average <= target:
        return 100.0
    return max(0.0, 100 - (average - target) / span * 100) if span > 0 else 0.0


def _speed(facts: CandidateFacts, context: Context) -> float | None:
    """The channels' speed scores averaged by calls timed, or None when none is timed."""
    timed = sum(calls for _channel, calls, _average in facts.times_by_channel)
    if not timed:
        return None
    return (
        sum(
            speed_score(channel, average, context) * calls
            for channel, calls, average in facts.times_by_channel
        )
        / timed
    )


def _times_text(facts: CandidateFacts) -> str:
    parts = [
        f"{average:.0f} s" if channel in LIVE_CHANNELS else f"{average:.1f} h reply"
        for channel, _calls, average in facts.times_by_channel
    ]
    return ", ".join(parts) if parts else "speed not rated"


def score_test_calls(facts: CandidateFacts, context: Context | None = None) -> Score:
    """Ratings, first-contact resolution and speed, each 0-100 and weighted 60/25/15;
    a part not recorded is "not rated": left out, the others keep their proportions."""
    context = context or Context()
    ratings = [
        r
        for r in (facts.avg_courtesy, facts.avg_language_clarity, facts.avg_product_knowledge)
        if r is not None
    ]
    rated = bool(ratings)
    fcr = facts.first_contact_resolution_rate
    speed = _speed(facts, context)
    parts = [
        # The ratings given: a rating not given is left out of their mean.
        (0.60, _scale_1_5(sum(ratings) / len(ratings)) if rated else None),
        (0.25, None if fcr is None else fcr * 100),
        (0.15, speed),
    ]
    known = [(weight, value) for weight, value in parts if value is not None]
    if not facts.test_call_count or not known:
        return Score(0, "no data: no rated test call yet")
    raw = sum(weight * value for weight, value in known) / sum(weight for weight, _ in known)
    ratings_text = f"ratings {sum(ratings) / len(ratings):.1f}/5" if rated else "ratings not rated"
    fcr_text = "resolution not rated" if fcr is None else f"{fcr:.0%} resolved first time"
    return Score(
        _clamp(raw),
        f"{counted(facts.test_call_count, 'call')}, {ratings_text}, {fcr_text}, "
        f"{_times_text(facts)}",
    )


def score_language(facts: CandidateFacts, context: Context) -> Score:
    if not context.required_languages:
        return Score(0, "no data: no required language set for the engagement")
    covered = context.required_languages & facts.languages
    coverage = len(covered) / len(context.required_languages) * 100
    missing = sorted(context.required_languages - facts.languages)
    coverage_text = (
        "speaks all required languages" if not missing else f"lacks {', '.join(missing)}"
    )
    if facts.avg_language_clarity is None:
        # Not rated: left out, as every part without data is (not counted as 1 of 5).
        return Score(_clamp(coverage), f"{coverage_text}; clarity not rated yet")
    clarity = _scale_1_5(facts.avg_language_clarity)
    return Score(
        _clamp(0.6 * coverage + 0.4 * clarity),
        f"{coverage_text}; clarity {facts.avg_language_clarity:.1f}/5",
    )


def score_customer_risk(facts: CandidateFacts, context: Context) -> Score:
    level = context.customer_risk_level
    if level not in _OFFSHORE_SCORE:
        return Score(0, "no data: the step-3 customer-base risk is not assessed")
    if facts.delivers_onshore:
        return Score(100, f"{level} risk; delivers from the USA/Canada")
    return Score(_OFFSHORE_SCORE[level], f"{level} risk; offshore delivery only")


def score_references(facts: CandidateFacts) -> Score:
    count = facts.reference_count
    value = _REFERENCE_SCORE[min(count, len(_REFERENCE_SCORE) - 1)]
    return Score(value, f"{count} reference{'s' if count != 1 else ''} on file")


def weighted_total(scores: Mapping[str, Score], weights: Mapping[str, int]) -> float:
    total_weight = sum(weights.get(c.key, 0) for c in CRITERIA)
    if total_weight <= 0:
        return 0.0
    return sum(scores[c.key].value * weights.get(c.key, 0) for c in CRITERIA) / total_weight


def rank(
    candidates: Sequence[CandidateFacts], weights: Mapping[str, int], context: Context
) -> list[Ranked]:
    """Score every candidate, order by weighted total (then name), mark the leader.

    Each candidate's scores read only its own facts and ``context``, and the order
    (total, then name, then id) is one fixed order over all candidates: any two keep
    their relative order whoever else is ranked with them.

    The leader is the single best total; when two candidates tie at the top, or every
    weight is zero, there is no leader.
    """
    ranked = []
    for facts in candidates:
        scores = {
            COST: score_cost(facts, context),
            DILIGENCE: score_diligence(facts),
            TEST_CALLS: score_test_calls(facts, context),
            LANGUAGE: score_language(facts, context),
            CUSTOMER_RISK: score_customer_risk(facts, context),
            REFERENCES: score_references(facts),
        }
        ranked.append(
            Ranked(
                facts=facts,
                scores=scores,
                total=round(weighted_total(scores, weights), 1),
                score_list=[(c, scores[c.key]) for c in CRITERIA],
            )
        )
    ranked.sort(key=lambda r: (-r.total, r.facts.name.lower(), r.facts.candidate_id))
    for position, item in enumerate(ranked, start=1):
        item.rank = position
    weights_set = sum(weights.get(c.key, 0) for c in CRITERIA) > 0
    if ranked and weights_set and (len(ranked) == 1 or ranked[0].total > ranked[1].total):
        ranked[0].is_leader = True
    return ranked
