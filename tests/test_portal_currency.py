"""Exchange rates administrators keep: the latest on or before a day, the opposite
pair turned round, the same currency as is; added in the admin and audited."""

import datetime
import importlib
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.db import IntegrityError
from django.urls import reverse

from portal import currency
from portal.models import ExchangeRate
from portal.reference import CURRENCY_CODES

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 11, 30)


def _rate(from_currency, to_currency, rate, day):
    return ExchangeRate.objects.create(
        from_currency=from_currency, to_currency=to_currency, rate=rate, effective_date=day
    )


def test_the_latest_rate_on_or_before_the_day_applies():
    _rate("MXN", "USD", "0.0500", DAY - datetime.timedelta(days=30))
    _rate("MXN", "USD", "0.0400", DAY)
    _rate("MXN", "USD", "0.0600", DAY + datetime.timedelta(days=1))
    conversion = currency.rate_for("MXN", "USD", DAY)
    assert (conversion.rate, conversion.effective_date) == (Decimal("0.0400"), DAY)
    before = currency.rate_for("MXN", "USD", DAY - datetime.timedelta(days=1))
    assert before.rate == Decimal("0.0500")
    assert currency.rate_for("MXN", "USD", DAY - datetime.timedelta(days=31)) is None


def test_the_opposite_pair_serves_inverted():
    _rate("USD", "MXN", "20", DAY)
    conversion = currency.rate_for("MXN", "USD", DAY)
    assert conversion.inverted
    assert conversion.rate == Decimal("0.05")
    assert conversion.rate_display == "0.0500"
    assert conversion.convert(Decimal("280")) == Decimal("14.00")


def test_a_newer_opposite_rate_wins_over_an_older_direct_one():
    _rate("MXN", "USD", "0.0500", DAY - datetime.timedelta(days=7))
    _rate("USD", "MXN", "25", DAY)
    assert currency.rate_for("MXN", "USD", DAY).rate == Decimal("0.04")


def test_the_same_currency_converts_at_one_without_a_stored_rate():
    conversion = currency.rate_for("EUR", "EUR", DAY)
    assert conversion.is_identity and conversion.rate == 1


def test_no_rate_says_who_adds_one():
    assert currency.rate_for("MXN", "USD", DAY) is None
    assert currency.no_rate_reason("MXN", "USD") == (
        "no MXN→USD exchange rate; an administrator adds one in the admin"
    )


def test_small_rates_keep_four_significant_digits():
    _rate("IDR", "USD", "0.0000630", DAY)
    assert currency.rate_for("IDR", "USD", DAY).rate_display == "0.00006300"


def test_one_rate_per_pair_and_day():
    _rate("MXN", "USD", "0.05", DAY)
    with pytest.raises(IntegrityError):
        _rate("MXN", "USD", "0.06", DAY)


def test_rates_for_reads_every_pair_in_one_query(django_assert_num_queries):
    _rate("MXN", "USD", "0.05", DAY)
    _rate("USD", "EUR", "0.9", DAY)
    with django_assert_num_queries(1):
        rates = currency.rates_for(["MXN", "EUR", "USD", ""], "USD")
    assert rates.rate_for("EUR", "USD", DAY).rate_display == "1.1111"
    assert rates.rate_for("MXN", "USD", DAY).rate == Decimal("0.05")


def test_admin_adds_a_rate_and_it_is_audited(admin_client_):
    response = admin_client_.post(
        reverse("admin:portal_exchangerate_add"),
        {
            "from_currency": "MXN",
            "to_currency": "USD",
            "rate": "0.0400",
            "effective_date": "2026-11-30",
            "source": "Bank table",
        },
    )
    assert response.status_code == 302
    rate = ExchangeRate.objects.get()
    assert (rate.from_currency, rate.rate, rate.effective_date) == ("MXN", Decimal("0.04"), DAY)
    assert LogEntry.objects.get_for_object(rate).count() == 1
    listing = admin_client_.get(reverse("admin:portal_exchangerate_changelist"), {"q": "MXN"})
    assert "Bank table" in listing.text


@pytest.mark.parametrize("bad_rate", ["0", "-1"])
def test_admin_refuses_a_rate_that_is_not_positive(admin_client_, bad_rate):
    response = admin_client_.post(
        reverse("admin:portal_exchangerate_add"),
        {
            "from_currency": "MXN",
            "to_currency": "USD",
            "rate": bad_rate,
            "effective_date": "2026-11-30",
        },
    )
    assert response.status_code == 200
    assert "Ensure this value is greater than or equal to" in response.text
    assert not ExchangeRate.objects.exists()


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("USD", "USD"),
        ("usd", "USD"),
        (" eur ", "EUR"),
        ("$", "USD"),
        ("US dollars", "USD"),
        ("US$", "USD"),
        ("€", "EUR"),
        ("pesos", "MXN"),
        ("Rand", "ZAR"),
        ("XYZ", ""),
        ("", ""),
    ],
)
def test_the_migration_reads_typed_currencies_as_codes(typed, code):
    migration = importlib.import_module("vendors.migrations.0005_quote_currency_from_list")
    assert migration.currency_code(typed) == code


def test_the_migration_knows_only_listed_codes():
    migration = importlib.import_module("vendors.migrations.0005_quote_currency_from_list")
    assert migration.CODES <= CURRENCY_CODES
    assert set(migration.ALIASES.values()) <= CURRENCY_CODES
