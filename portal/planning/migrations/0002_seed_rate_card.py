"""Seed the reference rate card with every figure of DOMAIN.md.

Administrators edit, date and extend these rows in the admin; quotes from real
vendors override them. Reversing removes only the rows this migration added.
"""

import datetime
from decimal import Decimal

from django.db import migrations

SOURCE_LOCATION = "Practitioner's guide to outsourcing customer service: hourly rates by location"
SOURCE_PRICING = (
    "Practitioner's guide to outsourcing customer service: pricing models (US call centres)"
)
EFFECTIVE = datetime.date(2024, 1, 1)

# (region, pricing model, low, high, unit, source, notes)
ROWS = [
    ("usa_canada", "", "22", "35", "per_hour", SOURCE_LOCATION, ""),
    (
        "western_europe",
        "",
        "40",
        "40",
        "per_hour",
        SOURCE_LOCATION,
        'The source gives "40 and up": no upper figure.',
    ),
    ("eastern_europe", "", "12", "25", "per_hour", SOURCE_LOCATION, ""),
    ("australia", "", "35", "55", "per_hour", SOURCE_LOCATION, ""),
    ("africa_middle_east", "", "15", "20", "per_hour", SOURCE_LOCATION, ""),
    ("latin_america", "", "8", "18", "per_hour", SOURCE_LOCATION, ""),
    ("asia_philippines", "", "8", "14", "per_hour", SOURCE_LOCATION, ""),
    ("india", "", "5", "9", "per_hour", SOURCE_LOCATION, ""),
    ("pakistan", "", "6", "10", "per_hour", SOURCE_LOCATION, ""),
    (
        "worldwide",
        "shared_per_minute",
        "0.35",
        "0.45",
        "per_minute",
        SOURCE_PRICING,
        'Low-cost international agencies. The source prints "$0,35 to $45"; read as cents.',
    ),
    (
        "usa_canada",
        "shared_per_minute",
        "0.75",
        "0.90",
        "per_minute",
        SOURCE_PRICING,
        'The source prints "$0,75 to $90"; read as cents.',
    ),
    ("worldwide", "dedicated_per_hour", "8", "15", "per_hour", SOURCE_PRICING, "Regular agents."),
    ("usa_canada", "dedicated_per_hour", "22", "28", "per_hour", SOURCE_PRICING, "Regular agents."),
    (
        "india",
        "outbound_hourly",
        "6",
        "10",
        "per_hour",
        SOURCE_PRICING,
        "India or the Philippines.",
    ),
    (
        "asia_philippines",
        "outbound_hourly",
        "6",
        "10",
        "per_hour",
        SOURCE_PRICING,
        "India or the Philippines.",
    ),
    (
        "eastern_europe",
        "outbound_hourly",
        "9",
        "14",
        "per_hour",
        SOURCE_PRICING,
        "Eastern Europe or Latin America.",
    ),
    (
        "latin_america",
        "outbound_hourly",
        "9",
        "14",
        "per_hour",
        SOURCE_PRICING,
        "Eastern Europe or Latin America.",
    ),
    (
        "usa_canada",
        "outbound_hourly",
        "22",
        "32",
        "per_hour",
        SOURCE_PRICING,
        "US, UK, Germany, Canada.",
    ),
    (
        "western_europe",
        "outbound_hourly",
        "22",
        "32",
        "per_hour",
        SOURCE_PRICING,
        "US, UK, Germany, Canada.",
    ),
    (
        "worldwide",
        "commission",
        "10",
        "20",
        "percent_premium",
        SOURCE_PRICING,
        "Premium a commission deal should earn the centre over its regular hourly rate.",
    ),
]


def seed(apps, schema_editor):
    RateCard = apps.get_model("planning", "RateCard")
    for region, model, low, high, unit, source, notes in ROWS:
        RateCard.objects.get_or_create(
            region=region,
            pricing_model=model,
            effective_date=EFFECTIVE,
            defaults={
                "low": Decimal(low),
                "high": Decimal(high),
                "unit": unit,
                "currency": "USD",
                "source": source,
                "notes": notes,
            },
        )


def unseed(apps, schema_editor):
    RateCard = apps.get_model("planning", "RateCard")
    for region, model, *_ in ROWS:
        RateCard.objects.filter(
            region=region, pricing_model=model, effective_date=EFFECTIVE
        ).delete()


class Migration(migrations.Migration):
    dependencies = [("planning", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
