"""What a vendor contact is shown of the engagement: the scope pack
(``portal.planning.scope_pack``) cut down to what a vendor needs to quote.

Only the keys below are copied; everything else the pack holds (in-house costs,
oversight, outbound sales, the rate-card region, anything added to it later) is
left out by construction, so a new cost figure in the pack never reaches a vendor.
"""

from __future__ import annotations

from decimal import Decimal

from portal.planning.scope_pack import scope_pack
from portal.reference import Channel
from vendors.models import ComparisonWeights

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# Per channel: the figures a vendor may see (open hours and profile are summarized).
CHANNEL_KEYS = (
    "contacts_per_month",
    "handle_minutes",
    "patience_seconds",
    "concurrency",
    "reply_within_hours",
)


def _hours_text(open_hours) -> str:
    if isinstance(open_hours, str):
        return {"24/7": "Around the clock, every day", "business hours": "Business hours"}.get(
            open_hours, open_hours
        )
    if isinstance(open_hours, list | tuple) and len(open_hours) == 168:
        hours = sum(1 for hour in open_hours if hour)
        days = [
            name for day, name in enumerate(WEEKDAYS) if any(open_hours[day * 24 : day * 24 + 24])
        ]
        return f"{hours} hours a week, {', '.join(days) if days else 'no day'}"
    return ""


def _profile_by_day(profile) -> list[tuple[str, int]]:
    """The weekly profile as each day's share of the week's contacts, in percent."""
    if not isinstance(profile, list | tuple) or len(profile) != 168:
        return []
    try:
        total = sum(Decimal(str(share)) for share in profile)
    except ArithmeticError:
        return []
    if total <= 0:
        return []
    return [
        (
            name,
            round(sum(Decimal(str(s)) for s in profile[day * 24 : day * 24 + 24]) / total * 100),
        )
        for day, name in enumerate(WEEKDAYS)
    ]


def _busiest_hours(profile) -> str:
    if not isinstance(profile, list | tuple) or len(profile) != 168:
        return ""
    by_hour = [sum(float(profile[day * 24 + hour]) for day in range(7)) for hour in range(24)]
    if not any(by_hour):
        return ""
    peak = max(range(24), key=lambda hour: by_hour[hour])
    return f"{peak:02d}:00–{peak + 1:02d}:00"


def _channel_label(value) -> str:
    return Channel(value).label if value in Channel.values else str(value)


def respondent_brief(pack: dict) -> dict:
    """The shareable part of a scope pack, ready for the respondent's page."""
    channels = []
    for line in pack.get("channels") or ():
        if not isinstance(line, dict):
            continue
        channels.append(
            {
                "channel": _channel_label(line.get("channel")),
                **{key: line[key] for key in CHANNEL_KEYS if line.get(key) is not None},
                "hours": _hours_text(line.get("open_hours")),
                "profile_by_day": _profile_by_day(line.get("profile")),
                "busiest_hour": _busiest_hours(line.get("profile")),
            }
        )
    return {
        "channels": channels,
        "service_target": _target_text(
            pack.get("service_target"), pack.get("answer_within_seconds")
        ),
        "languages": [str(language) for language in pack.get("languages") or ()],
    }


def _target_text(share, seconds) -> str:
    """ "80% of calls answered within 20 seconds" from 0.8 and 20."""
    if not isinstance(share, int | float) or isinstance(share, bool):
        return ""
    text = f"{share * 100:g}% of calls answered"
    if isinstance(seconds, int | float) and not isinstance(seconds, bool):
        text += f" within {seconds:g} seconds"
    return text


def engagement_brief(engagement) -> dict:
    """The brief of ``engagement``; the languages, when the pack has none, are the ones
    the team requires of the vendor's agents (the comparison's required languages)."""
    brief = respondent_brief(scope_pack(engagement))
    if not brief["languages"]:
        names = ComparisonWeights.objects.filter(engagement=engagement).values_list(
            "required_languages__name", flat=True
        )
        brief["languages"] = sorted(name for name in names if name)
    return brief
