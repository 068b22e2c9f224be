"""The choices, limits and defaults of steps 1-3, apart from the models: the actions,
forms, queries and scope pack check input against them without the rows."""

import math
from decimal import Decimal

from django.db import models

from portal import week
from portal.reference import Channel

# A cap far above any real contact center's line (the largest handle a few million
# contacts a month): past it the staffing math only slows pages down.
MAX_CONTACTS_PER_MONTH = 10_000_000
MAX_CONTACTS_MESSAGE = "At most 10,000,000 (10 million) contacts a month per channel."
# The channels that are queues: callers wait for an agent and may hang up.
QUEUE_CHANNELS = frozenset({Channel.INBOUND_PHONE, Channel.CHAT})
DEFAULT_CHAT_CONCURRENCY = Decimal("2")  # chats an agent carries at once


class ProfileKind(models.TextChoices):
    """How a channel's contacts spread over its open hours (``portal.week.PROFILES``)."""

    FLAT = "flat", "Even over the open hours"
    CONSUMER = "consumer", "Typical consumer week"
    NIGHT_TROUGH = "night_trough", "Around the clock with a quiet night"
    IMPORTED = "imported", "Imported from your phone system"


PROFILE_DESCRIPTIONS = {
    ProfileKind.FLAT: "Every open hour gets the same share of the week's contacts.",
    ProfileKind.CONSUMER: "Peaks late in the morning and mid-afternoon, quiet nights, "
    "Saturday at 60% and Sunday at 40% of a weekday.",
    ProfileKind.NIGHT_TROUGH: "For 24/7 lines: a deep trough from 01:00 to 06:00, "
    "weekends at 80% of a weekday.",
    ProfileKind.IMPORTED: "Real interval volumes from your phone system, averaged "
    "over the weeks of the file.",
}


def default_open_hours() -> list[bool]:
    """Business hours, Monday-Friday 09:00-18:00."""
    return list(week.BUSINESS_HOURS)


def is_open_hours_week(hours) -> bool:
    """168 booleans of open hours, Monday 00:00 first (a channel line's shape)."""
    return (
        isinstance(hours, list)
        and len(hours) == week.HOURS_PER_WEEK
        and all(isinstance(hour, bool) for hour in hours)
    )


def is_profile_week(profile) -> bool:
    """168 shares of the week's contacts, each zero or more, not all zero."""
    return (
        isinstance(profile, list)
        and len(profile) == week.HOURS_PER_WEEK
        and all(
            isinstance(share, int | float)
            and not isinstance(share, bool)
            and math.isfinite(share)
            and share >= 0
            for share in profile
        )
        and sum(profile) > 0
    )


class Level(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"
