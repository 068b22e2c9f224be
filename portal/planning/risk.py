"""Customer-base risk (DOMAIN.md step 3), scored low / medium / high with reasons.

Plain Python: the answers go in, the factors and the combined level come out.
The rules (also shown on the page under "Why this rating", see ``RULES``):

- **Perception of offshoring**: low when the vendors considered are onshore;
  offshore, it follows how customers see service from far away (no preference
  low, some medium, strong high).
- **Language and accent, per channel**: the level rated for each scoped
  channel; a written channel (e-mail, social media) is one level lower than
  rated, because written replies remove most of the accent problem. The factor
  is the highest channel.
- **Data leaving the country**: a legal requirement is high offshore (medium
  onshore), a contract or policy medium, none low.
- **How fast customers expect an answer is no risk factor by itself**: it is a
  service level the vendor must meet whatever its location, so it is kept as a
  note for the SLA and the test calls, not scored.

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
    notes: tuple[str, ...] = ()  # answers that are not risk factors (the response time)

    @property
    def rules(self) -> tuple[str, ...]:
        """The scoring rules, for the page's and the report's "why this rating"."""
        return RULES


RULES = (
    "Perception of offshoring: low when the vendors are onshore; offshore, low, medium "
    "or high as customers have no, some or a strong preference for local service.",
    "Language and accent: the level rated for each channel; e-mail and social media "
    "count one level lower than rated, because written replies remove most accent "
    "problems. The highest channel sets the factor.",
    "Data leaving the country: a law that keeps data in the country is high for an "
    "offshore vendor and medium onshore; a contract or policy is medium; none is low.",
    "How fast customers expect an answer is not a risk by itself: any vendor, onshore "
    "or offshore, must meet it, so it goes into the SLA and the test calls.",
    "The combined risk is the highest factor.",
)


def lowered(level: str) -> str:
    """One level lower (high -> medium -> low)."""
    return LEVELS[max(_ORDER[level] - 1, 0)]


def channel_language_level(channel: str, rated: str) -> str:
    """The language risk a channel counts for: written channels one level below the rating."""
    return lowered(rated) if channel in WRITTEN_CHANNELS else rated


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
    for channel, rated in language_risk.items():
        if rated not in _ORDER:
            continue
        label = channel_labels.get(channel, channel)
        level = channel_language_level(channel, rated)
        if channel in WRITTEN_CHANNELS:
            note = (
                f" (rated {rated}; written replies remove most accent problems, so it counts "
                "one level lower)"
                if level != rated
                else " (written replies remove most accent problems)"
            )
        elif channel in VOICE_CHANNELS and level != LOW:
            note = " (accent comprehension is the most common complaint about outsourced calls)"
        else:
            note = ""
        lang_reasons.append(f"{label}: {level}{note}.")
        lang_levels.append(level)
    if not lang_levels:
        lang_reasons.append("No channel in scope yet.")
    factors.append(
        Factor("language", "Language and accent", highest(lang_levels), tuple(lang_reasons))
    )

    notes = (_response_note(response_expectation),)

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

    return Assessment(tuple(factors), highest(f.level for f in factors), notes)


def _response_note(response_expectation: str) -> str:
    """What the expected answer time asks of the vendor: a service level, not a risk."""
    if response_expectation == "minutes":
        return (
            "Customers expect a live answer within minutes: not a risk by itself, but a "
            "service level any vendor must hold. Put it in the SLA and keep making test calls."
        )
    if response_expectation == "hours":
        return (
            "Customers expect replies within hours: the vendor needs a staffed queue, not a "
            "daily batch; put the reply time in the SLA."
        )
    return "Replies within a day or more are normal for outsourced e-mail (about 24 hours)."
