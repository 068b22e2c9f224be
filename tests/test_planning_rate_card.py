"""The reference rate card: seeded from DOMAIN.md and resolved per region (the admin
that edits it: tests/test_planning_admin.py)."""

from decimal import Decimal

import pytest

from portal.planning import queries
from portal.planning.models import RateCard

pytestmark = pytest.mark.django_db


def _range(region, model=""):
    row = RateCard.objects.get(region=region, pricing_model=model)
    return (row.low, row.high)


def test_migration_seeds_every_domain_figure():
    hourly = {
        "usa_canada": (22, 35),
        "western_europe": (40, None),  # "40 and up": a floor with no ceiling
        "eastern_europe": (12, 25),
        "australia": (35, 55),
        "africa_middle_east": (15, 20),
        "latin_america": (8, 18),
        "asia_philippines": (8, 14),
        "india": (5, 9),
        "pakistan": (6, 10),
    }
    for region, expected in hourly.items():
        assert _range(region) == tuple(None if v is None else Decimal(v) for v in expected), region
    assert _range("worldwide", "shared_per_minute") == (Decimal("0.35"), Decimal("0.45"))
    assert _range("usa_canada", "shared_per_minute") == (Decimal("0.75"), Decimal("0.90"))
    assert _range("worldwide", "dedicated_per_hour") == (8, 15)
    assert _range("usa_canada", "dedicated_per_hour") == (22, 28)
    for region, expected in [
        ("india", (6, 10)),
        ("asia_philippines", (6, 10)),
        ("eastern_europe", (9, 14)),
        ("latin_america", (9, 14)),
        ("usa_canada", (22, 32)),
        ("western_europe", (22, 32)),
    ]:
        assert _range(region, "outbound_hourly") == expected, region
    premium = RateCard.objects.get(pricing_model="commission")
    assert (premium.low, premium.high, premium.unit) == (10, 20, "percent_premium")
    assert RateCard.objects.count() == 20


def test_rate_for_prefers_the_region_then_its_hourly_rate_then_worldwide():
    rows = queries.current_rate_cards()
    assert (
        queries.rate_for(rows, region="usa_canada", pricing_model="dedicated_per_hour").high == 28
    )
    assert queries.rate_for(rows, region="india", pricing_model="dedicated_per_hour").high == 9
    assert (
        queries.rate_for(rows, region="india", pricing_model="shared_per_minute").region
        == "worldwide"
    )
    assert queries.rate_for(rows, region="india", pricing_model="monthly") is None


def test_newer_rows_replace_older_ones_from_their_effective_date():
    import datetime

    RateCard.objects.create(
        region="india",
        pricing_model="",
        low=6,
        high=11,
        unit="per_hour",
        source="2026 survey",
        effective_date=datetime.date(2026, 1, 1),
    )
    old = queries.current_rate_cards(on=datetime.date(2025, 6, 1))
    new = queries.current_rate_cards(on=datetime.date(2026, 6, 1))
    assert queries.rate_for(old, region="india", pricing_model="dedicated_per_hour").high == 9
    assert queries.rate_for(new, region="india", pricing_model="dedicated_per_hour").high == 11


def test_high_cost_regions_get_no_worldwide_figure():
    rows = queries.current_rate_cards()
    for region in ("western_europe", "australia"):
        assert queries.rate_for(rows, region=region, pricing_model="shared_per_minute") is None
        # Hourly work uses the region's own general hourly rate.
        assert queries.rate_for(rows, region=region, pricing_model="dedicated_per_hour").region == (
            region
        )
    usa = queries.rate_for(rows, region="usa_canada", pricing_model="shared_per_minute")
    assert (usa.region, usa.low, usa.high) == ("usa_canada", Decimal("0.75"), Decimal("0.90"))
    # The commission premium is a percentage: the same everywhere.
    assert queries.rate_for(rows, region="australia", pricing_model="commission") is not None


def test_rate_card_rows_read_without_trailing_zeros():
    premium = RateCard.objects.get(pricing_model="commission")
    assert str(premium) == "Outbound, commission, Worldwide / international: 10-20 USD % premium"
    shared = RateCard.objects.get(region="worldwide", pricing_model="shared_per_minute")
    assert "0.35-0.45 USD per minute" in str(shared)


def test_western_europe_is_a_floor_with_no_ceiling():
    row = RateCard.objects.get(region="western_europe", pricing_model="")
    assert (row.low, row.high, row.mid) == (Decimal(40), None, None)
    assert str(row) == "Hourly rate, Western Europe: 40 and up USD per hour"
    assert row.notes == 'The source gives "40 and up": a floor with no ceiling.'
