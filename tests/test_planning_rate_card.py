"""The reference rate card: seeded from DOMAIN.md, edited in the admin, resolved per region."""

from decimal import Decimal

import pytest
from django.urls import reverse

from portal.planning import queries
from portal.planning.models import RateCard

pytestmark = pytest.mark.django_db


def _range(region, model=""):
    row = RateCard.objects.get(region=region, pricing_model=model)
    return (row.low, row.high)


def test_migration_seeds_every_domain_figure():
    hourly = {
        "usa_canada": (22, 35),
        "western_europe": (40, 40),
        "eastern_europe": (12, 25),
        "australia": (35, 55),
        "africa_middle_east": (15, 20),
        "latin_america": (8, 18),
        "asia_philippines": (8, 14),
        "india": (5, 9),
        "pakistan": (6, 10),
    }
    for region, expected in hourly.items():
        assert _range(region) == tuple(Decimal(v) for v in expected), region
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


def test_admin_refuses_a_low_rate_above_the_high(admin_client_):
    count = RateCard.objects.count()
    response = admin_client_.post(
        reverse("admin:planning_ratecard_add"),
        {
            "region": "india",
            "pricing_model": "",
            "low": "12",
            "high": "9",
            "unit": "per_hour",
            "currency": "USD",
            "source": "Vendor survey",
            "effective_date": "2026-01-01",
            "notes": "",
        },
    )
    assert response.status_code == 200
    assert "The low rate cannot be above the high rate." in response.text
    assert RateCard.objects.count() == count


def test_admin_lists_and_adds_rates(admin_client_):
    assert (
        "Shared inbound, per minute"
        in admin_client_.get(reverse("admin:planning_ratecard_changelist")).text
    )
    response = admin_client_.post(
        reverse("admin:planning_ratecard_add"),
        {
            "region": "asia_philippines",
            "pricing_model": "monthly",
            "low": "1100",
            "high": "1600",
            "unit": "per_month",
            "currency": "USD",
            "source": "Vendor quotes 2026",
            "effective_date": "2026-01-01",
        },
    )
    assert response.status_code == 302
    assert RateCard.objects.filter(pricing_model="monthly").exists()


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


def test_admin_resave_of_unchanged_rates_logs_nothing(admin_client_):
    from auditlog.models import LogEntry

    row = RateCard.objects.get(region="india", pricing_model="")
    url = reverse("admin:planning_ratecard_change", args=[row.pk])
    form = {
        "region": "india",
        "pricing_model": "",
        "low": "5",  # stored as 5.0000
        "high": "9.00",
        "unit": "per_hour",
        "currency": "USD",
        "source": row.source,
        "effective_date": row.effective_date.isoformat(),
        "notes": row.notes,
    }
    before = LogEntry.objects.get_for_object(row).count()
    assert admin_client_.post(url, form).status_code == 302
    assert LogEntry.objects.get_for_object(row).count() == before
    # Changing the high rate logs that change only.
    assert admin_client_.post(url, dict(form, high="10")).status_code == 302
    entry = LogEntry.objects.get_for_object(row).latest("timestamp")
    assert set(entry.changes_dict) == {"high"}
    assert entry.changes_dict["high"] == ["9.0000", "10"]
