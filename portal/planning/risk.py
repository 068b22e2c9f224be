"""Customer-base risk (DOMAIN.md step 3), scored low / medium / high with reasons.

Plain Python: the answers go in, the factors and the combined level come out.
The combined level is the highest factor: one high risk is enough to weigh on
the vendor decision.
"""

from __future__ import annotations

from dataclasses import dataclass

LOW, MEDIUM, HIGH = "low", "medium", "high"
_ORDER = {LOW: 0, MEDIUM: 1, HIGH: 2}
LEVELS = (LOW, MEDIUM, HIGH)

VOICE_CHANNELS = ("inbound_phone", "outbound_phone")
WRITTEN_CHANNELS = ("email", "social")


@dataclass(frozen=True)
class Factor:
    key: str
    title: str
    level: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Assessment:
    factors: tuple[Factor, ...]
    level: str


def highest(levels) -> str:
    return max(levels, key=_ORDER.__getitem__, default=LOW)


def suggested_language_risk(channel: str, *, offshore: bool) -> str:
    """A starting point per channel: voice offshore is where accents bite; e-mail removes it."""
    if channel in WRITTEN_CHANNELS:
        return LOW
    if channel in VOICE_CHANNELS:
        return HIGH if offshore else LOW
    return MEDIUM if offshore else LOW  # chat: written but live


def assess(
    *,
    offshore: bool,
    local_preference: str,
    language_risk: dict[str, str],
    channel_labels: dict[str, str],
    response_expectation: str,
    data_residency: str,
) -> Assessment:
    factors = []

    if not offshore:
        factors.append(
            Factor(
                "perception",
                "Perception of offshoring",
                LOW,
                ("The vendors considered are onshore.",),
            )
        )
    else:
        level = {"none": LOW, "some": MEDIUM, "strong": HIGH}.get(local_preference, MEDIUM)
        why = {
            LOW: "Customers do not mind where service comes from.",
            MEDIUM: "Some customers prefer local service and may see offshoring as unpatriotic.",
            HIGH: "Customers strongly value local service: offshoring may read as unpatriotic "
            'and the company as unresponsive ("always talking to someone far away").',
        }[level]
        factors.append(Factor("perception", "Perception of offshoring", level, (why,)))

    lang_reasons = []
    lang_levels = []
    for channel, level in language_risk.items():
        if level not in _ORDER:
            continue
        label = channel_labels.get(channel, channel)
        note = ""
        if channel in WRITTEN_CHANNELS:
            note = " (written replies remove most accent problems)"
        elif channel in VOICE_CHANNELS and level != LOW:
            note = " (accent comprehension is the most common complaint about outsourced calls)"
        lang_reasons.append(f"{label}: {level}{note}.")
        lang_levels.append(level)
    if not lang_levels:
        lang_reasons.append("No channel in scope yet.")
    factors.append(
        Factor("language", "Language and accent", highest(lang_levels), tuple(lang_reasons))
    )

    if response_expectation == "minutes":
        level = HIGH if offshore else MEDIUM
        why = (
            "Customers expect a live answer within minutes: the vendor must hold a tight service "
            "level"
            + (" across time zones." if offshore else ".")
            + " Put it in the SLA and keep making test calls."
        )
    elif response_expectation == "hours":
        level, why = MEDIUM, "Replies within hours need a staffed queue, not a daily batch."
    else:
        level = LOW
        why = "Replies within a day or more are normal for outsourced e-mail (about 24 hours)."
    factors.append(Factor("response", "Response-time expectations", level, (why,)))

    if data_residency == "law":
        level = HIGH if offshore else MEDIUM
        why = "The law requires customer data to stay in the country" + (
            ": an offshore vendor may be ruled out."
            if offshore
            else "; confirm where the vendor hosts it."
        )
    elif data_residency == "contract":
        level, why = (
            MEDIUM,
            "Contracts or policy restrict where data goes; check it in due diligence.",
        )
    else:
        level, why = LOW, "No rules restrict where customer data is handled."
    factors.append(Factor("data", "Data leaving the country", level, (why,)))

    return Assessment(tuple(factors), highest(f.level for f in factors))
