"""Vocabulary shared by every step: channels, rate-card regions, pricing models, units.

From DOMAIN.md ("Pricing models", "Hourly rates by location"). Plain choices, so
the planning, vendors and contracts apps speak the same words.
"""

from django.db import models


class Channel(models.TextChoices):
    INBOUND_PHONE = "inbound_phone", "Inbound phone"
    OUTBOUND_PHONE = "outbound_phone", "Outbound phone"
    EMAIL = "email", "E-mail"
    CHAT = "chat", "Chat"
    SOCIAL = "social", "Social media"


class Region(models.TextChoices):
    USA_CANADA = "usa_canada", "USA / Canada"
    WESTERN_EUROPE = "western_europe", "Western Europe"
    EASTERN_EUROPE = "eastern_europe", "Eastern Europe"
    AUSTRALIA = "australia", "Australia"
    AFRICA_MIDDLE_EAST = "africa_middle_east", "Africa / Middle East"
    LATIN_AMERICA = "latin_america", "Latin America"
    ASIA_PHILIPPINES = "asia_philippines", "Asia / Philippines"
    INDIA = "india", "India"
    PAKISTAN = "pakistan", "Pakistan"
    WORLDWIDE = "worldwide", "Worldwide / international"


# DOMAIN.md "Pricing models": monthly pricing is "common at low-cost international
# centers, rare in North America and Europe"; said beside the monthly option there.
MONTHLY_RARE_REGIONS = frozenset({Region.USA_CANADA, Region.WESTERN_EUROPE, Region.EASTERN_EUROPE})
MONTHLY_RARE_NOTE = (
    "Monthly pricing is rare in North America and Europe (it is common at low-cost "
    "international centers): expect vendors in this region to quote per hour."
)


class PricingModel(models.TextChoices):
    SHARED_PER_MINUTE = "shared_per_minute", "Shared inbound, per minute"
    DEDICATED_PER_HOUR = "dedicated_per_hour", "Dedicated inbound, per hour"
    MONTHLY = "monthly", "Dedicated, monthly rate"
    OUTBOUND_HOURLY = "outbound_hourly", "Outbound, hourly"
    COMMISSION = "commission", "Outbound, commission"
    HOURLY_PLUS_COMMISSION = "hourly_plus_commission", "Outbound, hourly + commission"


class RateUnit(models.TextChoices):
    PER_MINUTE = "per_minute", "per minute"
    PER_HOUR = "per_hour", "per hour"
    PER_MONTH = "per_month", "per month"
    PERCENT_PREMIUM = "percent_premium", "% premium"


# ISO 4217 codes a quote or an engagement is priced in: the common ones for
# outsourced customer service. A new one is a line here and a migration.
CURRENCIES: tuple[tuple[str, str], ...] = (
    ("USD", "US dollar"),
    ("EUR", "Euro"),
    ("GBP", "Pound sterling"),
    ("CAD", "Canadian dollar"),
    ("AUD", "Australian dollar"),
    ("MXN", "Mexican peso"),
    ("INR", "Indian rupee"),
    ("PHP", "Philippine peso"),
    ("ZAR", "South African rand"),
    ("PLN", "Polish zloty"),
    ("RON", "Romanian leu"),
    ("BRL", "Brazilian real"),
    ("COP", "Colombian peso"),
    ("ARS", "Argentine peso"),
    ("CHF", "Swiss franc"),
    ("SEK", "Swedish krona"),
    ("NOK", "Norwegian krone"),
    ("DKK", "Danish krone"),
    ("JPY", "Japanese yen"),
    ("CNY", "Chinese yuan"),
    ("EGP", "Egyptian pound"),
    ("MAD", "Moroccan dirham"),
    ("KES", "Kenyan shilling"),
    ("NGN", "Nigerian naira"),
    ("UAH", "Ukrainian hryvnia"),
    ("BGN", "Bulgarian lev"),
    ("CZK", "Czech koruna"),
    ("HUF", "Hungarian forint"),
    ("TRY", "Turkish lira"),
    ("MYR", "Malaysian ringgit"),
    ("IDR", "Indonesian rupiah"),
    ("VND", "Vietnamese dong"),
    ("THB", "Thai baht"),
    ("PKR", "Pakistani rupee"),
)
CURRENCY_CODES = frozenset(code for code, _ in CURRENCIES)
CURRENCY_CHOICES = [(code, f"{code} – {name}") for code, name in CURRENCIES]
