"""Steps 1-3 in the admin: the rate card administrators keep, validated, and audited
only where a figure really changed."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from portal.planning.models import RateCard

pytestmark = pytest.mark.django_db


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


def test_admin_resave_of_unchanged_rates_logs_nothing(admin_client_):
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
