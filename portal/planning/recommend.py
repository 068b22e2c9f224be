"""Which outsourcing method fits the scope, with the reasons (DOMAIN.md, "Methods").

Plain Python: the inputs are numbers and flags, so the rules are easy to test
and to quote in the decision report. The rules, in order:

1. Customers who need face-to-face contact: outsourcing may be impossible.
2. Half or more of the contacts technical or complex: keep support in-house.
3. Volume, coverage hours and complexity together decide between a freelancer
   and a team. A freelancer is one person: the work must fit one full-time
   agent's month (173.3 hours) both in handling hours *and* in coverage, since
   someone is on duty whenever a channel is open (the widest channel's open
   hours a week x 52 / 12). 1,500 calls a month 24/7 is about 150 handling hours
   but 728 hours of cover a month: a call center's pool, not a freelancer.
4. Only written channels (e-mail, social media): an e-mail or social-media agency.
5. Otherwise a call center.

The pricing advice shown beside the method follows the method, so the two never
contradict: a freelancer is paid by the hour through the marketplace (no call-
center pricing model is advised); work kept in-house gets no vendor pricing
advice except for the written channels that can still go out on their own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from portal.cost_inputs import CHAT, EMAIL, FTE_HOURS, INBOUND_PHONE, OUTBOUND_PHONE, SOCIAL

# Below about one full-time agent's worth of work a month, a call center is
# overkill and a freelancer marketplace fits (DOMAIN.md "small volumes"); the
# same limit applies to the hours of cover, since a freelancer is one person.
FREELANCE_MAX_HOURS = FTE_HOURS
WEEKS_PER_MONTH = 52 / 12
# Inbound phone below this many calls a month is "low volume" for pricing.
LOW_INBOUND_CALLS = 2_000
COMPLEX_KEEP_IN_HOUSE = 50  # % of contacts: "frequent technical/complex calls"
COMPLEX_CAUTION = 25

KEEP_IN_HOUSE = "keep_in_house"
NOT_POSSIBLE = "not_possible"
FREELANCE = "freelance"
CALL_CENTER = "call_center"
WRITTEN_SUPPORT = "written_support"  # DOMAIN.md methods 3 and 4: social-media / e-mail agency

WRITTEN_CHANNELS = (EMAIL, SOCIAL)
EMAIL_REASON = (
    "E-mail is a safe channel to outsource: customers expect a reply within about 24 "
    "hours, and written replies remove the accent-comprehension problem."
)
SOCIAL_REASON = (
    "Social media replies are quick and public and easy to hand to a third party, "
    "which can also search proactively for complaints."
)


@dataclass(frozen=True)
class Line:
    channel: str
    contacts_per_month: float
    handle_minutes: float
    coverage_hours_per_week: float


@dataclass(frozen=True)
class ScopeFacts:
    lines: list[Line]
    complex_share_percent: float = 0
    face_to_face_needed: bool = False
    volume_pattern: str = "steady"  # steady | seasonal | volatile
    outbound_purpose: str = ""  # "" | sales | leads | appointments | service
    in_house_agents: int = 0
    in_house_hours_per_week: float = 0


@dataclass
class Recommendation:
    method: str
    headline: str
    reasons: list[str] = field(default_factory=list)
    pricing: list[str] = field(default_factory=list)  # which pricing model suits which channel
    benefits: list[str] = field(default_factory=list)


def recommend(facts: ScopeFacts) -> Recommendation:
    lines = {line.channel: line for line in facts.lines if line.contacts_per_month > 0}
    hours = sum(line.contacts_per_month * line.handle_minutes / 60 for line in lines.values())
    contacts = sum(line.contacts_per_month for line in lines.values())
    cover_week = max((line.coverage_hours_per_week for line in lines.values()), default=0)
    cover_month = cover_week * WEEKS_PER_MONTH
    reasons: list[str] = []

    written = [channel for channel in WRITTEN_CHANNELS if channel in lines]
    if facts.face_to_face_needed:
        reasons = ["Service that must be given in person cannot be handed to a remote vendor."]
        if written:
            reasons.append(
                f"The {_channel_list(written)} replies are not face to face and could still "
                "be outsourced on their own (an e-mail or social-media support agency)."
            )
        return Recommendation(
            NOT_POSSIBLE,
            "Outsourcing may be impossible: customers need face-to-face contact.",
            reasons,
        )
    if not lines:
        return Recommendation(KEEP_IN_HOUSE, "No channel volumes yet.", [])

    if facts.complex_share_percent >= COMPLEX_KEEP_IN_HOUSE:
        method = KEEP_IN_HOUSE
        headline = "Keep support in-house: most contacts are technical or complex."
        reasons.append(
            f"{facts.complex_share_percent:g}% of contacts are technical or complex; frequent "
            "complex calls argue for keeping support in-house."
        )
    elif hours <= FREELANCE_MAX_HOURS and cover_month <= FREELANCE_MAX_HOURS:
        method = FREELANCE
        headline = "Freelance representatives: the volume is small."
        reasons.append(
            f"About {hours:,.0f} handling hours a month, less than one full-time agent: a "
            "freelancer marketplace (Upwork) tracks time and offers refunds and dispute "
            "resolution without a call-center contract."
        )
        reasons.append(
            f"The widest channel is open {cover_week:g} hours a week, which one person can cover."
        )
    elif set(lines) <= set(WRITTEN_CHANNELS):
        method = WRITTEN_SUPPORT
        headline = (
            "An e-mail support agency: only written channels are in scope."
            if set(lines) == {EMAIL}
            else "A social-media and e-mail support agency: only written channels are in scope."
            if EMAIL in lines
            else "A social-media support agency: only social media is in scope."
        )
        reasons.append(
            f"{contacts:,.0f} written contacts and about {hours:,.0f} handling hours a month "
            "need no phone queue: an agency that works a written backlog fits, without a "
            "call-center contract."
        )
    elif hours <= FREELANCE_MAX_HOURS:
        method = CALL_CENTER
        headline = "A call center: the hours of coverage need a team, not one freelancer."
        reasons.append(
            f"About {hours:,.0f} handling hours a month is little work, but the widest channel "
            f"is open {cover_week:g} hours a week (about {cover_month:,.0f} hours of cover a "
            "month, more than one full-time agent's 173 hours): a freelancer cannot be on "
            "duty every open hour. A call center's shared pool covers the hours and bills "
            "only the minutes used."
        )
    else:
        method = CALL_CENTER
        headline = "A call center: there is a lot of customer contact."
        reasons.append(
            f"{contacts:,.0f} contacts and about {hours:,.0f} handling hours a month suit a "
            "call center; choose carefully, agents may serve many companies and turnover "
            "can be a problem."
        )
    if COMPLEX_CAUTION <= facts.complex_share_percent < COMPLEX_KEEP_IN_HOUSE:
        reasons.append(
            f"{facts.complex_share_percent:g}% of contacts are complex: consider keeping those "
            "in-house and outsourcing tier-1 only."
        )

    if EMAIL in lines:
        reasons.append(EMAIL_REASON)
    if SOCIAL in lines:
        reasons.append(SOCIAL_REASON)
    if method == KEEP_IN_HOUSE and written:
        reasons.append(
            f"Even so, the {_channel_list(written)} work is the safest to outsource on its "
            "own: keep the complex contacts in-house and hand the written replies to an "
            "agency."
        )
    if CHAT in lines:
        reasons.append("Chat is written, so language risk is lower than on the phone.")

    pricing = _pricing(method, lines, facts, written)
    benefits: list[str] = []
    needed_hours = max((line.coverage_hours_per_week for line in lines.values()), default=0)
    if facts.in_house_agents and needed_hours > facts.in_house_hours_per_week:
        benefits.append(
            f"Customers need {needed_hours:g} hours a week of coverage; current staff cover "
            f"{facts.in_house_hours_per_week:g}. A vendor can cover the gap."
        )
    if facts.in_house_agents:
        benefits.append(
            f"The {facts.in_house_agents} in-house agents' time freed for sales or product work "
            "counts as a benefit (and keeps the option to take the work back)."
        )
    return Recommendation(method, headline, reasons, pricing, benefits)


def _pricing(method: str, lines: dict[str, Line], facts: ScopeFacts, written: list[str]):
    """The pricing advice shown beside the method, written so it agrees with it."""
    if method == FREELANCE:
        return [
            "Freelance representatives are paid by the hour worked: the marketplace tracks "
            "the time and offers refund guarantees and dispute resolution. Step 2 prices the "
            "call-center models for comparison."
        ]
    pricing: list[str] = []
    phone = lines.get(INBOUND_PHONE)
    if phone is not None and method == KEEP_IN_HOUSE:
        pricing.append(
            "Inbound phone: kept in-house, so no vendor pricing model is advised; step 2 "
            "still prices the outsourced options for comparison."
        )
    elif phone is not None:
        if facts.volume_pattern == "volatile" or phone.contacts_per_month < LOW_INBOUND_CALLS:
            why = "volatile" if facts.volume_pattern == "volatile" else "low"
            pricing.append(
                f"Inbound phone: shared per-minute pricing suits {why} volume "
                f"({phone.contacts_per_month:,.0f} calls a month): you pay only for minutes used."
            )
        else:
            pricing.append(
                f"Inbound phone: dedicated per-hour pricing suits large, predictable volume "
                f"({phone.contacts_per_month:,.0f} calls a month); a dedicated team also suits "
                "complex work. Which is cheaper at this volume depends on the rates and the "
                "hours of coverage: step 2 prices both and gives the break-even volume."
            )
    if OUTBOUND_PHONE in lines and method == KEEP_IN_HOUSE:
        pricing.append("Outbound calling: kept in-house, so no vendor pricing model is advised.")
    elif OUTBOUND_PHONE in lines:
        if facts.outbound_purpose in ("sales", "leads"):
            pricing.append(
                "Outbound sales or leads: hourly, or hourly + commission so both sides have "
                "skin in the game; pure commission only with a 10-20% premium for the center."
            )
        else:
            pricing.append("Outbound calling: hourly pricing is the normal model.")

    for channel in written:
        line = lines[channel]
        pricing.append(
            f"{_LABELS[channel]}: a written backlog of {line.contacts_per_month:,.0f} contacts "
            f"(about {line.contacts_per_month * line.handle_minutes / 60:,.0f} handling hours "
            "a month) is billed by the hour or per minute handled, with no peak-hour queue to "
            "staff; the cost case prices it under the inbound models."
        )

    return pricing


_LABELS = {EMAIL: "E-mail", SOCIAL: "Social media"}


def _channel_list(channels: list[str]) -> str:
    return " and ".join(_LABELS[channel].lower() for channel in channels)
